import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { accessibilityProblems, launchBrowser, openPage, screenshot, VIEWPORTS } from './support/browser.js';
import { issue, MINUTE, signIn, startTestHub, type HubFixture, type SeedInput } from '../support/hub-fixture.js';

/**
 * The supervisor's desk beyond the live queues: who works where and since when, signing out an
 * officer whose console went offline, the day's bookings, the calling policy with its preview,
 * the end-of-day files, and words that say what they mean (zero cases, estimates, controls).
 * Each test runs axe with every impact; on a busy machine axe alone takes seconds, hence the timeouts.
 */
let browser: Browser;
let fx: HubFixture;
let page: Page;
const contexts: BrowserContext[] = [];

const SEED: SeedInput = {
  positions: [
    { id: 'counter-1', kind: 'counter', label: 'Loket 1', services: ['JHT', 'INFO'] },
    ...[1, 2, 3, 4, 5].map((n) => ({ id: `booth-${n}`, kind: 'booth' as const, label: `Bilik ${n}`, services: ['JHT', 'JKK'] })),
  ],
  officers: [
    { id: 'siti', name: 'Siti Rahmawati', pin: '1234' },
    { id: 'budi', name: 'Budi Santoso', pin: '2345' },
  ],
};

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  fx = await startTestHub({ seed: SEED });
});
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
  await fx?.close();
});

async function open(path: string, token: string, viewport: { width: number; height: number } = VIEWPORTS.desktop): Promise<Page> {
  const opened = await openPage(browser, fx.url, path, { token, viewport });
  contexts.push(opened.context);
  return opened.page;
}

async function openSupervisor(viewport?: { width: number; height: number }): Promise<Page> {
  page = await open('/supervisor', fx.tokens.supervisor, viewport);
  await page.getByTestId('service-table').waitFor();
  return page;
}

/** Waits until the element's text matches; fails with the text it last had. */
async function waitForText(locator: Locator, expected: string | RegExp, timeoutMs = 5_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    last = ((await locator.count()) > 0 ? await locator.first().textContent() : '') ?? '';
    if (typeof expected === 'string' ? last.trim() === expected : expected.test(last)) return last;
    if (Date.now() > deadline) throw new Error(`expected ${String(expected)}, the element says ${JSON.stringify(last.trim())}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every axe finding, moderate and minor ones too. */
async function expectAccessible(p: Page) {
  expect(await accessibilityProblems(p, 'minor')).toEqual([]);
}

describe('positions now, and signing out an officer whose console went offline', { timeout: 90_000 }, () => {
  it('shows who holds which ticket since when, flags the officer whose console is offline, and puts their five tickets back at their place', async () => {
    const budiConsole = fx.hub.devices.preparePaired('Konsol Bilik 1–5', 'console');
    const sitiConsole = fx.hub.devices.preparePaired('Konsol Loket 1', 'console');
    for (let i = 0; i < 8; i++) {
      await issue(fx, 'JHT');
      fx.clock.advance(2 * MINUTE);
    }
    await signIn(fx, 'budi', '2345', ['booth-1', 'booth-2', 'booth-3', 'booth-4', 'booth-5'], budiConsole.token);
    await signIn(fx, 'siti', '1234', ['counter-1'], sitiConsole.token);
    const consolePage = await open('/console', budiConsole.token);
    for (const booth of ['booth-1', 'booth-2', 'booth-3', 'booth-4', 'booth-5']) {
      expect((await fx.api('POST', `/positions/${booth}/call-next`, { token: budiConsole.token })).status).toBe(200);
      fx.clock.advance(MINUTE);
    }
    const a002 = (await fx.api('GET', '/staff', { token: fx.tokens.supervisor })).body.positions.find((p: { id: string }) => p.id === 'booth-2').holding;
    expect((await fx.api('POST', `/tickets/${a002.ticketId}/start`, { token: budiConsole.token })).status).toBe(200);
    // Budi's console drops off the network; the hub stops hearing from it while Siti's keeps working.
    await consolePage.context().setOffline(true);
    fx.clock.advance(6 * MINUTE);
    expect((await fx.api('GET', '/sessions/current', { token: sitiConsole.token })).status).toBe(200);

    await openSupervisor();
    const faults = page.getByTestId('faults');
    await waitForText(
      faults.locator('[data-level=fault]').filter({ hasText: 'Budi Santoso' }),
      /Budi Santoso masih bertugas di Bilik 1, Bilik 2, Bilik 3, Bilik 4, Bilik 5 dan memegang tiket A001, A002, A003, A004, A005, tetapi konsolnya offline sejak 09:2\d\. .*keluarkan dia di Posisi sekarang/,
    );
    const budi = page.getByTestId('duty-officer-budi');
    await waitForText(budi.getByTestId('duty-console'), /^Konsol “Konsol Bilik 1–5”: offline sejak 09:2\d$/);
    await waitForText(page.getByTestId('duty-officer-siti').getByTestId('duty-console'), /^Konsol “Konsol Loket 1”: Online/);
    await waitForText(page.getByTestId('duty-position-booth-1').getByTestId('duty-ticket'), 'A001');
    await waitForText(page.getByTestId('duty-position-booth-1').getByTestId('duty-since'), /^Dipanggil pukul 09:16 · 11 mnt lalu$/);
    await waitForText(page.getByTestId('duty-position-booth-2').getByTestId('duty-since'), /^Dilayani sejak 09:21 · 6 mnt$/);
    await waitForText(page.getByTestId('duty-position-counter-1').getByTestId('duty-since'), 'Tidak ada tiket');
    await budi.scrollIntoViewIfNeeded();
    await screenshot(page, 'supervisor-duty-offline-console-1440x900');
    await expectAccessible(page);

    await budi.getByTestId('duty-sign-out').click();
    const dialog = page.getByTestId('confirm-dialog');
    await waitForText(dialog.locator('h2'), 'Keluarkan Budi Santoso dari tugasnya?');
    await waitForText(
      dialog.locator('#confirm-message'),
      /Budi Santoso bertugas di Bilik 1, Bilik 2, Bilik 3, Bilik 4, Bilik 5 dari konsol “Konsol Bilik 1–5” \(offline sejak 09:2\d\)\. Tiket A001, A002, A003, A004, A005 kembali ke antrean di tempatnya semula, dengan nomor dan waktu datang yang sama/,
    );
    // No reason, no sign-out.
    expect(await page.getByTestId('confirm-yes').isDisabled()).toBe(true);
    await page.getByTestId('confirm-reason').fill('Konsol Bilik mati, Budi pindah ke loket');
    await screenshot(page, 'supervisor-duty-sign-out-1440x900');
    await expectAccessible(page);
    await page.getByTestId('confirm-yes').click();
    await waitForText(page.getByTestId('notice'), 'Budi Santoso dikeluarkan; tiket A001, A002, A003, A004, A005 kembali ke antrean.');
    await budi.waitFor({ state: 'detached' });
    await waitForText(page.getByTestId('duty-free'), /Tanpa petugas.*Bilik 1.*Bilik 5/s);
    // Back in the queue first, ahead of the three who came after them.
    await page.getByTestId('waiting-ticket-A001').waitFor();
    const order = await page.locator('[data-testid^=waiting-ticket-A]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')!.slice(-4)));
    expect(order).toEqual(['A001', 'A002', 'A003', 'A004', 'A005', 'A006', 'A007', 'A008']);
    await waitForText(faults, /^(?![\s\S]*Budi Santoso masih bertugas)/);

    // Budi's console comes back to the network and finds itself signed out, saying so.
    await consolePage.context().setOffline(false);
    await waitForText(consolePage.getByTestId('signin-notice'), /Sesi Anda telah diakhiri/, 15_000);
    expect((await fx.api('GET', '/sessions/current', { token: budiConsole.token })).body.session).toBeNull();

    await page.setViewportSize(VIEWPORTS.tv);
    await page.getByTestId('duty-board').scrollIntoViewIfNeeded();
    await screenshot(page, 'supervisor-duty-after-sign-out-1920x1080');
  });

  it('says in English what a sign-out does to an officer holding no ticket at a console still online', async () => {
    await signIn(fx, 'siti', '1234', ['counter-1']);
    await openSupervisor(VIEWPORTS.tv);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    const siti = page.getByTestId('duty-officer-siti');
    await waitForText(siti.getByTestId('duty-console'), /^Console “Test console”: Online/);
    await siti.getByTestId('duty-sign-out').click();
    await waitForText(
      page.getByTestId('confirm-dialog').locator('#confirm-message'),
      'Siti Rahmawati serves Loket 1 from the console “Test console” (Online · last contact 09:00). Siti Rahmawati holds no ticket. Their console is still online: make sure Siti Rahmawati is really not serving. If their console comes back, Siti Rahmawati has to sign in again.',
    );
    await waitForText(page.getByTestId('confirm-yes'), 'Yes, sign out');
    await page.getByTestId('confirm-reason').fill('Forgot to sign out');
    await page.getByTestId('confirm-yes').click();
    await waitForText(page.getByTestId('notice'), 'Siti Rahmawati signed out.');
    expect((await fx.api('GET', '/sessions/current', { token: fx.tokens.console })).body.session).toBeNull();
  });
});

describe("the day's bookings", { timeout: 90_000 }, () => {
  it('lists them by slot with who has arrived as which ticket, who is late and who cancelled, and follows a check-in live', async () => {
    const at = (hhmm: string) => Date.parse(`2025-03-10T${hhmm}:00+07:00`);
    const booking = (code: string, serviceCode: string, start: string, status: 'booked' | 'cancelled' = 'booked') => ({
      code, serviceCode, slotStart: at(start), slotEnd: at(start) + 30 * MINUTE, nikMasked: '************' + code.slice(-4), status,
    });
    expect(
      (await fx.api('POST', '/bookings', {
        token: fx.tokens.supervisor,
        body: { bookings: [booking('BK-0830', 'JHT', '08:30'), booking('BK-0900', 'JKK', '09:00'), booking('BK-0930', 'JHT', '09:30'), booking('BK-1000', 'JKM', '10:00', 'cancelled')] },
      })).status,
    ).toBe(200);
    expect((await fx.api('POST', '/tickets/check-in', { token: fx.tokens.kiosk, body: { bookingCode: 'BK-0900' } })).status).toBe(201);

    await openSupervisor();
    await page.getByTestId('tab-bookings').click();
    await waitForText(page.getByTestId('bookings-summary'), 'Senin, 10 Maret 2025 · 4 booking · 1 sudah datang · 2 belum datang · 1 dibatalkan');
    await waitForText(page.getByTestId('booking-BK-0900').getByTestId('booking-state'), /Sudah datang\s*tiket B001, menunggu/);
    await waitForText(page.getByTestId('booking-BK-0830').getByTestId('booking-state'), 'Belum datang · lewat slotnya');
    await waitForText(page.getByTestId('booking-BK-0930').getByTestId('booking-state'), 'Belum datang');
    await waitForText(page.getByTestId('booking-BK-1000').getByTestId('booking-state'), 'Dibatalkan');
    await waitForText(page.getByTestId('booking-BK-0930'), /09:30–10:00\s*BK-0930\s*Klaim JHT\s*\*+0930/);

    // A participant checks in at the kiosk: the list follows by itself.
    expect((await fx.api('POST', '/tickets/check-in', { token: fx.tokens.kiosk, body: { bookingCode: 'BK-0930' } })).status).toBe(201);
    await waitForText(page.getByTestId('booking-BK-0930').getByTestId('booking-state'), /Sudah datang\s*tiket A001, menunggu/);
    await screenshot(page, 'supervisor-bookings-1440x900');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await waitForText(page.getByTestId('booking-BK-0830').getByTestId('booking-state'), 'Not arrived yet · slot passed');
    await page.setViewportSize(VIEWPORTS.tv);
    await screenshot(page, 'supervisor-bookings-en-1920x1080');
    await page.getByTestId('bookings-day').fill('2025-03-11');
    await waitForText(page.locator('.empty'), 'No bookings on this day.');
  });
});

describe('the calling policy', { timeout: 90_000 }, () => {
  it('reads the policy, previews the next calls per position under a change before it is saved, then saves it', async () => {
    await issue(fx, 'JHT');
    fx.clock.advance(20 * MINUTE);
    await issue(fx, 'JHT', { priority: 'elderly' });
    await issue(fx, 'JKK');
    await openSupervisor();
    await page.getByTestId('tab-policy').click();
    expect(await page.getByTestId('policy-maxWaitMinutes').inputValue()).toBe('90');
    expect(await page.getByTestId('policy-normalsPerPriority').inputValue()).toBe('2');
    const counter = page.getByTestId('preview-counter-1');
    await waitForText(counter, /A002\s*giliran prioritas.*A001\s*urutan datang/s);
    await waitForText(page.getByTestId('preview-booth-1'), /A002.*A001.*B001/s);
    await waitForText(page.getByTestId('policy-preview-basis'), 'Dengan aturan yang berlaku sekarang.');

    // A 10-minute ceiling: A001, waiting 20 minutes, goes first; nothing is saved yet.
    await page.getByTestId('policy-maxWaitMinutes').fill('10');
    await waitForText(counter, /A001\s*menunggu lebih dari 10 menit.*A002\s*giliran prioritas/s);
    await waitForText(page.getByTestId('policy-preview-basis'), 'Dengan perubahan yang belum disimpan.');
    await page.getByTestId('policy-unsaved').waitFor();
    expect((await fx.api('GET', '/settings/policy', { token: fx.tokens.supervisor })).body.policy.maxWaitMinutes).toBe(90);
    await screenshot(page, 'supervisor-policy-draft-1440x900');
    await expectAccessible(page);

    // A value out of bounds is said at the field, and not sent.
    await page.getByTestId('policy-normalsPerPriority').fill('50');
    await page.getByTestId('policy-save').click();
    await waitForText(page.locator('.error[role=alert]'), 'Isi angka bulat dari 0 sampai 20.');
    await expectAccessible(page);
    await page.getByTestId('policy-normalsPerPriority').fill('2');
    await page.getByTestId('policy-save').click();
    await waitForText(page.getByTestId('notice'), 'Aturan panggilan disimpan.');
    await waitForText(page.getByTestId('policy-preview-basis'), 'Dengan aturan yang berlaku sekarang.');
    expect((await fx.api('GET', '/settings/policy', { token: fx.tokens.supervisor })).body.policy).toMatchObject({ maxWaitMinutes: 10, normalsPerPriority: 2 });

    await page.setViewportSize(VIEWPORTS.tv);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await waitForText(counter, /A001\s*waited over 10 minutes/);
    await screenshot(page, 'supervisor-policy-en-1920x1080');
  });
});

describe('words that say what they mean', { timeout: 90_000 }, () => {
  it('says a zero quota is used up, words the close dialog when nobody waits, says what the wait estimate is and what revoking does', async () => {
    expect((await fx.api('PUT', '/services/JKM/quota-today', { token: fx.tokens.supervisor, body: { quota: 0 } })).status).toBe(200);
    await issue(fx, 'JHT');
    await signIn(fx, 'siti', '1234', ['counter-1']);
    await openSupervisor();
    const jkm = page.getByTestId('service-row-JKM');
    await waitForText(jkm.getByTestId('service-quota'), '0 / 0');
    expect(await jkm.getByTestId('service-quota-used-up').isVisible()).toBe(true);
    await waitForText(jkm.getByTestId('service-quota-used-up'), 'Kuota habis');
    await waitForText(page.getByTestId('faults').locator('[data-level=warning]'), /Kuota Klaim JKM hari ini 0: kios tidak menerbitkan tiket untuknya/);
    await waitForText(page.getByTestId('waiting-ticket-A001'), /perkiraan dipanggil kurang dari 5 menit lagi/);
    await waitForText(page.getByTestId(`device-${fx.deviceIds.booth}`).getByTestId('revoke-device'), 'Cabut akses');
    await expectAccessible(page);

    await page.getByTestId('service-row-JP').getByTestId('close-service').click();
    await waitForText(page.getByTestId('confirm-dialog').locator('#confirm-message'), 'Kios tidak lagi menerbitkan tiket untuk layanan ini hari ini. Saat ini tidak ada yang menunggu layanan ini.');
    await page.getByTestId('confirm-no').click();
    await page.getByTestId('service-row-JHT').getByTestId('close-service').click();
    await waitForText(page.getByTestId('confirm-dialog').locator('#confirm-message'), /Satu orang yang sudah menunggu tetap dilayani\.$/);
    await page.getByTestId('confirm-no').click();

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await waitForText(jkm.getByTestId('service-quota-used-up'), 'Quota used up');
    await waitForText(page.getByTestId('waiting-ticket-A001'), /expected to be called within 5 min/);
    await waitForText(page.getByTestId(`device-${fx.deviceIds.booth}`).getByTestId('revoke-device'), 'Revoke access');
    await page.getByTestId('service-row-JP').getByTestId('close-service').click();
    await waitForText(page.getByTestId('confirm-dialog').locator('#confirm-message'), 'The kiosks stop issuing tickets for this service today. Nobody is waiting for it now.');
  });

  it('downloads each end-of-day table as its own file, headers in the page language, ready for an Indonesian or English spreadsheet', async () => {
    await signIn(fx, 'budi', '2345', ['booth-1']);
    await issue(fx, 'JKK');
    fx.clock.advance(4.5 * MINUTE);
    const called = await fx.api('POST', '/positions/booth-1/call-next', { token: fx.tokens.console });
    fx.clock.advance(7 * MINUTE);
    expect((await fx.api('POST', `/tickets/${called.body.ticket.id}/finish`, { token: fx.tokens.console, body: { outcome: 'completed' } })).status).toBe(200);
    await openSupervisor();
    await page.getByTestId('tab-day').click();
    await page.getByTestId('day-service-JKK').waitFor();
    expect(await page.getByTestId('day-csv-format').inputValue()).toBe('semicolon');
    await screenshot(page, 'supervisor-end-of-day-downloads-1440x900');
    await expectAccessible(page);

    const fetchFile = async (testId: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
      return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, 'utf8') };
    };
    const services = await fetchFile('day-csv-services');
    expect(services.name).toBe('antre-2025-03-10-layanan.csv');
    expect(services.text.startsWith('\uFEFFTanggal;Kode layanan;Layanan;Tiket terbit;')).toBe(true);
    expect(services.text).toContain('\r\n2025-03-10;JKK;Klaim JKK;1;0;0;1;1;0;0;0;0;0;4,5;4,5;7\r\n');
    const officers = await fetchFile('day-csv-officers');
    expect(officers.name).toBe('antre-2025-03-10-petugas.csv');
    expect(officers.text.split('\r\n').slice(0, 2)).toEqual(['\uFEFFTanggal;ID petugas;Petugas;Dilayani;Tuntas;Rata-rata layanan (menit);Jam bertugas;Layanan per jam', '2025-03-10;budi;Budi Santoso;1;1;7;0,19;']);

    await page.getByRole('button', { name: 'Switch to English' }).click();
    expect(await page.getByTestId('day-csv-format').inputValue()).toBe('comma');
    const english = await fetchFile('day-csv-services');
    expect(english.name).toBe('antre-2025-03-10-services.csv');
    expect(english.text).toContain('\r\n2025-03-10,JKK,Work accident claim,1,0,0,1,1,0,0,0,0,0,4.5,4.5,7\r\n');
    await page.getByTestId('day-csv-format').selectOption('semicolon');
    expect((await fetchFile('day-csv-services')).text.startsWith('\uFEFFDate;Service code;Service;')).toBe(true);
    await page.setViewportSize(VIEWPORTS.tv);
    await screenshot(page, 'supervisor-end-of-day-downloads-en-1920x1080');
  });
});
