/**
 * A hub refuses to start on storage it cannot serve, with one sentence and nothing written: a
 * damaged database (garbage written over one of its pages), a file that is not a database, a
 * data folder where a file is, a read-only data folder, a read-only database file, and a data
 * folder another hub holds. The read-only cases are made for the user the hub runs as: tests run
 * as root, whom file modes do not stop, so there the hub runs as `nobody` (uid 65534) through
 * `antre hub`, the way a branch runs it under its own service user.
 */
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StartupError } from '../../main/db/integrity.js';
import { startHub, type RunningHub } from '../../main/hub/start-hub.js';
import { hubSection } from '../../main/profiles/profile-schema.js';
import { repoLayout } from '../support/app-layout.js';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const dirs: string[] = [];
const hubs: RunningHub[] = [];
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.close()));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const section = (dataDir = 'data') => hubSection.parse({ branch: { id: 'uji', name: 'Cabang Uji', timeZone: 'Asia/Jakarta' }, dataDir });

function tempBase(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'antre-startup-'));
  dirs.push(dir);
  return dir;
}

async function start(baseDir: string, dataDir = 'data'): Promise<RunningHub> {
  const hub = await startHub({ layout: repoLayout, hub: section(dataDir), baseDir, profileFile: path.join(baseDir, 'hub.json'), host: '127.0.0.1', port: 0 });
  hubs.push(hub);
  return hub;
}

async function stop(hub: RunningHub): Promise<void> {
  await hub.close();
  hubs.splice(hubs.indexOf(hub), 1);
}

/** Every file under a folder with a hash of its bytes: "nothing was written" compares two of these. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  }
  return out;
}

/** A branch database with tickets in it, closed cleanly, and a backup of it. */
async function branchWithTickets(baseDir: string): Promise<{ dataDir: string; db: string; backup: string }> {
  const hub = await start(baseDir);
  const kiosk = hub.devices.preparePaired('Kios', 'kiosk').token;
  for (let i = 0; i < 40; i++) {
    const res = await fetch(`${hub.url}/api/v1/tickets`, { method: 'POST', headers: { authorization: `Bearer ${kiosk}`, 'content-type': 'application/json' }, body: '{"serviceCode":"JHT"}' });
    expect(res.status).toBe(201);
  }
  const backup = await hub.backups.backupNow();
  await stop(hub);
  const dataDir = path.join(baseDir, 'data');
  return { dataDir, db: path.join(dataDir, 'branch.db'), backup: backup.file };
}

async function refusal(promise: Promise<unknown>): Promise<StartupError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, 'the hub started').toBeInstanceOf(StartupError);
  return err as StartupError;
}

describe('start-up checks', () => {
  it('refuses a damaged database, naming the file and the restore command, and writes nothing', async () => {
    const baseDir = tempBase();
    const { dataDir, db, backup } = await branchWithTickets(baseDir);
    // Garbage over the tickets table's pages, past the schema on page 1.
    const pageSize = 4096;
    const pages = fs.statSync(db).size / pageSize;
    const fd = fs.openSync(db, 'r+');
    for (let page = Math.floor(pages / 2); page < pages; page += 3) fs.writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, page * pageSize);
    fs.closeSync(fd);
    const before = snapshot(baseDir);

    const err = await refusal(start(baseDir));
    expect(err.message).toContain(`${db} is damaged (quick_check: `);
    expect(err.message).toContain(`antre restore --profile ${path.join(baseDir, 'hub.json')} --from ${backup}`);
    expect(err.message).not.toContain('\n');
    expect(snapshot(baseDir)).toEqual(before);
    expect(fs.existsSync(path.join(dataDir, 'hub.lock'))).toBe(false);
  });

  it('refuses a file that is not a database, and writes nothing', async () => {
    const baseDir = tempBase();
    const dataDir = path.join(baseDir, 'data');
    fs.mkdirSync(dataDir);
    fs.writeFileSync(path.join(dataDir, 'branch.db'), 'id,nomor\n1,A001\n'.repeat(500));
    const before = snapshot(baseDir);
    const err = await refusal(start(baseDir));
    expect(err.message).toMatch(/branch\.db is not an SQLite database \(.*\); nothing was changed\. Move it away and restore a backup: antre restore --profile .*hub\.json --from BACKUP \(backups are kept in .*backups\)$/);
    expect(snapshot(baseDir)).toEqual(before);
  });

  it('refuses a file with an SQLite header but a body that is not a database (SQLITE_NOTADB)', async () => {
    const baseDir = tempBase();
    const dataDir = path.join(baseDir, 'data');
    fs.mkdirSync(dataDir);
    const bytes = Buffer.alloc(8192, 0xff);
    bytes.write('SQLite format 3\u0000', 0, 'latin1');
    fs.writeFileSync(path.join(dataDir, 'branch.db'), bytes);
    const before = snapshot(baseDir);
    const err = await refusal(start(baseDir));
    expect(err.message).toMatch(/branch\.db (is not an SQLite database|is damaged)/);
    expect(snapshot(baseDir)).toEqual(before);
  });

  it('refuses a data folder where a file is, and makes no folder', async () => {
    const baseDir = tempBase();
    fs.writeFileSync(path.join(baseDir, 'data'), 'not a folder');
    const err = await refusal(start(baseDir, 'data/branch'));
    expect(err.message).toBe(`data folder ${path.join(baseDir, 'data', 'branch')} cannot be created: a file is where the folder (or one of its parents) should be. Fix the path in the profile's hub.dataDir or make the folder yourself`);
    expect(fs.readdirSync(baseDir)).toEqual(['data']);
  });

  it('refuses a data folder another hub is serving, and starts once that hub has stopped', async () => {
    const baseDir = tempBase();
    const first = await start(baseDir);
    const err = await refusal(start(baseDir));
    expect(err.message).toMatch(new RegExp(`^a hub is running on this data folder \\(process ${process.pid} on .* since .*\\): stop it before starting another hub on `));
    expect((await fetch(`${first.url}/api/v1/health`)).status).toBe(200);
    await stop(first);
    const second = await start(baseDir);
    expect((await fetch(`${second.url}/api/v1/health`)).status).toBe(200);
  });

  it('takes over the lock of a hub that died without stopping', async () => {
    const baseDir = tempBase();
    const dataDir = path.join(baseDir, 'data');
    fs.mkdirSync(dataDir);
    const gone = spawnSync(process.execPath, ['-e', 'process.pid']).pid!;
    fs.writeFileSync(path.join(dataDir, 'hub.lock'), JSON.stringify({ pid: gone, host: os.hostname(), purpose: 'hub', since: 0 }));
    const hub = await start(baseDir);
    expect((await fetch(`${hub.url}/api/v1/health`)).status).toBe(200);
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'hub.lock'), 'utf8')).pid).toBe(process.pid);
  });

  it.skipIf(!fs.existsSync('/proc/sys/kernel/random/boot_id'))('takes over a lock from before a reboot, even when its process number is in use again', async () => {
    const baseDir = tempBase();
    const dataDir = path.join(baseDir, 'data');
    fs.mkdirSync(dataDir);
    const boot = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    // Process 1 always runs: in this boot, its lock holds.
    fs.writeFileSync(path.join(dataDir, 'hub.lock'), JSON.stringify({ pid: 1, host: os.hostname(), boot, purpose: 'hub', since: 0 }));
    expect((await refusal(start(baseDir))).message).toMatch(/^a hub is running on this data folder \(process 1 /);
    fs.writeFileSync(path.join(dataDir, 'hub.lock'), JSON.stringify({ pid: 1, host: os.hostname(), boot: 'an-earlier-boot', purpose: 'hub', since: 0 }));
    const hub = await start(baseDir);
    expect((await fetch(`${hub.url}/api/v1/health`)).status).toBe(200);
  });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const ROOT = process.getuid?.() === 0;
const NOBODY = 65534;

/** `antre hub --profile FILE` as the hub's service user: nobody when the tests run as root, else this user. */
function antreHubAsServiceUser(profile: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['main/bin.mjs', 'hub', '--profile', profile, '--port', '0'],
      { cwd: REPO, timeout: 25_000, ...(ROOT ? { uid: NOBODY, gid: NOBODY } : {}), env: { ...process.env, HOME: os.tmpdir() } },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
    );
  });
}

/** A base folder the service user can enter, with a hub profile and a branch database made by another user. */
async function profileForServiceUser(): Promise<{ baseDir: string; dataDir: string; profile: string }> {
  const baseDir = tempBase();
  fs.chmodSync(baseDir, 0o755);
  const hub = await start(baseDir);
  await stop(hub);
  const profile = path.join(baseDir, 'hub.json');
  fs.writeFileSync(profile, JSON.stringify({ role: 'hub', hub: { branch: { id: 'uji', name: 'Cabang Uji', timeZone: 'Asia/Jakarta' }, dataDir: 'data', listen: { host: '127.0.0.1', port: 0 } } }));
  fs.chmodSync(profile, 0o644);
  return { baseDir, dataDir: path.join(baseDir, 'data'), profile };
}

describe('read-only storage, for the user the hub runs as', () => {
  it('a read-only data folder: antre hub says so in one line and exits 1', async () => {
    const { baseDir, dataDir, profile } = await profileForServiceUser();
    if (ROOT) fs.chmodSync(dataDir, 0o755); // root's folder: nobody may not write it
    else fs.chmodSync(dataDir, 0o555);
    const before = snapshot(baseDir);
    const run = await antreHubAsServiceUser(profile);
    if (!ROOT) fs.chmodSync(dataDir, 0o755);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toMatch(new RegExp(`^antre: data folder ${dataDir} is read-only: the user this hub runs as \\(uid \\d+\\) may not write it\\. Give the hub's user write access to it`));
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(snapshot(baseDir)).toEqual(before);
  });

  it('a read-only database file: antre hub says so in one line and exits 1', async () => {
    const { baseDir, dataDir, profile } = await profileForServiceUser();
    const db = path.join(dataDir, 'branch.db');
    if (ROOT) fs.chownSync(dataDir, NOBODY, NOBODY); // the folder is the hub's; the file (0644) stays root's
    else fs.chmodSync(db, 0o444);
    const before = snapshot(baseDir);
    const run = await antreHubAsServiceUser(profile);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(`antre: ${db} is read-only: the user this hub runs as (uid ${ROOT ? NOBODY : process.getuid!()}) may not write it. Give the hub's user write access to the file, then start again`);
    expect(snapshot(baseDir)).toEqual(before);
  });
});
