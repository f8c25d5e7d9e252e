import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.js';
import { MINUTE, startTestHub, STANDARD_SEED, type HubFixture } from '../support/hub-fixture.js';
import {
  announced,
  checkInByKeypad,
  closeBranch,
  consoleQueue,
  markDocument,
  openBranch,
  positionTile,
  readRefusal,
  reconnectingMark,
  sameDocument,
  serveAndFinish,
  serviceCell,
  showsNewestCall,
  signInOnConsole,
  soundReady,
  STEP_MS,
  takeTicket,
  textOf,
  ticketDone,
  untilText,
  waitingOnDisplay,
  type BranchPages,
} from './flow-support.js';

/**
 * The branch end to end, through its four pages at once: the kiosk a participant taps, the lobby
 * display, the officer's console and the supervisor's page, in one Chromium against a real hub.
 * The API is used only for what no page does (seeding online bookings, reading what the hub
 * recorded). Each test gets a fresh hub and fresh pages: a day's counts add up otherwise.
 */

let browser: Browser;
let fx: HubFixture | undefined;
let pages: BranchPages | undefined;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  fx = await startTestHub({ seed: STANDARD_SEED, publicDisplay: true });
  pages = await openBranch(browser, fx);
});
afterEach(async () => {
  const errors = pages?.errors ?? [];
  await closeBranch(pages);
  pages = undefined;
  await fx?.close();
  fx = undefined;
  // A script error on any page is a bug, whatever the test was about.
  expect(errors).toEqual([]);
});

const hub = () => fx!;
const branch = () => pages!;

const TODAY = '2025-03-10';
const TOMORROW = '2025-03-11';
const at = (day: string, time: string) => Date.parse(`${day}T${time}:00+07:00`);

async function ticketCount(serviceCode: string): Promise<number> {
  const res = await hub().api<{ tickets: { serviceCode: string }[] }>('GET', '/tickets', { token: hub().tokens.supervisor });
  expect(res.status).toBe(200);
  return res.body.tickets.filter((t) => t.serviceCode === serviceCode).length;
}

describe('a ticket through the branch', () => {
  it('is taken on the kiosk, waits on the display and the console, is called, announced, finished, and counted', async () => {
    const { kiosk, display, console: desk, supervisor } = branch();
    await untilText(waitingOnDisplay(display, 'JHT'), '0');
    await untilText(serviceCell(supervisor, 'JHT', 'service-waiting'), '0');
    await signInOnConsole(desk, 'siti', '1234', ['booth-1', 'booth-2']);
    await untilText(desk.getByTestId('officer-name'), 'Siti Rahmawati');
    await soundReady(display);

    const number = await takeTicket(kiosk, 'JHT');
    expect(number).toBe('A001');
    expect(await textOf(kiosk.getByTestId('ticket-service'))).toBe('Klaim JHT');

    // It waits: on the lobby board, in the officer's queue, on the supervisor's table.
    await untilText(waitingOnDisplay(display, 'JHT'), '1', 'JHT waiting on the display');
    await expect.poll(() => consoleQueue(desk, 'JHT'), { timeout: STEP_MS }).toMatchObject([{ number: 'A001' }]);
    expect((await consoleQueue(desk, 'JHT'))[0]!.text).toContain('urutan datang');
    await untilText(serviceCell(supervisor, 'JHT', 'service-waiting'), '1');
    await supervisor.getByTestId('waiting-ticket-A001').waitFor();

    const booth = positionTile(desk, 'booth-1');
    await booth.getByTestId('call-next').click();
    await untilText(booth.getByTestId('ticket-number'), 'A001');
    expect(await booth.getAttribute('data-status')).toBe('called');

    // The lobby sees and hears it: the newest call, and exactly one sentence in the announcer's queue.
    await showsNewestCall(display, 'A001', 'Bilik 1');
    const log = await announced(display, 1);
    expect(log.map((a) => a.text)).toEqual(['Nomor antrean A nol nol satu, silakan menuju bilik satu']);
    expect(log[0]).toMatchObject({ kind: 'call', missing: '' });
    expect(['queued', 'speaking', 'spoken']).toContain(log[0]!.status);
    // The chime is placed when the call arrives, its words when its turn is chosen just before.
    await expect.poll(async () => (await announced(display, 1))[0]!.clips, { timeout: STEP_MS }).toBe(11);
    await untilText(waitingOnDisplay(display, 'JHT'), '0', 'JHT waiting on the display after the call');
    expect(await consoleQueue(desk, 'JHT')).toEqual([]);

    await serveAndFinish(desk, 'booth-1', 'completed');
    await untilText(booth.getByTestId('action-message'), /A001.*selesai/);

    await untilText(serviceCell(supervisor, 'JHT', 'service-served'), '1');
    await untilText(serviceCell(supervisor, 'JHT', 'service-waiting'), '0');
    await untilText(supervisor.getByTestId('kpi-served'), '1');
    await untilText(supervisor.getByTestId('officer-row-siti').getByTestId('officer-done'), '1');

    const ticket = (await hub().api('GET', '/tickets', { token: hub().tokens.supervisor })).body.tickets.find((t: { displayNumber: string }) => t.displayNumber === 'A001');
    expect(ticket).toMatchObject({ status: 'done', outcome: 'completed', positionId: 'booth-1' });

    for (const [name, page] of Object.entries({ kiosk, display, console: desk, supervisor })) await screenshot(page, `flow-${name}`);
  });
});

describe('services the kiosk cannot give', () => {
  it("turns a service full once the supervisor sets today's quota to what was issued", async () => {
    const { kiosk, supervisor } = branch();
    const number = await takeTicket(kiosk, 'JKK');
    expect(number).toBe('B001');
    await ticketDone(kiosk);
    await untilText(serviceCell(supervisor, 'JKK', 'service-quota'), /^1 \/ \d+$/);
    expect(await kiosk.getByTestId('service-JKK').getAttribute('data-state')).toBe('open');

    await serviceCell(supervisor, 'JKK', 'quota-button').click();
    await supervisor.getByTestId('quota-input').fill('1');
    await supervisor.getByTestId('quota-save').click();
    // Lowering asks first.
    await untilText(supervisor.getByTestId('quota-lower-warning'), /menjadi 1/);
    await supervisor.getByTestId('quota-confirm-lower').click();
    await untilText(serviceCell(supervisor, 'JKK', 'service-quota'), '1 / 1');

    // The kiosk tile turns by itself, says why, and what to do instead.
    await expect.poll(() => kiosk.getByTestId('service-JKK').getAttribute('data-state'), { timeout: STEP_MS }).toBe('quota_full');
    expect(await textOf(kiosk.getByTestId('service-JKK-state'))).toBe('Kuota hari ini habis');
    expect(await kiosk.getByTestId('service-JKK').textContent()).toContain('Booking online · Drop Box Dokumen');
    expect(await kiosk.getByTestId('service-JHT').getAttribute('data-state')).toBe('open');

    await kiosk.getByTestId('service-JKK').click();
    const refusal = await readRefusal(kiosk);
    expect(refusal.reason).toBe('Kuota hari ini untuk Klaim JKK sudah habis.');
    expect(refusal.alternatives).toEqual(['book_online', 'drop_box']);
    expect(await kiosk.getByTestId('kiosk-take-ticket').count()).toBe(0);
    expect(await ticketCount('JKK')).toBe(1);
    await kiosk.getByTestId('kiosk-start-over').click();
    await kiosk.getByTestId('service-JKK').waitFor();
    expect(await ticketCount('JKK')).toBe(1);
  });

  it('closes a service from the supervisor page after a confirmation: the kiosk refuses it, the display marks it closed', async () => {
    const { kiosk, display, supervisor } = branch();
    await display.locator('[data-testid=service-wait][data-service=JKM]').waitFor();
    expect(await kiosk.getByTestId('service-JKM').getAttribute('data-state')).toBe('open');

    await serviceCell(supervisor, 'JKM', 'close-service').click();
    const dialog = supervisor.getByTestId('confirm-dialog');
    await untilText(dialog.locator('h2'), /Tutup layanan Klaim JKM\?/);
    await supervisor.getByTestId('confirm-yes').click();
    await untilText(serviceCell(supervisor, 'JKM', 'service-state'), 'Tutup');

    await expect.poll(() => kiosk.getByTestId('service-JKM').getAttribute('data-state'), { timeout: STEP_MS }).toBe('service_closed');
    expect(await textOf(kiosk.getByTestId('service-JKM-state'))).toBe('Tutup hari ini');
    expect(await kiosk.getByTestId('service-JKM').textContent()).toContain('Booking online · Drop Box Dokumen');
    await kiosk.getByTestId('service-JKM').click();
    const refusal = await readRefusal(kiosk);
    expect(refusal.reason).toBe('Layanan Klaim JKM tutup hari ini.');
    expect(refusal.alternatives).toEqual(['book_online', 'drop_box']);
    expect(await ticketCount('JKM')).toBe(0);

    await display.locator('[data-testid=service-wait][data-service=JKM][data-state=closed] [data-testid=service-closed]').waitFor();
    expect(await display.locator('[data-testid=service-wait][data-service=JHT][data-state=open]').count()).toBe(1);
  });
});

describe('online booking check-in', () => {
  it('explains a booking for tomorrow, one too early and an unknown code; a valid one is called first as a booking', async () => {
    const { kiosk, console: desk } = branch();
    const seeded = await hub().api('POST', '/bookings', {
      token: hub().tokens.supervisor,
      body: {
        bookings: [
          { code: 'BESOK-1000', serviceCode: 'JHT', slotStart: at(TOMORROW, '10:00'), slotEnd: at(TOMORROW, '10:00') + 30 * MINUTE },
          { code: 'SIANG-1300', serviceCode: 'JHT', slotStart: at(TODAY, '13:00'), slotEnd: at(TODAY, '13:00') + 30 * MINUTE },
          { code: 'PAGI-0915', serviceCode: 'JHT', slotStart: at(TODAY, '09:15'), slotEnd: at(TODAY, '09:15') + 30 * MINUTE },
        ],
      },
    });
    expect(seeded.status, JSON.stringify(seeded.body)).toBe(200);
    await signInOnConsole(desk, 'siti', '1234', ['booth-1', 'booth-2']);
    // A walk-in came first; the booking inside its slot window will still be called before it.
    const walkIn = await takeTicket(kiosk, 'JHT');
    await ticketDone(kiosk);

    await checkInByKeypad(kiosk, 'BESOK-1000');
    const tomorrow = await readRefusal(kiosk);
    expect(tomorrow.reason).toBe('Booking BESOK-1000 untuk Selasa, 11 Maret 2025, bukan hari ini.');
    expect(tomorrow.advice).toBe('Silakan datang pada tanggal booking Anda.');

    await kiosk.getByTestId('refusal-retype').click();
    await checkInByKeypad(kiosk, 'SIANG-1300');
    const early = await readRefusal(kiosk);
    expect(early.reason).toBe('Check-in untuk booking SIANG-1300 baru dibuka pukul 12:30.');
    expect(early.advice).toBe('Silakan kembali ke kios pukul 12:30.');

    await kiosk.getByTestId('refusal-retype').click();
    await checkInByKeypad(kiosk, 'TIDAK-ADA-99');
    const unknown = await readRefusal(kiosk);
    expect(unknown.reason).toBe('Kode booking TIDAK-ADA-99 tidak ditemukan di kantor cabang ini.');
    expect(unknown.advice).toBe('Periksa kode dan kantor cabang pada booking Anda, lalu coba lagi.');
    expect(await ticketCount('JHT')).toBe(1);

    await kiosk.getByTestId('refusal-retype').click();
    await checkInByKeypad(kiosk, 'PAGI-0915');
    const booked = (await textOf(kiosk.getByTestId('ticket-number')))!;
    expect(booked).toMatch(/^A\d{3}$/);
    expect(booked).not.toBe(walkIn);

    // The console ranks it ahead of the earlier walk-in, as a booking, and calls it first.
    await expect.poll(async () => (await consoleQueue(desk, 'JHT')).map((r) => r.number), { timeout: STEP_MS }).toEqual([booked, walkIn]);
    const [first, second] = await consoleQueue(desk, 'JHT');
    expect(first!.text).toContain('booking online');
    expect(second!.text).toContain('urutan datang');
    await untilText(positionTile(desk, 'booth-1').getByTestId('pick'), booked);
    const picks = await desk.getByTestId('desk').getByTestId('desk-pick').allTextContents();
    expect(picks[0]).toContain(booked);
    expect(picks[0]).toContain('booking online');

    await positionTile(desk, 'booth-1').getByTestId('call-next').click();
    await untilText(positionTile(desk, 'booth-1').getByTestId('ticket-number'), booked);
  });
});

describe('a hub restart mid-session', () => {
  it('shows every page reconnecting, then carries on without a reload: issue, call, announce, count', async () => {
    const { kiosk, display, console: desk, supervisor } = branch();
    await signInOnConsole(desk, 'siti', '1234', ['booth-1', 'booth-2']);
    await soundReady(display);
    const before = await takeTicket(kiosk, 'JHT');
    expect(before).toBe('A001');
    await ticketDone(kiosk);
    await untilText(positionTile(desk, 'booth-1').getByTestId('pick'), before);
    await positionTile(desk, 'booth-1').getByTestId('call-next').click();
    await showsNewestCall(display, before, 'Bilik 1');
    // A001 must have its turn (its words placed after the chime) before A002 exists, or it is rightly read short.
    await expect.poll(async () => (await announced(display, 1))[0]!.clips, { timeout: STEP_MS }).toBe(11);

    const all = { kiosk, display, console: desk, supervisor };
    for (const page of Object.values(all)) await markDocument(page);
    // Armed before the restart: the mark may be up for well under a second.
    const marksShown = Object.entries(all).map(([name, page]) =>
      reconnectingMark(page)
        .waitFor({ state: 'visible', timeout: STEP_MS })
        .then(
          () => null,
          () => `${name} showed no reconnecting mark`,
        ),
    );
    const displayReconnecting = display.waitForSelector('[data-testid=connection-status][data-status=reconnecting]', { state: 'attached', timeout: STEP_MS });
    const kioskBanner = kiosk.getByTestId('kiosk-offline').waitFor({ timeout: STEP_MS });
    await hub().restart();
    expect((await Promise.all(marksShown)).filter((m) => m !== null)).toEqual([]);
    await displayReconnecting;
    await kioskBanner;

    // Back without a reload: every mark goes away by itself.
    for (const [name, page] of Object.entries(all)) {
      await reconnectingMark(page).waitFor({ state: 'detached', timeout: 15_000 }).catch(() => {
        throw new Error(`${name} still shows the reconnecting mark`);
      });
    }
    await display.waitForSelector('[data-testid=connection-status][data-status=live]', { state: 'attached' });
    await kiosk.getByTestId('kiosk-offline').waitFor({ state: 'detached' });

    const after = await takeTicket(kiosk, 'JHT');
    expect(after).toBe('A002');
    await untilText(serviceCell(supervisor, 'JHT', 'service-waiting'), '1');
    await untilText(waitingOnDisplay(display, 'JHT'), '1');
    await untilText(positionTile(desk, 'booth-2').getByTestId('pick'), after);
    await positionTile(desk, 'booth-2').getByTestId('call-next').click();
    await untilText(positionTile(desk, 'booth-2').getByTestId('ticket-number'), after);

    await showsNewestCall(display, after, 'Bilik 2');
    const log = await announced(display, 2);
    expect(log.map((a) => a.text)).toEqual(['Nomor antrean A nol nol satu, silakan menuju bilik satu', 'Nomor antrean A nol nol dua, silakan menuju bilik dua']);
    expect(log[1]!.status).not.toBe('silent');

    await serveAndFinish(desk, 'booth-2', 'completed');
    await untilText(serviceCell(supervisor, 'JHT', 'service-served'), '1');
    await untilText(supervisor.getByTestId('officer-row-siti').getByTestId('officer-done'), '1');
    await untilText(serviceCell(supervisor, 'JHT', 'service-waiting'), '0');

    for (const [name, page] of Object.entries(all)) expect(await sameDocument(page), `${name} was reloaded`).toBe(true);
  });
});
