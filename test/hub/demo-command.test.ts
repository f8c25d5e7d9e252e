import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickLanAddress } from '../../main/ops/lan-address.js';

/**
 * The `antre demo` and `antre hub` commands as a person first meets them: their help, a mistyped
 * option, and the demo's QR codes, which must open on a phone (not on 127.0.0.1).
 */
const REPO = path.resolve(import.meta.dirname, '..', '..');

function antre(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['main/bin.mjs', ...args], { cwd: REPO, timeout: 25_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

let dir: string;
let demo: ChildProcess | null = null;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'antre-demo-'));
});
afterAll(async () => {
  if (demo && demo.exitCode === null) {
    const exited = new Promise((resolve) => demo!.once('exit', resolve));
    demo.kill('SIGTERM');
    await exited;
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('help and mistakes on the command line', () => {
  it('antre demo --help and antre hub --help print their usage, not a stack trace', async () => {
    for (const [command, flag] of [['demo', '--help'], ['hub', '--help'], ['hub', '-h'], ['setup', '--help']] as const) {
      const run = await antre(command, flag);
      expect(run.code, `${command} ${flag}`).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/^usage:\n/);
      expect(run.stdout).toContain(`antre ${command} `);
      expect(run.stdout).not.toMatch(/\n\s+at /);
    }
    expect((await antre('demo', '--help')).stdout).toContain("this computer's local network address");
  });

  it('an unknown option is named in a sentence with the usage, exit 2', async () => {
    const run = await antre('hub', '--profil', 'hub.json');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("antre: Unknown option '--profil'");
    expect(run.stderr).toContain('antre hub --profile FILE');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the demo', () => {
  it("puts this computer's network address, not 127.0.0.1, in the QR codes a phone scans, and says so", async () => {
    const [hubPort, printerPort] = [await freePort(), await freePort()];
    const profile = JSON.parse(fs.readFileSync(path.join(REPO, 'kiosk-profiles', 'demo.json'), 'utf8'));
    profile.hub.dataDir = './data';
    profile.hub.listen = { host: '127.0.0.1', port: hubPort };
    profile.hub.printers[0].address = `tcp://127.0.0.1:${printerPort}`;
    profile.virtualPrinter = { port: printerPort, outDir: './printed', paper: '80mm' };
    const file = path.join(dir, 'demo.json');
    fs.writeFileSync(file, JSON.stringify(profile));

    demo = spawn(process.execPath, ['main/bin.mjs', 'demo', '--profile', file], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    demo.stdout!.on('data', (chunk) => (stdout += String(chunk)));
    demo.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    await expect.poll(() => stdout, { timeout: 20_000, message: `the demo's start-up (stderr: ${stderr})` }).toContain('API description:');

    const lan = pickLanAddress(os.networkInterfaces());
    const base = `http://${lan ?? '127.0.0.1'}:${hubPort}`;
    if (lan === null) {
      expect(stdout).toContain('No local network address found: QR codes point at 127.0.0.1');
    } else {
      expect(stdout).toContain(`Phones reach the demo at ${base}, this computer's address on the local network`);
    }
    const kioskLine = stdout.split('\n').find((line) => line.trim().startsWith('kiosk'))!;
    expect(kioskLine).toContain(`${base}/kiosk?token=`);
    const token = kioskLine.split('token=')[1]!.trim();

    // A ticket taken at the kiosk, over the address a phone would use: its printed QR code leads there.
    const res = await fetch(`${base}/api/v1/tickets`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ serviceCode: 'JHT' }) });
    expect(res.status).toBe(201);
    const { statusCode } = (await res.json()) as { statusCode: string };
    const printed = path.join(dir, 'printed');
    const transcript = async () => {
      const files = fs.existsSync(printed) ? fs.readdirSync(printed).filter((f) => f.endsWith('.txt')) : [];
      return files.length === 0 ? '' : fs.readFileSync(path.join(printed, files[0]!), 'utf8');
    };
    await expect.poll(transcript, { timeout: 15_000, message: 'the printed ticket' }).toContain(`[QR] ${base}/t/${statusCode}`);
    // The status page opens at that address.
    expect((await fetch(`${base}/api/v1/tickets/status/${statusCode}`)).status).toBe(200);
  });
});
