import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { accessibilityProblems, launchBrowser, openPage, screenshot, VIEWPORTS } from './support/browser.js';
import { MINUTE, startTestHub, STANDARD_SEED, type HubFixture } from '../support/hub-fixture.js';
import { qrSvg, statusUrl } from '../../renderer/kiosk/ticket-qr.js';

/**
 * The ticket kiosk in Chromium against a real hub: a participant's taps on the touchscreen, what
 * the screen then says, and what the hub recorded. One hub for the file; each test uses services
 * the others leave alone, since tickets and quotas add up over the day.
 */
let browser: Browser;
let fx: HubFixture;
const open: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  fx = await startTestHub({ seed: STANDARD_SEED, bookingSiteUrl: BOOKING_SITE });
});
afterAll(async () => {
  for (const context of open) await context.close().catch(() => undefined);
  await browser?.close();
  await fx?.close();
});

const TODAY = '2025-03-10';
const BOOKING_SITE = 'https://antrean.example.go.id/booking';
const at = (day: string, time: string) => Date.parse(`${day}T${time}:00+07:00`);

async function openKiosk(options: { viewport?: { width: number; height: number }; fakeClock?: boolean } = {}): Promise<Page> {
  const { context, page } = await openPage(browser, fx.url, '/kiosk', { token: fx.tokens.kiosk, viewport: options.viewport ?? VIEWPORTS.kioskPortrait });
  open.push(context);
  // A step that hangs names its locator, well before the test's own timeout.
  page.setDefaultTimeout(8_000);
  if (options.fakeClock) {
    // Timers under the test's control, so idle and ticket timeouts pass without waiting.
    await page.clock.install();
    await page.reload();
  }
  await page.getByTestId('service-JHT').waitFor({ timeout: 10_000 });
  return page;
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await accessibilityProblems(page)).toEqual([]);
}

interface TicketRow {
  displayNumber: string;
  serviceCode: string;
  source: string;
  priority: string;
  claimCount: number | null;
}

async function ticketsOf(serviceCode: string): Promise<TicketRow[]> {
  const res = await fx.api<{ tickets: TicketRow[] }>('GET', '/tickets', { token: fx.tokens.supervisor });
  expect(res.status).toBe(200);
  return res.body.tickets.filter((t) => t.serviceCode === serviceCode);
}

async function seedBookings(bookings: { code: string; serviceCode: string; slotStart: number; status?: 'booked' | 'cancelled' }[]): Promise<void> {
  const res = await fx.api('POST', '/bookings', {
    token: fx.tokens.supervisor,
    body: { bookings: bookings.map((b) => ({ ...b, slotEnd: b.slotStart + 30 * MINUTE })) },
  });
  expect(res.status).toBe(200);
}

/** What a keyboard-wedge scanner does: types the code into whatever has focus, then Enter. */
async function scan(page: Page, text: string): Promise<void> {
  await page.keyboard.type(text, { delay: 5 });
  await page.keyboard.press('Enter');
}

/** The element's text line by line, as the screen wraps it. */
async function renderedLines(locator: Locator): Promise<string[]> {
  return locator.evaluate((element) => {
    const lines: { top: number; text: string }[] = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      for (let i = 0; i < text.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const top = Math.round(range.getBoundingClientRect().top);
        let line = lines.find((l) => Math.abs(l.top - top) < 4);
        if (!line) lines.push((line = { top, text: '' }));
        line.text += text[i];
      }
    }
    return lines.map((l) => l.text.trim()).filter((l) => l !== '');
  });
}

async function takeTicket(page: Page): Promise<string> {
  await page.getByTestId('kiosk-take-ticket').click();
  const number = page.getByTestId('ticket-number');
  await number.waitFor();
  return (await number.textContent())!.trim();
}

describe('kiosk start screen', () => {
  it('offers every service of the live catalogue with its queue and estimated wait, free of charge, portrait and landscape', async () => {
    await fx.api('POST', '/tickets', { token: fx.tokens.kiosk, body: { serviceCode: 'INFO' } });
    const page = await openKiosk();
    await expect.poll(() => page.getByTestId('service-INFO-waiting').textContent()).toBe('1 menunggu');
    for (const code of ['JHT', 'JKK', 'JKM', 'JP', 'INFO', 'DROP', 'KOLEKTIF']) {
      expect(await page.getByTestId(`service-${code}`).isVisible()).toBe(true);
    }
    expect(await page.getByTestId('service-JHT').textContent()).toContain('Klaim JHT');
    expect(await page.getByTestId('service-JHT-waiting').textContent()).toBe('Tidak ada antrean');
    expect(await page.getByTestId('service-JHT-wait').textContent()).toMatch(/^Perkiraan tunggu (< 5 menit|± \d+)/);
    expect(await page.getByTestId('kiosk-free').textContent()).toContain('Gratis');
    expect(await page.getByTestId('kiosk-free').textContent()).toContain('Free of charge');
    expect(await page.getByTestId('kiosk-booked').textContent()).toContain('Saya sudah booking online');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('id');
    // Each programme's claim says the acronym people know and the programme's full name.
    const programmes = { JHT: 'Jaminan Hari Tua', JKK: 'Jaminan Kecelakaan Kerja', JKM: 'Jaminan Kematian', JP: 'Jaminan Pensiun' };
    for (const [code, name] of Object.entries(programmes)) {
      expect(await page.getByTestId(`service-${code}`).textContent()).toContain(`Klaim ${code}`);
      expect(await page.getByTestId(`service-${code}-programme`).textContent()).toBe(name);
    }
    expect(await page.getByTestId('service-INFO-programme').count()).toBe(0);
    // The drop box promises no waiting, and shows no queue and no wait.
    expect(await page.getByTestId('service-DROP').textContent()).toContain('Titip berkas tanpa menunggu petugas');
    expect(await page.getByTestId('service-DROP-no-queue').textContent()).toBe('Tanpa antre');
    expect(await page.getByTestId('service-DROP-waiting').count()).toBe(0);
    expect(await page.getByTestId('service-DROP-wait').count()).toBe(0);

    // Every touch target at least 64 px each way.
    const small = await page.evaluate(() =>
      [...document.querySelectorAll('button')]
        .map((b) => ({ text: b.textContent?.trim(), box: b.getBoundingClientRect() }))
        .filter(({ box }) => box.width < 64 || box.height < 64)
        .map(({ text }) => text),
    );
    expect(small).toEqual([]);
    // Nothing scrolls on a portrait kiosk: the whole start screen fits.
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(VIEWPORTS.kioskPortrait.height);
    await screenshot(page, 'kiosk-start-portrait');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Switch to English' }).click();
    for (const [code, name] of Object.entries(programmes)) expect(await page.getByTestId(`service-${code}-programme`).textContent()).toBe(`${code} · ${name}`);
    expect(await page.getByTestId('service-JHT').textContent()).toContain('Old-age savings claim');
    expect(await page.getByTestId('service-DROP-no-queue').textContent()).toBe('No queue');
    await screenshot(page, 'kiosk-start-portrait-en');
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(VIEWPORTS.kioskPortrait.height);

    const wide = await openKiosk({ viewport: VIEWPORTS.kioskLandscape });
    await screenshot(wide, 'kiosk-start-landscape');
    expect(await wide.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(VIEWPORTS.kioskLandscape.height);
    await wide.getByRole('button', { name: 'Switch to English' }).click();
    await screenshot(wide, 'kiosk-start-landscape-en');
    expect(await wide.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(VIEWPORTS.kioskLandscape.height);
    await expectAccessible(wide);
  });
});

describe('a landscape kiosk', () => {
  it('fits every step on the screen without scrolling', async () => {
    const page = await openKiosk({ viewport: VIEWPORTS.kioskLandscape });
    const fits = async (name: string) => {
      await screenshot(page, `kiosk-${name}-landscape`);
      expect(await page.evaluate(() => document.documentElement.scrollHeight), name).toBeLessThanOrEqual(VIEWPORTS.kioskLandscape.height);
    };
    await page.getByTestId('service-INFO').click();
    await fits('priority-choice');
    await page.getByTestId('kiosk-back').click();
    await page.getByTestId('kiosk-booked').click();
    for (const key of ['L', 'S', '-', '1']) await page.getByTestId(`key-${key}`).click();
    await fits('booking-keypad');
    await page.getByTestId('kiosk-back').click();
    await page.getByTestId('service-KOLEKTIF').click();
    await page.getByTestId('digit-3').click();
    await fits('collective-count');
    await page.getByTestId('kiosk-back').click();
    await page.getByTestId('service-INFO').click();
    await page.getByTestId('priority-disabled').click();
    await takeTicket(page);
    await fits('ticket-issued');
    await page.getByTestId('ticket-done').click();
    await page.getByTestId('service-DROP').click();
    await fits('drop-box-steps');
  });
});

describe('taking a ticket', () => {
  it('issues a walk-in ticket after the priority choice and shows it large with a QR code to its status page, then resets', async () => {
    const page = await openKiosk({ fakeClock: true });
    await page.getByTestId('service-JHT').click();
    expect(await page.getByTestId('priority-subject').textContent()).toBe('Klaim JHT');
    expect(await page.getByTestId('priority-none').getAttribute('aria-checked')).toBe('true');
    await screenshot(page, 'kiosk-priority-choice');
    await expectAccessible(page);

    const number = await takeTicket(page);
    // From here only the test moves the clock: the checks below take real seconds on a busy machine.
    await page.clock.pauseAt(await page.evaluate(() => Date.now() + 500));
    expect(number).toBe('A001');
    expect(await page.getByTestId('ticket-service').textContent()).toBe('Klaim JHT');
    expect(await page.getByTestId('ticket-ahead').textContent()).toBe('Tidak ada antrean di depan Anda');
    expect(await page.getByTestId('ticket-wait').textContent()).toMatch(/^Perkiraan tunggu: /);
    expect(await page.getByTestId('ticket-print').textContent()).toContain('Mencetak tiket…');

    const qr = page.getByTestId('ticket-qr');
    const url = (await qr.getAttribute('data-url'))!;
    expect(url).toMatch(new RegExp(`^${fx.url}/t/[a-z2-9]{16}$`));
    // The drawn code is exactly the QR of that address, and the address opens this ticket.
    const drawn = await qr.locator('svg path').evaluateAll((paths) => paths.map((p) => p.getAttribute('d')));
    const expected = [...(await qrSvg(url)).matchAll(/ d="([^"]+)"/g)].map((m) => m[1]);
    expect(drawn).toHaveLength(2);
    expect(drawn).toEqual(expected);
    const statusCode = url.split('/t/')[1]!;
    expect(url).toBe(statusUrl(fx.url, statusCode));
    const status = await fx.api('GET', `/tickets/status/${statusCode}`);
    expect(status.body).toMatchObject({ displayNumber: 'A001', serviceCode: 'JHT', status: 'waiting' });
    // (Its accessibility is checked while printing, in kiosk-printing.test.ts: axe waits on timers.)
    await screenshot(page, 'kiosk-ticket-issued');

    expect(await ticketsOf('JHT')).toMatchObject([{ displayNumber: 'A001', source: 'walk_in', priority: 'none' }]);

    const left = Number((await page.getByTestId('ticket-countdown').textContent())!.match(/\d+/)![0]);
    expect(left).toBeGreaterThan(5);
    await page.clock.fastForward((left - 5) * 1000);
    expect(await page.getByTestId('kiosk-ticket').isVisible()).toBe(true);
    expect(await page.getByTestId('ticket-countdown').textContent()).toBe('Layar kembali ke awal dalam 5 detik');
    // No device agent runs in this file, so no paper comes: after the normal ten seconds the
    // screen says so and keeps the number up for a photo (kiosk-printing.test.ts prints for real).
    await page.clock.fastForward(5_500);
    const paper = page.getByTestId('ticket-print');
    expect(await paper.getAttribute('data-state')).toBe('late');
    expect(await paper.textContent()).toContain('Tiket belum keluar dari printer');
    expect(await paper.textContent()).toContain('Nomor antrean Anda tetap berlaku');
    expect(await paper.textContent()).not.toContain('sudah diberi tahu');
    expect(await paper.textContent()).toContain('tanyakan kepada petugas');
    expect(await page.getByTestId('ticket-qr-hint').textContent()).toContain('Foto kode QR ini');
    expect(await page.getByTestId('ticket-programme').textContent()).toBe('Jaminan Hari Tua');
    // The originals to bring, as the catalogue lists them, each with a picture of what it looks
    // like; the longest list still fits with the larger QR code of a ticket without paper.
    const documents = page.getByTestId('ticket-documents');
    expect(await documents.getByRole('heading').textContent()).toBe('Bawa dokumen asli berikut');
    expect(await documents.locator('li').evaluateAll((items) => items.map((li) => [li.getAttribute('data-icon'), li.textContent!.trim()]))).toEqual([
      ['card', 'KTP (kartu tanda penduduk)'],
      ['card', 'Kartu peserta (KPJ)'],
      ['paper', 'Surat keterangan berhenti bekerja / paklaring'],
      ['book', 'Buku tabungan'],
      ['family', 'Kartu keluarga (KK)'],
      ['paper', 'Formulir klaim'],
      ['card', 'NPWP (saldo di atas Rp 50 juta)'],
    ]);
    await screenshot(page, 'kiosk-ticket-print-late');
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(VIEWPORTS.kioskPortrait.height);
    await page.clock.resume();
    await expectAccessible(page);
    await page.clock.fastForward(20_000);
    await page.getByTestId('service-JHT').waitFor({ timeout: 2_000 });
    expect(await page.getByTestId('kiosk-ticket').count()).toBe(0);
  });

  it('ignores repeated taps while a request is under way: one confirmation, one ticket', async () => {
    const tapThrice = (page: Page) =>
      page.evaluate(() => {
        const button = document.querySelector<HTMLButtonElement>('[data-testid="kiosk-take-ticket"]')!;
        button.click();
        button.click();
        button.click();
      });
    const jht = (await ticketsOf('JHT')).length;
    const collective = (await ticketsOf('KOLEKTIF')).length;
    const page = await openKiosk();
    await page.getByTestId('service-JHT').click();
    await tapThrice(page);
    await page.getByTestId('ticket-number').waitFor();
    await page.getByTestId('ticket-done').click();
    await page.getByTestId('service-KOLEKTIF').click();
    await page.getByTestId('digit-7').click();
    await tapThrice(page);
    await page.getByTestId('ticket-number').waitFor();
    await page.waitForTimeout(500);
    expect((await ticketsOf('JHT')).length).toBe(jht + 1);
    expect((await ticketsOf('KOLEKTIF')).length).toBe(collective + 1);
  });

  it('switches to English with one tap and back to Indonesian and the start screen when left idle', async () => {
    const page = await openKiosk({ fakeClock: true });
    await page.getByRole('button', { name: 'Switch to English' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Choose a service');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.getByTestId('service-JHT').textContent()).toContain('Old-age savings claim');
    await page.getByTestId('service-JKK').click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Do you need priority service?');

    await page.clock.fastForward(30_000);
    expect(await page.getByTestId('priority-subject').textContent()).toBe('Work accident claim');
    await page.clock.fastForward(16_000);
    await page.getByTestId('service-JHT').waitFor({ timeout: 2_000 });
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Pilih layanan');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('id');

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Pilih layanan');
  });

  it('gives a priority ticket to a pregnant participant', async () => {
    const page = await openKiosk();
    await page.getByTestId('service-INFO').click();
    await page.getByTestId('priority-pregnant').click();
    expect(await page.getByTestId('priority-pregnant').getAttribute('aria-checked')).toBe('true');
    expect(await page.getByTestId('priority-none').getAttribute('aria-checked')).toBe('false');
    const number = await takeTicket(page);
    expect(number).toMatch(/^E\d{3}$/);
    expect(await page.getByTestId('ticket-priority').textContent()).toBe('Ibu hamil');
    expect((await ticketsOf('INFO')).find((t) => t.displayNumber === number)).toMatchObject({ priority: 'pregnant', source: 'walk_in' });
  });

  it('takes the number of claim files of a collective claim, within 1 to 1000', async () => {
    const page = await openKiosk();
    await page.getByTestId('service-KOLEKTIF').click();
    const take = page.getByTestId('kiosk-take-ticket');
    expect(await take.isDisabled()).toBe(true);
    await page.getByTestId('digit-0').click();
    expect(await page.getByTestId('claim-count').textContent()).toBe('–');
    for (const d of ['1', '2', '0', '0']) await page.getByTestId(`digit-${d}`).click();
    expect(await page.getByTestId('claim-count').textContent()).toBe('1200');
    expect(await take.isDisabled()).toBe(true);
    await page.getByTestId('digit-erase').click();
    expect(await page.getByTestId('claim-count').textContent()).toBe('120');
    expect(await take.isDisabled()).toBe(false);
    await screenshot(page, 'kiosk-collective-count');
    await expectAccessible(page);

    const number = await takeTicket(page);
    expect(number).toMatch(/^G\d{3}$/);
    expect(await page.getByTestId('ticket-claims').textContent()).toBe('120 berkas klaim');
    expect((await ticketsOf('KOLEKTIF')).find((t) => t.displayNumber === number)).toMatchObject({ source: 'collective', claimCount: 120 });
  });
});

describe('services the kiosk cannot give', () => {
  it('says a service with its quota used up is full and offers booking online and the drop box', async () => {
    await fx.api('PUT', '/services/JP/quota-today', { token: fx.tokens.supervisor, body: { quota: 1 } });
    const page = await openKiosk();
    expect(await page.getByTestId('service-JP').getAttribute('data-state')).toBe('open');
    await fx.api('POST', '/tickets', { token: fx.tokens.kiosk, body: { serviceCode: 'JP' } });
    // The live catalogue turns the tile without a reload.
    await expect.poll(() => page.getByTestId('service-JP').getAttribute('data-state')).toBe('quota_full');
    expect(await page.getByTestId('service-JP-state').textContent()).toBe('Kuota hari ini habis');
    expect(await page.getByTestId('service-JP').textContent()).toContain('Booking online · Drop Box Dokumen');

    await page.getByTestId('service-JP').click();
    expect(await page.getByTestId('refusal-reason').textContent()).toBe('Kuota hari ini untuk Klaim JP sudah habis.');
    const offered = await page.getByTestId('refusal-alternatives').locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-alternative')));
    expect(offered).toEqual(['book_online', 'drop_box']);
    await screenshot(page, 'kiosk-quota-full');
    await expectAccessible(page);
    expect((await ticketsOf('JP')).length).toBe(1);
  });

  it('shows the hub’s quota_full answer when the quota ran out after the tap, and leads to the drop box', async () => {
    const page = await openKiosk();
    await page.getByTestId('service-JKM').click();
    await fx.api('PUT', '/services/JKM/quota-today', { token: fx.tokens.supervisor, body: { quota: 0 } });
    await page.getByTestId('kiosk-take-ticket').click();
    await page.getByTestId('kiosk-refusal').waitFor();
    expect(await page.getByTestId('refusal-reason').textContent()).toBe('Kuota hari ini untuk Klaim JKM sudah habis.');
    expect(await page.getByTestId('refusal-alternatives').textContent()).toContain('Booking online di situs resmi BPJAMSOSTEK');
    // Where to book: the branch's booking site, written out and as a QR code a phone opens.
    expect(await page.getByTestId('refusal-booking-site').textContent()).toBe('antrean.example.go.id/booking');
    const siteQr = page.getByTestId('refusal-booking-qr');
    expect(await siteQr.getAttribute('data-url')).toBe(BOOKING_SITE);
    const drawn = await siteQr.locator('svg path').evaluateAll((paths) => paths.map((p) => p.getAttribute('d')));
    expect(drawn).toEqual([...(await qrSvg(BOOKING_SITE)).matchAll(/ d="([^"]+)"/g)].map((m) => m[1]));
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(VIEWPORTS.kioskPortrait.height);
    await screenshot(page, 'kiosk-refusal-booking-site');
    await expectAccessible(page);
    expect(await ticketsOf('JKM')).toEqual([]);

    // The drop box: its three steps, the envelope among them, then a receipt without a queue.
    await page.getByTestId('refusal-drop-box').click();
    expect(await page.getByTestId('drop-step').allTextContents()).toEqual([
      'Ambil tanda terima dari kios ini.',
      'Tulis kode pada tanda terima di amplop berkas Anda.',
      'Masukkan amplop ke kotak Drop Box. Selesai, Anda boleh pulang.',
    ]);
    // No priority question for an envelope.
    expect(await page.getByTestId('priority-none').count()).toBe(0);
    await screenshot(page, 'kiosk-drop-box-steps');
    await expectAccessible(page);
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/tickets') && r.request().method() === 'POST');
    expect(await takeTicket(page)).toBe('F001');
    const issued = (await (await answer).json()) as { trackingCode: string };
    expect(issued.trackingCode).toBe('20250310-F001');
    expect(await page.getByTestId('kiosk-ticket').textContent()).toContain('Tanda terima Drop Box');
    expect(await page.getByTestId('ticket-print').textContent()).toContain('Mencetak tanda terima…');
    expect(await page.getByTestId('ticket-qr-hint').textContent()).toBe('Pindai kode QR ini untuk memantau berkas Anda di ponsel.');
    expect(await page.getByTestId('ticket-envelope').textContent()).toContain('Tulis kode ini pada amplop Anda:');
    expect(await page.getByTestId('ticket-tracking-code').textContent()).toBe('20250310-F001');
    expect(await page.getByTestId('ticket-envelope').textContent()).toContain('Lalu masukkan amplop ke kotak Drop Box. Anda tidak perlu menunggu.');
    // Nothing says to wait: no people ahead, no estimate, no documents to show an officer.
    expect(await page.getByTestId('ticket-ahead').count()).toBe(0);
    expect(await page.getByTestId('ticket-wait').count()).toBe(0);
    expect(await page.getByTestId('ticket-documents').count()).toBe(0);
    await screenshot(page, 'kiosk-drop-box-receipt');
    await expectAccessible(page);
    expect(await ticketsOf('DROP')).toMatchObject([{ displayNumber: 'F001', source: 'drop_box', priority: 'none' }]);
  });

  it('says a closed service is closed today and what to do instead', async () => {
    const res = await fx.api('PUT', '/services/JKK/open', { token: fx.tokens.supervisor, body: { isOpen: false } });
    expect(res.status).toBe(200);
    const page = await openKiosk();
    expect(await page.getByTestId('service-JKK-state').textContent()).toBe('Tutup hari ini');
    await page.getByTestId('service-JKK').click();
    expect(await page.getByTestId('refusal-reason').textContent()).toBe('Layanan Klaim JKK tutup hari ini.');
    expect(await page.getByTestId('refusal-alternatives').textContent()).toContain('Drop Box Dokumen');
    await expectAccessible(page);
    await page.getByTestId('kiosk-start-over').click();
    await page.getByTestId('service-JHT').waitFor();
    expect(await ticketsOf('JKK')).toEqual([]);
    await fx.api('PUT', '/services/JKK/open', { token: fx.tokens.supervisor, body: { isOpen: true } });
  });
});

describe('online booking check-in', () => {
  it('checks a booking in from the on-screen keypad', async () => {
    await seedBookings([{ code: 'BK-0915', serviceCode: 'JHT', slotStart: at(TODAY, '09:15') }]);
    const page = await openKiosk();
    await page.getByTestId('kiosk-booked').click();
    expect(await page.getByTestId('booking-continue').isDisabled()).toBe(true);
    for (const key of ['B', 'K', 'X', '-', '0', '9', '1', '5']) await page.getByTestId(`key-${key}`).click();
    expect(await page.getByTestId('booking-code').textContent()).toContain('BKX-0915');
    await page.getByTestId('key-clear').click();
    for (const key of ['B', 'K', '-', '0', '9', '1', '5', '7']) await page.getByTestId(`key-${key}`).click();
    await page.getByTestId('key-erase').click();
    expect((await page.getByTestId('booking-code').textContent())!.trim()).toBe('BK-0915');
    await screenshot(page, 'kiosk-booking-keypad');
    await expectAccessible(page);

    // Too short a code shows the rule; its last words stay together, no "-." alone on a line.
    await page.getByTestId('key-clear').click();
    await page.getByTestId('key-B').click();
    const rule = page.locator('.rule.shown');
    for (const [lang, toggle] of [['id', 'Switch to English'], ['en', 'Ganti ke Bahasa Indonesia']] as const) {
      const lines = await renderedLines(rule);
      expect(lines.length, `${lang}: ${JSON.stringify(lines)}`).toBeGreaterThan(0);
      for (const line of lines) expect(line, `${lang}: ${JSON.stringify(lines)}`).toMatch(/\p{L}{3}/u);
      expect(lines.join(' ')).toMatch(lang === 'id' ? /tanda\u00a0hubung\u00a0\(\u2011\)\.$/ : /dashes\u00a0\(\u2011\)\.$/);
      if (lang === 'id') await screenshot(page, 'kiosk-booking-rule');
      await page.getByRole('button', { name: toggle }).click();
    }
    await page.getByTestId('key-clear').click();
    for (const key of ['B', 'K', '-', '0', '9', '1', '5']) await page.getByTestId(`key-${key}`).click();

    await page.getByTestId('booking-continue').click();
    // The hub checked the code before the question, so the screen can say which service it is for.
    expect(await page.getByTestId('priority-subject').textContent()).toBe('Booking BK-0915 · Klaim JHT');
    await page.getByTestId('priority-elderly').click();
    const number = await takeTicket(page);
    expect(number).toMatch(/^A\d{3}$/);
    expect((await ticketsOf('JHT')).find((t) => t.displayNumber === number)).toMatchObject({ source: 'booking', priority: 'elderly' });
  });

  it('checks a booking in from the scanner, which types into a hidden field that keeps the focus', async () => {
    await seedBookings([{ code: 'SCAN-7788', serviceCode: 'JHT', slotStart: at(TODAY, '09:30') }]);
    const page = await openKiosk();
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    expect(await focused()).toBe('kiosk-scanner');
    // A touch on a button must not leave the focus there, or the scan's Enter would press it.
    await page.getByTestId('service-INFO').click();
    await page.getByTestId('kiosk-back').click();
    await expect.poll(focused).toBe('kiosk-scanner');

    // Even with a button focused (no touch to bring the focus back), the scan goes to the field
    // and its Enter does not press the button.
    await page.getByTestId('kiosk-booked').focus();
    await scan(page, 'scan-7788');
    await expect.poll(() => page.getByTestId('priority-subject').textContent()).toBe('Booking SCAN-7788 · Klaim JHT');
    const number = await takeTicket(page);
    expect((await ticketsOf('JHT')).find((t) => t.displayNumber === number)).toMatchObject({ source: 'booking' });
  });

  it('explains each refused booking and what to do: too early, wrong day, used, cancelled, unknown', async () => {
    const tomorrow = '2025-03-11';
    const yesterday = '2025-03-09';
    await seedBookings([
      { code: 'EARLY-1100', serviceCode: 'JKM', slotStart: at(TODAY, '11:00') },
      { code: 'NEXT-DAY', serviceCode: 'JHT', slotStart: at(tomorrow, '10:00') },
      { code: 'LAST-DAY', serviceCode: 'JHT', slotStart: at(yesterday, '10:00') },
      { code: 'GONE-0001', serviceCode: 'JHT', slotStart: at(TODAY, '09:30'), status: 'cancelled' },
      { code: 'USED-0001', serviceCode: 'INFO', slotStart: at(TODAY, '09:30') },
    ]);
    expect((await fx.api('POST', '/tickets/check-in', { token: fx.tokens.kiosk, body: { bookingCode: 'USED-0001' } })).status).toBe(201);
    fx.clock.set(at(TODAY, '09:40'));
    const page = await openKiosk();
    // Every refused code is refused at once: nobody is asked about priority for a ticket they cannot get.
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/tickets/check-in') && r.method() === 'POST') asked.push(new URL(r.url()).pathname);
    });
    const refusalFor = async (code: string) => {
      await scan(page, code);
      await page.getByTestId('kiosk-refusal').waitFor();
      expect(await page.getByTestId('priority-none').count(), `${code}: no priority question`).toBe(0);
      // Codes are shown with non-breaking hyphens, so they never break across lines.
      const reason = (await page.getByTestId('refusal-reason').textContent())!.replaceAll('\u2011', '-');
      const advice = (await page.getByTestId('refusal-advice').count()) > 0 ? await page.getByTestId('refusal-advice').textContent() : null;
      const alternatives = await page.getByTestId('refusal-alternatives').textContent();
      return { reason, advice, alternatives };
    };

    const early = await refusalFor('EARLY-1100');
    expect(early.reason).toBe('Check-in untuk booking EARLY-1100 baru dibuka pukul 10:30.');
    expect(early.advice).toBe('Silakan kembali ke kios pukul 10:30.');
    await screenshot(page, 'kiosk-booking-too-early');
    await expectAccessible(page);

    const next = await refusalFor('NEXT-DAY');
    expect(next.reason).toBe('Booking NEXT-DAY untuk Selasa, 11 Maret 2025, bukan hari ini.');
    expect(next.advice).toBe('Silakan datang pada tanggal booking Anda.');

    const past = await refusalFor('LAST-DAY');
    expect(past.reason).toBe('Booking LAST-DAY untuk Minggu, 9 Maret 2025, bukan hari ini.');
    expect(past.alternatives).toContain('Booking online');
    expect(past.alternatives).toContain('Tanyakan kepada petugas');

    expect((await refusalFor('USED-0001')).reason).toBe('Booking USED-0001 sudah dipakai untuk check-in.');
    const cancelled = await refusalFor('GONE-0001');
    expect(cancelled.reason).toBe('Booking GONE-0001 sudah dibatalkan.');
    expect(cancelled.alternatives).toContain('Booking online');

    const unknown = await refusalFor('NOPE-404');
    expect(unknown.reason).toBe('Kode booking NOPE-404 tidak ditemukan di kantor cabang ini.');
    expect(unknown.advice).toBe('Periksa kode dan kantor cabang pada booking Anda, lalu coba lagi.');
    await page.getByTestId('refusal-retype').click();
    expect((await page.getByTestId('booking-code').textContent())!.trim()).toBe('Ketik kode booking Anda');

    // Only the check was asked: the check-in itself never ran for a refused code.
    expect(new Set(asked)).toEqual(new Set(['/api/v1/tickets/check-in/check']));

    // At opening time the same booking checks in.
    fx.clock.set(at(TODAY, '10:31'));
    await scan(page, 'EARLY-1100');
    await expect.poll(() => page.getByTestId('priority-subject').textContent()).toBe('Booking EARLY-1100 · Klaim JKM');
    expect(await takeTicket(page)).toBe('C001');
  });
});

describe('when the hub cannot be reached', () => {
  it('issues exactly one ticket when the answer to the first attempt is lost', async () => {
    const before = (await ticketsOf('JHT')).length;
    const page = await openKiosk();
    let attempts = 0;
    await page.route('**/api/v1/tickets', async (route) => {
      attempts += 1;
      if (attempts === 1) {
        // The hub issues the ticket, but its answer never reaches the kiosk.
        await route.fetch();
        await route.abort('connectionreset');
      } else {
        await route.continue();
      }
    });
    await page.getByTestId('service-JHT').click();
    const number = await takeTicket(page);
    expect(attempts).toBeGreaterThanOrEqual(2);
    const after = await ticketsOf('JHT');
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)!.displayNumber).toBe(number);
  });

  it('shows a calm error while the hub is down, retries by itself, and issues one ticket when it is back', async () => {
    const before = (await ticketsOf('JHT')).length;
    const page = await openKiosk();
    await fx.hub.close();
    await page.getByTestId('kiosk-offline').waitFor();
    expect(await page.getByTestId('kiosk-offline').textContent()).toContain('Kios mencoba lagi secara otomatis');
    // The banner and the reconnecting mark leave the "free of charge" footer whole and uncovered.
    const mark = page.locator('div.mark[role=status]');
    await mark.waitFor();
    const footer = (await page.locator('footer').boundingBox())!;
    expect(footer.y + footer.height).toBeLessThanOrEqual(VIEWPORTS.kioskPortrait.height);
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(VIEWPORTS.kioskPortrait.height);
    const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
      a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    const pill = (await mark.boundingBox())!;
    for (const other of ['footer', '[data-testid=kiosk-offline]', '[data-testid=kiosk-free]', 'h1', '[data-testid=service-JKK]']) {
      expect(overlaps(pill, (await page.locator(other).first().boundingBox())!), `the reconnecting mark covers ${other}`).toBe(false);
    }
    await screenshot(page, 'kiosk-start-offline');
    await page.getByTestId('service-JHT').click();
    await page.getByTestId('kiosk-take-ticket').click();
    const problem = page.getByTestId('kiosk-unreachable');
    await problem.waitFor();
    expect(await problem.textContent()).toContain('Kios mencoba lagi secara otomatis');
    expect(await problem.getAttribute('role')).toBe('status');
    await page.waitForTimeout(2_500);
    await screenshot(page, 'kiosk-hub-unreachable');
    await expectAccessible(page);

    await fx.restart();
    await page.getByTestId('ticket-number').waitFor({ timeout: 15_000 });
    const after = await ticketsOf('JHT');
    expect(after.length).toBe(before + 1);
    expect(await page.getByTestId('ticket-number').textContent()).toBe(after.at(-1)!.displayNumber);
  });
});
