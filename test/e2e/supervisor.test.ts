import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { accessibilityProblems, launchBrowser, openPage, screenshot, VIEWPORTS } from './support/browser.js';
import { issue, MINUTE, signIn, startTestHub, STANDARD_SEED, type HubFixture } from '../support/hub-fixture.js';

/**
 * The supervisor page against a real hub: what it counts, and every control doing what it says
 * (with a confirmation first where the change is destructive).
 */
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

async function openSupervisor(token = fx.tokens.supervisor, viewport: { width: number; height: number } = VIEWPORTS.desktop): Promise<Page> {
  ({ page } = await openPage(browser, fx.url, '/supervisor', { token, viewport }));
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

const cell = (code: string, what: string) => page.getByTestId(`service-row-${code}`).getByTestId(what);

async function serveNext(positionId: string, token = fx.tokens.console, outcome = 'completed') {
  const called = await fx.api('POST', `/positions/${positionId}/call-next`, { token });
  expect(called.status).toBe(200);
  const id = called.body.ticket.id as string;
  expect((await fx.api('POST', `/tickets/${id}/start`, { token })).status).toBe(200);
  fx.clock.advance(7 * MINUTE);
  expect((await fx.api('POST', `/tickets/${id}/finish`, { token, body: { outcome } })).status).toBe(200);
  return id;
}

/** Every axe finding, moderate and minor ones too. */
async function expectAccessible(p: Page) {
  expect(await accessibilityProblems(p, 'minor')).toEqual([]);
}

// Each test runs axe on several states; on a busy machine one run takes seconds.
describe('supervisor page', { timeout: 90_000 }, () => {
  it('counts a kiosk ticket as waiting, then as served and on the officer who finished it', async () => {
    await openSupervisor();
    await waitForText(cell('JHT', 'service-waiting'), '0');

    await issue(fx, 'JHT');
    await waitForText(cell('JHT', 'service-waiting'), '1');
    await waitForText(page.getByTestId('kpi-waiting'), '1');
    await page.getByTestId('waiting-ticket-A001').waitFor();
    // How long it has waited is measured on the hub's clock (a March morning here), not the browser's.
    fx.clock.advance(23 * MINUTE);
    const info = await issue(fx, 'INFO');
    await waitForText(page.getByTestId('waiting-ticket-A001').getByTestId('waited'), 'menunggu 23 mnt');
    await waitForText(page.getByTestId('waiting-ticket-E001').getByTestId('waited'), 'menunggu < 1 mnt');
    expect((await fx.api('POST', `/tickets/${info.ticket.id}/cancel`, { token: fx.tokens.supervisor, body: { reason: 'Salah pilih layanan' } })).status).toBe(200);

    await signIn(fx, 'siti', '1234', ['counter-1']);
    await page.getByTestId('officer-row-siti').waitFor();
    await serveNext('counter-1');

    await waitForText(cell('JHT', 'service-served'), '1');
    await waitForText(cell('JHT', 'service-waiting'), '0');
    await waitForText(cell('JHT', 'service-avg-wait'), '23 mnt');
    await waitForText(page.getByTestId('officer-row-siti').getByTestId('officer-done'), '1');
    await waitForText(page.getByTestId('waiting-empty'), /Tidak ada yang menunggu/);
  });

  it('asks before closing a service; once closed the kiosk is refused with service_closed', async () => {
    await openSupervisor();
    await cell('JHT', 'close-service').click();
    const dialog = page.getByTestId('confirm-dialog');
    await waitForText(dialog.locator('h2'), /Tutup layanan Klaim JHT\?/);
    expect(await dialog.evaluate((d) => (d as HTMLDialogElement).open && d.matches(':modal'))).toBe(true);
    await screenshot(page, 'supervisor-confirm-close-1440x900');
    await expectAccessible(page);

    // Saying no changes nothing.
    await page.getByTestId('confirm-no').click();
    await page.waitForFunction(() => !document.querySelector<HTMLDialogElement>('[data-testid=confirm-dialog]')!.open);
    expect((await fx.api('POST', '/tickets', { token: fx.tokens.kiosk, body: { serviceCode: 'JHT' } })).status).toBe(201);

    await cell('JHT', 'close-service').click();
    await page.getByTestId('confirm-yes').click();
    await waitForText(cell('JHT', 'service-state'), 'Tutup');
    await waitForText(page.getByTestId('notice'), /Klaim JHT ditutup/);
    const refused = await fx.api('POST', '/tickets', { token: fx.tokens.kiosk, body: { serviceCode: 'JHT' } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('service_closed');

    // Opening again needs no confirmation.
    await cell('JHT', 'open-service').click();
    await waitForText(cell('JHT', 'service-state'), 'Buka');
    expect((await fx.api('POST', '/tickets', { token: fx.tokens.kiosk, body: { serviceCode: 'JHT' } })).status).toBe(201);
  });

  it("raises today's quota, and shows the hub's refusal of a quota below what was issued", async () => {
    await issue(fx, 'JKK');
    await issue(fx, 'JKK');
    await openSupervisor();
    await waitForText(cell('JKK', 'service-quota'), /^2 \/ \d+$/);

    await cell('JKK', 'quota-button').click();
    const input = page.getByTestId('quota-input');
    await input.fill('250');
    await page.getByTestId('quota-save').click();
    await waitForText(cell('JKK', 'service-quota'), '2 / 250');
    const state = await fx.api('GET', '/state', { token: fx.tokens.supervisor });
    expect(state.body.queues.find((q: { service: { code: string } }) => q.service.code === 'JKK').quotaToday).toBe(250);

    await cell('JKK', 'quota-button').click();
    await input.fill('1');
    await page.getByTestId('quota-save').click();
    // Lowering is destructive: the dialog asks before sending it.
    await waitForText(page.getByTestId('quota-lower-warning'), /dari 250 menjadi 1/);
    await expectAccessible(page);
    await page.getByTestId('quota-confirm-lower').click();
    await waitForText(page.getByTestId('quota-error'), /Kuota tidak diubah\.\s*Hari ini sudah terbit 2 tiket, jadi kuota hari ini tidak bisa kurang dari 2\./);
    await screenshot(page, 'supervisor-quota-refused-1440x900');
    await expectAccessible(page);
    await page.getByTestId('quota-cancel').click();
    await waitForText(cell('JKK', 'service-quota'), '2 / 250');

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await cell('JKK', 'quota-button').click();
    await input.fill('0');
    await page.getByTestId('quota-save').click();
    await page.getByTestId('quota-confirm-lower').click();
    await waitForText(page.getByTestId('quota-error'), /The quota was not changed\.\s*2 tickets are already issued today, so today's quota cannot be lower than 2\./);
  });

  it('sets the ticker that the lobby displays read from /state', async () => {
    await openSupervisor();
    const text = 'Layanan BPJAMSOSTEK gratis. Waspada calo yang meminta bayaran.';
    await page.getByTestId('ticker-input').fill(text);
    await page.getByTestId('ticker-save').click();
    await waitForText(page.getByTestId('notice'), /Teks berjalan disimpan/);
    const state = await fx.api('GET', '/state', { token: fx.tokens.display });
    expect(state.body.ticker).toBe(text);
  });

  it('approves a pending device by the code it shows, with a role; the device then claims its token', async () => {
    await openSupervisor();
    const asked = await fx.api('POST', '/pairing', { body: { name: 'TV Ruang Tunggu' } });
    expect(asked.status).toBe(201);
    const { deviceId, code, claimSecret } = asked.body as { deviceId: string; code: string; claimSecret: string };
    expect((await fx.api('POST', `/pairing/${deviceId}/claim`, { body: { claimSecret } })).body.status).toBe('pending');

    // The waiting device appears by itself (a stream event), with its code.
    await page.getByTestId(`pending-${code}`).waitFor();
    await expectAccessible(page);

    // A wrong code is refused in words and approves nobody.
    await page.getByTestId('pair-code').fill('ZZZZZZ');
    await page.getByTestId('pair-role').selectOption('display');
    await page.getByTestId('pair-approve').click();
    await waitForText(page.getByTestId('pair-error'), /^Tidak ada perangkat yang menunggu dengan kode ZZZZZZ\./);

    await page.getByTestId('pair-code').fill(code.toLowerCase());
    await page.getByTestId('pair-name').fill('TV Ruang Tunggu Lt. 2');
    await page.getByTestId('pair-approve').click();
    await waitForText(page.getByTestId('notice'), /“TV Ruang Tunggu Lt\. 2” disetujui sebagai Layar lobby/);
    const row = page.getByTestId(`device-${deviceId}`);
    await waitForText(row.getByTestId('device-role'), 'Layar lobby');
    expect(await page.getByTestId(`pending-${code}`).count()).toBe(0);

    const claimed = await fx.api('POST', `/pairing/${deviceId}/claim`, { body: { claimSecret } });
    expect(claimed.body).toMatchObject({ status: 'active', role: 'display' });
    expect((await fx.api('GET', '/state', { token: claimed.body.token })).status).toBe(200);
  });

  it("revokes a device after confirmation, and the device's token stops working", async () => {
    expect((await fx.api('GET', '/state', { token: fx.tokens.booth })).status).toBe(200);
    await openSupervisor();
    const row = page.getByTestId(`device-${fx.deviceIds.booth}`);
    await row.getByTestId('revoke-device').click();
    await waitForText(page.getByTestId('confirm-dialog').locator('h2'), /Cabut akses perangkat “Test booth”\?/);
    await page.getByTestId('confirm-yes').click();
    await waitForText(page.getByTestId('notice'), /Akses “Test booth” dicabut/);
    await row.waitFor({ state: 'detached' });
    expect((await fx.api('GET', '/state', { token: fx.tokens.booth })).status).toBe(401);
  });

  it('marks this browser in the device list and asks twice before it revokes itself', async () => {
    await openSupervisor();
    const own = page.getByTestId(`device-${fx.deviceIds.supervisor}`);
    await waitForText(own.getByTestId('device-self'), 'Peramban ini');
    expect(await page.getByTestId(`device-${fx.deviceIds.console}`).getByTestId('device-self').count()).toBe(0);

    await own.getByTestId('revoke-device').click();
    const dialog = page.getByTestId('confirm-dialog');
    await waitForText(dialog.locator('h2'), 'Cabut peramban ini sendiri?');
    await waitForText(dialog.locator('#confirm-message'), /peramban yang sedang Anda pakai.*langsung berhenti bekerja/);
    expect(await page.getByTestId('confirm-yes').isDisabled()).toBe(true);
    await screenshot(page, 'supervisor-revoke-self-1440x900');
    await expectAccessible(page);

    // Saying no leaves the pairing as it was.
    await page.getByTestId('confirm-no').click();
    expect((await fx.api('GET', '/state', { token: fx.tokens.supervisor })).status).toBe(200);

    await own.getByTestId('revoke-device').click();
    await page.getByTestId('confirm-acknowledge').check();
    await page.getByTestId('confirm-yes').click();
    // The browser is no longer a supervisor: it goes back to a pairing code, like any revoked screen.
    await page.getByTestId('pairing-code').waitFor({ timeout: 10_000 });
    expect((await fx.api('GET', '/state', { token: fx.tokens.supervisor })).status).toBe(401);
  });

  it('cancels a waiting ticket after confirmation, with a reason', async () => {
    const ticket = await issue(fx, 'INFO');
    await openSupervisor();
    const row = page.getByTestId(`waiting-ticket-${ticket.ticket.displayNumber}`);
    await row.getByTestId('cancel-ticket').click();
    // No reason, no cancelling.
    expect(await page.getByTestId('confirm-yes').isDisabled()).toBe(true);
    await page.getByTestId('confirm-reason').fill('Peserta pulang, datang lagi besok');
    await screenshot(page, 'supervisor-confirm-cancel-1440x900');
    await expectAccessible(page);
    await page.getByTestId('confirm-yes').click();
    await row.waitFor({ state: 'detached' });
    await waitForText(cell('INFO', 'service-waiting'), '0');
    const after = await fx.api('GET', `/tickets/${ticket.ticket.id}`, { token: fx.tokens.supervisor });
    expect(after.body.ticket.status).toBe('cancelled');
  });

  it('summarises the day per service and per officer', async () => {
    await signIn(fx, 'budi', '2345', ['booth-1']);
    await issue(fx, 'JKK');
    await issue(fx, 'JKK');
    fx.clock.advance(5 * MINUTE);
    await serveNext('booth-1');
    await openSupervisor();
    await page.getByTestId('tab-day').click();
    await waitForText(page.getByTestId('day-service-JKK').getByTestId('day-served'), '1');
    await page.getByTestId('day-officer-budi').waitFor();
    await screenshot(page, 'supervisor-end-of-day-1440x900');
    await expectAccessible(page);

    // An earlier day with no tickets says so.
    await page.getByTestId('day-input').fill('2025-03-09');
    await waitForText(page.locator('.empty'), /Tidak ada tiket pada hari ini/);
  });

  it('shows a printer fault in words and reprints the ticket that did not print, on its kiosk or another', async () => {
    const branch = await populateBranch(fx);
    const spare = fx.hub.devices.preparePaired('Kios Pojok Lansia', 'kiosk');
    await printEverything(branch.kiosk);

    // The kiosk's agent takes the new ticket's job, finds the paper out, and says so.
    const issued = await fx.api('POST', '/tickets', { token: branch.kiosk, body: { serviceCode: 'JKK' } });
    expect(issued.status).toBe(201);
    const number = issued.body.ticket.displayNumber as string;
    const jobId = issued.body.printJobId as string;
    expect((await fx.api('POST', `/print-jobs/${jobId}/start`, { token: branch.kiosk })).status).toBe(200);
    expect((await fx.api('POST', `/print-jobs/${jobId}/result`, { token: branch.kiosk, body: { printed: false, reason: 'paper_out' } })).status).toBe(200);
    expect((await fx.api('PUT', '/printer-status', { token: branch.kiosk, body: { status: 'paper_out' } })).status).toBe(200);
    expect((await fx.api('PUT', '/printer-status', { token: spare.token, body: { status: 'paper_near_end' } })).status).toBe(200);

    // The hub knows a failure is redone by a print created after it; the test clock must move for that.
    fx.clock.advance(MINUTE);
    await openSupervisor(branch.supervisor);
    const faults = page.getByTestId('faults');
    await waitForText(faults.locator('[data-level=fault]').filter({ hasText: 'Printer Kios Lobi Utama' }), /Gangguan: Printer Kios Lobi Utama: kertas habis · sejak 10:55\. Pasang gulungan baru\.$/);
    await waitForText(faults.locator('[data-level=warning]'), /Printer Kios Pojok Lansia: kertas hampir habis/);
    const failure = page.getByTestId(`print-failure-${number}`);
    await waitForText(failure.getByTestId('print-failure-reason'), /kertas habis.*gagal pukul/);
    await waitForText(page.getByTestId(`device-${branch.kioskId}`).getByTestId('device-printer'), /Printer: kertas habis/);
    await screenshot(page, 'supervisor-print-fault-1440x900');
    await expectAccessible(page);

    // Reprint goes back to the kiosk it failed on, and says that printer still needs paper.
    await failure.getByTestId('reprint-failure').click();
    const dialog = page.getByTestId('reprint-dialog');
    await waitForText(dialog.locator('h2'), `Cetak ulang tiket ${number}`);
    expect(await page.getByTestId('reprint-kiosk').inputValue()).toBe(branch.kioskId);
    await waitForText(page.getByTestId('reprint-faulty'), /sedang bermasalah \(kertas habis\)\. Perbaiki dulu atau pilih kios lain/);
    await screenshot(page, 'supervisor-reprint-1440x900');
    await expectAccessible(page);
    await page.getByTestId('reprint-confirm').click();
    await waitForText(page.getByTestId('notice'), `Tiket ${number} dikirim ke printer Kios Lobi Utama.`);
    await failure.waitFor({ state: 'detached' });
    const queued = await fx.api('GET', '/print-jobs', { token: branch.kiosk });
    expect(queued.body.jobs.map((j: { job: { ticketId: string; reprint: boolean } }) => j.job)).toContainEqual(
      expect.objectContaining({ ticketId: issued.body.ticket.id, reprint: true, state: 'queued' }),
    );

    // Asked again while that print still waits: refused in words; another kiosk takes it.
    await page.getByTestId(`waiting-ticket-${number}`).getByTestId('reprint-ticket').click();
    expect(await page.getByTestId('reprint-kiosk').inputValue()).toBe('');
    await page.getByTestId('reprint-confirm').click();
    await waitForText(page.getByTestId('reprint-error'), `Tiket ${number} sudah menunggu dicetak di kios itu.`);
    await page.getByTestId('reprint-kiosk').selectOption(spare.deviceId);
    expect(await page.getByTestId('reprint-faulty').count()).toBe(0);
    await page.getByTestId('reprint-confirm').click();
    await waitForText(page.getByTestId('notice'), `Tiket ${number} dikirim ke printer Kios Pojok Lansia.`);
    await page.getByTestId(`waiting-ticket-${number}`).scrollIntoViewIfNeeded();
    await screenshot(page, 'supervisor-waiting-reprint-1440x900');
    const spareJobs = await fx.api('GET', '/print-jobs', { token: spare.token });
    expect(spareJobs.body.jobs.map((j: { job: { ticketId: string } }) => j.job.ticketId)).toEqual([issued.body.ticket.id]);

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await waitForText(faults.locator('[data-level=fault]').filter({ hasText: 'Printer Kios Lobi Utama' }), /Fault: Printer Kios Lobi Utama: paper out · since 10:55\. Put in a new roll\.$/);
    await waitForText(page.getByTestId(`waiting-ticket-${number}`).getByTestId('reprint-ticket'), 'Reprint');
    await screenshot(page, 'supervisor-print-fault-en-1440x900');

    // Paper in: the fault leaves the list by itself (a printer.status event).
    expect((await fx.api('PUT', '/printer-status', { token: branch.kiosk, body: { status: 'ready' } })).status).toBe(200);
    await waitForText(faults, /^(?![\s\S]*Kios Lobi Utama: paper out)[\s\S]*Kios Pojok Lansia: paper nearly out/);
  });

  it('says in words when the hub cannot be reached', async () => {
    await openSupervisor();
    await fx.hub.close();
    await waitForText(page.getByTestId('hub-problem'), /Hub cabang tidak dapat dihubungi/, 10_000);
    await expectAccessible(page);
  });

  it('shows a working branch at 1440x900 and 1920x1080, with device faults in words and English one tap away', async () => {
    const people = await populateBranch(fx);
    await openSupervisor(people.supervisor);
    await waitForText(page.getByTestId('kpi-served'), String(people.served));
    await waitForText(page.getByTestId('faults'), /Layar lobby “TV Ruang Tunggu 2”: offline sejak 09:06/);
    await waitForText(page.getByTestId('faults'), /Klaim JKM: 1 orang menunggu, tetapi tidak ada petugas/);
    await page.getByTestId('pending-devices').waitFor();
    await screenshot(page, 'supervisor-live-1440x900');
    await expectAccessible(page);

    await page.setViewportSize(VIEWPORTS.tv);
    await screenshot(page, 'supervisor-live-1920x1080');

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await waitForText(page.locator('h1'), 'Branch supervisor');
    await waitForText(page.getByTestId('faults'), /Lobby display “TV Ruang Tunggu 2”: offline since 09:06/);
    await screenshot(page, 'supervisor-live-en-1920x1080');
    await expectAccessible(page);

    await page.getByTestId('tab-day').click();
    await page.getByTestId('day-officer-siti').waitFor();
    await screenshot(page, 'supervisor-end-of-day-en-1920x1080');
  });
});

/**
 * A morning at a branch: realistic devices, two officers, tickets across services with waits,
 * a few served, one lobby TV gone quiet, a new kiosk waiting to be paired.
 */
async function populateBranch(f: HubFixture): Promise<{ supervisor: string; kiosk: string; kioskId: string; served: number }> {
  const pair = (name: string, role: 'kiosk' | 'display' | 'console' | 'supervisor') => f.hub.devices.preparePaired(name, role).token;
  const { token: kiosk, deviceId: kioskId } = f.hub.devices.preparePaired('Kios Lobi Utama', 'kiosk');
  const tvMain = pair('TV Lobi Utama', 'display');
  const tvSecond = pair('TV Ruang Tunggu 2', 'display');
  const consoleSiti = pair('Konsol Loket 1', 'console');
  const consoleBudi = pair('Konsol Bilik 1–2', 'console');
  const supervisor = pair('PC Supervisor', 'supervisor');
  for (const role of ['kiosk', 'display', 'booth', 'console', 'supervisor'] as const) f.hub.devices.revoke(f.deviceIds[role]);

  const seen = async (...tokens: string[]) => {
    for (const token of tokens) expect((await f.api('GET', '/state', { token })).status).toBe(200);
  };
  await seen(tvSecond);
  f.clock.advance(6 * MINUTE);
  await seen(tvSecond);

  const take = async (serviceCode: string, extra: Record<string, unknown> = {}) => {
    f.clock.advance(2 * MINUTE);
    const res = await f.api('POST', '/tickets', { token: kiosk, body: { serviceCode, ...extra } });
    expect(res.status).toBe(201);
  };
  for (const code of ['JHT', 'JHT', 'INFO', 'JHT', 'JKK', 'JHT', 'JKM', 'JHT', 'JKK']) await take(code);
  await take('JHT', { priority: 'elderly' });
  await take('KOLEKTIF', { source: 'collective', claimCount: 24 });
  await take('JHT', { priority: 'pregnant' });

  await signIn(f, 'siti', '1234', ['counter-1'], consoleSiti);
  await signIn(f, 'budi', '2345', ['booth-1', 'booth-2'], consoleBudi);
  let served = 0;
  for (const [position, token, outcome] of [
    ['counter-1', consoleSiti, 'completed'],
    ['booth-1', consoleBudi, 'completed'],
    ['counter-1', consoleSiti, 'documents_incomplete'],
    ['booth-2', consoleBudi, 'completed'],
    ['counter-1', consoleSiti, 'completed'],
  ] as const) {
    f.clock.advance(4 * MINUTE);
    await serveNext(position, token, outcome);
    served += 1;
  }
  for (const code of ['JHT', 'JHT', 'INFO', 'JKK', 'JHT']) await take(code);
  f.clock.advance(20 * MINUTE);
  // Everything but the second lobby TV has been in touch within the last minute.
  await seen(kiosk, tvMain, consoleSiti, consoleBudi);
  expect((await f.api('PUT', '/settings/ticker', { token: supervisor, body: { text: 'Semua layanan BPJAMSOSTEK gratis. Jangan membayar siapa pun yang menawarkan bantuan.' } })).status).toBe(200);
  expect((await f.api('POST', '/pairing', { body: { name: 'Kios Lantai 2' } })).status).toBe(201);
  return { supervisor, kiosk, kioskId, served };
}

/** The kiosk's device agent at work: every job it has is printed. */
async function printEverything(kiosk: string): Promise<void> {
  const { body } = await fx.api('GET', '/print-jobs', { token: kiosk });
  for (const { job } of body.jobs as { job: { id: string } }[]) {
    expect((await fx.api('POST', `/print-jobs/${job.id}/start`, { token: kiosk })).status).toBe(200);
    expect((await fx.api('POST', `/print-jobs/${job.id}/result`, { token: kiosk, body: { printed: true, warning: null } })).status).toBe(200);
  }
}

