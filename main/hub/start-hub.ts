import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HubLayout } from '../app-layout.js';
import type { BranchDatabase } from '../db/connection.js';
import type { MigrationReport } from '../db/migrate.js';
import { startBackupSchedule, type BackupSchedule } from '../ops/backup-schedule.js';
import { startEventArchive } from '../ops/event-archive.js';
import { createHealthMonitor, type HealthMonitor } from '../ops/hub-health.js';
import type { HubLog } from '../ops/hub-log.js';
import { hubPaths, openHubStorage } from '../ops/hub-storage.js';
import { createDeviceRegistry, type DeviceRegistry } from '../pairing/device-registry.js';
import { createFirstSetup, type FirstSetup } from '../pairing/first-setup.js';
import { ProfileError } from '../profiles/load-profile.js';
import { hubSection, type HubSection, type HubSectionInput } from '../profiles/profile-schema.js';
import { QueueError } from '../queue/errors.js';
import { startOfBusinessDay } from '../queue/business-day.js';
import { createBranchQueue, type BranchQueue } from '../queue/branch-queue.js';
import type { Clock } from '../queue/types.js';
import type { DeviceRole } from '../wire/schemas.js';
import { adoptLogIdentity, type LogIdentity } from '../sync/log-identity.js';
import { startSync } from '../sync/start-sync.js';
import type { SyncSettings, SyncWorker } from '../sync/sync-worker.js';
import { startHubPrinters } from './hub-printers.js';
import { createHub, type Hub } from './hub-server.js';
import { loadHubCertificate, type HubCertificate } from './hub-certificate.js';
import { createPublicHttpServer, listenPublicHttp, type PublicHttp } from './public-http.js';
import { createCaptureStore } from '../booth/capture-store.js';
import { startCaptureRetention } from '../booth/capture-retention.js';
import { hashPin } from './pin-hash.js';

const LAST_SEEN_FLUSH_MS = 60_000;

export interface RunningHub extends Hub {
  queue: BranchQueue;
  devices: DeviceRegistry;
  setup: FirstSetup;
  db: BranchDatabase;
  migration: MigrationReport;
  url: string;
  /** With `https` in the profile: the SHA-256 of the hub's own certificate, which devices pin. */
  fingerprint: string | null;
  /** The plain-HTTP address of the public pages (phone status page, public display), when the profile opens one. */
  publicHttpUrl: string | null;
  log: HubLog;
  health: HealthMonitor;
  backups: BackupSchedule;
  /** Sync with headquarters; null when the profile has no `hq` section. */
  sync: SyncWorker | null;
  close(): Promise<void>;
}

export interface StartHubOptions {
  /** The hub section of a profile; defaults are filled in here, as when loaded from a file. */
  hub: HubSectionInput;
  /** The folder relative data paths are resolved from (the profile's folder). */
  baseDir: string;
  /** The installation's pages, migrations and version (appLayout() of the entry point). */
  layout: HubLayout;
  /** The profile's file, to name it in errors. */
  profileFile?: string;
  /** Where unexpected errors of background work (the hub's printers) are told. */
  onError?: (err: unknown) => void;
  clock?: Clock;
  /** Also prints the log's lines on the console (the command line); the file in DATA_DIR/logs is always written. */
  logToConsole?: boolean;
  /** Overrides the profile's port; 0 picks a free one (tests). */
  port?: number;
  host?: string;
  /** Overrides the sync worker's timing: batch size, push delay, pull interval, back-off (tests). */
  syncSettings?: Partial<SyncSettings>;
}

/** Wiring of the hub process: database, migrations, queue, pairing, HTTP. Nothing else builds these. */
export async function startHub(input: StartHubOptions): Promise<RunningHub> {
  const options = { ...input, hub: hubSection.parse(input.hub) };
  const paths = hubPaths(options.hub, options.baseDir);
  const storage = openHubStorage({ dataDir: paths.dataDir, backupDir: paths.backup.dir, migrationsDir: options.layout.migrationsDir, profileFile: options.profileFile, logToConsole: options.logToConsole });
  const { db, migration, log } = storage;
  let identity: LogIdentity;
  try {
    identity = adoptLogIdentity(db, options.hub.branch.id, (options.clock ?? Date.now)(), storage.dbFile);
  } catch (err) {
    log.error('hub.start_failed', { error: err });
    storage.close();
    throw err;
  }
  const queue = createBranchQueue(db, { branch: options.hub.branch, clock: options.clock });
  queue.seedDefaultCatalogue();
  if (options.hub.seed) {
    try {
      await applySeed(queue, options.hub.seed);
    } catch (err) {
      storage.close();
      if (err instanceof QueueError) throw new ProfileError(`${options.profileFile ?? 'profile'}: hub.seed: ${err.message}`);
      throw err;
    }
  }
  const devices = createDeviceRegistry(db, queue.store, queue.clock, { hubPrinters: options.hub.printers.map((p) => p.name) });
  const setup = createFirstSetup(db, queue.store, devices, queue.clock);
  const backups = startBackupSchedule({ db, settings: paths.backup, clock: queue.clock, timeZone: queue.branch.timeZone, log });
  const health = createHealthMonitor({
    branch: queue.branch, version: options.layout.version, schemaVersion: migration.to, dataDir: paths.dataDir, dbFile: storage.dbFile, clock: queue.clock,
    backups, log, lastSeq: () => queue.store.lastSeq(), onCommit: (listener) => queue.store.onCommit(listener),
  });
  /** Background writes fail like requests do: logged, and a storage fault shows in /health. */
  const backgroundFailed = (event: string) => (err: unknown) => {
    health.noteFailure(err);
    log.error(event, { error: err });
  };
  const flushLastSeen = () => {
    try {
      devices.flushLastSeen();
    } catch (err) {
      backgroundFailed('devices.last_seen_failed')(err);
    }
  };
  let sync: SyncWorker | null = null;
  if (options.hub.hq) {
    try {
      sync = startSync({ hq: options.hub.hq, baseDir: options.baseDir, profileFile: options.profileFile, db, queue, log, settings: options.syncSettings });
    } catch (err) {
      await backups.stop();
      health.stop();
      log.error('hub.start_failed', { error: err });
      storage.close();
      throw err;
    }
  }
  const captures = createCaptureStore(db, join(paths.dataDir, 'captures'), queue.clock);
  const archive = startEventArchive({ db, dir: join(paths.dataDir, 'archive'), timeZone: queue.branch.timeZone, clock: queue.clock, log, onError: backgroundFailed('events.archive_failed') });
  const retention = startCaptureRetention({ captures, retentionDays: options.hub.video.captureRetentionDays, clock: queue.clock, log, onError: backgroundFailed('captures.purge_failed') });
  let certificate: HubCertificate | null = null;
  try {
    if (options.hub.https) certificate = await loadHubCertificate(paths.dataDir, options.hub.publicUrl ? [new URL(options.hub.publicUrl).hostname] : []);
  } catch (err) {
    log.error('hub.start_failed', { error: err });
    storage.close();
    throw err;
  }
  const hub = await createHub({
    https: certificate,
    captures,
    callSettings: { iceServers: options.hub.video.iceServers, captureRetentionDays: options.hub.video.captureRetentionDays },
    queue,
    devices,
    setup,
    publicDisplay: options.hub.publicDisplay,
    pagesDir: options.layout.pagesDir,
    version: options.layout.version,
    log,
    health,
    sync,
  });
  const host = options.host ?? options.hub.listen.host;
  let address: string;
  let publicHttp: PublicHttp | null = null;
  try {
    address = await hub.app.listen({ port: options.port ?? options.hub.listen.port, host });
    const publicPort = options.hub.https?.publicHttpPort;
    if (certificate && publicPort !== undefined) publicHttp = await listenPublicHttp(createPublicHttpServer(hub.app, options.hub.publicDisplay), publicPort, host);
  } catch (err) {
    retention.stop();
    await sync?.stop();
    await hub.app.close();
    await backups.stop();
    health.stop();
    log.error('hub.start_failed', { error: err });
    storage.close();
    throw err;
  }
  const flush = setInterval(flushLastSeen, LAST_SEEN_FLUSH_MS);
  flush.unref();
  // Fastify's address says http: for a server it did not make itself.
  const url = address.replace('0.0.0.0', '127.0.0.1').replace('[::]', '127.0.0.1').replace(/^http:/, certificate ? 'https:' : 'http:');
  log.info('hub.started', { version: options.layout.version, url, publicHttpUrl: publicHttp?.url ?? null, certificate: certificate?.fingerprint ?? null, branch: queue.branch.id, epoch: identity.current.epoch, schemaVersion: migration.to, dataDir: paths.dataDir, backupDir: paths.backup.dir });
  const printers = startHubPrinters({
    printers: options.hub.printers,
    queue,
    devices,
    stream: hub.stream,
    baseUrl: options.hub.publicUrl ?? url,
    baseDir: options.baseDir,
    onError: (err) => {
      backgroundFailed('hub_printer.failed')(err);
      options.onError?.(err);
    },
  });
  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    clearInterval(flush);
    archive.stop();
    retention.stop();
    await sync?.stop();
    await backups.stop();
    await printers.stop();
    await publicHttp?.close();
    await hub.app.close();
    flushLastSeen();
    health.stop();
    log.info('hub.stopped', { url });
    storage.close();
  };
  return { ...hub, queue, devices, setup, db, migration, url, fingerprint: certificate?.fingerprint ?? null, publicHttpUrl: publicHttp?.url ?? null, log, health, backups, sync, close: () => (closing ??= close()) };
}

/** Creates the profile's positions, officers and demo bookings where they do not exist yet. */
async function applySeed(queue: BranchQueue, seed: NonNullable<HubSection['seed']>): Promise<void> {
  const positions = new Set(queue.store.positions().map((p) => p.id));
  for (const p of seed.positions) if (!positions.has(p.id)) queue.savePosition({ ...p, active: true });
  for (const o of seed.officers) {
    if (!queue.store.officer(o.id)) queue.saveOfficer({ id: o.id, name: o.name, pinHash: await hashPin(o.pin), active: true });
  }
  if (seed.ticker !== undefined && queue.store.setting('ticker') === undefined) queue.setTicker(seed.ticker);
  const day = queue.today();
  const midnight = startOfBusinessDay(day, queue.branch.timeZone);
  const fresh = seed.bookingsToday.filter((b) => !queue.store.booking(`${b.code}`));
  if (fresh.length > 0) {
    queue.importBookings(
      fresh.map((b) => {
        const [h, m] = b.slot.split(':').map(Number) as [number, number];
        const slotStart = midnight + (h * 60 + m) * 60_000;
        return { code: b.code, serviceCode: b.serviceCode, slotStart, slotEnd: slotStart + 30 * 60_000, nikMasked: null, status: 'booked' as const };
      }),
    );
  }
}

/**
 * Tokens of the devices a demo profile pairs by itself. They are kept in the data folder so the
 * printed page addresses stay valid across restarts; the database still holds only their hashes.
 */
export function demoDeviceTokens(hub: RunningHub, dataDir: string, wanted: readonly DemoDevice[]): { name: string; role: DeviceRole; token: string }[] {
  const file = join(dataDir, 'demo-devices.json');
  const known = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { name: string; role: DeviceRole; token: string }[]) : [];
  const result = wanted.map(({ name, role, ...binding }) => {
    const previous = known.find((k) => k.name === name && k.role === role);
    const device = previous && hub.devices.authenticate(previous.token);
    if (!previous || device?.role !== role) return { name, role, token: hub.devices.preparePaired(name, role, binding).token };
    // A demo folder from before devices were bound to what they serve gets its bindings now.
    const current = hub.devices.devices().find((d) => d.id === device.id);
    if (current && (current.positionId !== (binding.positionId ?? null) || current.printer !== (binding.printer ?? null))) hub.devices.bind(device.id, binding);
    return previous;
  });
  writeFileSync(file, JSON.stringify(result, null, 2), { mode: 0o600 });
  return result;
}

type DemoDevice = { name: string; role: DeviceRole; positionId?: string; printer?: string };
