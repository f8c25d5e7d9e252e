import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { BranchSnapshot, IssuedTicketResponse, PrintJobMessage } from '../../main/wire/schemas.js';
import { accessibilityProblems, launchBrowser, openPage, screenshot, VIEWPORTS } from './support/browser.js';
import { MINUTE, startTestHub, STANDARD_SEED, type HubFixture } from '../support/hub-fixture.js';

/**
 * The kiosk's paper ticket and its scanner, in Chromium against a real hub. The test plays the
 * kiosk's device agent with the kiosk's own token: it starts each print job and reports how it
 * went, and passes scanned codes on, as the agent does with the real printer and scanner.
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

const TODAY = '2025-03-10';
const at = (day: string, time: string) => Date.parse(`${day}T${time}:00+07:00`);

async function openKiosk(options: { token?: string; viewport?: { width: number; height: number }; fakeClock?: boolean } = {}): Promise<Page> {
  const { context, page } = await openPage(browser, fx.url, '/kiosk', { token: options.token ?? fx.tokens.kiosk, viewport: options.viewport ?? VIEWPORTS.kioskPortrait });
  open.push(context);
  page.setDefaultTimeout(8_000);
  if (options.fakeClock) {
    await page.clock.install();
    await page.reload();
  }
  await page.getByTestId('service-JHT').waitFor({ timeout: 10_000 });
  return page;
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await accessibilityProblems(page)).toEqual([]);
}

/** Confirms the priority screen and returns what the hub answered the kiosk. */
async function takeTicket(page: Page): Promise<IssuedTicketResponse> {
  const answer = page.waitForResponse((r) => /\/api\/v1\/tickets(\/check-in)?$/.test(r.url()) && r.request().method() === 'POST');
  await page.getByTestId('kiosk-take-ticket').click();
  const issued = (await (await answer).json()) as IssuedTicketResponse;
  await page.getByTestId('ticket-number').waitFor();
  expect(await page.getByTestId('ticket-number').textContent()).toBe(issued.ticket.displayNumber);
  return issued;
}

/** The device agent's side of one print job. */
const agent = {
  async start(jobId: string, token = fx.tokens.kiosk): Promise<void> {
    expect((await fx.api('POST', `/print-jobs/${jobId}/start`, { token })).status).toBe(200);
  },
  async result(jobId: string, body: object, token = fx.tokens.kiosk): Promise<void> {
    expect((await fx.api('POST', `/print-jobs/${jobId}/result`, { token, body })).status).toBe(200);
  },
  async scan(code: string, token = fx.tokens.kiosk): Promise<void> {
    expect((await fx.api('POST', '/scans', { token, body: { code } })).status).toBe(202);
  },
  async openJobs(token = fx.tokens.kiosk): Promise<PrintJobMessage[]> {
    return (await fx.api<{ jobs: PrintJobMessage[] }>('GET', '/print-jobs', { token })).body.jobs;
  },
};

/**
 * Stops the page's clock (a moment ahead, as pausing cannot go back): from then on only the test
 * moves it. axe-core waits on timers, so accessibility is checked before this.
 */
async function freeze(page: Page): Promise<void> {
  await page.clock.pauseAt(await page.evaluate(() => Date.now() + 500));
}

/** The seconds the countdown under the ticket shows. */
async function countdown(page: Page): Promise<number> {
  return Number((await page.getByTestId('ticket-countdown').textContent())!.match(/\d+/)![0]);
}

/** With the clock frozen: the ticket stays until its countdown runs out, and not a moment longer. */
async function expectTicketFor(page: Page, seconds: number): Promise<void> {
  await page.clock.fastForward(seconds * 1000 - 1_050);
  expect(await page.getByTestId('kiosk-ticket').isVisible()).toBe(true);
  await page.clock.fastForward(1_100);
  await page.getByTestId('service-JHT').waitFor({ timeout: 2_000 });
}

const paper = (page: Page) => page.getByTestId('ticket-print');
const paperState = (page: Page) => paper(page).getAttribute('data-state');

async function seedBooking(code: string, serviceCode: string, time: string): Promise<void> {
  const slotStart = at(TODAY, time);
  const res = await fx.api('POST', '/bookings', { token: fx.tokens.supervisor, body: { bookings: [{ code, serviceCode, slotStart, slotEnd: slotStart + 30 * MINUTE }] } });
  expect(res.status).toBe(200);
}

describe('the paper ticket', () => {
  it('says the ticket is printing, then to take it once the printer confirmed it, and leaves after the normal time', async () => {
    const page = await openKiosk({ fakeClock: true });
    await page.getByTestId('service-JHT').click();
    const issued = await takeTicket(page);
    expect(issued.printJobId).not.toBeNull();
    const jobId = issued.printJobId!;
    expect(await paperState(page)).toBe('printing');
    expect(await paper(page).textContent()).toContain('Mencetak tiket…');
    expect((await agent.openJobs()).map((j) => j.job.id)).toContain(jobId);
    await screenshot(page, 'kiosk-ticket-printing');
    await expectAccessible(page);

    await agent.start(jobId);
    await page.waitForTimeout(300);
    expect(await paperState(page)).toBe('printing');
    await agent.result(jobId, { printed: true, warning: null });
    await expect.poll(() => paperState(page)).toBe('printed');
    expect((await paper(page).textContent())!.trim()).toBe('✓Silakan ambil tiket Anda');
    expect(await page.getByTestId('ticket-qr-hint').textContent()).toBe('Pindai kode QR ini untuk memantau antrean di ponsel.');
    await screenshot(page, 'kiosk-ticket-printed');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Switch to English' }).click();
    expect((await paper(page).textContent())!.trim()).toBe('✓Please take your ticket');
    // The service with its programme's acronym and name, and the documents, in English.
    expect(await page.getByTestId('ticket-service').textContent()).toBe('Old-age savings claim');
    expect(await page.getByTestId('ticket-programme').textContent()).toBe('JHT · Jaminan Hari Tua');
    expect(await page.getByTestId('ticket-documents').getByRole('heading').textContent()).toBe('Bring these original documents');
    expect((await page.getByTestId('ticket-documents').locator('li').allTextContents()).map((t) => t.trim())).toEqual([
      'ID card (KTP)',
      'Participant card (KPJ)',
      'Letter of termination or work reference (paklaring)',
      'Bank book',
      'Family card (KK)',
      'Claim form',
      'Tax number (NPWP), above Rp 50 million',
    ]);
    await screenshot(page, 'kiosk-ticket-printed-en');

    // The normal ten seconds from the tap, then the start screen, in Indonesian.
    await freeze(page);
    const left = await countdown(page);
    expect(left).toBeLessThanOrEqual(10);
    await expectTicketFor(page, left);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('id');
  });

  it('keeps a ticket whose print failed on screen longer, valid, with a large QR code to photograph, and follows a reprint', async () => {
    const page = await openKiosk({ fakeClock: true });
    await page.getByTestId('service-JKK').click();
    const issued = await takeTicket(page);
    const jobId = issued.printJobId!;
    await agent.start(jobId);
    await agent.result(jobId, { printed: false, reason: 'paper_out' });
    await expect.poll(() => paperState(page)).toBe('failed');

    const words = (await paper(page).textContent())!;
    expect(words).toContain('Printer sedang bermasalah');
    expect(words).toContain('Nomor antrean Anda tetap berlaku');
    expect(words).toContain('Petugas sudah diberi tahu');
    // Nothing about the ticket itself says it failed: the number, its service and the QR code stay.
    expect(await page.getByTestId('ticket-number').textContent()).toBe(issued.ticket.displayNumber);
    expect(await page.getByTestId('ticket-service').textContent()).toBe('Klaim JKK');
    expect(await page.getByTestId('ticket-qr-hint').textContent()).toBe('Foto kode QR ini dengan ponsel Anda, atau catat nomor antrean Anda.');
    const qr = await page.getByTestId('ticket-qr').boundingBox();
    expect(qr!.width).toBeGreaterThanOrEqual(400);
    expect(await page.getByTestId('ticket-qr').getAttribute('data-url')).toBe(`${fx.url}/t/${issued.statusCode}`);
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(VIEWPORTS.kioskPortrait.height);
    await screenshot(page, 'kiosk-ticket-print-failed');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Switch to English' }).click();
    expect(await paper(page).textContent()).toContain('The printer has a problem');
    expect(await paper(page).textContent()).toContain('Your queue number is valid');
    await screenshot(page, 'kiosk-ticket-print-failed-en');
    await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click();

    // Past the normal ten seconds the ticket is still there, and still waiting in the queue.
    await freeze(page);
    await page.clock.fastForward(11_000);
    expect(await page.getByTestId('kiosk-ticket').isVisible()).toBe(true);
    expect(await paperState(page)).toBe('failed');
    expect(await countdown(page)).toBeGreaterThan(0);
    const state = await fx.api<BranchSnapshot>('GET', '/state', { token: fx.tokens.supervisor });
    const waiting = state.body.queues.find((q) => q.service.code === 'JKK')!.waiting;
    expect(waiting.find((t) => t.id === issued.ticket.id)).toMatchObject({ displayNumber: issued.ticket.displayNumber, status: 'waiting' });

    // A scan now would take the screen from the one participant who has no paper: it is ignored.
    // The supervisor's reprint that follows on the stream shows the scan was seen by then.
    await seedBooking('IGNORED-1', 'JHT', '09:15');
    await agent.scan('IGNORED-1');
    const reprint = await fx.api('POST', `/tickets/${issued.ticket.id}/reprint`, { token: fx.tokens.supervisor, body: {} });
    expect(reprint.status).toBe(201);
    await expect.poll(() => paperState(page)).toBe('printing');
    expect(await page.getByTestId('ticket-number').textContent()).toBe(issued.ticket.displayNumber);
    const again = (await agent.openJobs()).find((j) => j.job.ticketId === issued.ticket.id)!;
    expect(again.job.reprint).toBe(true);
    await agent.start(again.job.id);
    await agent.result(again.job.id, { printed: true, warning: 'paper_near_end' });
    await expect.poll(() => paperState(page)).toBe('printed');
    // A reprint that came out late still leaves its owner time to take it.
    expect(await countdown(page)).toBe(6);
    await expectTicketFor(page, 6);
  });

  it('goes back to the start 30 seconds after a failed print, or at a tap on Done', async () => {
    const page = await openKiosk({ fakeClock: true });
    await page.getByTestId('service-INFO').click();
    const first = await takeTicket(page);
    await freeze(page);
    await agent.result(first.printJobId!, { printed: false, reason: 'cover_open' });
    await expect.poll(() => paperState(page)).toBe('failed');
    expect(await countdown(page)).toBe(30);
    await expectTicketFor(page, 30);

    await page.getByTestId('service-INFO').click();
    const second = await takeTicket(page);
    await agent.result(second.printJobId!, { printed: false, reason: 'offline' });
    await expect.poll(() => paperState(page)).toBe('failed');
    await page.getByTestId('ticket-done').click();
    await page.getByTestId('service-JHT').waitFor({ timeout: 2_000 });
  });

  it('fits a failed print on a landscape kiosk, with the longest list of documents', async () => {
    const page = await openKiosk({ viewport: VIEWPORTS.kioskLandscape });
    await page.getByTestId('service-JHT').click();
    await page.getByTestId('priority-elderly').click();
    const issued = await takeTicket(page);
    // While it prints: the number, the QR code and the documents side by side.
    expect(await page.getByTestId('ticket-documents').locator('li').count()).toBe(7);
    await screenshot(page, 'kiosk-ticket-documents-landscape');
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(VIEWPORTS.kioskLandscape.height);
    await agent.result(issued.printJobId!, { printed: false, reason: 'error' });
    await expect.poll(() => paperState(page)).toBe('failed');
    expect(await page.getByTestId('ticket-documents').locator('li').count()).toBe(7);
    expect((await page.getByTestId('ticket-qr').boundingBox())!.width).toBeGreaterThanOrEqual(400);
    await screenshot(page, 'kiosk-ticket-print-failed-landscape');
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(VIEWPORTS.kioskLandscape.height);
    await expectAccessible(page);
  });
});

describe("the kiosk's scanner, read by its device agent", () => {
  it('checks a scanned booking in, and a scan on the next kiosk stays on that kiosk', async () => {
    await seedBooking('HID-0930', 'JHT', '09:30');
    await seedBooking('OTHER-0930', 'JHT', '09:30');
    const page = await openKiosk();
    const second = fx.hub.devices.preparePaired('Kiosk 2', 'kiosk');
    const secondPage = await openKiosk({ token: second.token });

    // The other kiosk's scan reaches the other kiosk only. A ticket issued after it moves this
    // kiosk's waiting count: by then this kiosk has had every event before it.
    const waitingBefore = await page.getByTestId('service-INFO-waiting').textContent();
    await agent.scan('OTHER-0930', second.token);
    await expect.poll(() => secondPage.getByTestId('priority-subject').textContent()).toBe('Booking OTHER-0930 · Klaim JHT');
    await fx.api('POST', '/tickets', { token: second.token, body: { serviceCode: 'INFO' } });
    await expect.poll(() => page.getByTestId('service-INFO-waiting').textContent()).not.toBe(waitingBefore);
    expect(await page.getByTestId('priority-subject').count()).toBe(0);
    expect(await page.getByTestId('service-JHT').isVisible()).toBe(true);

    // This kiosk's own scan, from another screen: the booking's check-in.
    await page.getByTestId('service-KOLEKTIF').click();
    await agent.scan('hid-0930');
    await expect.poll(() => page.getByTestId('priority-subject').textContent()).toBe('Booking HID-0930 · Klaim JHT');
    const issued = await takeTicket(page);
    expect(issued.ticket).toMatchObject({ serviceCode: 'JHT', source: 'booking' });
    expect(await paperState(page)).toBe('printing');

    // Once the paper is out, the next participant's scan starts their check-in straight away.
    await agent.result(issued.printJobId!, { printed: true, warning: null });
    await expect.poll(() => paperState(page)).toBe('printed');
    await seedBooking('NEXT-0915', 'JKM', '09:15');
    await agent.scan('https://booking.example.id/b/NEXT-0915');
    await expect.poll(() => page.getByTestId('priority-subject').textContent()).toBe('Booking NEXT-0915 · Klaim JKM');
    expect(await page.getByTestId('kiosk-ticket').count()).toBe(0);
    await expectAccessible(page);
  });
});
