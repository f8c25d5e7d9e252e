import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import axe from 'axe-core';

/**
 * Debian's Chromium driven by playwright-core: the browser the branch's TVs and kiosks run.
 * The flags keep it from reaching for the network this machine does not have.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = resolve(import.meta.dirname, '..', '..', '..', 'test-artifacts');

export const VIEWPORTS = {
  kioskPortrait: { width: 1080, height: 1920 },
  kioskLandscape: { width: 1920, height: 1080 },
  tv: { width: 1920, height: 1080 },
  tv4k: { width: 3840, height: 2160 },
  desktop: { width: 1440, height: 900 },
  phone: { width: 390, height: 844 },
} as const;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
      '--autoplay-policy=no-user-gesture-required',
      // A lobby TV or a kiosk is never a background tab: do not let Chromium slow its timers down.
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
    ],
  });
}

/**
 * A page opened the way a paired device opens it: `/<role>?token=...` sets the device cookie
 * and lands on `/<role>`. With no token the page is opened as is (the public display).
 */
export async function openPage(
  browser: Browser,
  url: string,
  path: string,
  options: { token?: string; viewport?: { width: number; height: number } } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: options.viewport ?? VIEWPORTS.desktop, locale: 'id-ID' });
  const page = await context.newPage();
  const target = options.token ? `${url}${path}?token=${encodeURIComponent(options.token)}` : `${url}${path}`;
  await page.goto(target, { waitUntil: 'load' });
  return { context, page };
}

/** Saves a screenshot under test-artifacts/screenshots, for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = join(ARTIFACTS, 'screenshots');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

const IMPACTS = ['minor', 'moderate', 'serious', 'critical'] as const;

/**
 * axe-core in the page; returns the violations of at least `least` impact (serious and critical
 * unless said; 'minor' for all of them), described for a failure message.
 */
export async function accessibilityProblems(page: Page, least: (typeof IMPACTS)[number] = 'serious'): Promise<string[]> {
  await page.addScriptTag({ content: axe.source });
  const result = await page.evaluate(async () => {
    const run = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe.run;
    return run(document, { resultTypes: ['violations'] });
  });
  return result.violations
    .filter((v) => IMPACTS.indexOf(v.impact as (typeof IMPACTS)[number]) >= IMPACTS.indexOf(least))
    .map((v) => `${v.impact}: ${v.id} (${v.help}) at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}
