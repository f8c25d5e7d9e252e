import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronBinary } from '../../scripts/electron-binary.mjs';

/**
 * The app itself, driven by Playwright's _electron: one PC running the hub, a kiosk and the lobby
 * display. Needs Electron's binary, which this machine cannot download: then every test here is
 * skipped, and the describe's title says so and why.
 */
const REPO = resolve(import.meta.dirname, '..', '..');
const binary = electronBinary();
const skipped = 'missing' in binary ? ` (SKIPPED: no Electron binary here: ${binary.missing})` : '';
if (skipped) console.warn(`test/electron/app-in-electron.test.ts${skipped}`);

describe.skipIf('missing' in binary)(`the app in Electron${skipped}`, () => {
  let dir: string;
  let electronApp: ElectronApplication;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'antre-electron-'));
    const profile = {
      role: 'station',
      name: 'PC cabang',
      hub: { branch: { id: 'cabang-uji', name: 'Cabang Uji', timeZone: 'Asia/Jakarta' }, listen: { host: '127.0.0.1', port: 18_443 }, dataDir: 'data', https: {} },
      windows: [
        { role: 'kiosk', name: 'Kios' },
        { role: 'display', name: 'TV lobi' },
      ],
    };
    writeFileSync(join(dir, 'station.json'), JSON.stringify(profile));
    electronApp = await _electron.launch({ executablePath: (binary as { path: string }).path, args: [REPO, '--profile', join(dir, 'station.json')], env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' } });
  }, 60_000);

  afterAll(async () => {
    await electronApp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens the kiosk locked and the display full screen, both sandboxed, showing the pairing page of its own hub over HTTPS', async () => {
    const kiosk = await electronApp.firstWindow();
    await kiosk.waitForURL(/^https:\/\/127\.0\.0\.1:18443\/kiosk/, { timeout: 30_000 });
    await expect(kiosk.getByText(/belum dipasangkan/i).first()).toBeDefined();
    const windows = await electronApp.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows().map((w) => ({ title: w.getTitle(), kiosk: w.isKiosk(), fullScreen: w.isFullScreen() })),
    );
    expect(windows.find((w) => w.title.includes('Kios'))).toMatchObject({ kiosk: true });
    expect(windows.find((w) => w.title.includes('TV lobi'))).toMatchObject({ kiosk: false, fullScreen: true });
    // No Node in the page, and of the preload only what it exposed.
    const page = await kiosk.evaluate(() => {
      const g = globalThis as unknown as Record<string, unknown>;
      return { require: typeof g.require, process: typeof g.process, ipc: typeof g.ipcRenderer, shell: Object.keys((g.antreShell as object) ?? {}) };
    });
    expect(page).toEqual({ require: 'undefined', process: 'undefined', ipc: 'undefined', shell: ['askToLeave'] });
  });

  it('refuses to leave the hub: a link elsewhere does not load, and window.open opens nothing', async () => {
    const kiosk = await electronApp.firstWindow();
    const before = kiosk.url();
    // Each function runs in the page, so it names the page's globals itself.
    await kiosk.evaluate(() => void ((globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/'));
    await kiosk.waitForTimeout(500);
    expect(kiosk.url()).toBe(before);
    expect(await kiosk.evaluate(() => (globalThis as unknown as { open(url: string): unknown }).open('https://example.com/'))).toBeNull();
  });
});
