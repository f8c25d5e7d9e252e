import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { accessibilityProblems, launchBrowser, screenshot, VIEWPORTS } from './support/browser.js';
import { issue, MINUTE, signIn, startTestHub, STANDARD_SEED, type HubFixture } from '../support/hub-fixture.js';

/** The phone page behind a ticket's QR code: public, no token, polling the hub. */
let browser: Browser;
let fx: HubFixture;
let page: Page;

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
  await page?.context().close();
  await fx?.close();
});

/**
 * The phone asks every second here, so a change shows within a second or two. The phone's own
 * clock is set to New York: everything it shows must still be the branch's time.
 */
async function openStatus(path: string): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORTS.phone, locale: 'id-ID', timezoneId: 'America/New_York' });
  page = await context.newPage();
  await page.goto(`${fx.url}${path}`, { waitUntil: 'load' });
  return page;
}

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

async function expectAccessible(p: Page) {
  expect(await accessibilityProblems(p)).toEqual([]);
}

describe('ticket status on a phone', () => {
  it('shows the number, people ahead and the wait; then where to go once called; then stops asking', async () => {
    await signIn(fx, 'budi', '2345', ['booth-1']);
    await issue(fx, 'JHT');
    await issue(fx, 'JHT');
    fx.clock.advance(3 * MINUTE);
    const mine = await issue(fx, 'JHT');
    expect(mine.statusCode).toMatch(/^[a-z2-9]{16}$/);

    const statusRequests: number[] = [];
    await openStatus(`/t/${mine.statusCode}?poll=1`);
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/tickets/status/')) statusRequests.push(Date.now());
    });
    await waitForText(page.getByTestId('status-number'), 'A003');
    await waitForText(page.getByTestId('status-service'), 'Klaim JHT');
    await waitForText(page.getByTestId('status-ahead'), '2 orang');
    await waitForText(page.getByTestId('status-wait'), /menit/);
    expect(await page.textContent('body')).not.toMatch(/\d{16}/);
    // The branch's clock (the hub's 09:03 WIB), with a colon and the zone, not the phone's New York time.
    await waitForText(page.getByTestId('status-updated'), 'Diperbarui otomatis · terakhir 09:03 WIB');
    // What to bring, in the page's language.
    expect(await page.getByTestId('status-documents').locator('li').allTextContents()).toEqual([
      'KTP (kartu tanda penduduk)',
      'Kartu peserta (KPJ)',
      'Surat keterangan berhenti bekerja / paklaring',
      'Buku tabungan',
      'Kartu keluarga (KK)',
      'Formulir klaim',
      'NPWP (saldo di atas Rp 50 juta)',
    ]);
    expect(await page.getByTestId('status-transferred').count()).toBe(0);
    await screenshot(page, 'status-waiting-390x844');
    await expectAccessible(page);

    // Called out of order to a booth: the phone says where to go within its poll interval.
    const called = await fx.api('POST', '/positions/booth-1/call', { token: fx.tokens.console, body: { ticketId: mine.ticket.id } });
    expect(called.status).toBe(200);
    await waitForText(page.getByTestId('status-called'), /Silakan menuju\s*Bilik 1/, 4_000);
    expect(await page.title()).toBe('A003: silakan menuju Bilik 1');
    await screenshot(page, 'status-called-390x844');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await waitForText(page.getByTestId('status-called'), /Please go to\s*Bilik 1/);
    await waitForText(page.getByTestId('status-service'), 'Old-age savings claim');
    await screenshot(page, 'status-called-en-390x844');

    expect((await fx.api('POST', `/tickets/${mine.ticket.id}/start`, { token: fx.tokens.console })).status).toBe(200);
    await waitForText(page.getByTestId('status-state'), /being served at\s*Bilik 1/, 4_000);
    expect((await fx.api('POST', `/tickets/${mine.ticket.id}/finish`, { token: fx.tokens.console, body: { outcome: 'completed' } })).status).toBe(200);
    await waitForText(page.getByTestId('status-ended'), /service is complete/, 4_000);
    await waitForText(page.getByTestId('status-updated'), /no longer updates/);
    await screenshot(page, 'status-done-en-390x844');

    // Done is final: no more requests after it.
    const asked = statusRequests.length;
    await page.waitForTimeout(2_500);
    expect(statusRequests.length).toBe(asked);
  });

  it('says a ticket was moved to another service, from which, and where to wait now', async () => {
    await signIn(fx, 'siti', '1234', ['counter-1']);
    const mine = await issue(fx, 'JHT');
    await openStatus(`/t/${mine.statusCode}?poll=1`);
    await waitForText(page.getByTestId('status-service'), 'Klaim JHT');

    // The officer finds it is a question for Information: the number stays, the service changes.
    expect((await fx.api('POST', `/tickets/${mine.ticket.id}/transfer`, { token: fx.tokens.console, body: { toService: 'INFO' } })).status).toBe(200);
    fx.clock.advance(MINUTE);
    await waitForText(page.getByTestId('status-service'), 'Informasi & Pengaduan', 4_000);
    const moved = page.getByTestId('status-transferred');
    await waitForText(moved, /Tiket Anda dipindahkan/);
    expect((await moved.textContent())!.replace(/\s+/g, ' ')).toContain(
      'Petugas memindahkan tiket Anda dari Klaim JHT ke Informasi & Pengaduan. Nomor Anda tetap A001 dan tempat Anda di antrean tidak hilang.',
    );
    expect(await moved.textContent()).toContain('nomor Anda dipanggil di layar lobi ke loket atau bilik untuk Informasi & Pengaduan');
    await waitForText(page.getByTestId('status-number'), 'A001');
    // Information needs no documents: the JHT list is gone.
    expect(await page.getByTestId('status-documents').count()).toBe(0);
    await waitForText(page.getByTestId('status-updated'), 'Diperbarui otomatis · terakhir 09:01 WIB');
    await screenshot(page, 'status-transferred-390x844');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await waitForText(moved, /An officer moved your ticket from Old-age savings claim to Information & complaints\. Your number stays A001/);
    await screenshot(page, 'status-transferred-en-390x844');

    // Called at the counter: where to go, and still why the service changed.
    expect((await fx.api('POST', '/positions/counter-1/call', { token: fx.tokens.console, body: { ticketId: mine.ticket.id } })).status).toBe(200);
    await waitForText(page.getByTestId('status-called'), /Please go to\s*Loket 1/, 4_000);
    expect(await moved.textContent()).not.toContain('Stay in the waiting room');
  });

  it('tells a drop-box envelope nobody needs to wait, and when it is processed', async () => {
    await signIn(fx, 'siti', '1234', ['counter-1']);
    const drop = await issue(fx, 'DROP', { source: 'drop_box' });
    await openStatus(`/t/${drop.statusCode}?poll=1`);
    await waitForText(page.getByTestId('status-drop-box'), /Anda tidak perlu menunggu/);
    expect(await page.getByTestId('status-ahead').count()).toBe(0);
    expect(await page.getByTestId('status-wait').count()).toBe(0);
    expect(await page.getByTestId('status-documents').count()).toBe(0);
    await screenshot(page, 'status-drop-box-390x844');
    await expectAccessible(page);
  });

  it('says when the ticket was cancelled or is a no-show, and stops asking', async () => {
    const cancelled = await issue(fx, 'INFO');
    expect((await fx.api('POST', `/tickets/${cancelled.ticket.id}/cancel`, { token: fx.tokens.supervisor, body: { reason: 'Peserta pulang' } })).status).toBe(200);
    await openStatus(`/t/${cancelled.statusCode}?poll=1`);
    await waitForText(page.getByTestId('status-ended'), /Tiket ini dibatalkan/);
    await waitForText(page.getByTestId('status-updated'), /tidak diperbarui lagi/);
    await expectAccessible(page);
    await page.context().close();

    await signIn(fx, 'siti', '1234', ['counter-1']);
    const absent = await issue(fx, 'INFO');
    expect((await fx.api('POST', '/positions/counter-1/call-next', { token: fx.tokens.console })).body.ticket.id).toBe(absent.ticket.id);
    expect((await fx.api('POST', `/tickets/${absent.ticket.id}/no-show`, { token: fx.tokens.console })).status).toBe(200);
    await openStatus(`/t/${absent.statusCode}?poll=1`);
    await waitForText(page.getByTestId('status-ended'), /tidak datang/);
  });

  it('tells a phone with an unknown or malformed code so, in words', async () => {
    await openStatus('/t/zzzzzzzzzzzzzzzz');
    await waitForText(page.getByTestId('status-unknown'), /Kode tiket pada tautan ini tidak dikenal/);
    await screenshot(page, 'status-unknown-390x844');
    await expectAccessible(page);
    await page.context().close();

    await openStatus('/t/A001');
    await waitForText(page.getByTestId('status-unknown'), /tidak dikenal/);
  });

  it('keeps the last figures and says so when the hub cannot be reached', async () => {
    const mine = await issue(fx, 'JHT');
    await openStatus(`/t/${mine.statusCode}?poll=1`);
    await waitForText(page.getByTestId('status-number'), 'A001');
    await fx.hub.close();
    await waitForText(page.getByTestId('status-unreachable'), /Tidak dapat terhubung/, 12_000);
    await waitForText(page.getByTestId('status-number'), 'A001');
  });
});
