/**
 * Online backups and `antre restore`, on real SQLite files and a real hub. Backups are taken on
 * the hub's clock (the test's), so "every 60 minutes" and "the branch's midnight" are moved to
 * by hand; the schedule's own timer (once a real minute) is not waited for.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { examineDatabaseFile } from '../../main/db/integrity.js';
import { startHub, type RunningHub } from '../../main/hub/start-hub.js';
import { listBackups } from '../../main/ops/backups.js';
import { createHubLog } from '../../main/ops/hub-log.js';
import { restoreBackup, RestoreError } from '../../main/ops/restore.js';
import { hubSection } from '../../main/profiles/profile-schema.js';
import type { HubHealth, SupervisorOverview } from '../../main/wire/schemas.js';
import { createTestClock, issue, MINUTE, startTestHub, type HubFixture } from '../support/hub-fixture.js';
import { MIGRATIONS_DIR, repoLayout } from '../support/app-layout.js';

const REPO = path.resolve(import.meta.dirname, '..', '..');
let fx: HubFixture | null = null;
const hubs: RunningHub[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await fx?.close();
  fx = null;
  await Promise.all(hubs.splice(0).map((h) => h.close()));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function antre(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['main/bin.mjs', ...args], { cwd: REPO, timeout: 25_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
    });
  });
}

const ticketIds = (db: Database.Database) => (db.prepare('SELECT id FROM tickets ORDER BY rowid').pluck().all() as string[]);
const hash = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** The fixture's hub section as a profile file in its base folder, for the command line. */
function writeProfile(f: HubFixture): string {
  const file = path.join(f.baseDir, 'hub.json');
  fs.writeFileSync(file, JSON.stringify({ role: 'hub', hub: { branch: { id: 'test-branch', name: 'Cabang Uji', timeZone: 'Asia/Jakarta' }, dataDir: 'data' } }));
  return file;
}

describe('online backups', () => {
  it('writes a verified copy into the backup folder, shown by /health by its name only', async () => {
    fx = await startTestHub();
    const f = fx;
    for (let i = 0; i < 3; i++) await issue(f);
    expect((await f.api<HubHealth>('GET', '/health')).body.backup).toEqual({ last: null, everyMinutes: 60, overdue: false, failure: null });

    const backup = await f.hub.backups.backupNow();
    expect(path.dirname(backup.file)).toBe(path.join(f.dataDir, 'backups'));
    expect(backup.name).toMatch(/^branch-2025-03-10T02-00-00-000Z\.db$/);
    expect(fs.readdirSync(path.join(f.dataDir, 'backups'))).toEqual([backup.name]);
    expect(examineDatabaseFile(backup.file)).toEqual({ ok: true });
    const copy = new Database(backup.file, { readonly: true });
    expect(ticketIds(copy)).toEqual(ticketIds(f.hub.db));
    // A self-contained file: no WAL beside it is needed to read it.
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    copy.close();

    const health = await f.api<HubHealth>('GET', '/health');
    expect(health.body.backup.last).toEqual({ at: f.clock.now(), file: backup.name, bytes: fs.statSync(backup.file).size });
    const text = JSON.stringify(health.body);
    expect(text).not.toContain(f.baseDir);
    expect(text).not.toContain(os.tmpdir());
    expect(health.body.disk.freeBytes).toBeGreaterThan(0);
    expect(health.body.schemaVersion).toBe(f.hub.migration.to);
  });

  it('is consistent while the hub keeps issuing: every ticket in the copy has its event', async () => {
    fx = await startTestHub();
    const f = fx;
    for (let i = 0; i < 20; i++) await issue(f);
    const during = Array.from({ length: 40 }, () => issue(f));
    const backup = await f.hub.backups.backupNow();
    await Promise.all(during);
    const copy = new Database(backup.file, { readonly: true });
    const tickets = copy.prepare('SELECT count(*) FROM tickets').pluck().get() as number;
    const issuedEvents = copy.prepare("SELECT count(*) FROM events WHERE type = 'ticket.issued'").pluck().get() as number;
    copy.close();
    expect(tickets).toBeGreaterThanOrEqual(20);
    expect(issuedEvents).toBe(tickets);
    expect(f.ticketCount()).toBe(60);
  });

  it('runs on its schedule and at the branch midnight, keeps the newest N, in the folder the profile names', async () => {
    const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'antre-backup-'));
    dirs.push(baseDir);
    const clock = createTestClock('2025-03-10T21:30:00+08:00'); // Makassar, WITA
    const hub = await startHub({ layout: repoLayout,
      hub: hubSection.parse({ branch: { id: 'mks', name: 'Cabang Makassar', timeZone: 'Asia/Makassar' }, dataDir: 'data', backup: { dir: 'second-disk/antre', everyMinutes: 60, keep: 3 } }),
      baseDir, host: '127.0.0.1', port: 0, clock: clock.now,
    });
    hubs.push(hub);
    const folder = path.join(baseDir, 'second-disk', 'antre');
    const names = () => listBackups(folder).map((b) => b.name).reverse();

    expect((await hub.backups.tick())?.name).toBe('branch-2025-03-10T13-30-00-000Z.db'); // none yet: at once
    expect(await hub.backups.tick()).toBeNull();
    clock.advance(59 * MINUTE);
    expect(await hub.backups.tick()).toBeNull();
    clock.advance(MINUTE);
    expect((await hub.backups.tick())?.name).toBe('branch-2025-03-10T14-30-00-000Z.db');
    // 00:00:30 WITA: the day has turned, though the hour has not passed since 22:30.
    clock.set('2025-03-11T00:00:30+08:00');
    const dayClose = await hub.backups.tick();
    expect(dayClose).toMatchObject({ name: 'branch-2025-03-10T16-00-30-000Z-day-close.db', dayClose: true });
    clock.advance(60 * MINUTE);
    await hub.backups.tick();
    expect(names()).toEqual(['branch-2025-03-10T14-30-00-000Z.db', 'branch-2025-03-10T16-00-30-000Z-day-close.db', 'branch-2025-03-10T17-00-30-000Z.db']);
    expect(fs.readdirSync(folder).filter((n) => n.includes('partial'))).toEqual([]);
    expect(fs.existsSync(path.join(baseDir, 'data', 'backups'))).toBe(false);

    // Late: more than the hour and its grace without a backup.
    clock.advance(66 * MINUTE);
    expect(hub.health.report().backup.overdue).toBe(true);
    await hub.backups.tick();
    expect(hub.health.report().backup.overdue).toBe(false);
  });

  it('a backup that fails is logged, shown in /health and the overview, retried, and cleared once one succeeds', async () => {
    const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'antre-backup-'));
    dirs.push(baseDir);
    fs.writeFileSync(path.join(baseDir, 'usb-disk'), 'a file where the backup disk should be mounted');
    const clock = createTestClock('2025-03-10T09:00:00+07:00');
    const hub = await startHub({ layout: repoLayout,
      hub: hubSection.parse({ branch: { id: 'jkt', name: 'Cabang Jakarta', timeZone: 'Asia/Jakarta' }, dataDir: 'data', backup: { dir: 'usb-disk/antre' } }),
      baseDir, host: '127.0.0.1', port: 0, clock: clock.now,
    });
    hubs.push(hub);
    expect(await hub.backups.tick()).toBeNull();
    const failed = hub.health.report().backup.failure;
    expect(failed).toEqual({ at: clock.now(), reason: expect.stringMatching(/^(ENOTDIR|EEXIST)$/) });
    const logged = fs.readFileSync(path.join(baseDir, 'data', 'logs', 'hub.log'), 'utf8');
    expect(logged).toContain('"event":"backup.failed"');
    const supervisor = hub.devices.preparePaired('Supervisor', 'supervisor').token;
    const overview = (await (await fetch(`${hub.url}/api/v1/supervisor/overview`, { headers: { authorization: `Bearer ${supervisor}` } })).json()) as SupervisorOverview;
    expect(overview.health.backup.failure?.reason).toBe(failed!.reason);
    expect(overview.health.paths.backupDir).toBe(path.join(baseDir, 'usb-disk', 'antre'));

    // The disk is mounted; the next attempt comes after the retry pause, not at every minute's check.
    fs.rmSync(path.join(baseDir, 'usb-disk'));
    fs.mkdirSync(path.join(baseDir, 'usb-disk'));
    clock.advance(MINUTE);
    expect(await hub.backups.tick()).toBeNull();
    clock.advance(5 * MINUTE);
    expect(await hub.backups.tick()).not.toBeNull();
    expect(hub.health.report().backup.failure).toBeNull();
  });
});

describe('antre restore', () => {
  it('brings a backup back: the hub then serves exactly the backed-up tickets, and the replaced database is kept aside', async () => {
    fx = await startTestHub();
    const f = fx;
    const profile = writeProfile(f);
    for (let i = 0; i < 3; i++) await issue(f);
    const backedUp = ticketIds(f.hub.db);
    const backup = await f.hub.backups.backupNow();
    for (let i = 0; i < 2; i++) await issue(f);
    const all = ticketIds(f.hub.db);
    expect(all).toHaveLength(5);

    // Refused while the hub runs, and nothing changes.
    const whileRunning = await antre('restore', '--profile', profile, '--from', backup.file);
    expect(whileRunning.code).toBe(1);
    expect(whileRunning.stderr.trim()).toMatch(new RegExp(`^antre: a hub is running on this data folder \\(process ${process.pid} .*\\): stop the hub first, then run antre restore again; nothing was changed$`));
    expect(fs.readdirSync(f.dataDir).filter((n) => n.includes('restor'))).toEqual([]);
    expect(f.ticketCount()).toBe(5);

    await f.hub.close();
    const run = await antre('restore', '--profile', profile, '--from', backup.file);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const previous = fs.readdirSync(f.dataDir).find((n) => n.startsWith('branch.db.before-restore.'))!;
    expect(run.stdout).toContain(`restored ${backup.file} (schema version ${f.hub.migration.to}) into ${f.dataDir}; the database it replaced is now ${path.join(f.dataDir, previous)}`);
    expect(fs.readdirSync(f.dataDir).filter((n) => n.startsWith('branch.db')).sort()).toEqual(['branch.db', previous]);

    const aside = new Database(path.join(f.dataDir, previous), { readonly: true });
    expect(ticketIds(aside)).toEqual(all);
    aside.close();

    await f.restart();
    expect(ticketIds(f.hub.db)).toEqual(backedUp);
    const health = await f.api<HubHealth>('GET', '/health');
    expect(health.status).toBe(200);
    const next = await issue(f);
    expect(next.ticket.displayNumber).toBe('A004');

    const log = fs.readFileSync(path.join(f.dataDir, 'logs', 'hub.log'), 'utf8');
    expect(log).toContain('"event":"restore.refused"');
    expect(log).toContain('"event":"restore.done"');
  });

  it('brings a branch back on a new PC: the data folder is made, and the hub serves the backup', async () => {
    fx = await startTestHub();
    const f = fx;
    for (let i = 0; i < 2; i++) await issue(f);
    const backup = await f.hub.backups.backupNow();
    const newPc = fs.mkdtempSync(path.join(os.tmpdir(), 'antre-new-pc-'));
    dirs.push(newPc);
    const dataDir = path.join(newPc, 'var', 'lib', 'antre');
    expect(restoreBackup({ migrationsDir: MIGRATIONS_DIR, dataDir, from: backup.file, log: createHubLog({ dir: null }) })).toMatchObject({ previous: null });
    const hub = await startHub({ layout: repoLayout, hub: hubSection.parse({ branch: { id: 'test-branch', name: 'Cabang Uji', timeZone: 'Asia/Jakarta' }, dataDir }), baseDir: newPc, host: '127.0.0.1', port: 0, clock: f.clock.now });
    hubs.push(hub);
    expect(ticketIds(hub.db)).toEqual(ticketIds(f.hub.db));
  });

  it('refuses a damaged backup, a file that is not one, another database and a newer schema, and changes nothing', async () => {
    fx = await startTestHub();
    const f = fx;
    for (let i = 0; i < 40; i++) await issue(f);
    const backup = await f.hub.backups.backupNow();
    await f.hub.close();
    const db = path.join(f.dataDir, 'branch.db');
    const before = { db: hash(db), files: fs.readdirSync(f.dataDir).sort() };
    const log = createHubLog({ dir: null });
    const restore = (from: string) => () => restoreBackup({ migrationsDir: MIGRATIONS_DIR, dataDir: f.dataDir, from, log });

    const damaged = path.join(f.baseDir, 'damaged.db');
    fs.copyFileSync(backup.file, damaged);
    const size = fs.statSync(damaged).size;
    const fd = fs.openSync(damaged, 'r+');
    for (let at = Math.floor(size / 4096 / 2) * 4096; at < size; at += 3 * 4096) fs.writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, at);
    fs.closeSync(fd);
    expect(restore(damaged)).toThrow(new RegExp(`^${damaged} is damaged \\(quick_check: [\\s\\S]*\\): choose another backup; nothing was changed$`));

    const text = path.join(f.baseDir, 'tickets.csv');
    fs.writeFileSync(text, 'nomor,layanan\nA001,JHT\n');
    expect(restore(text)).toThrow(/tickets\.csv is not an SQLite database/);

    const other = path.join(f.baseDir, 'other.db');
    const o = new Database(other);
    o.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY)');
    o.close();
    expect(restore(other)).toThrow(/other\.db is an SQLite database but not an Antre branch database/);

    const newer = path.join(f.baseDir, 'newer.db');
    fs.copyFileSync(backup.file, newer);
    const n = new Database(newer);
    n.prepare("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (99, '099_future.sql', 'x', 0)").run();
    n.close();
    expect(restore(newer)).toThrow(/newer\.db is at schema version 99, newer than this Antre knows/);

    expect(restore(path.join(f.baseDir, 'missing.db'))).toThrow(RestoreError);
    expect({ db: hash(db), files: fs.readdirSync(f.dataDir).sort() }).toEqual(before);
  });
});
