import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../main/hub/start-hub.js';
import { repoLayout } from '../support/app-layout.js';
import { hubSection } from '../../main/profiles/profile-schema.js';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const section = () => hubSection.parse({ branch: { id: 'lifecycle', name: 'Lifecycle', timeZone: 'Asia/Jayapura' }, dataDir: 'data' });

/** Resolves with the promise's outcome, or 'still pending' after ms. */
const within = (promise: Promise<unknown>, ms: number) =>
  Promise.race([promise.then(() => 'settled'), new Promise((resolve) => setTimeout(() => resolve('still pending'), ms))]);

describe('starting and stopping a hub', () => {
  it('close() settles, and a second close() settles too', async () => {
    const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'antre-life-'));
    dirs.push(baseDir);
    const hub: RunningHub = await startHub({ layout: repoLayout, hub: section(), baseDir, host: '127.0.0.1', port: 0 });
    expect((await fetch(`${hub.url}/api/v1/health`)).status).toBe(200);
    expect(await within(hub.close(), 10_000)).toBe('settled');
    await expect(fetch(`${hub.url}/api/v1/health`)).rejects.toThrow();
    expect(await within(hub.close(), 3_000), 'a second close() (SIGINT then SIGTERM, or a supervisor script)').toBe('settled');
  });

  it('in a process with nothing else running, close() completes and the process exits 0', async () => {
    const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'antre-life-'));
    dirs.push(baseDir);
    const script = path.join(baseDir, 'run-hub.mjs');
    const startHubUrl = new URL(`file://${path.join(REPO, 'main/hub/start-hub.ts')}`).href;
    const schemaUrl = new URL(`file://${path.join(REPO, 'main/profiles/profile-schema.ts')}`).href;
    const layoutUrl = new URL(`file://${path.join(REPO, 'main/app-layout.ts')}`).href;
    fs.writeFileSync(
      script,
      `import { startHub } from ${JSON.stringify(startHubUrl)};
import { hubSection } from ${JSON.stringify(schemaUrl)};
import { appLayout } from ${JSON.stringify(layoutUrl)};
const hub = await startHub({ layout: appLayout(${JSON.stringify(REPO)}), hub: hubSection.parse({ branch: { id: 'x', name: 'X', timeZone: 'Asia/Jakarta' }, dataDir: 'data' }), baseDir: ${JSON.stringify(baseDir)}, host: '127.0.0.1', port: 0 });
const res = await fetch(hub.url + '/api/v1/health');
console.log('health', res.status);
await hub.close();
console.log('closed');
`,
    );
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', script], { cwd: REPO, timeout: 25_000 }, (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
      });
    });
    expect(run.stdout).toContain('health 200');
    expect(run.stdout, `hub.close() never completed (exit code ${run.code})`).toContain('closed');
    expect(run.code).toBe(0);
  });
});
