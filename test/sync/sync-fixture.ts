/**
 * A branch hub that syncs with a headquarters under test: startHub() on a temp data folder with
 * an `hq` section and quick timings (a push 20 ms after a commit, retries from 50 ms), plus the
 * checks the sync tests share: what headquarters holds against what the branch logged.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { startHub, type RunningHub } from '../../main/hub/start-hub.js';
import { hubSection } from '../../main/profiles/profile-schema.js';
import { epochsOf } from '../../main/sync/log-identity.js';
import type { SyncSettings } from '../../main/sync/sync-worker.js';
import type { SupervisorOverview } from '../../main/wire/schemas.js';
import { createTestClock, type TestClock } from '../support/hub-fixture.js';
import { repoLayout } from '../support/app-layout.js';

export const QUICK_SYNC: Partial<SyncSettings> = { pushDelayMs: 20, pullEveryMs: 200, backoff: { firstMs: 50, maxMs: 400 } };

export interface SyncedBranch {
  hub: RunningHub;
  clock: TestClock;
  baseDir: string;
  dataDir: string;
  supervisor: string;
  kiosk: string;
  /** The hub profile's JSON, as written to baseDir/hub.json for the command line. */
  profileFile: string;
  api<T = any>(method: string, apiPath: string, token: string, body?: unknown): Promise<{ status: number; body: T }>;
  overview(): Promise<SupervisorOverview>;
  /** Stops the hub and starts it again from its profile file. */
  restart(settings?: Partial<SyncSettings>): Promise<void>;
  close(): Promise<void>;
}

export function hubProfile(hq: { url: string; secret: string; branch: string }) {
  return {
    branch: { id: hq.branch, name: 'Cabang Uji', timeZone: 'Asia/Jakarta' },
    dataDir: 'data',
    hq: { url: hq.url, secret: hq.secret, pullEverySeconds: 5 },
    seed: {
      positions: [{ id: 'counter-1', kind: 'counter', label: 'Loket 1', services: ['JHT', 'JKK', 'JKM', 'JP', 'INFO'] }],
      officers: [{ id: 'siti', name: 'Siti Rahmawati', pin: '1234' }],
    },
  };
}

export async function startSyncedBranch(hq: { url: string; secret: string; branch: string }, options: { settings?: Partial<SyncSettings>; start?: string; baseDir?: string } = {}): Promise<SyncedBranch> {
  const baseDir = options.baseDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'antre-sync-'));
  const clock = createTestClock(options.start ?? '2025-03-10T08:00:00+07:00');
  const profile = hubProfile(hq);
  const profileFile = path.join(baseDir, 'hub.json');
  fs.writeFileSync(profileFile, JSON.stringify({ role: 'hub', hub: profile }));
  // Read from the file at every start, as `antre hub` does: a test may change it between restarts.
  const start = (settings: Partial<SyncSettings> | undefined) =>
    startHub({ layout: repoLayout, hub: hubSection.parse((JSON.parse(fs.readFileSync(profileFile, 'utf8')) as { hub: unknown }).hub), baseDir, host: '127.0.0.1', port: 0, clock: clock.now, syncSettings: { ...QUICK_SYNC, ...settings } });
  const hub = await start(options.settings);
  const pair = (h: RunningHub) => ({ supervisor: h.devices.preparePaired('Supervisor', 'supervisor').token, kiosk: h.devices.preparePaired('Kiosk', 'kiosk').token });
  let closed = false;
  const branch: SyncedBranch = {
    hub,
    clock,
    baseDir,
    dataDir: path.join(baseDir, 'data'),
    ...pair(hub),
    profileFile,
    async api(method, apiPath, token, body) {
      const res = await fetch(`${branch.hub.url}/api/v1${apiPath}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as never };
    },
    async overview() {
      const res = await branch.api<SupervisorOverview>('GET', '/supervisor/overview', branch.supervisor);
      expect(res.status).toBe(200);
      return res.body;
    },
    async restart(settings) {
      await branch.hub.close();
      branch.hub = await start(settings ?? options.settings);
      Object.assign(branch, pair(branch.hub));
    },
    async close() {
      if (closed) return;
      closed = true;
      await branch.hub.close();
      fs.rmSync(baseDir, { recursive: true, force: true });
    },
  };
  return branch;
}

/** Every event of a branch database that belongs to an epoch, as headquarters keys it. */
export function branchEvents(db: import('better-sqlite3').Database): { epoch: string; seq: number; id: string }[] {
  const epochs = epochsOf(db);
  const rows = db.prepare('SELECT seq, id FROM events WHERE seq >= ? ORDER BY seq').all(epochs[0]!.firstSeq) as { seq: number; id: string }[];
  return rows.map((r) => ({ epoch: epochs.filter((e) => e.firstSeq <= r.seq).at(-1)!.epoch, ...r }));
}

/** Headquarters holds exactly the branch's events: each once, under its epoch and seq. */
export function expectHeldExactlyOnce(stored: { epoch: string; seq: number; id: string }[], expected: { epoch: string; seq: number; id: string }[]): void {
  const key = (e: { epoch: string; seq: number; id: string }) => `${e.epoch}/${e.seq}/${e.id}`;
  const held = stored.map(key);
  expect(new Set(held).size, 'an event stored twice').toBe(held.length);
  expect(new Set(stored.map((e) => e.id)).size, 'one event id under two keys').toBe(stored.length);
  expect([...held].sort()).toEqual(expected.map(key).sort());
}

/** Waits until `check` passes (it throws until then), polling every 20 ms up to `timeoutMs` (generous: a loaded test machine is slow). */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
