import type { AddressInfo } from 'node:net';
import { createOnlineBooking } from './booking/online-booking.js';
import { createBranchRegistry } from './branches/branch-registry.js';
import { createEventPartitions, monthOf } from './db/event-partitions.js';
import type { HqDatabase } from './db/hq-database.js';
import { createFeedWriter } from './feeds/feed-writer.js';
import { consoleHqLog, type HqLog } from './hq-log.js';
import { buildHqServer } from './http/hq-server.js';
import type { HqKey } from './secrets/hq-key.js';
import { createEventIntake } from './sync/event-intake.js';
import { createRequestVerifier, forgetOldNonces } from './sync/signed-request.js';

export interface StartHqOptions {
  /** A database already migrated (migrateHq). */
  db: HqDatabase;
  key: HqKey;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  bookingToken?: string;
  viewToken?: string;
  log?: HqLog;
  clock?: () => number;
}

export interface RunningHq {
  url: string;
  registry: ReturnType<typeof createBranchRegistry>;
  feeds: ReturnType<typeof createFeedWriter>;
  close(): Promise<void>;
}

const NONCE_SWEEP_MS = 60_000;

/**
 * One headquarters process. It keeps nothing that another process on the same database would
 * need: nonces, epochs, events and feed versions are all in the database, so any number of
 * these behind one address answer alike.
 */
export async function startHq(options: StartHqOptions): Promise<RunningHq> {
  const { db, key } = options;
  const log = options.log ?? consoleHqLog;
  const clock = options.clock ?? Date.now;
  const registry = createBranchRegistry(db, key, clock);
  const ensureMonths = createEventPartitions(db);
  // This month's and next month's partitions exist before the first push needs them.
  const now = clock();
  await ensureMonths([now, Date.parse(`${monthOf(now)}-28T00:00:00Z`) + 7 * 86_400_000]);
  const app = buildHqServer({
    db,
    verify: createRequestVerifier(registry, clock),
    intake: createEventIntake(db, ensureMonths),
    booking: createOnlineBooking(db, registry, key),
    log,
    bookingToken: options.bookingToken,
    viewToken: options.viewToken,
  });
  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const sweep = setInterval(() => {
    forgetOldNonces(db).catch((err: unknown) => log.warn('nonces.sweep_failed', { error: err }));
  }, NONCE_SWEEP_MS);
  sweep.unref();
  const { port } = app.server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  return {
    url: `http://${host}:${port}`,
    registry,
    feeds: createFeedWriter(db),
    async close() {
      clearInterval(sweep);
      await app.close();
    },
  };
}
