import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const SHIPPED = fs.readdirSync(path.join(REPO, 'migrations')).filter((f) => f.endsWith('.sql')).sort();

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the `antre` command the way a technician at the branch would. */
function antre(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['main/bin.mjs', ...args], { cwd: REPO, timeout: 25_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'antre-cli-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('antre check-profile', () => {
  it('accepts the shipped profiles (exit 0)', async () => {
    const files = fs.readdirSync(path.join(REPO, 'kiosk-profiles')).map((f) => `kiosk-profiles/${f}`);
    const run = await antre('check-profile', 'kiosk-profiles/demo.json', ...files.filter((f) => !f.endsWith('demo.json')));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('kiosk-profiles/demo.json: ok (demo)');
    expect(run.stdout.trim().split('\n')).toHaveLength(files.length);
  });

  it('refuses a bad profile with exit 1 and names the file and the field on stderr', async () => {
    const file = path.join(dir, 'bad-hub.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ role: 'hub', hub: { branch: { id: 'x', name: 'X', timeZone: 'Asia/Jakrta' }, dataDir: 'data', listen: { port: -1 } } }),
    );
    const run = await antre('check-profile', file);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(file);
    expect(run.stderr).toContain('hub.branch.timeZone');
    expect(run.stderr).toContain('hub.listen.port');
    expect(run.stderr).not.toMatch(/\n\s+at /); // a sentence for a person, not a stack trace
  });
});

describe('antre migrate', () => {
  it('refuses a missing file, migrates an existing one, and a second run has nothing to do', async () => {
    const db = path.join(dir, 'branch.db');
    const missing = await antre('migrate', '--db', db);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no such database file');
    expect(fs.existsSync(db)).toBe(false);
    new Database(db).close();
    const first = await antre('migrate', '--db', db);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('001_branch_queue.sql');
    expect(fs.existsSync(db)).toBe(true);

    const conn = new Database(db, { readonly: true });
    try {
      const versions = conn.prepare('SELECT version, name FROM schema_migrations').all();
      expect(versions).toEqual(SHIPPED.map((name, i) => ({ version: i + 1, name })));
      const tables = (conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
      expect(tables).toEqual(expect.arrayContaining(['tickets', 'events', 'devices', 'services', 'positions', 'officers']));
    } finally {
      conn.close();
    }

    const second = await antre('migrate', '--db', db);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`already at schema version ${SHIPPED.length}`);
  });

  it('without --db it exits 1 and says what is missing', async () => {
    const run = await antre('migrate');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--db');
  });
});
