import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHubLog, REDACTED } from '../../main/ops/hub-log.js';
import { startTestHub, type HubFixture } from '../support/hub-fixture.js';

const dirs: string[] = [];
let fx: HubFixture | null = null;
afterEach(async () => {
  vi.restoreAllMocks();
  await fx?.close();
  fx = null;
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'antre-log-'));
  dirs.push(dir);
  return dir;
}

const lines = (file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, any>);

describe('the hub log', () => {
  it('writes one JSON line per event with its time, level, event and fields', () => {
    const dir = tempDir();
    const log = createHubLog({ dir, now: () => Date.parse('2025-03-10T02:00:00Z') });
    log.info('hub.started', { version: '0.1.0', url: 'http://127.0.0.1:8080', schemaVersion: 3 });
    log.error('request.failed', { route: '/api/v1/tickets', error: Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' }) });
    log.close();
    const [started, failed] = lines(path.join(dir, 'hub.log'));
    expect(started).toEqual({ time: '2025-03-10T02:00:00.000Z', level: 'info', event: 'hub.started', version: '0.1.0', url: 'http://127.0.0.1:8080', schemaVersion: 3 });
    expect(failed).toMatchObject({ level: 'error', event: 'request.failed', route: '/api/v1/tickets', error: { name: 'Error', message: 'disk I/O error', errno: 'SQLITE_IOERR' } });
    expect(failed!.error.stack).toContain('hub-log.test.ts');
  });

  it('never writes a PIN, token, claim secret, code, NIK or authorization, however deep or however named', () => {
    const dir = tempDir();
    const log = createHubLog({ dir });
    const secrets = ['4821', 'tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0', 'claim_5e4d3c2b1a09f8e7d6c5b4a3', 'K7M2Q9', '3171234567890123', 'Bearer abc.def-ghi', 'A7Xq2'];
    log.info('pairing.approved', {
      pin: secrets[0],
      device: { token: secrets[1], claimSecret: secrets[2], name: 'Kios lobi' },
      code: secrets[3],
      requests: [{ nik: secrets[4] }],
      Authorization: secrets[5],
      setupCode: 'SETUP-1',
      statusCode: secrets[6],
      newPin: '999999',
    });
    log.warn('page.opened', { url: '/kiosk?token=tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0&lang=id', header: 'Bearer abc.def-ghi' });
    log.close();
    const text = fs.readFileSync(path.join(dir, 'hub.log'), 'utf8');
    for (const secret of [...secrets, 'SETUP-1', '999999', 'abc.def-ghi']) expect(text).not.toContain(secret);
    const [approved, opened] = lines(path.join(dir, 'hub.log'));
    expect(approved).toMatchObject({ pin: REDACTED, device: { token: REDACTED, claimSecret: REDACTED, name: 'Kios lobi' }, code: REDACTED, requests: [{ nik: REDACTED }], Authorization: REDACTED });
    expect(opened!.url).toBe(`/kiosk?token=${REDACTED}&lang=id`);
  });

  it('rotates at its size and keeps its number of files, the newest lines in hub.log', () => {
    const dir = tempDir();
    const log = createHubLog({ dir, maxBytes: 2_000, keep: 3 });
    for (let i = 0; i < 200; i++) log.info('ticket.issued', { n: i, padding: 'x'.repeat(40) });
    log.close();
    expect(fs.readdirSync(dir).sort()).toEqual(['hub.log', 'hub.log.1', 'hub.log.2']);
    for (const name of fs.readdirSync(dir)) expect(fs.statSync(path.join(dir, name)).size).toBeLessThanOrEqual(2_000);
    const newest = lines(path.join(dir, 'hub.log'));
    expect(newest[newest.length - 1]!.n).toBe(199);
    const oldestKept = lines(path.join(dir, 'hub.log.2'))[0]!.n as number;
    expect(oldestKept).toBeGreaterThan(0);
    // Nothing between the oldest kept line and the newest is missing.
    const all = [...lines(path.join(dir, 'hub.log.2')), ...lines(path.join(dir, 'hub.log.1')), ...newest].map((l) => l.n as number);
    expect(all).toEqual(Array.from({ length: 200 - oldestKept }, (_, i) => oldestKept + i));
  });

  it('never throws when its file cannot be written: the line goes to the console instead', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'logs'), 'a file where the log folder should be');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const log = createHubLog({ dir: path.join(dir, 'logs') });
    expect(() => log.info('hub.started', { version: '0.1.0' })).not.toThrow();
    expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toContain('cannot be written');
    expect(stdout.mock.calls.map((c) => String(c[0])).join('')).toMatch(/info {2}hub\.started version=0\.1\.0/);
    log.close();
  });
});

describe('what the hub logs', () => {
  it('its migrations; its start with version, address, branch and schema version; a 500 with its stack and route; its stop', async () => {
    fx = await startTestHub();
    const f = fx;
    const file = path.join(f.dataDir, 'logs', 'hub.log');
    const [migrated, started] = lines(file);
    expect(migrated).toMatchObject({ level: 'info', event: 'migration.applied', from: 0, to: f.hub.migration.to, backup: null });
    expect(started).toMatchObject({ level: 'info', event: 'hub.started', version: expect.any(String), url: f.url, branch: 'test-branch', schemaVersion: f.hub.migration.to });

    // A fault the hub does not expect: the print jobs table a kiosk's ticket goes into is gone from under it.
    f.hub.db.exec('ALTER TABLE print_jobs RENAME TO print_jobs_gone');
    const res = await f.api('POST', '/tickets?token=' + f.tokens.kiosk, { token: f.tokens.kiosk, body: { serviceCode: 'JHT' } });
    f.hub.db.exec('ALTER TABLE print_jobs_gone RENAME TO print_jobs');
    expect(res.status).toBe(500);
    expect(res.body.error.message).toContain('it has been logged');
    const failed = lines(file).find((l) => l.event === 'request.failed')!;
    expect(failed).toMatchObject({ level: 'error', method: 'POST', route: '/api/v1/tickets', status: 500, error: { name: 'SqliteError' } });
    expect(failed.error.stack).toMatch(/\n\s+at /);
    expect(fs.readFileSync(file, 'utf8')).not.toContain(f.tokens.kiosk);

    await f.hub.close();
    expect(lines(file).at(-1)).toMatchObject({ event: 'hub.stopped' });
  });
});
