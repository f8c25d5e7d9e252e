import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { accessibilityProblems, launchBrowser, openPage, screenshot, VIEWPORTS } from './support/browser.js';
import { startTestHub, STANDARD_SEED, type HubFixture } from '../support/hub-fixture.js';

/**
 * Pairing from every screen, in Chromium against a real hub: an unpaired screen shows its code,
 * the supervisor approves it from the supervisor page, the screen opens its page by itself; a
 * revoked screen goes back to a new code at once.
 */
let browser: Browser;
let fx: HubFixture;
const contexts: BrowserContext[] = [];
const STEP_MS = 10_000;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  fx = await startTestHub({ seed: STANDARD_SEED });
});
afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
  await fx?.close();
});

async function open(path: string, viewport: { width: number; height: number }, token?: string): Promise<Page> {
  const { context, page } = await openPage(browser, fx.url, path, { viewport, token });
  contexts.push(context);
  page.setDefaultTimeout(STEP_MS);
  return page;
}

async function shownCode(screen: Page): Promise<string> {
  const code = (await screen.getByTestId('pairing-code').textContent())?.trim() ?? '';
  expect(code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
  return code;
}

async function approveOnSupervisorPage(supervisor: Page, code: string, choose: (page: Page) => Promise<void>, name: string): Promise<void> {
  const pending = supervisor.getByTestId(`pending-${code}`);
  await pending.waitFor();
  await pending.getByTestId('use-code').click();
  expect(await supervisor.getByTestId('pair-code').inputValue()).toBe(code);
  await supervisor.getByTestId('pair-name').fill(name);
  await choose(supervisor);
  await supervisor.getByTestId('pair-approve').click();
}

describe('pairing from the screen itself', () => {
  it('a kiosk shows its code in Indonesian, is approved with its printer, opens the kiosk, and goes back to a new code when revoked', async () => {
    const kiosk = await open('/kiosk', VIEWPORTS.kioskPortrait);
    await kiosk.getByTestId('pairing-status').and(kiosk.locator('[data-phase=waiting]')).waitFor();
    expect(await kiosk.locator('h1').textContent()).toBe('Layar ini belum dipasangkan');
    const code = await shownCode(kiosk);
    await screenshot(kiosk, 'pairing-kiosk-1080x1920');
    expect(await accessibilityProblems(kiosk)).toEqual([]);

    const supervisor = await open('/supervisor', VIEWPORTS.desktop, fx.tokens.supervisor);
    await supervisor.getByTestId('service-table').waitFor();
    await approveOnSupervisorPage(supervisor, code, async (p) => {
      // The role the screen asked for is chosen already; the kiosk's own agent prints by default.
      expect(await p.getByTestId('pair-role').inputValue()).toBe('kiosk');
      expect(await p.getByTestId('pair-printer').inputValue()).toBe('agent');
    }, 'Kios lobi');

    // The kiosk opens its page without anyone touching it.
    await kiosk.getByTestId('service-JHT').waitFor({ timeout: 15_000 });
    expect(new URL(kiosk.url()).pathname).toBe('/kiosk');

    // Its agent is not paired yet: the supervisor reads that its tickets are not printed.
    await supervisor.getByTestId('fault').filter({ hasText: 'Kios “Kios lobi”: agen printernya belum dipasangkan' }).waitFor();

    const row = supervisor.getByTestId('device-list').locator('li', { hasText: 'Kios lobi' });
    await row.getByTestId('revoke-device').click();
    await supervisor.getByTestId('confirm-yes').click();
    await kiosk.getByTestId('pairing-code').waitFor({ timeout: 15_000 });
    const newCode = await shownCode(kiosk);
    expect(newCode).not.toBe(code);
  });

  it('a lobby TV and a booth screen pair the same way; the booth is approved for its booth and says which it is', async () => {
    const tv = await open('/display', VIEWPORTS.tv);
    const booth = await open('/booth', VIEWPORTS.kioskLandscape);
    const tvCode = await shownCode(tv);
    const boothCode = await shownCode(booth);
    await screenshot(tv, 'pairing-display-1920x1080');

    const supervisor = await open('/supervisor', VIEWPORTS.desktop, fx.tokens.supervisor);
    await supervisor.getByTestId('service-table').waitFor();
    await approveOnSupervisorPage(supervisor, tvCode, async () => undefined, 'TV ruang tunggu');
    await tv.waitForSelector('[data-testid=display-board] header', { timeout: 15_000 });

    await approveOnSupervisorPage(supervisor, boothCode, async (p) => {
      expect(await p.getByTestId('pair-role').inputValue()).toBe('booth');
      await p.getByTestId('pair-position').selectOption('booth-2');
    }, 'Layar bilik 2');
    await expect.poll(() => booth.getByTestId('booth-name').textContent(), { timeout: 15_000 }).toBe('Bilik 2');
  });

  it('is in English one tap away; the supervisor decides the role, and the screen opens that page', async () => {
    const screen = await open('/console', VIEWPORTS.desktop);
    await shownCode(screen);
    await screen.getByRole('button', { name: 'Switch to English' }).click();
    expect(await screen.locator('h1').textContent()).toBe('This screen is not paired yet');
    const code = await shownCode(screen);
    const approved = await fx.api('POST', '/devices/approve', { token: fx.tokens.supervisor, body: { code, role: 'display' } });
    expect(approved.status).toBe(200);
    // Approved as a display although it opened the console: it opens the display.
    await screen.waitForURL(/\/display$/, { timeout: 15_000 });
  });
});

describe('setting up a new branch', () => {
  it('the setup address makes this browser the first supervisor and opens the supervisor page', async () => {
    const { code } = fx.hub.setup.createCode();
    const page = await open(`/setup?code=${code}`, VIEWPORTS.desktop);
    await page.getByTestId('setup-form').waitFor();
    expect(await page.getByTestId('setup-code').inputValue()).toBe(code);
    await screenshot(page, 'setup-1440x900');
    await page.getByTestId('setup-name').fill('PC Kepala Cabang');
    await page.getByTestId('setup-submit').click();
    await page.getByTestId('service-table').waitFor({ timeout: 15_000 });
    const devices = (await fx.api('GET', '/devices', { token: fx.tokens.supervisor })).body.devices as { name: string; role: string }[];
    expect(devices).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'PC Kepala Cabang', role: 'supervisor' })]));
  });
});
