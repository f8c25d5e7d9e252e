import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchBrowser, openPage, screenshot, VIEWPORTS } from './support/browser.js';
import { issue, MINUTE, signIn, startTestHub, STANDARD_SEED, type HubFixture } from '../support/hub-fixture.js';

/**
 * Real refusals of a real hub, as the console, the supervisor page and the kiosk show them: in the
 * page's language, worded from the refusal's reason and params, and never the hub's English message.
 */
let browser: Browser;
let fx: HubFixture | undefined;
const contexts: BrowserContext[] = [];
/** Script errors the pages threw: none is expected. */
let pageErrors: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  expect(pageErrors).toEqual([]);
  pageErrors = [];
  for (const context of contexts.splice(0)) await context.close();
  await fx?.close();
  fx = undefined;
});

async function open(hub: HubFixture, path: string, token: string, viewport: { width: number; height: number }): Promise<Page> {
  const { context, page } = await openPage(browser, hub.url, path, { token, viewport });
  contexts.push(context);
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.setDefaultTimeout(8_000);
  return page;
}

/** The element's text once it matches, with booking codes' non-breaking hyphens read as plain ones. */
async function shown(locator: Locator, expected: string | RegExp): Promise<string> {
  await expect.poll(async () => ((await locator.textContent()) ?? '').replaceAll('\u2011', '-').trim(), { timeout: 5_000 }).toMatch(expected instanceof RegExp ? expected : exactly(expected));
  return ((await locator.textContent()) ?? '').replaceAll('\u2011', '-').trim();
}

const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/** The hub's English sentence for the same refusal, asked over HTTP, to prove the page does not show it. */
async function hubMessage(hub: HubFixture, method: string, path: string, token: string, body?: unknown): Promise<string> {
  const res = await hub.api(method, path, { token, body });
  expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(400);
  return res.body.error.message as string;
}

async function expectNotOnPage(page: Page, message: string): Promise<void> {
  const text = (await page.locator('body').textContent()) ?? '';
  expect(text, 'the hub’s English message on the page').not.toContain(message);
}

describe('the officer console', () => {
  it('says a call into a counter that still holds a ticket in Indonesian, with the status in words, then in English', async () => {
    // A booth that holds a ticket is never offered a call (its participant is on screen); a counter still is.
    fx = await startTestHub({ seed: STANDARD_SEED });
    const page = await open(fx, '/console', fx.tokens.console, VIEWPORTS.desktop);
    await page.getByTestId('signin-officer-siti').check();
    await page.getByTestId('signin-pin').fill('1234');
    await page.getByTestId('signin-position-counter-1').check();
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('desk').waitFor();
    const first = await issue(fx, 'JHT');
    const second = await issue(fx, 'JHT');
    await page.getByTestId('position-counter-1').getByTestId('call-next').click();
    await shown(page.getByTestId('position-counter-1').getByTestId('ticket-number'), first.ticket.displayNumber);

    const callChosen = page.getByTestId('queue-JHT').locator(`[data-ticket-id="${second.ticket.id}"]`).getByTestId('call-chosen');
    await callChosen.click();
    const message = page.getByTestId('queue-message');
    await shown(message, `Di Loket 1 masih ada tiket ${first.ticket.displayNumber} yang dipanggil. Selesaikan, tandai tidak hadir, atau alihkan tiket itu dulu.`);
    const english = await hubMessage(fx, 'POST', '/positions/counter-1/call', fx.tokens.console, { ticketId: second.ticket.id });
    expect(english).toMatch(/still has ticket/);
    await expectNotOnPage(page, english);
    await screenshot(page, 'refusal-console-id');

    // Once the participant is in service, the same refusal says so.
    await page.getByTestId('position-counter-1').getByTestId('start').click();
    await shown(page.getByTestId('position-counter-1').getByTestId('position-status'), 'Dilayani');
    await callChosen.click();
    await shown(message, `Di Loket 1 masih ada tiket ${first.ticket.displayNumber} yang sedang dilayani. Selesaikan, tandai tidak hadir, atau alihkan tiket itu dulu.`);

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await shown(message, `Loket 1 still has ticket ${first.ticket.displayNumber} (being served). Finish it, mark it a no-show or transfer it first.`);
    await expectNotOnPage(page, await hubMessage(fx, 'POST', '/positions/counter-1/call', fx.tokens.console, { ticketId: second.ticket.id }));
    expect((await fx.api('GET', `/tickets/${second.ticket.id}`, { token: fx.tokens.supervisor })).body.ticket.status).toBe('waiting');
  });
});

describe('the supervisor page', () => {
  it('says an unknown pairing code in Indonesian, then in English', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    const page = await open(fx, '/supervisor', fx.tokens.supervisor, VIEWPORTS.desktop);
    await page.getByTestId('pair-code').fill('ZZZZZZ');
    await page.getByTestId('pair-role').selectOption('display');
    await page.getByTestId('pair-approve').click();
    const error = page.getByTestId('pair-error');
    await shown(error, 'Tidak ada perangkat yang menunggu dengan kode ZZZZZZ. Periksa kode di layar perangkat itu, atau minta kode baru.');
    const english = await hubMessage(fx, 'POST', '/devices/approve', fx.tokens.supervisor, { code: 'ZZZZZZ', role: 'display' });
    await expectNotOnPage(page, english);
    await error.scrollIntoViewIfNeeded();
    await screenshot(page, 'refusal-supervisor-id');

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await shown(error, "No device is waiting with code ZZZZZZ. Check the code on the device's screen, or ask it for a new one.");
    await expectNotOnPage(page, english);
  });

  it('says a ticket that went into service meanwhile cannot be cancelled, in Indonesian and in English', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    const hub = fx;
    await signIn(hub, 'siti', '1234', ['counter-1']);
    const page = await open(hub, '/supervisor', hub.tokens.supervisor, VIEWPORTS.desktop);

    /** Asks to cancel a waiting ticket; before the supervisor confirms, an officer calls it and starts serving it. */
    const cancelWhileServed = async (): Promise<{ number: string; ticketId: string }> => {
      const { ticket } = await issue(hub, 'INFO');
      const row = page.getByTestId(`waiting-ticket-${ticket.displayNumber}`);
      await row.getByTestId('cancel-ticket').click();
      await page.getByTestId('confirm-reason').fill('Salah layanan');
      const called = await hub.api('POST', '/positions/counter-1/call-next', { token: hub.tokens.console });
      expect(called.body.ticket.id).toBe(ticket.id);
      expect((await hub.api('POST', `/tickets/${ticket.id}/start`, { token: hub.tokens.console })).status).toBe(200);
      await page.getByTestId('confirm-yes').click();
      return { number: ticket.displayNumber, ticketId: ticket.id };
    };
    const finish = async (ticketId: string) => {
      expect((await hub.api('POST', `/tickets/${ticketId}/finish`, { token: hub.tokens.console, body: { outcome: 'completed' } })).status).toBe(200);
    };

    const first = await cancelWhileServed();
    const error = page.getByTestId('confirm-error');
    await shown(error, `Tiket ${first.number} tidak dapat dibatalkan lagi karena sedang dilayani.`);
    const english = await hubMessage(hub, 'POST', `/tickets/${first.ticketId}/cancel`, hub.tokens.supervisor, { reason: 'Salah layanan' });
    expect(english).toMatch(/can no longer be cancelled/);
    await expectNotOnPage(page, english);
    await page.getByTestId('confirm-no').click();
    await finish(first.ticketId);

    await page.getByRole('button', { name: 'Switch to English' }).click();
    const second = await cancelWhileServed();
    await shown(error, `Ticket ${second.number} can no longer be cancelled: it is being served.`);
    await expectNotOnPage(page, await hubMessage(hub, 'POST', `/tickets/${second.ticketId}/cancel`, hub.tokens.supervisor, { reason: 'x' }));
    expect((await hub.api('GET', `/tickets/${second.ticketId}`, { token: hub.tokens.supervisor })).body.ticket.status).toBe('serving');
  });
});

describe('the ticket kiosk', () => {
  const TODAY = '2025-03-10';
  const at = (time: string) => Date.parse(`${TODAY}T${time}:00+07:00`);

  async function openKiosk(hub: HubFixture): Promise<Page> {
    const page = await open(hub, '/kiosk', hub.tokens.kiosk, VIEWPORTS.kioskPortrait);
    await page.getByTestId('service-JHT').waitFor({ timeout: 10_000 });
    return page;
  }

  /** Taps a service that is open on screen; the hub turns it away before the participant confirms. */
  async function refusedAfterTap(page: Page, serviceCode: string, turnAway: () => Promise<unknown>): Promise<void> {
    await page.getByTestId(`service-${serviceCode}`).click();
    await page.getByTestId('kiosk-take-ticket').waitFor();
    await turnAway();
    await page.getByTestId('kiosk-take-ticket').click();
    await page.getByTestId('kiosk-refusal').waitFor();
  }

  it('says the hub’s quota_full, service_closed and booking_used in Indonesian, and in English one tap away', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    const hub = fx;
    const sup = hub.tokens.supervisor;
    const page = await openKiosk(hub);
    const headline = page.getByTestId('refusal-reason');
    const startOver = async () => {
      await page.getByTestId('kiosk-start-over').click();
      await page.getByTestId('service-JHT').waitFor();
    };

    await refusedAfterTap(page, 'JKM', () => hub.api('PUT', '/services/JKM/quota-today', { token: sup, body: { quota: 0 } }));
    await shown(headline, 'Kuota hari ini untuk Klaim JKM sudah habis.');
    await expectNotOnPage(page, await hubMessage(hub, 'POST', '/tickets', hub.tokens.kiosk, { serviceCode: 'JKM' }));
    await screenshot(page, 'refusal-kiosk-id');
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await shown(headline, "Today's quota for Death benefit claim is used up.");
    await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click();
    await startOver();

    await refusedAfterTap(page, 'JP', () => hub.api('PUT', '/services/JP/open', { token: sup, body: { isOpen: false } }));
    await shown(headline, 'Layanan Klaim JP tutup hari ini.');
    await expectNotOnPage(page, await hubMessage(hub, 'POST', '/tickets', hub.tokens.kiosk, { serviceCode: 'JP' }));
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await shown(headline, 'Pension claim is closed today.');
    await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click();
    await startOver();

    const booked = await hub.api('POST', '/bookings', { token: sup, body: { bookings: [{ code: 'USED-7001', serviceCode: 'JHT', slotStart: at('09:00'), slotEnd: at('09:00') + 30 * MINUTE }] } });
    expect(booked.status).toBe(200);
    expect((await hub.api('POST', '/tickets/check-in', { token: hub.tokens.kiosk, body: { bookingCode: 'USED-7001' } })).status).toBe(201);
    // A keyboard-wedge scanner types the code and Enter.
    await page.keyboard.type('USED-7001', { delay: 5 });
    await page.keyboard.press('Enter');
    // The code is checked before any question: the refusal comes at once.
    await page.getByTestId('kiosk-refusal').waitFor();
    await shown(headline, 'Booking USED-7001 sudah dipakai untuk check-in.');
    const english = await hubMessage(hub, 'POST', '/tickets/check-in', hub.tokens.kiosk, { bookingCode: 'USED-7001' });
    expect(english).toMatch(/already checked in/);
    await expectNotOnPage(page, english);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await shown(headline, 'Booking USED-7001 has already been checked in.');
  });
});
