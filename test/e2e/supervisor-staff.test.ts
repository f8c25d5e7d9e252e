import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { accessibilityProblems, launchBrowser, openPage, screenshot, VIEWPORTS } from './support/browser.js';
import { textOf, untilText } from './flow-support.js';
import { issue, MINUTE, signIn, startTestHub, STANDARD_SEED, type HubFixture } from '../support/hub-fixture.js';

/**
 * The supervisor manages the branch's officers and positions from the page, so nothing needs the
 * profile's seed after the first day: every control against a real hub, checked through the API
 * a console or the lobby uses, with the hub's refusals said in the page's language.
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

async function openStaffTab(): Promise<Page> {
  ({ page } = await openPage(browser, fx.url, '/supervisor', { token: fx.tokens.supervisor, viewport: VIEWPORTS.tv }));
  await page.getByTestId('service-table').waitFor();
  await page.getByTestId('tab-staff').click();
  await page.getByTestId('officer-panel').waitFor();
  await page.getByTestId('position-panel').waitFor();
  return page;
}

const officerRow = (id: string) => page.getByTestId(`officer-row-${id}`);
const positionRow = (id: string) => page.getByTestId(`position-row-${id}`);
const dialogClosed = (testId: string) => page.waitForFunction((id) => !document.querySelector<HTMLDialogElement>(`[data-testid=${id}]`)?.open, testId);

const consoleSignIn = (officerId: string, pin: string, positions: string[]) =>
  fx.api('POST', '/sessions', { token: fx.tokens.console, body: { officerId, pin, positions } });

/** Every axe finding, moderate and minor ones too. */
async function expectAccessible(p: Page) {
  expect(await accessibilityProblems(p, 'minor')).toEqual([]);
}

/** Wrong PINs at the console, each after the limiter's longest wait, until the officer is locked. */
async function lockOfficer(officerId: string) {
  for (;;) {
    const staff = await fx.api('GET', '/staff', { token: fx.tokens.supervisor });
    if (staff.body.officers.find((o: { id: string }) => o.id === officerId).lockedAt !== null) return;
    fx.clock.advance(16 * MINUTE);
    await consoleSignIn(officerId, '0000', ['counter-1']);
  }
}

// Locking an officer takes ten slow PIN checks; on a busy machine that alone nears the default timeout.
describe('officers on the supervisor page', { timeout: 90_000 }, () => {
  it('adds an officer with a PIN, renames them, gives a new PIN, disables them while on duty and enables them again', async () => {
    await openStaffTab();
    await untilText(page.locator('#officers-title ~ .hint'), '2 orang · 0 bertugas');

    // A PIN is needed, and checked before anything is sent.
    await page.getByTestId('officer-add').click();
    await page.getByTestId('officer-name').fill('Rina Wati');
    expect(await page.getByTestId('officer-id').inputValue()).toBe('rina-wati');
    await page.getByTestId('officer-pin-input').fill('12');
    await page.getByTestId('officer-save').click();
    await untilText(page.getByTestId('officer-dialog').getByRole('alert'), 'PIN harus 4 sampai 8 angka.');
    await screenshot(page, 'supervisor-staff-add-officer-1920x1080');
    await page.getByTestId('officer-pin-input').fill('908172');
    await page.getByTestId('officer-save').click();
    await dialogClosed('officer-dialog');
    await untilText(page.getByTestId('notice'), 'Petugas Rina Wati ditambahkan.');
    await untilText(officerRow('rina-wati').getByTestId('officer-state'), 'Tidak bertugas');

    // The console can sign her in with that PIN; the page shows her on duty.
    expect((await consoleSignIn('rina-wati', '908172', ['booth-1'])).status).toBe(201);
    await untilText(officerRow('rina-wati').getByTestId('officer-state'), 'Bertugas');

    await officerRow('rina-wati').getByTestId('officer-rename').click();
    expect(await page.getByTestId('officer-name').inputValue()).toBe('Rina Wati');
    await page.getByTestId('officer-name').fill('Rina Wati Putri');
    await page.getByTestId('officer-save').click();
    await untilText(officerRow('rina-wati').locator('.name'), 'Rina Wati Putri');
    expect((await fx.api('GET', '/officers', { token: fx.tokens.console })).body.officers).toContainEqual({ id: 'rina-wati', name: 'Rina Wati Putri', active: true });

    // Disabling asks first, says she is signed out, and she is.
    await officerRow('rina-wati').getByTestId('officer-disable').click();
    const confirm = page.getByTestId('confirm-dialog');
    await untilText(confirm.locator('h2'), 'Nonaktifkan Rina Wati Putri?');
    expect(await textOf(confirm.locator('#confirm-message'))).toContain('sedang bertugas di Bilik 1 dan langsung dikeluarkan');
    await page.getByTestId('confirm-yes').click();
    await dialogClosed('confirm-dialog');
    await untilText(officerRow('rina-wati').getByTestId('officer-state'), 'Nonaktif');
    expect((await fx.api('GET', '/sessions/current', { token: fx.tokens.console })).body).toEqual({ session: null });
    expect((await consoleSignIn('rina-wati', '908172', ['booth-1'])).status).toBe(401);

    await officerRow('rina-wati').getByTestId('officer-enable').click();
    await untilText(officerRow('rina-wati').getByTestId('officer-state'), 'Tidak bertugas');

    await officerRow('rina-wati').getByTestId('officer-pin').click();
    await page.getByTestId('officer-pin-input').fill('1357');
    await page.getByTestId('officer-save').click();
    await untilText(page.getByTestId('notice'), 'Rina Wati Putri mendapat PIN baru.');
    expect((await consoleSignIn('rina-wati', '908172', ['booth-1'])).status).toBe(401);
    expect((await consoleSignIn('rina-wati', '1357', ['booth-1'])).status).toBe(201);
  });

  it('shows a locked officer as a fault on the live page, and unlocks them from the staff tab', async () => {
    await lockOfficer('siti');
    ({ page } = await openPage(browser, fx.url, '/supervisor', { token: fx.tokens.supervisor, viewport: VIEWPORTS.tv }));
    await untilText(page.locator('main'), /Siti Rahmawati terkunci setelah 10 PIN salah/);

    await page.getByTestId('tab-staff').click();
    await untilText(officerRow('siti').getByTestId('officer-locked'), 'Terkunci');
    await untilText(officerRow('siti').getByTestId('officer-lock-detail'), /setelah 10 PIN salah berturut-turut/);
    await screenshot(page, 'supervisor-staff-1920x1080');
    await expectAccessible(page);

    await officerRow('siti').getByTestId('officer-unlock').click();
    await untilText(page.getByTestId('notice'), 'Kunci Siti Rahmawati dibuka.');
    await expect.poll(() => officerRow('siti').getByTestId('officer-locked').count()).toBe(0);
    await expect.poll(() => textOf(page.locator('main'))).not.toMatch(/terkunci setelah/);
    expect((await consoleSignIn('siti', '1234', ['counter-1'])).status).toBe(201);
  });
});

describe('positions on the supervisor page', () => {
  it('adds a booth with its services, changes it, and deactivates a free one', async () => {
    await openStaffTab();
    await untilText(page.locator('#positions-title ~ .hint'), 'Aktif: 1 loket · 2 bilik');

    await page.getByTestId('position-add').click();
    await page.getByTestId('position-kind-booth').check();
    await page.getByTestId('position-label').fill('Bilik 3');
    expect(await page.getByTestId('position-id').inputValue()).toBe('bilik-3');
    await page.getByTestId('position-save').click();
    await untilText(page.getByTestId('position-dialog').getByRole('alert'), 'Pilih minimal satu layanan.');
    await page.getByTestId('position-service-JKM').check();
    await page.getByTestId('position-service-JP').check();
    await screenshot(page, 'supervisor-staff-add-position-1920x1080');
    await page.getByTestId('position-save').click();
    await dialogClosed('position-dialog');
    await untilText(page.getByTestId('notice'), 'Bilik 3 ditambahkan.');
    await untilText(positionRow('bilik-3').getByTestId('position-services'), /Klaim JKM\s*Klaim JP/);
    const added = (await fx.api('GET', '/state', { token: fx.tokens.display })).body.positions.find((p: { id: string }) => p.id === 'bilik-3');
    expect(added).toMatchObject({ kind: 'booth', label: 'Bilik 3', active: true, services: expect.arrayContaining(['JKM', 'JP']) });

    await positionRow('bilik-3').getByTestId('position-edit').click();
    await page.getByTestId('position-label').fill('Bilik Tiga');
    await page.getByTestId('position-service-JP').uncheck();
    await page.getByTestId('position-service-JHT').check();
    await page.getByTestId('position-save').click();
    await untilText(positionRow('bilik-3').locator('.label'), 'Bilik Tiga');
    await untilText(positionRow('bilik-3').getByTestId('position-services'), /Klaim JHT\s*Klaim JKM/);

    await positionRow('booth-2').getByTestId('position-deactivate').click();
    await untilText(page.getByTestId('confirm-dialog').locator('h2'), 'Nonaktifkan Bilik 2?');
    await page.getByTestId('confirm-yes').click();
    await dialogClosed('confirm-dialog');
    await untilText(positionRow('booth-2').getByTestId('position-state'), 'Nonaktif');
    expect((await consoleSignIn('siti', '1234', ['booth-2'])).status).toBe(404);
    await positionRow('booth-2').getByTestId('position-activate').click();
    await untilText(positionRow('booth-2').getByTestId('position-state'), 'Aktif');
  });

  it("says in words why a counter holding a ticket cannot be deactivated, in Indonesian and in English", async () => {
    await issue(fx, 'JHT');
    await signIn(fx, 'siti', '1234', ['counter-1']);
    expect((await fx.api('POST', '/positions/counter-1/call-next', { token: fx.tokens.console })).status).toBe(200);
    await openStaffTab();
    await untilText(positionRow('counter-1').getByTestId('position-now'), /Tiket A001 dipanggil\s*Dilayani Siti Rahmawati/);

    await positionRow('counter-1').getByTestId('position-deactivate').click();
    await page.getByTestId('confirm-yes').click();
    await untilText(page.getByTestId('confirm-error'), /^Di Loket 1 masih ada tiket A001 yang dipanggil\./);
    await screenshot(page, 'supervisor-staff-refused-1920x1080');
    await page.getByTestId('confirm-no').click();
    await dialogClosed('confirm-dialog');
    expect((await fx.api('GET', '/staff', { token: fx.tokens.supervisor })).body.positions.find((p: { id: string }) => p.id === 'counter-1').active).toBe(true);

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await untilText(page.getByTestId('tab-staff'), 'Staff & positions');
    await untilText(positionRow('counter-1').getByTestId('position-now'), /Ticket A001 called\s*Served by Siti Rahmawati/);
    await positionRow('counter-1').getByTestId('position-deactivate').click();
    await page.getByTestId('confirm-yes').click();
    await untilText(page.getByTestId('confirm-error'), /^Loket 1 still has ticket A001 \(called\)\./);
    await page.getByTestId('confirm-no').click();
    await screenshot(page, 'supervisor-staff-en-1920x1080');
    await expectAccessible(page);
  });
});
