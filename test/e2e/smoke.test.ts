import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage } from './support/browser.js';
import { startTestHub, STANDARD_SEED, type HubFixture } from '../support/hub-fixture.js';

/** The built pages load in Chromium from a real hub, and an unpaired device is told so. */
let browser: Browser;
let fx: HubFixture;
beforeAll(async () => {
  browser = await launchBrowser();
  fx = await startTestHub({ seed: STANDARD_SEED, publicDisplay: true });
});
afterAll(async () => {
  await browser?.close();
  await fx?.close();
});

describe('pages in Chromium', () => {
  it('serves every role its built app, with its scripts', async () => {
    for (const role of ['kiosk', 'display', 'console', 'supervisor', 'booth'] as const) {
      const { context, page } = await openPage(browser, fx.url, `/${role}`, { token: fx.tokens[role] });
      expect(new URL(page.url()).pathname).toBe(`/${role}`);
      await page.waitForSelector('main');
      expect(await page.locator('script[type=module]').count()).toBeGreaterThan(0);
      await context.close();
    }
  });

  it('tells a device without a token that it is not paired', async () => {
    const { context, page } = await openPage(browser, fx.url, '/kiosk');
    expect(await page.textContent('h1')).toContain('Device not paired');
    await context.close();
  });
});
