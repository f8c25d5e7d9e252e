/**
 * The hub process killed (SIGKILL) in the middle of a push that headquarters had already stored:
 * started again, it resumes from its cursor in the database, and headquarters ends up with every
 * event once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHeadquarters, type Headquarters } from '../sync/hq-under-test.js';
import { branchEvents, eventually, expectHeldExactlyOnce, startSyncedBranch } from '../sync/sync-fixture.js';

const REPO = path.resolve(import.meta.dirname, '..', '..');
let headquarters: Headquarters;
const children: ChildProcess[] = [];
const dirs: string[] = [];
beforeAll(async () => {
  headquarters = await startHeadquarters();
}, 120_000);
afterAll(async () => {
  await headquarters?.close();
}, 60_000);
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** `antre hub` as the service manager runs it; resolves once it says where it listens. */
function runHub(profileFile: string, port: number): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['main/bin.mjs', 'hub', '--profile', profileFile, '--port', String(port)], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the hub did not start: ${out}`)), 30_000);
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      const url = /Antre hub for .* at (http:\/\/\S+):/.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url });
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', (code) => reject(new Error(`the hub exited with ${code}: ${out}`)));
  });
}

describe('the hub killed mid-sync', () => {
  it('resumes where it was after a restart: every event at headquarters once', { timeout: 240_000 }, async () => {
    const hq = await headquarters.branch();
    // The branch and its devices, set up by a first in-process start; the hub then runs as `antre hub`.
    const setup = await startSyncedBranch(hq);
    const { kiosk, supervisor, baseDir, dataDir, profileFile } = setup;
    await eventually(() => expect(setup.hub.sync!.status().waiting).toBe(0));
    await setup.hub.close();
    dirs.push(baseDir);
    const port = await freePort();
    const api = async (url: string, method: string, apiPath: string, token: string, body?: unknown) => {
      const res = await fetch(`${url}/api/v1${apiPath}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
      return { status: res.status, body: (await res.json()) as any };
    };

    hq.fault = 'hang_after_store';
    const first = await runHub(profileFile, port);
    for (let i = 0; i < 40; i++) expect((await api(first.url, 'POST', '/tickets', kiosk, { serviceCode: 'JHT' })).status).toBe(201);
    // Headquarters stored a push whose answer the hub is still waiting for: kill it now.
    await eventually(async () => expect((await hq.stored()).some((e) => e.type === 'ticket.issued')).toBe(true));
    const storedBeforeKill = (await hq.stored()).length;
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));

    hq.fault = 'none';
    const second = await runHub(profileFile, port);
    // The push whose answer was lost may have held every event so far: new ones show the sync goes on.
    for (let i = 0; i < 3; i++) expect((await api(second.url, 'POST', '/tickets', kiosk, { serviceCode: 'JHT' })).status).toBe(201);
    await eventually(async () => expect((await api(second.url, 'GET', '/supervisor/overview', supervisor)).body.sync).toMatchObject({ connected: true, waiting: 0 }), 30_000);
    const stored = await hq.stored();
    expect(stored.length).toBeGreaterThan(storedBeforeKill);
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));

    const db = new Database(path.join(dataDir, 'branch.db'), { readonly: true });
    try {
      expectHeldExactlyOnce(stored, branchEvents(db));
      expect(stored.filter((e) => e.type === 'ticket.issued')).toHaveLength(43);
    } finally {
      db.close();
    }
  });
});
