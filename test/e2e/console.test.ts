import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { accessibilityProblems, launchBrowser, openPage, screenshot, VIEWPORTS } from './support/browser.js';
import { issue, startTestHub, STANDARD_SEED, type HubFixture, type SeedInput } from '../support/hub-fixture.js';

/**
 * The officer console in Chromium against a real hub: signing in, the panel of each position with
 * its actions and checklist, the waiting queues and the policy's preview, and the hub's refusals.
 */

/** The standard branch with four more booths, so an officer can take six. */
const SIX_BOOTHS_SEED: SeedInput = {
  ...STANDARD_SEED,
  positions: [
    ...STANDARD_SEED.positions!,
    ...[3, 4, 5, 6].map((n) => ({ id: `booth-${n}`, kind: 'booth' as const, label: `Bilik ${n}`, services: ['JHT', 'JKK'] })),
  ],
};

let browser: Browser;
let fx: HubFixture | undefined;
let context: BrowserContext | undefined;
/** Script errors the page threw: none is expected in any test. */
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
  await context?.close();
  context = undefined;
  await fx?.close();
  fx = undefined;
});

async function openConsole(seed: SeedInput = STANDARD_SEED, viewport: { width: number; height: number } = VIEWPORTS.tv): Promise<{ hub: HubFixture; page: Page }> {
  fx = await startTestHub({ seed });
  const opened = await openPage(browser, fx.url, '/console', { token: fx.tokens.console, viewport });
  context = opened.context;
  opened.page.on('pageerror', (err) => pageErrors.push(err.message));
  await opened.page.getByTestId('signin-form').or(opened.page.getByTestId('desk')).waitFor();
  return { hub: fx, page: opened.page };
}

async function signInOnPage(page: Page, officerId: string, pin: string, positions: string[]): Promise<void> {
  await page.getByTestId(`signin-officer-${officerId}`).check();
  await page.getByTestId('signin-pin').fill(pin);
  for (const id of positions) await page.getByTestId(`signin-position-${id}`).check();
  await page.getByTestId('signin-submit').click();
}

async function signedIn(page: Page, officerId = 'siti', positions = ['booth-1', 'booth-2']): Promise<void> {
  await signInOnPage(page, officerId, officerId === 'siti' ? '1234' : '2345', positions);
  await page.getByTestId('desk').waitFor();
}

/** Waits until the element's text contains `text`, then returns its whole text. */
async function textOf(locator: Locator, text: string | RegExp): Promise<string> {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: 5_000 });
  return (await locator.first().textContent()) ?? '';
}

const tile = (page: Page, positionId: string) => page.getByTestId(`position-${positionId}`);

async function hubTicket(hub: HubFixture, ticketId: string) {
  const res = await hub.api('GET', `/tickets/${ticketId}`, { token: hub.tokens.supervisor });
  expect(res.status).toBe(200);
  return res.body as { ticket: { status: string; outcome: string | null; serviceCode: string; positionId: string | null }; notes: string | null };
}

/** A JHT ticket issued, called to booth 1 from the console, and its transfer dialog open. */
async function callAndOpenTransfer(hub: HubFixture, page: Page) {
  const ticket = await issue(hub, 'JHT');
  const desk = page.getByTestId('desk');
  await tile(page, 'booth-1').getByTestId('call-next').click();
  await textOf(desk.getByTestId('ticket-number'), ticket.ticket.displayNumber);
  await desk.getByTestId('transfer').click();
  const dialog = page.getByTestId('transfer-dialog');
  await dialog.waitFor();
  return { ticket, dialog };
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await accessibilityProblems(page)).toEqual([]);
}

describe('officer console: signing in', () => {
  it('refuses a wrong PIN in words, then signs in with two booths', async () => {
    const { hub, page } = await openConsole();
    expect(await page.locator('html').getAttribute('lang')).toBe('id');
    await screenshot(page, 'console-signed-out-1920x1080');
    await expectAccessible(page);

    await signInOnPage(page, 'siti', '9999', ['booth-1', 'booth-2']);
    expect(await textOf(page.getByTestId('signin-error'), 'PIN salah')).toContain('PIN salah');
    expect(await page.getByTestId('signin-pin').inputValue()).toBe('');
    await expectAccessible(page);
    expect((await hub.api('GET', '/sessions/current', { token: hub.tokens.console })).body.session).toBeNull();

    await page.getByTestId('signin-pin').fill('1234');
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('desk').waitFor();
    expect(await page.getByTestId('officer-name').textContent()).toBe('Siti Rahmawati');
    expect(await page.locator('[data-testid^="position-booth-"]').count()).toBe(2);
    const current = await hub.api('GET', '/sessions/current', { token: hub.tokens.console });
    expect(current.body.session.positions.sort()).toEqual(['booth-1', 'booth-2']);
    await expectAccessible(page);
  });

  it('keeps the pick to one counter or booths only', async () => {
    const { page } = await openConsole();
    await page.getByTestId('signin-position-booth-1').check();
    await page.getByTestId('signin-position-counter-1').check();
    expect(await page.getByTestId('signin-position-booth-1').isChecked()).toBe(false);
    await page.getByTestId('signin-position-booth-2').check();
    expect(await page.getByTestId('signin-position-counter-1').isChecked()).toBe(false);
  });

  it('keeps the session across a page reload', async () => {
    const { hub, page } = await openConsole();
    await signedIn(page);
    const ticket = await issue(hub, 'JHT');
    await tile(page, 'booth-1').getByTestId('call-next').click();
    await textOf(tile(page, 'booth-1').getByTestId('ticket-number'), ticket.ticket.displayNumber);

    await page.reload({ waitUntil: 'load' });
    await page.getByTestId('desk').waitFor();
    expect(await page.getByTestId('officer-name').textContent()).toBe('Siti Rahmawati');
    expect(await textOf(tile(page, 'booth-1').getByTestId('ticket-number'), ticket.ticket.displayNumber)).toBe(ticket.ticket.displayNumber);
  });

  it("shows the hub's refusal to sign out while a ticket is open, and signs out once it is closed", async () => {
    const { hub, page } = await openConsole();
    await signedIn(page);
    const ticket = await issue(hub, 'JHT');
    await tile(page, 'booth-1').getByTestId('call-next').click();
    await textOf(tile(page, 'booth-1').getByTestId('ticket-number'), ticket.ticket.displayNumber);

    await page.getByTestId('signout').click();
    const refusal = await textOf(page.getByTestId('signout-error'), 'Selesaikan atau alihkan dulu');
    expect(refusal).toBe(`Siti Rahmawati masih memegang tiket ${ticket.ticket.displayNumber}. Selesaikan atau alihkan dulu.`);
    expect((await hub.api('GET', '/sessions/current', { token: hub.tokens.console })).body.session).not.toBeNull();
    await expectAccessible(page);

    await tile(page, 'booth-1').getByTestId('no-show').click();
    // The no-show reaches the hub only once its undo countdown has run out.
    await tile(page, 'booth-1').getByTestId('undo-no-show').waitFor();
    await tile(page, 'booth-1').getByTestId('position-status').filter({ hasText: 'Kosong' }).waitFor({ timeout: 15_000 });
    await page.getByTestId('signout').click();
    await page.getByTestId('signin-form').waitFor();
    expect((await hub.api('GET', '/sessions/current', { token: hub.tokens.console })).body.session).toBeNull();
  });
});

describe('officer console: a position panel', () => {
  it('calls the next ticket into the panel with the checklist of its service and the masked NIK', async () => {
    const { hub, page } = await openConsole();
    await signedIn(page);
    await tile(page, 'booth-1').getByTestId('call-next').click();
    expect(await textOf(tile(page, 'booth-1').getByTestId('action-message'), 'Tidak ada yang menunggu')).toContain('Bilik 1');

    const ticket = await issue(hub, 'JHT', { nik: '3174012345678901' });
    await tile(page, 'booth-1').getByTestId('call-next').click();
    expect(await textOf(tile(page, 'booth-1').getByTestId('ticket-number'), ticket.ticket.displayNumber)).toBe(ticket.ticket.displayNumber);
    expect(await tile(page, 'booth-1').getAttribute('data-status')).toBe('called');

    const desk = page.getByTestId('desk');
    expect(await desk.getAttribute('data-position-id')).toBe('booth-1');
    const checklist = desk.getByTestId('checklist');
    const boxes = checklist.locator('input[type=checkbox]');
    expect(await boxes.count()).toBe(7);
    expect(await checklist.textContent()).toContain('KTP (kartu tanda penduduk)');
    expect(await checklist.textContent()).toContain('ID card (KTP)');
    expect(await textOf(desk.getByTestId('nik'), '8901')).toBe(ticket.nikMasked);
    expect(ticket.nikMasked).not.toContain('3174012345');
    // What a screen reader hears for each fact: a filled label, never a {placeholder}.
    expect((await desk.locator('dt').allTextContents()).join(' | ')).not.toMatch(/[{}]/);

    const state = await hubTicket(hub, ticket.ticket.id);
    expect(state.ticket).toMatchObject({ status: 'called', positionId: 'booth-1' });
    await expectAccessible(page);
  });

  it('asks the hub for the next picks again only after events that can change them', async () => {
    const { hub, page } = await openConsole();
    await signedIn(page);
    // The picks of both booths, loaded once after signing in.
    await page.waitForTimeout(800);
    let previews = 0;
    page.on('request', (r) => {
      if (r.url().includes('/preview')) previews++;
    });
    const stream = await hub.openStream(hub.tokens.supervisor);
    await hub.api('PUT', '/settings/ticker', { token: hub.tokens.supervisor, body: { text: 'Layanan gratis' } });
    await stream.nextEvent('settings.updated');
    await page.waitForTimeout(800);
    expect(previews).toBe(0);

    const ticket = await issue(hub, 'JHT');
    expect(await textOf(page.getByTestId('desk-picks'), ticket.ticket.displayNumber)).toContain(ticket.ticket.displayNumber);
    expect(previews).toBeGreaterThan(0);
  });

  it('takes a no-show back within its countdown, and sends it only once the countdown runs out', async () => {
    const { hub, page } = await openConsole();
    await signedIn(page);
    const ticket = await issue(hub, 'JHT');
    await tile(page, 'booth-1').getByTestId('call-next').click();
    await textOf(tile(page, 'booth-1').getByTestId('ticket-number'), ticket.ticket.displayNumber);

    await tile(page, 'booth-1').getByTestId('no-show').click();
    const undo = tile(page, 'booth-1').getByTestId('undo-no-show');
    expect(await textOf(undo, 'Urungkan')).toMatch(/Tidak hadir dalam \d dtk · Urungkan/);
    await page.waitForTimeout(2000);
    expect((await hubTicket(hub, ticket.ticket.id)).ticket.status).toBe('called');
    await undo.click();
    await page.waitForTimeout(7000);
    expect((await hubTicket(hub, ticket.ticket.id)).ticket.status).toBe('called');

    await tile(page, 'booth-1').getByTestId('no-show').click();
    await tile(page, 'booth-1').getByTestId('action-message').filter({ hasText: 'tidak hadir' }).waitFor({ timeout: 15_000 });
    expect((await hubTicket(hub, ticket.ticket.id)).ticket.status).toBe('no_show');
  }, 40_000);

  it('keeps the checklist and notes across a page reload mid-service', async () => {
    const { hub, page } = await openConsole();
    await signedIn(page);
    const ticket = await issue(hub, 'JHT');
    await tile(page, 'booth-1').getByTestId('call-next').click();
    await textOf(tile(page, 'booth-1').getByTestId('ticket-number'), ticket.ticket.displayNumber);
    const desk = page.getByTestId('desk');
    await desk.getByTestId('document-ktp').check();
    await desk.getByTestId('notes').fill('Paklaring menyusul');
    await page.waitForTimeout(1000);

    await page.reload();
    await textOf(page.getByTestId('desk').getByTestId('ticket-number'), ticket.ticket.displayNumber);
    await page.getByTestId('desk').getByTestId('checklist-tally').filter({ hasText: '1 dari 7' }).waitFor({ timeout: 5_000 });
    expect(await page.getByTestId('desk').getByTestId('document-ktp').isChecked()).toBe(true);
    expect(await page.getByTestId('desk').getByTestId('notes').inputValue()).toBe('Paklaring menyusul');
  });

  it('counts recalls and turns the recall past the limit into a no-show', async () => {
    const { hub, page } = await openConsole();
    await signedIn(page);
    const ticket = await issue(hub, 'JHT');
    const booth = tile(page, 'booth-1');
    await booth.getByTestId('call-next').click();
    expect(await textOf(booth.getByTestId('recall-count'), 'Dipanggil ulang 0 dari 2')).toContain('0 dari 2');

    await booth.getByTestId('recall').click();
    expect(await textOf(booth.getByTestId('recall-count'), '1 dari 2')).toContain('1 dari 2');
    await booth.getByTestId('recall').click();
    expect(await textOf(booth.getByTestId('recall-count'), '2 dari 2')).toContain('2 dari 2');
    expect(await booth.getByTestId('recall').textContent()).toContain('jadi tidak hadir');
    await page.getByTestId('desk').getByTestId('recall-limit').waitFor();
    expect((await hubTicket(hub, ticket.ticket.id)).ticket.status).toBe('called');

    await booth.getByTestId('recall').click();
    expect(await textOf(booth.getByTestId('action-message'), 'tidak hadir')).toContain(`${ticket.ticket.displayNumber} ditandai tidak hadir`);
    expect(await booth.getAttribute('data-status')).toBe('empty');
    expect((await hubTicket(hub, ticket.ticket.id)).ticket.status).toBe('no_show');
  });

  it('starts and finishes with an outcome and notes, which the hub keeps, and clears the checklist for the next ticket', async () => {
    const { hub, page } = await openConsole();
    await signedIn(page);
    const first = await issue(hub, 'JHT');
    const second = await issue(hub, 'JHT');
    const booth = tile(page, 'booth-1');
    const desk = page.getByTestId('desk');
    await booth.getByTestId('call-next').click();
    await textOf(booth.getByTestId('ticket-number'), first.ticket.displayNumber);
    await desk.getByTestId('document-ktp').check();
    await desk.getByTestId('document-kpj').check();
    expect(await desk.getByTestId('checklist-tally').textContent()).toBe('2 dari 7 diperiksa');

    await booth.getByTestId('start').click();
    await textOf(booth.getByTestId('position-status'), 'Dilayani');
    expect((await hubTicket(hub, first.ticket.id)).ticket.status).toBe('serving');

    await desk.getByTestId('finish').click();
    const dialog = page.getByTestId('finish-dialog');
    await dialog.waitFor();
    expect(await dialog.getByTestId('finish-unchecked').textContent()).toContain('5 dokumen belum diperiksa');
    await dialog.getByTestId('finish-confirm').click();
    await textOf(dialog, 'Pilih hasil layanan');
    await dialog.getByTestId('outcome-documents_incomplete').check();
    await dialog.getByTestId('finish-notes').fill('Buku tabungan belum dibawa');
    await expectAccessible(page);
    await dialog.getByTestId('finish-confirm').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await textOf(booth.getByTestId('action-message'), 'selesai')).toContain('Dokumen belum lengkap');

    const done = await hubTicket(hub, first.ticket.id);
    expect(done.ticket).toMatchObject({ status: 'done', outcome: 'documents_incomplete' });
    expect(done.notes).toBe('Buku tabungan belum dibawa');

    await booth.getByTestId('call-next').click();
    await textOf(booth.getByTestId('ticket-number'), second.ticket.displayNumber);
    expect(await desk.getByTestId('checklist-tally').textContent()).toBe('0 dari 7 diperiksa');
    expect(await desk.getByTestId('notes').inputValue()).toBe('');
  });

  it('transfers a called ticket to INFO, where the hub puts it in the queue', async () => {
    const { hub, page } = await openConsole();
    await signedIn(page);
    const { ticket, dialog } = await callAndOpenTransfer(hub, page);
    // Nobody else is on duty: the ticket's own service offers nobody to send it to.
    await dialog.getByTestId('transfer-service-JHT').check();
    expect(await dialog.getByTestId('transfer-to-anyone').isDisabled()).toBe(true);
    expect(await textOf(dialog.getByTestId('transfer-nobody'), 'Tidak ada petugas lain')).toContain('Klaim JHT');
    await dialog.getByTestId('transfer-confirm').click();
    expect(await textOf(dialog.getByRole('alert'), 'pilih petugas')).toBe('Di layanan yang sama, pilih petugas atau posisi tujuan.');
    await dialog.getByTestId('transfer-service-INFO').check();
    expect(await dialog.getByTestId('transfer-to-anyone').isChecked()).toBe(true);
    await expectAccessible(page);
    await dialog.getByTestId('transfer-confirm').click();
    await dialog.waitFor({ state: 'detached' });
    // The confirmation names the service as people know it, not by its code.
    expect(await textOf(tile(page, 'booth-1').getByTestId('action-message'), 'dialihkan')).toContain(`${ticket.ticket.displayNumber} dialihkan ke Informasi & Pengaduan.`);
    expect(await tile(page, 'booth-1').getAttribute('data-status')).toBe('empty');

    const moved = await hubTicket(hub, ticket.ticket.id);
    expect(moved.ticket).toMatchObject({ status: 'waiting', serviceCode: 'INFO', positionId: null });
    const state = await hub.api('GET', '/state', { token: hub.tokens.supervisor });
    const info = state.body.queues.find((q: { service: { code: string } }) => q.service.code === 'INFO');
    expect(info.waiting.map((t: { id: string }) => t.id)).toEqual([ticket.ticket.id]);
  });

  it('transfers a ticket to one officer within its service: it waits for them alone, and the confirmation names them', async () => {
    const { hub, page } = await openConsole();
    await signedIn(page, 'siti', ['booth-1']);
    // Budi works at booth 2 from a console of his own.
    const budiConsole = hub.hub.devices.preparePaired('Konsol 2', 'console').token;
    expect((await hub.api('POST', '/sessions', { token: budiConsole, body: { officerId: 'budi', pin: '2345', positions: ['booth-2'] } })).status).toBe(201);
    const { ticket, dialog } = await callAndOpenTransfer(hub, page);
    await dialog.getByTestId('transfer-service-JHT').check();
    // Only who could call it now: Budi and his booth; not Siti herself, not the booth it is at, not the idle counter.
    const offered = await dialog.getByTestId('transfer-recipients').locator('input:not([disabled])').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(offered).toEqual(['officer:budi', 'position:booth-2']);
    await dialog.getByTestId('transfer-to-officer-budi').check();
    await expectAccessible(page);
    await screenshot(page, 'console-transfer-to-officer-1920x1080');
    await dialog.getByTestId('transfer-confirm').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await textOf(tile(page, 'booth-1').getByTestId('action-message'), 'dialihkan')).toContain(`${ticket.ticket.displayNumber} dialihkan ke Budi Santoso (Klaim JHT).`);
    // Siti's waiting list says whom it waits for, and offers her no call that the hub would refuse.
    const row = page.getByTestId('queue-JHT').getByTestId('waiting-ticket');
    expect(await textOf(row.getByTestId('reserved-for'), 'untuk')).toBe('untuk Budi Santoso');
    expect(await row.getByTestId('call-chosen').count()).toBe(0);

    // Siti cannot take it back by calling next; Budi's call gets it.
    expect((await hub.api('POST', '/positions/booth-1/call-next', { token: hub.tokens.console })).body.ticket).toBeNull();
    const budiCall = await hub.api('POST', '/positions/booth-2/call-next', { token: budiConsole });
    expect(budiCall.body.ticket).toMatchObject({ id: ticket.ticket.id, positionId: 'booth-2' });
  });

  it('calls a chosen ticket out of the policy order from the waiting list', async () => {
    const { hub, page } = await openConsole();
    await signedIn(page);
    const tickets = [await issue(hub, 'JHT'), await issue(hub, 'JHT'), await issue(hub, 'JHT')];
    const third = tickets[2]!;
    await tile(page, 'booth-2').getByTestId('tile-select').click();
    const row = page.getByTestId('queue-JHT').locator(`[data-ticket-id="${third.ticket.id}"]`);
    expect(await textOf(row.getByTestId('call-chosen'), 'Bilik 2')).toContain('Panggil ke Bilik 2');
    await row.getByTestId('call-chosen').click();

    expect(await textOf(tile(page, 'booth-2').getByTestId('ticket-number'), third.ticket.displayNumber)).toBe(third.ticket.displayNumber);
    expect((await hubTicket(hub, third.ticket.id)).ticket).toMatchObject({ status: 'called', positionId: 'booth-2' });
    expect((await hubTicket(hub, tickets[0]!.ticket.id)).ticket.status).toBe('waiting');
    await row.waitFor({ state: 'detached' });
  });

  it('sends a chosen ticket to a free booth when the selected one is busy', async () => {
    const { hub, page } = await openConsole();
    await signedIn(page);
    const first = await issue(hub, 'JHT');
    const second = await issue(hub, 'JHT');
    await tile(page, 'booth-1').getByTestId('call-next').click();
    await textOf(tile(page, 'booth-1').getByTestId('ticket-number'), first.ticket.displayNumber);
    const call = page.getByTestId('queue-JHT').locator(`[data-ticket-id="${second.ticket.id}"]`).getByTestId('call-chosen');
    expect(await textOf(call, 'Bilik 2')).toContain('Panggil ke Bilik 2');
    await call.click();
    expect(await textOf(tile(page, 'booth-2').getByTestId('ticket-number'), second.ticket.displayNumber)).toBe(second.ticket.displayNumber);
  });

  it("shows a hub refusal next to the waiting list's call button", async () => {
    const { hub, page } = await openConsole();
    await signedIn(page, 'budi', ['counter-1']);
    const first = await issue(hub, 'JHT');
    const second = await issue(hub, 'JHT');
    await tile(page, 'counter-1').getByTestId('call-next').click();
    await textOf(tile(page, 'counter-1').getByTestId('ticket-number'), first.ticket.displayNumber);
    await page.getByTestId('queue-JHT').locator(`[data-ticket-id="${second.ticket.id}"]`).getByTestId('call-chosen').click();
    const refusal = await textOf(page.getByTestId('queue-message'), 'masih ada tiket');
    expect(refusal).toContain(`Di Loket 1 masih ada tiket ${first.ticket.displayNumber} yang dipanggil.`);
    expect((await hubTicket(hub, second.ticket.id)).ticket.status).toBe('waiting');
  });

  it('previews the next picks in the policy order: a priority ticket after every two normal ones', async () => {
    const { hub, page } = await openConsole();
    await signedIn(page);
    const normal = [await issue(hub, 'JHT'), await issue(hub, 'JHT'), await issue(hub, 'JHT')];
    const priority = [await issue(hub, 'JHT', { priority: 'elderly' }), await issue(hub, 'JHT', { priority: 'pregnant' })];
    const [n1, n2] = normal.map((t) => t.ticket.displayNumber) as [string, string, string];
    const [p1, p2] = priority.map((t) => t.ticket.displayNumber) as [string, string];

    const picks = () => tile(page, 'booth-1').getByTestId('pick').allTextContents();
    const hubPicks = async () => {
      const res = await hub.api('GET', '/positions/booth-1/preview?count=3', { token: hub.tokens.supervisor });
      return (res.body.picks as { ticket: { displayNumber: string } }[]).map((p) => p.ticket.displayNumber);
    };
    const firstPickIs = (number: string) =>
      page.waitForFunction((n) => document.querySelector('[data-testid="position-booth-1"] [data-testid="pick"]')?.textContent === n, number);

    // No priority ticket called yet today: the first one is due at once, then two normal ones.
    await firstPickIs(p1);
    expect(await picks()).toEqual([p1, n1, n2]);
    expect(await picks()).toEqual(await hubPicks());
    const deskPicks = await page.getByTestId('desk').getByTestId('desk-pick').allTextContents();
    expect(deskPicks[0]).toContain('prioritas');
    expect(deskPicks[1]).toContain('urutan datang');

    // Once it is called, the next priority ticket waits behind two normal ones: the preview follows.
    await tile(page, 'booth-1').getByTestId('call-next').click();
    await textOf(tile(page, 'booth-1').getByTestId('ticket-number'), p1);
    await firstPickIs(n1);
    expect(await picks()).toEqual([n1, n2, p2]);
    expect(await picks()).toEqual(await hubPicks());
  });

  it('shows the waiting queue of each service with estimated waits', async () => {
    const { hub, page } = await openConsole();
    await signedIn(page);
    await issue(hub, 'JHT');
    await issue(hub, 'JKK');
    await issue(hub, 'INFO');
    const jht = page.getByTestId('queue-JHT');
    await textOf(jht, '1 menunggu');
    expect(await jht.getByTestId('waiting-estimate').first().textContent()).toMatch(/perkiraan (< 5 menit|± \d+)/);
    await textOf(page.getByTestId('queue-JKK'), '1 menunggu');
    // INFO is not served at the officer's booths: it sits under the other services, folded away.
    expect(await page.getByTestId('queue-INFO').isVisible()).toBe(false);
  });

  it('lists the first 25 of a long queue and counts the rest', async () => {
    const { hub, page } = await openConsole();
    await signedIn(page);
    const issued = [];
    for (let i = 0; i < 30; i++) issued.push((await issue(hub, 'JHT')).ticket.displayNumber);
    const jht = page.getByTestId('queue-JHT');
    await textOf(jht, '30 menunggu');
    expect(await textOf(jht.getByTestId('queue-more'), 'lagi')).toBe('… dan 5 lagi menunggu');
    expect(await jht.getByTestId('waiting-ticket').locator('.number').allTextContents()).toEqual(issued.slice(0, 25));
    await tile(page, 'booth-1').getByTestId('call-next').click();
    await textOf(jht, '29 menunggu');
    expect(await textOf(jht.getByTestId('queue-more'), 'lagi')).toBe('… dan 4 lagi menunggu');
  });

  it('switches to English and back', async () => {
    const { page } = await openConsole();
    await signedIn(page);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    expect(await textOf(tile(page, 'booth-1').getByTestId('call-next'), 'Call next')).toBe('Call next');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click();
    await textOf(tile(page, 'booth-1').getByTestId('call-next'), 'Panggil berikutnya');
  });

  it('calls next with the keyboard alone', async () => {
    const { hub, page } = await openConsole();
    await signedIn(page);
    const ticket = await issue(hub, 'JHT');
    await page.keyboard.press('Alt+2');
    expect(await page.evaluate(() => document.activeElement?.closest('[data-position-id]')?.getAttribute('data-position-id'))).toBe('booth-2');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('call-next');
    await page.keyboard.press('Enter');
    expect(await textOf(tile(page, 'booth-2').getByTestId('ticket-number'), ticket.ticket.displayNumber)).toBe(ticket.ticket.displayNumber);
  });
});

describe('officer console: when the hub goes away', () => {
  it('says so in words and shows the reconnecting mark when the hub is down', async () => {
    const { hub, page } = await openConsole();
    await signedIn(page);
    await hub.hub.close();
    await page.getByText('Menyambung ulang').waitFor();
    await tile(page, 'booth-1').getByTestId('call-next').click();
    expect(await textOf(tile(page, 'booth-1').getByTestId('action-message'), 'tidak terjangkau')).toContain('Mencoba lagi');
    await expectAccessible(page);
  });

  it('carries on after a hub restart without a reload', async () => {
    const { hub, page } = await openConsole();
    await signedIn(page);
    await hub.restart();
    // The stream comes back by itself (with a growing pause between tries) and the mark goes.
    await page.getByText('Menyambung ulang').waitFor({ state: 'detached', timeout: 10_000 });
    const ticket = await issue(hub, 'JHT');
    await textOf(page.getByTestId('queue-JHT'), ticket.ticket.displayNumber);
    await tile(page, 'booth-1').getByTestId('call-next').click();
    expect(await textOf(tile(page, 'booth-1').getByTestId('ticket-number'), ticket.ticket.displayNumber)).toBe(ticket.ticket.displayNumber);
  });
});

describe('officer console: screenshots', () => {
  /** Six booths: two called (one recalled), two in service, two free, with people waiting. */
  async function busyConsole(viewport: { width: number; height: number }): Promise<{ hub: HubFixture; page: Page }> {
    const opened = await openConsole(SIX_BOOTHS_SEED, viewport);
    const { hub, page } = opened;
    await signedIn(page, 'siti', ['booth-1', 'booth-2', 'booth-3', 'booth-4', 'booth-5', 'booth-6']);
    // People arrive a few minutes apart, as they do.
    const arrive = (service: string, extra: Record<string, unknown> = {}) => {
      hub.clock.advance(3 * 60_000);
      return issue(hub, service, extra);
    };
    for (let i = 0; i < 6; i++) await arrive(i % 3 === 2 ? 'JKK' : 'JHT', i === 1 ? { priority: 'elderly', nik: '3174012345678901' } : {});
    for (let i = 0; i < 5; i++) await arrive(i % 2 ? 'JKK' : 'JHT', i === 3 ? { priority: 'pregnant' } : {});
    await issue(hub, 'INFO');
    for (const id of ['booth-1', 'booth-2', 'booth-3', 'booth-4']) {
      await tile(page, id).getByTestId('call-next').click();
      await tile(page, id).getByTestId('start').waitFor();
    }
    await tile(page, 'booth-1').getByTestId('start').click();
    await tile(page, 'booth-3').getByTestId('start').click();
    await tile(page, 'booth-2').getByTestId('recall').click();
    await textOf(tile(page, 'booth-2').getByTestId('recall-count'), '1 dari 2');
    await tile(page, 'booth-1').getByTestId('tile-select').click();
    const desk = page.getByTestId('desk');
    await desk.getByTestId('notes').fill('Peserta membawa paklaring asli.');
    await desk.getByTestId('document-ktp').check();
    await desk.getByTestId('document-kpj').check();
    await tile(page, 'booth-1').getByTestId('tile-select').focus();
    await desk.evaluate((element) => element.scrollTo(0, 0));
    await textOf(tile(page, 'booth-3').getByTestId('position-status'), 'Dilayani');
    await textOf(tile(page, 'booth-6').getByTestId('picks'), 'A');
    return opened;
  }

  it('at 1920x1080: six booths at work, and the finish dialog', async () => {
    const { page } = await busyConsole(VIEWPORTS.tv);
    await screenshot(page, 'console-six-booths-1920x1080');
    await expectAccessible(page);
    await page.getByTestId('desk').getByTestId('finish').click();
    await page.getByTestId('finish-dialog').waitFor();
    await page.getByTestId('outcome-completed').check();
    await screenshot(page, 'console-finish-dialog-1920x1080');
    await expectAccessible(page);
  });

  it('at 1440x900: six booths at work, and the sign-in page', async () => {
    const { page } = await busyConsole(VIEWPORTS.desktop);
    await screenshot(page, 'console-six-booths-1440x900');
    await expectAccessible(page);
    await page.getByTestId('desk').getByTestId('transfer').click();
    await page.getByTestId('transfer-dialog').waitFor();
    await screenshot(page, 'console-transfer-dialog-1440x900');
  });

  it('at 1920x1080: one counter, one to one', async () => {
    const { hub, page } = await openConsole(STANDARD_SEED, VIEWPORTS.tv);
    await signedIn(page, 'budi', ['counter-1']);
    await issue(hub, 'INFO');
    await issue(hub, 'JHT', { nik: '3174012345678901' });
    await issue(hub, 'JHT');
    await tile(page, 'counter-1').getByTestId('call-next').click();
    await tile(page, 'counter-1').getByTestId('start').click();
    await textOf(tile(page, 'counter-1').getByTestId('position-status'), 'Dilayani');
    await textOf(tile(page, 'counter-1').getByTestId('picks'), 'A00');
    await screenshot(page, 'console-counter-1920x1080');
    await expectAccessible(page);
  });

  it('at 1440x900: signed out', async () => {
    const { page } = await openConsole(SIX_BOOTHS_SEED, VIEWPORTS.desktop);
    await page.getByTestId('signin-officer-budi').check();
    await screenshot(page, 'console-signed-out-1440x900');
    await expectAccessible(page);
  });
});
