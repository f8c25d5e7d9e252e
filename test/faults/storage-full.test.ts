/**
 * A full disk under a serving hub. SQLite's max_page_count, capped at the database's size on the
 * hub's own connection, makes the next write that needs a page fail with a genuine SQLITE_FULL,
 * the error a full disk gives. Where this machine lets the test mount a tiny tmpfs, the same is
 * proven on a file system that really runs out of space (the log on it fails too).
 *
 * Proven: issuing while full answers 503 storage_unavailable (reason storage_full), never 500,
 * and changes nothing; /health says 503 with the fault; the supervisor's overview reports it; the
 * log holds the fault with its stack and no secret; once space is back, issuing works and the
 * fault clears.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../main/hub/start-hub.js';
import { storageFaultOf } from '../../main/ops/storage-fault.js';
import { hubSection } from '../../main/profiles/profile-schema.js';
import type { HubHealth, SupervisorOverview } from '../../main/wire/schemas.js';
import { expectError, STANDARD_SEED, startTestHub, type ApiResponse, type HubFixture } from '../support/hub-fixture.js';
import { repoLayout } from '../support/app-layout.js';

let fx: HubFixture | null = null;
afterEach(async () => {
  await fx?.close();
  fx = null;
});

const issueOnce = (f: HubFixture) => f.api('POST', '/tickets', { token: f.tokens.kiosk, body: { serviceCode: 'JHT' } });

/** Issues until the first refusal; the pages left in the database fill up within a few dozen tickets. */
async function issueUntilRefused(f: HubFixture): Promise<ApiResponse> {
  for (let i = 0; i < 300; i++) {
    const res = await issueOnce(f);
    if (res.status !== 201) return res;
  }
  throw new Error('300 tickets were issued on a full database');
}

function logLines(dataDir: string): Record<string, any>[] {
  const file = path.join(dataDir, 'logs', 'hub.log');
  return fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, any>);
}

describe('a full disk under a serving hub (max_page_count)', () => {
  it('refuses tickets with 503 storage_unavailable, changes nothing, shows the fault, and recovers once space is back', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    const f = fx;
    expect((await f.api('GET', '/health')).status).toBe(200);
    const pages = f.hub.db.pragma('page_count', { simple: true }) as number;
    f.hub.db.pragma(`max_page_count = ${pages}`);

    const first = await issueUntilRefused(f);
    expect(expectError(first, 503, 'storage_unavailable').reason).toBe('storage_full');

    const before = { tickets: f.ticketCount(), events: f.eventCount() };
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) {
      const res = await issueOnce(f);
      statuses.push(res.status);
      expect(res.body.error).toMatchObject({ code: 'storage_unavailable', reason: 'storage_full' });
    }
    expect(statuses).toEqual(Array(15).fill(503));
    expect({ tickets: f.ticketCount(), events: f.eventCount() }).toEqual(before);

    const health = await f.api<HubHealth>('GET', '/health');
    expect(health.status).toBe(503);
    expect(health.body.ok).toBe(false);
    expect(health.body.database.writable).toBe(false);
    expect(health.body.database.fault).toMatchObject({ reason: 'storage_full', since: f.clock.now() });
    expect(health.body.seq).toBe(before.events);

    const overview = await f.api<SupervisorOverview>('GET', '/supervisor/overview', { token: f.tokens.supervisor });
    expect(overview.status).toBe(200);
    expect(overview.body.health.database.fault?.reason).toBe('storage_full');
    expect(overview.body.health.paths.dataDir).toBe(f.dataDir);

    const faults = logLines(f.dataDir).filter((l) => l.event === 'storage.fault');
    expect(faults).toHaveLength(16);
    expect(faults[0]).toMatchObject({ level: 'error', route: '/api/v1/tickets', method: 'POST', status: 503, reason: 'storage_full', error: { errno: 'SQLITE_FULL' } });
    expect(faults[0]!.error.stack).toContain('SqliteError');
    const logText = fs.readFileSync(path.join(f.dataDir, 'logs', 'hub.log'), 'utf8');
    for (const token of Object.values(f.tokens)) expect(logText).not.toContain(token);

    // Space is back.
    f.hub.db.pragma(`max_page_count = ${pages * 1000}`);
    const after = await issueOnce(f);
    expect(after.status).toBe(201);
    const healed = await f.api<HubHealth>('GET', '/health');
    expect(healed.status).toBe(200);
    expect(healed.body).toMatchObject({ ok: true, database: { writable: true, fault: null } });
    expect(logLines(f.dataDir).some((l) => l.event === 'storage.recovered' && l.reason === 'storage_full')).toBe(true);
  });
});

describe('other storage faults', () => {
  it('a database that has become read-only answers 503 storage_read_only until it can be written again', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    const f = fx;
    // What SQLite answers on a file system remounted read-only: SQLITE_READONLY on every write.
    f.hub.db.pragma('query_only = ON');
    const refused = await issueOnce(f);
    expect(expectError(refused, 503, 'storage_unavailable').reason).toBe('storage_read_only');
    expect((await f.api<HubHealth>('GET', '/health')).body.database.fault?.reason).toBe('storage_read_only');
    f.hub.db.pragma('query_only = OFF');
    expect((await issueOnce(f)).status).toBe(201);
    expect((await f.api<HubHealth>('GET', '/health')).status).toBe(200);
  });

  it('tells disk errors and read-only databases from other SQLite errors', () => {
    const err = (code: string) => new Database.SqliteError('from SQLite', code);
    expect(storageFaultOf(err('SQLITE_FULL'))).toBe('storage_full');
    expect(storageFaultOf(err('SQLITE_IOERR_WRITE'))).toBe('storage_failed');
    expect(storageFaultOf(err('SQLITE_IOERR_FSYNC'))).toBe('storage_failed');
    expect(storageFaultOf(err('SQLITE_CANTOPEN'))).toBe('storage_failed');
    expect(storageFaultOf(err('SQLITE_READONLY_DBMOVED'))).toBe('storage_read_only');
    expect(storageFaultOf(err('SQLITE_CONSTRAINT_UNIQUE'))).toBeNull();
    expect(storageFaultOf(err('SQLITE_BUSY'))).toBeNull();
    expect(storageFaultOf(Object.assign(new Error('no space'), { code: 'SQLITE_FULL' }))).toBeNull();
  });
});

/** A tmpfs this process can mount (root with the right to mount), or null. */
function mountTinyDisk(): string | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'antre-tiny-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    fs.rmSync(dir, { recursive: true, force: true });
    return null;
  }
}

const probe = mountTinyDisk();
if (probe) {
  execFileSync('umount', [probe]);
  fs.rmSync(probe, { recursive: true, force: true });
}

describe.skipIf(probe === null)('a file system that really runs out of space (tmpfs, needs root and mount)', () => {
  let disk: string | null = null;
  let hub: RunningHub | null = null;
  afterEach(async () => {
    await hub?.close();
    hub = null;
    if (disk) {
      execFileSync('umount', [disk]);
      fs.rmSync(disk, { recursive: true, force: true });
      disk = null;
    }
  });

  it('answers 503 storage_full while the disk is full and serves again once a file is deleted', async () => {
    disk = mountTinyDisk()!;
    hub = await startHub({ layout: repoLayout,
      hub: hubSection.parse({ branch: { id: 'tiny', name: 'Cabang Kecil', timeZone: 'Asia/Jakarta' }, dataDir: 'data' }),
      baseDir: disk,
      host: '127.0.0.1',
      port: 0,
    });
    const kiosk = hub.devices.preparePaired('Kios', 'kiosk').token;
    const issue = () => fetch(`${hub!.url}/api/v1/tickets`, { method: 'POST', headers: { authorization: `Bearer ${kiosk}`, 'content-type': 'application/json' }, body: '{"serviceCode":"JHT"}' });
    expect((await issue()).status).toBe(201);

    // Fill what is left of the disk.
    const filler = path.join(disk, 'filler');
    const fd = fs.openSync(filler, 'w');
    const chunk = Buffer.alloc(64 * 1024, 1);
    try {
      for (;;) fs.writeSync(fd, chunk);
    } catch (err) {
      expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
    }
    try {
      for (;;) fs.writeSync(fd, chunk, 0, 1);
    } catch {
      // the last bytes too
    }
    fs.closeSync(fd);

    let refused: Response | null = null;
    for (let i = 0; i < 2000 && !refused; i++) {
      const res = await issue();
      if (res.status !== 201) refused = res;
    }
    expect(refused?.status).toBe(503);
    const body = (await refused!.json()) as { error: { code: string; reason: string } };
    expect(body.error).toMatchObject({ code: 'storage_unavailable', reason: 'storage_full' });
    const count = (hub.db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n;
    expect((await issue()).status).toBe(503);
    expect((hub.db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n).toBe(count);
    const health = await fetch(`${hub.url}/api/v1/health`);
    expect(health.status).toBe(503);
    expect(((await health.json()) as HubHealth).database.fault?.reason).toBe('storage_full');

    fs.rmSync(filler);
    expect((await issue()).status).toBe(201);
    expect((await fetch(`${hub.url}/api/v1/health`)).status).toBe(200);
  });
});
