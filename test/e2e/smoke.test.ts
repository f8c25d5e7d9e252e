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

  it('shows a device without a token its pairing code, in Indonesian', async () => {
    const { context, page } = await openPage(browser, fx.url, '/kiosk');
    expect(await page.textContent('h1')).toBe('Layar ini belum dipasangkan');
    await page.getByTestId('pairing-code').waitFor();
    await context.close();
  });
});
