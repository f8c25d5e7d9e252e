import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startHeadquarters, type Headquarters, type HqUnderTest } from '../sync/hq-under-test.js';
import { eventually, startSyncedBranch, type SyncedBranch } from '../sync/sync-fixture.js';
import { accessibilityProblems, launchBrowser, openPage, screenshot, VIEWPORTS } from './support/browser.js';

/**
 * The supervisor page's headquarters panel against a real hub syncing with a headquarters under
 * test: connected, then failing with the reason in words (and, once it lasts, at the top of the
 * page), in Indonesian and in English, then connected again.
 */
let browser: Browser;
let headquarters: Headquarters;
let hq: HqUnderTest | undefined;
let branch: SyncedBranch | undefined;
let page: Page | undefined;

beforeAll(async () => {
  browser = await launchBrowser();
  headquarters = await startHeadquarters();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await headquarters?.close();
}, 60_000);
afterEach(async () => {
  await page?.context().close();
  page = undefined;
  await branch?.close();
  branch = undefined;
  await hq?.close();
  hq = undefined;
});

const text = async (testId: string) => ((await page!.getByTestId(testId).textContent()) ?? '').replace(/\s+/g, ' ').trim();

/** Waits until the element's text passes the check; the page reloads the overview after every event. */
async function expectText(testId: string, expected: string | RegExp): Promise<void> {
  await eventually(async () => {
    const now = await text(testId);
    if (typeof expected === 'string') expect(now).toBe(expected);
    else expect(now).toMatch(expected);
  });
}

describe('the supervisor page shows the sync with headquarters', () => {
  it('connected, failing with why and how much waits, then connected again; in Indonesian and English', { timeout: 180_000 }, async () => {
    hq = await headquarters.branch();
    const b = (branch = await startSyncedBranch(hq, { start: '2025-03-10T09:00:00+07:00' }));
    const issue = async () => expect((await b.api('POST', '/tickets', b.kiosk, { serviceCode: 'JHT' })).status).toBe(201);
    await eventually(() => expect(b.hub.sync!.status()).toMatchObject({ connected: true, waiting: 0 }));
    ({ page } = await openPage(browser, b.hub.url, '/supervisor', { token: b.supervisor, viewport: VIEWPORTS.desktop }));
    await page.getByTestId('sync-panel').waitFor();
    await expectText('sync-state', 'Terhubung');
    await expectText('sync-lastSuccess', 'Terakhir berhasil 09:00');
    await expectText('sync-waiting', 'Menunggu dikirim 0 kejadian');

    // Headquarters' server breaks; the branch goes on issuing tickets.
    hq.fault = 'error_500';
    b.clock.set('2025-03-10T09:10:00+07:00');
    await issue();
    await eventually(() => expect(b.hub.sync!.status().failure?.reason).toBe('server_error'));
    await issue();
    await expectText('sync-state', 'Tidak terhubung');
    await expectText('sync-lastFailure', 'Gagal terakhir 09:10: server kantor pusat sedang bermasalah');
    await expectText('sync-waiting', /^Menunggu dikirim [1-9]\d* kejadian$/);
    expect(await text('sync-nextTry')).toMatch(/^Dicoba lagi pukul 09:10 \(percobaan ke-\d+\)$/);
    // A short failure is not yet a warning at the top of the page.
    expect(await page.getByTestId('fault').allTextContents()).not.toContainEqual(expect.stringContaining('Kantor pusat'));

    // Three minutes on, it is.
    b.clock.set('2025-03-10T09:13:00+07:00');
    await eventually(() => expect(b.hub.sync!.status().failure?.at).toBe(b.clock.now()));
    await issue();
    await eventually(async () =>
      expect((await page!.getByTestId('fault').allTextContents()).join('\n')).toMatch(
        /Kantor pusat tidak terhubung sejak 09:10: server kantor pusat sedang bermasalah\. \d+ kejadian menunggu dikirim; antrean cabang tetap berjalan/,
      ),
    );
    await screenshot(page, 'supervisor-sync-failing-id');
    await page.getByTestId('sync-panel').scrollIntoViewIfNeeded();
    await screenshot(page, 'supervisor-sync-panel-failing-id');
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expectText('sync-state', 'Not connected');
    await expectText('sync-lastFailure', "Last failure 09:13: headquarters' server has a problem");
    expect((await page.getByTestId('fault').allTextContents()).join('\n')).toMatch(/Headquarters not connected since 09:10: headquarters' server has a problem\. \d+ events wait to be sent/);
    await screenshot(page, 'supervisor-sync-failing-en');

    hq.fault = 'none';
    await eventually(() => expect(b.hub.sync!.status()).toMatchObject({ connected: true, waiting: 0 }));
    await issue();
    await expectText('sync-state', 'Connected');
    await expectText('sync-waiting', 'Waiting to be sent 0 events');
    expect(await page.getByTestId('sync-lastFailure').count()).toBe(0);
    expect((await page.getByTestId('fault').allTextContents()).join('\n')).not.toContain('Headquarters');
  });
});
