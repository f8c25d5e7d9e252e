import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, openPage, screenshot, VIEWPORTS } from './support/browser.js';
import { STANDARD_SEED, startTestHub, type HubFixture } from '../support/hub-fixture.js';

/**
 * A full disk as the people in the branch meet it, in Chromium against a real hub whose database
 * cannot grow (SQLite's max_page_count at its size: a genuine SQLITE_FULL). The participant at the
 * kiosk is told plainly that tickets cannot be taken now and to ask an officer; the supervisor
 * reads that the hub's disk is full and which folder to free; both clear once space is back.
 */
let browser: Browser;
let fx: HubFixture;
const open: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  fx = await startTestHub({ seed: STANDARD_SEED });
});
afterAll(async () => {
  for (const context of open) await context.close().catch(() => undefined);
  await browser?.close();
  await fx?.close();
});

async function openRole(role: 'kiosk' | 'supervisor'): Promise<Page> {
  const { context, page } = await openPage(browser, fx.url, `/${role}`, { token: fx.tokens[role], viewport: role === 'kiosk' ? VIEWPORTS.kioskPortrait : VIEWPORTS.desktop });
  open.push(context);
  page.setDefaultTimeout(8_000);
  return page;
}

/** Fills what is left of the database's pages, so that the next ticket fails for lack of space. */
async function fillDisk(): Promise<number> {
  const pages = fx.hub.db.pragma('page_count', { simple: true }) as number;
  fx.hub.db.pragma(`max_page_count = ${pages}`);
  for (let i = 0; i < 300; i++) {
    const res = await fx.api('POST', '/tickets', { token: fx.tokens.kiosk, body: { serviceCode: 'INFO' } });
    if (res.status === 503) return pages;
    expect(res.status).toBe(201);
  }
  throw new Error('the database never filled up');
}

describe('a full disk at the kiosk and on the supervisor page', () => {
  it('the kiosk says tickets cannot be taken now and to ask an officer; the supervisor reads that the disk is full; both clear once space is back', async () => {
    const kiosk = await openRole('kiosk');
    await kiosk.getByTestId('service-JHT').waitFor({ timeout: 10_000 });
    const pages = await fillDisk();

    await kiosk.getByTestId('service-JHT').click();
    await kiosk.getByTestId('kiosk-take-ticket').click();
    const refusal = kiosk.getByTestId('kiosk-refusal');
    await refusal.waitFor();
    expect((await kiosk.getByTestId('refusal-reason').textContent())?.trim()).toBe('Tiket tidak dapat diambil saat ini.');
    expect((await kiosk.getByTestId('refusal-alternatives').textContent())?.trim()).toBe('Tanyakan kepada petugas di meja informasi.');
    await screenshot(kiosk, 'kiosk-storage-full-1080x1920');
    await kiosk.getByRole('button', { name: 'Switch to English' }).click();
    expect((await kiosk.getByTestId('refusal-reason').textContent())?.trim()).toBe('Tickets cannot be issued right now.');
    expect((await kiosk.getByTestId('refusal-alternatives').textContent())?.trim()).toBe('Ask an officer at the information desk.');

    const supervisor = await openRole('supervisor');
    const full = supervisor.getByTestId('fault').filter({ hasText: 'Disk hub penuh' });
    await full.waitFor();
    expect((await full.textContent())?.trim()).toBe(
      `! Gangguan: Disk hub penuh sejak 09:00: tiket dan perubahan tidak dapat disimpan, kios tidak dapat menerbitkan tiket. Kosongkan ruang pada disk folder data hub (${fx.dataDir}).`,
    );
    expect(await full.getAttribute('data-level')).toBe('fault');
    await screenshot(supervisor, 'supervisor-storage-full-1440x900');
    await supervisor.getByRole('button', { name: 'Switch to English' }).click();
    await supervisor.getByTestId('fault').filter({ hasText: "The hub's disk has been full since 09:00" }).waitFor();

    // Space is back: the next ticket is issued, and the supervisor's list loses the fault with that event.
    fx.hub.db.pragma(`max_page_count = ${pages * 1000}`);
    await kiosk.getByTestId('kiosk-start-over').click();
    await kiosk.getByTestId('service-JHT').click();
    await kiosk.getByTestId('kiosk-take-ticket').click();
    await kiosk.getByTestId('ticket-number').waitFor();
    await expect.poll(() => supervisor.getByTestId('fault').filter({ hasText: "The hub's disk" }).count(), { timeout: 8_000 }).toBe(0);
  });
});
