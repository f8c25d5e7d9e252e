import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startVirtualPrinter, type VirtualPrinter } from '../../tools/virtual-printer/virtual-printer.js';
import { launchBrowser, screenshot, VIEWPORTS } from './support/browser.js';
import { showsNewestCall, signInOnConsole, STEP_MS, takeTicket } from './flow-support.js';

/**
 * A real branch from an empty PC, following README's "Deploying a real branch" with no demo
 * shortcuts: a hub profile, antre check-profile, antre setup, antre hub as its own process, the
 * first supervisor from the setup address, officers and positions from the supervisor page, and
 * every other screen paired from its own screen. Then a ticket is issued on the kiosk, printed by
 * a network printer the hub runs, called from the console and shown on the lobby display; a
 * revoked screen goes back to its pairing code.
 */

const REPO = path.resolve(import.meta.dirname, '..', '..');

let dir: string;
let printer: VirtualPrinter;
let hubProcess: ChildProcess | undefined;
let browser: Browser;
const contexts: BrowserContext[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Runs an antre command to its end, as the branch's IT person types it. */
function antre(...args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO, 'main/bin.mjs'), ...args], { cwd: dir });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** Starts `antre hub` and waits until it says where it listens. */
function startHubProcess(profile: string): Promise<{ url: string; output: () => string }> {
  const child = spawn(process.execPath, [path.join(REPO, 'main/bin.mjs'), 'hub', '--profile', profile], { cwd: dir });
  hubProcess = child;
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the hub did not start: ${out}`)), 20_000);
    const check = () => {
      const match = /Antre hub for .* at (http:\/\/[\d.]+:\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, output: () => out });
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => reject(new Error(`the hub exited with ${code}: ${out}`)));
  });
}

async function screen(url: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'id-ID' });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_MS);
  await page.goto(url);
  return page;
}

async function pairingCode(page: Page): Promise<string> {
  const code = page.getByTestId('pairing-code');
  await code.waitFor();
  return (await code.textContent())!.trim();
}

/** The supervisor approves a waiting screen from the device panel of the supervisor page. */
async function approve(supervisor: Page, code: string, name: string, choose: (page: Page) => Promise<void> = async () => undefined): Promise<void> {
  const pending = supervisor.getByTestId(`pending-${code}`);
  await pending.waitFor({ timeout: 15_000 });
  await pending.getByTestId('use-code').click();
  await supervisor.getByTestId('pair-name').fill(name);
  await choose(supervisor);
  await supervisor.getByTestId('pair-approve').click();
  await supervisor.getByTestId('device-list').locator('li', { hasText: name }).waitFor();
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'antre-deploy-'));
  printer = await startVirtualPrinter({ port: 0, outDir: path.join(dir, 'printed') });
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  hubProcess?.kill('SIGTERM');
  await printer?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('deploying a real branch', () => {
  it('from an empty PC to a ticket issued, printed, called and shown, with every screen paired from its own screen', async () => {
    const port = await freePort();
    const profile = path.join(dir, 'my-hub.json');
    fs.writeFileSync(profile, JSON.stringify({
      role: 'hub',
      hub: {
        branch: { id: 'cabang-makassar', name: 'BPJAMSOSTEK Cabang Makassar', timeZone: 'Asia/Makassar' },
        listen: { host: '127.0.0.1', port },
        dataDir: 'data',
        publicUrl: `http://127.0.0.1:${port}`,
        printers: [{ name: 'Printer lobi', address: `tcp://127.0.0.1:${printer.port}` }],
      },
    }, null, 2));

    expect(await antre('check-profile', profile)).toMatchObject({ code: 0, out: expect.stringContaining('ok (hub)') });
    const setup = await antre('setup', '--profile', profile);
    expect(setup.code).toBe(0);
    const setupUrl = /(http:\/\/127\.0\.0\.1:\d+\/setup\?code=[A-Z0-9-]+)/.exec(setup.out)?.[1];
    expect(setupUrl, setup.out).toBeDefined();
    expect(fs.existsSync(path.join(dir, 'data', 'branch.db'))).toBe(true);

    const hub = await startHubProcess(profile);
    expect(hub.url).toBe(`http://127.0.0.1:${port}`);
    // The hub keeps the setup address antre setup printed rather than making another.
    expect(hub.output()).toContain('open the setup address antre setup printed');

    // The first supervisor, from the setup address.
    const supervisor = await screen(setupUrl!, VIEWPORTS.desktop);
    await supervisor.getByTestId('setup-name').fill('PC Kepala Cabang');
    await supervisor.getByTestId('setup-submit').click();
    await supervisor.getByTestId('service-table').waitFor({ timeout: 15_000 });
    // The address is spent.
    const again = await screen(setupUrl!, VIEWPORTS.desktop);
    await again.getByTestId('setup-submit').click();
    await again.getByTestId('setup-error').waitFor();

    // Officers and positions, on the supervisor page's staff tab.
    await supervisor.getByTestId('tab-staff').click();
    const addPosition = async (kind: 'booth' | 'counter', label: string, id: string, services: string[]) => {
      await supervisor.getByTestId('position-add').click();
      await supervisor.getByTestId(`position-kind-${kind}`).check();
      await supervisor.getByTestId('position-label').fill(label);
      expect(await supervisor.getByTestId('position-id').inputValue()).toBe(id);
      for (const code of services) await supervisor.getByTestId(`position-service-${code}`).check();
      await supervisor.getByTestId('position-save').click();
      await supervisor.getByTestId(`position-row-${id}`).waitFor();
    };
    await addPosition('booth', 'Bilik 1', 'bilik-1', ['JHT', 'JKK']);
    await addPosition('counter', 'Loket 1', 'loket-1', ['JHT', 'INFO']);
    await supervisor.getByTestId('officer-add').click();
    await supervisor.getByTestId('officer-name').fill('Siti Rahmawati');
    expect(await supervisor.getByTestId('officer-id').inputValue()).toBe('siti-rahmawati');
    await supervisor.getByTestId('officer-pin-input').fill('4821');
    await supervisor.getByTestId('officer-save').click();
    await supervisor.getByTestId('officer-row-siti-rahmawati').waitFor();
    await supervisor.getByTestId('tab-live').click();

    // Every other screen pairs from its own screen.
    const kiosk = await screen(`${hub.url}/kiosk`, VIEWPORTS.kioskPortrait);
    await approve(supervisor, await pairingCode(kiosk), 'Kios lobi', async (p) => {
      await p.getByTestId('pair-printer').selectOption('hub:Printer lobi');
    });
    await kiosk.getByTestId('service-JHT').waitFor({ timeout: 15_000 });

    const display = await screen(`${hub.url}/display`, VIEWPORTS.tv);
    await approve(supervisor, await pairingCode(display), 'TV ruang tunggu');
    await display.waitForSelector('[data-testid=display-board] header', { timeout: 15_000 });

    const desk = await screen(`${hub.url}/console`, VIEWPORTS.tv);
    await approve(supervisor, await pairingCode(desk), 'Konsol Siti');
    await desk.getByTestId('signin-form').waitFor({ timeout: 15_000 });

    const booth = await screen(`${hub.url}/booth`, VIEWPORTS.kioskLandscape);
    await approve(supervisor, await pairingCode(booth), 'Layar bilik 1', async (p) => {
      await p.getByTestId('pair-position').selectOption('bilik-1');
    });
    await expect.poll(() => booth.getByTestId('booth-name').textContent(), { timeout: 15_000 }).toBe('Bilik 1');

    // No fault is left: every kiosk has a printer, every booth screen a booth.
    await expect.poll(() => supervisor.getByTestId('fault').allTextContents(), { timeout: STEP_MS }).toEqual([]);

    // A participant takes a ticket; the hub's network printer prints it.
    const number = await takeTicket(kiosk, 'JHT');
    expect(number).toBe('A001');
    const [job] = await printer.waitForJobs(1, 15_000);
    expect(job!.status).toBe('printed');
    expect(job!.lines.join('\n')).toContain('A001');

    // The officer signs in and calls it; the lobby shows it.
    await signInOnConsole(desk, 'siti-rahmawati', '4821', ['bilik-1']);
    await desk.getByTestId('position-bilik-1').getByTestId('call-next').click();
    await showsNewestCall(display, 'A001', 'Bilik 1');
    await screenshot(display, 'deploy-display-called-1920x1080');

    // Revoking the display sends it back to a pairing code at once.
    const row = supervisor.getByTestId('device-list').locator('li', { hasText: 'TV ruang tunggu' });
    await row.getByTestId('revoke-device').click();
    await supervisor.getByTestId('confirm-yes').click();
    await pairingCode(display);
  }, 120_000);
});
