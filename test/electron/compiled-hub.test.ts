import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateFingerprint } from '../../main/hub/hub-certificate.js';

/**
 * The hub as the app ships it: compiled JavaScript in build/, started with plain `node` (no tsx,
 * no loader), serving HTTPS with its own certificate and the public pages over plain HTTP.
 */
const REPO = resolve(import.meta.dirname, '..', '..');
let dir: string;
let child: ChildProcess;
let out = '';
let hubUrl: string;
let publicUrl: string;
let cert: string;

const line = (pattern: RegExp) => pattern.exec(out)?.[1];

/** HTTPS that trusts exactly the hub's certificate, as a paired device does. */
function pinned(method: string, url: string, headers: Record<string, string> = {}, body?: unknown): Promise<{ status: number; text: string; fingerprint: string }> {
  return new Promise((done, fail) => {
    const req = request(url, { method, ca: cert, agent: false, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      let text = '';
      const fingerprint = createHash('sha256').update((res.socket as TLSSocket).getPeerCertificate().raw).digest('hex');
      res.on('data', (d) => (text += d));
      res.on('end', () => done({ status: res.statusCode ?? 0, text, fingerprint }));
    });
    req.on('error', fail);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'antre-compiled-'));
  const demo = JSON.parse(readFileSync(join(REPO, 'kiosk-profiles', 'demo.json'), 'utf8'));
  delete demo.virtualPrinter;
  demo.hub.printers = [];
  demo.devices = demo.devices.filter((d: { role: string }) => d.role === 'kiosk').map((d: object) => ({ ...d, printer: undefined }));
  demo.hub.dataDir = 'data';
  demo.hub.https = { publicHttpPort: 0 };
  writeFileSync(join(dir, 'demo.json'), JSON.stringify(demo));
  child = spawn(process.execPath, [join(REPO, 'main', 'bin.mjs'), 'demo', '--profile', join(dir, 'demo.json'), '--port', '0'], { cwd: dir, env: { ...process.env, NODE_OPTIONS: '' } });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const started = Date.now();
  while (!/Public pages over plain HTTP/.test(out) || !/kiosk\s/.test(out)) {
    if (child.exitCode !== null || Date.now() - started > 20_000) throw new Error(`the compiled hub did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  hubUrl = line(/ at (https:\/\/[^:]+:\d+)/)!;
  publicUrl = line(/Public pages over plain HTTP[^:]*: (http:\/\/\S+)/)!;
  cert = readFileSync(join(dir, 'data', 'tls', 'cert.pem'), 'utf8');
});

afterAll(async () => {
  child?.kill('SIGTERM');
  await new Promise((r) => child?.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
});

describe('the compiled hub under plain node', () => {
  it('runs build/ without tsx', () => {
    expect(readFileSync(join(REPO, 'main', 'bin.mjs'), 'utf8')).not.toContain('tsx');
    expect(hubUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves a page and issues a ticket over HTTPS with the certificate it printed the fingerprint of', async () => {
    const printed = line(/HTTPS certificate SHA-256[^:]*: ([0-9a-f]{64})/);
    const page = await pinned('GET', `${hubUrl}/kiosk`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<html/i);
    expect(page.fingerprint).toBe(printed);
    expect(certificateFingerprint(cert)).toBe(printed);

    const token = line(/kiosk\s+Kiosk lobby\s+\S+\?token=(\S+)/)!;
    const issued = await pinned('POST', `${hubUrl}/api/v1/tickets`, { authorization: `Bearer ${token}` }, { serviceCode: 'JHT' });
    expect(issued.status, issued.text).toBe(201);
    const ticket = JSON.parse(issued.text) as { ticket: { displayNumber: string }; statusUrl?: string };
    expect(JSON.stringify(ticket)).toMatch(/"displayNumber":"A\d{3}"/);
  });

  it('the plain port serves the phone status page and the public display, and refuses the rest without reading tokens', async () => {
    expect((await fetch(`${publicUrl}/display`)).status).toBe(200);
    expect((await fetch(`${publicUrl}/t/abcdefghjkmnpqrs`)).status).toBe(200);
    const kiosk = await fetch(`${publicUrl}/kiosk`);
    expect(kiosk.status).toBe(403);
    expect(((await kiosk.json()) as { error: unknown }).error).toMatchObject({ code: 'forbidden', reason: 'https_required' });
    const token = line(/kiosk\s+Kiosk lobby\s+\S+\?token=(\S+)/)!;
    const sneaky = await fetch(`${publicUrl}/api/v1/state`, { headers: { authorization: `Bearer ${token}` } });
    // The public display reads state without a token; a token sent in the clear changes nothing.
    expect(sneaky.status).toBe(200);
    expect((await fetch(`${publicUrl}/api/v1/tickets`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"serviceCode":"JHT"}' })).status).toBe(403);
  });

  it('a device that did not pin this certificate cannot talk to the hub', async () => {
    await expect(fetch(`${hubUrl}/kiosk`)).rejects.toThrow();
  });
});
