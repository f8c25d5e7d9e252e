import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { accessibilityProblems, CHROMIUM, launchBrowser, openPage, screenshot, VIEWPORTS } from './support/browser.js';
import { issue, MINUTE, SECOND, signIn, startTestHub, STANDARD_SEED, type HubFixture, type SeedInput } from '../support/hub-fixture.js';
import { callNext, clipped, openDisplay as openShared, showsCall, waitForAnnouncements, waitForSound, type Viewport } from './display-support.js';

/** The lobby display against a real hub, token-free (publicDisplay): what the lobby sees and hears. */

let browser: Browser;
let fx: HubFixture | undefined;
const closers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
  await fx?.close();
  fx = undefined;
});
afterAll(async () => {
  await browser?.close();
});

async function hub(seed: SeedInput = STANDARD_SEED): Promise<HubFixture> {
  fx = await startTestHub({ seed, publicDisplay: true });
  return fx;
}

const openDisplay = (f: HubFixture, viewport: Viewport = VIEWPORTS.tv, via: Browser = browser): Promise<Page> => openShared(via, f, closers, viewport);

const currentNumber = (page: Page) => page.textContent('[data-testid=current-call-number]');

describe('the lobby display', () => {
  it('shows a call from the console as the newest call and announces it in Indonesian', async () => {
    const f = await hub();
    const page = await openDisplay(f);
    expect(await page.isVisible('[data-testid=current-call-empty]')).toBe(true);
    expect(await accessibilityProblems(page, 'minor')).toEqual([]);
    await waitForSound(page);

    await issue(f, 'JHT');
    await signIn(f, 'siti', '1234', ['booth-1', 'booth-2']);
    const ticket = await callNext(f, 'booth-1');
    expect(ticket.displayNumber).toBe('A001');

    await showsCall(page, 'A001');
    expect(await page.textContent('[data-testid=current-call-position]')).toBe('Bilik 1');
    const [announced] = await waitForAnnouncements(page, 1);
    expect(announced).toMatchObject({ text: 'Nomor antrean A nol nol satu, silakan menuju bilik satu', ticket: ticket.id, kind: 'call', missing: '' });
    // chime, nomor, antrean, A, nol, nol, satu, silakan, menuju, bilik, satu
    expect(announced!.clips).toBe(11);
    expect(announced!.end - announced!.start).toBeGreaterThan(4);

    // While it plays, screen readers get the sentence; then it is done.
    await page.waitForFunction(() => document.querySelector('[data-testid=announcement-live]')?.textContent === 'Nomor antrean A nol nol satu, silakan menuju bilik satu');
    await page.waitForSelector('[data-testid=announcement][data-status=spoken]', { state: 'attached', timeout: 15_000 });
    expect(await page.textContent('[data-testid=announcement-live]')).toBe('');
  });

  it('announces two quick calls one after the other, in order, the first short, and a recall again', async () => {
    const f = await hub();
    const page = await openDisplay(f);
    await waitForSound(page);
    await issue(f, 'JHT');
    f.clock.advance(MINUTE);
    await issue(f, 'JKK');
    await signIn(f, 'siti', '1234', ['booth-1', 'booth-2']);
    const first = await callNext(f, 'booth-1');
    f.clock.advance(SECOND);
    const second = await callNext(f, 'booth-2');

    // The second arrived before the first's words were chosen: the first is read short, so the voice keeps up.
    await page.waitForSelector(`[data-testid=announcement][data-ticket="${first.id}"][data-form=short]`, { state: 'attached' });
    const [a, b] = await waitForAnnouncements(page, 2);
    expect([a!.text, b!.text]).toEqual(['A nol nol satu, bilik satu', 'Nomor antrean B nol nol satu, silakan menuju bilik dua']);
    expect([a!.ticket, b!.ticket]).toEqual([first.id, second.id]);
    expect(b!.start).toBeGreaterThanOrEqual(a!.end);
    // Both are active: both on the board, the newest highlighted.
    await showsCall(page, 'B001');
    expect(await page.$$eval('[data-testid=board-call]', (els) => els.map((el) => el.textContent?.includes('A001') || el.textContent?.includes('B001')))).toEqual([true, true]);
    expect(await page.getAttribute('[data-testid=board-call][data-newest=true]', 'data-ticket')).toBe(second.id);

    // When the second starts speaking, the first has finished.
    await page.waitForSelector(`[data-testid=announcement][data-ticket="${second.id}"][data-status=speaking]`, { state: 'attached', timeout: 15_000 });
    expect(await page.getAttribute(`[data-testid=announcement][data-ticket="${first.id}"]`, 'data-status')).toBe('spoken');

    f.clock.advance(MINUTE);
    const recall = await f.api('POST', `/tickets/${first.id}/recall`, { token: f.tokens.console });
    expect(recall.status).toBe(200);
    const log = await waitForAnnouncements(page, 3);
    expect(log[2]).toMatchObject({ text: 'Nomor antrean A nol nol satu, silakan menuju bilik satu', ticket: first.id, kind: 'recall', form: 'full' });
    expect(log[2]!.start).toBeGreaterThanOrEqual(log[1]!.end);
    await showsCall(page, 'A001');
    expect(await page.isVisible('[data-testid=current-call-recall]')).toBe(true);
    // Still the newest once the page has reloaded the state (the hub lists calls by their first call).
    await issue(f, 'JKK');
    await page.waitForFunction(() => document.querySelector('[data-service=JKK] [data-testid=service-waiting-count]')?.textContent === '1');
    expect(await currentNumber(page)).toBe('A001');
    expect(await page.isVisible('[data-testid=current-call-recall]')).toBe(true);
  });

  it('updates the waiting counts when tickets are issued, and shows a closed service as closed', async () => {
    const f = await hub();
    const page = await openDisplay(f);
    const count = (code: string) => page.textContent(`[data-testid=service-wait][data-service=${code}] [data-testid=service-waiting-count]`);
    expect(await count('JHT')).toBe('0');

    await issue(f, 'JHT');
    await issue(f, 'JHT');
    await page.waitForFunction(() => document.querySelector('[data-service=JHT] [data-testid=service-waiting-count]')?.textContent === '2');
    expect(await page.textContent('[data-service=JHT] [data-testid=service-wait-estimate]')).toMatch(/menit|jam/);
    expect(await count('JKK')).toBe('0');

    const closed = await f.api('PUT', '/services/JKM/open', { token: f.tokens.supervisor, body: { isOpen: false } });
    expect(closed.status).toBe(200);
    const row = '[data-testid=service-wait][data-service=JKM]';
    await page.waitForSelector(`${row}[data-state=closed]`);
    expect(await page.textContent(`${row} [data-testid=service-closed]`)).toBe('TutupClosed');
    expect(await page.isVisible(`${row} [data-testid=service-closed]`)).toBe(true);
    expect(await page.$(`${row} [data-testid=service-wait-estimate]`)).toBeNull();
    expect(await page.getAttribute('[data-testid=service-wait][data-service=JHT]', 'data-state')).toBe('open');
    expect(await page.locator('[data-testid=service-wait]').count()).toBe(7);

    await f.api('PUT', '/services/JKM/open', { token: f.tokens.supervisor, body: { isOpen: true } });
    await page.waitForSelector(`${row}[data-state=open] [data-testid=service-wait-estimate]`);
  });

  it('shows the ticker the supervisor sets, scrolling only when it does not fit', async () => {
    const f = await hub();
    const page = await openDisplay(f);
    expect(await page.$('[data-testid=ticker]')).toBeNull();

    const short = 'Layanan gratis.';
    expect((await f.api('PUT', '/settings/ticker', { token: f.tokens.supervisor, body: { text: short } })).status).toBe(200);
    await page.waitForFunction((t) => document.querySelector('[data-testid=ticker-text]')?.textContent === t, short);
    expect(await page.getAttribute('[data-testid=ticker]', 'data-scrolling')).toBe('false');

    const long = 'Semua layanan BPJS Ketenagakerjaan tidak dipungut biaya. Waspadai calo: petugas tidak pernah meminta imbalan. All services are free of charge; beware of touts.';
    await f.api('PUT', '/settings/ticker', { token: f.tokens.supervisor, body: { text: long } });
    await page.waitForFunction((t) => document.querySelector('[data-testid=ticker-text]')?.textContent === t, long);
    await page.waitForSelector('[data-testid=ticker][data-scrolling=true]');
  });

  it('keeps going after a hub restart: a reconnecting mark, then new calls, without a reload', async () => {
    const f = await hub();
    const page = await openDisplay(f);
    await waitForSound(page);
    await issue(f, 'JHT');
    await issue(f, 'JHT');
    await signIn(f, 'siti', '1234', ['booth-1', 'booth-2']);
    await callNext(f, 'booth-1');
    await showsCall(page, 'A001');
    // A001 must have its turn before A002 exists, or it is rightly read short while A002 waits.
    await waitForAnnouncements(page, 1);
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

    const markShown = page.waitForSelector('[data-testid=connection-status][data-status=reconnecting] .mark', { timeout: 10_000 });
    await f.restart();
    const mark = await markShown;
    expect(await mark.textContent()).toContain('Menyambung ulang');
    await screenshot(page, 'display-tv-reconnecting');
    expect(await accessibilityProblems(page, 'minor')).toEqual([]);

    await page.waitForSelector('[data-testid=connection-status][data-status=live]', { state: 'attached', timeout: 15_000 });
    expect(await page.$('[data-testid=connection-status] .mark')).toBeNull();
    const next = await callNext(f, 'booth-2');
    expect(next.displayNumber).toBe('A002');
    await showsCall(page, 'A002');
    expect(await page.textContent('[data-testid=current-call-position]')).toBe('Bilik 2');
    const log = await waitForAnnouncements(page, 2);
    expect(log.map((a) => a.text)).toEqual(['Nomor antrean A nol nol satu, silakan menuju bilik satu', 'Nomor antrean A nol nol dua, silakan menuju bilik dua']);
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  });

  it('says calmly that the hub cannot be reached, and shows the board once it can', async () => {
    const f = await hub();
    const { context, page } = await openPage(browser, f.url, '/display', { viewport: VIEWPORTS.tv });
    closers.push(() => context.close());
    await page.route('**/api/v1/state', (route) => route.abort());
    await page.reload();
    await page.waitForSelector('[data-testid=display-problem]');
    expect(await page.textContent('[data-testid=display-problem]')).toContain('Menghubungkan ke server cabang');
    await page.waitForFunction(() => document.querySelector('[data-testid=display-problem]')?.textContent?.includes('cannot be reached'));
    await screenshot(page, 'display-tv-connecting');
    expect(await accessibilityProblems(page, 'minor')).toEqual([]);

    await page.unroute('**/api/v1/state');
    await page.waitForSelector('[data-testid=display-board] header', { timeout: 10_000 });
  });

  it('decodes every clip in the manifest in the browser', async () => {
    const f = await hub();
    const page = await openDisplay(f);
    const result = await page.evaluate(async () => {
      const manifest = (await (await fetch('/audio/manifest.json')).json()) as { clips: Record<string, { file: string; seconds: number }> };
      const context = new OfflineAudioContext(1, 22050, 22050);
      const failures: string[] = [];
      const durations: Record<string, number> = {};
      for (const [key, clip] of Object.entries(manifest.clips)) {
        try {
          const buffer = await context.decodeAudioData(await (await fetch(`/audio/${clip.file}`)).arrayBuffer());
          durations[key] = buffer.duration;
        } catch (err) {
          failures.push(`${clip.file}: ${String(err)}`);
        }
      }
      return { count: Object.keys(manifest.clips).length, failures, durations, listed: Object.fromEntries(Object.entries(manifest.clips).map(([k, c]) => [k, c.seconds])) };
    });
    expect(result.failures).toEqual([]);
    expect(result.count).toBeGreaterThanOrEqual(52);
    for (const [key, seconds] of Object.entries(result.listed)) expect(result.durations[key], key).toBeCloseTo(seconds, 1);
    // The page itself decoded them all too.
    await waitForSound(page);
    expect(await page.getAttribute('[data-testid=display-board]', 'data-clips-decoded')).toBe(String(result.count));
  });

  it('asks for one tap where the browser blocks sound, and stays silent until then', async () => {
    const f = await hub();
    const strict = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--autoplay-policy=document-user-activation-required'] });
    closers.push(() => strict.close());
    const page = await openDisplay(f, VIEWPORTS.tv, strict);
    const button = await page.waitForSelector('[data-testid=sound-enable]');
    expect(await button.textContent()).toContain('Ketuk untuk menyalakan suara');
    expect(await button.textContent()).toContain('Tap to turn on sound');
    await page.waitForSelector('[data-testid=display-board][data-clips=ready][data-sound=blocked]');
    await screenshot(page, 'display-tv-sound-blocked');
    expect(await clipped(page)).toEqual([]);
    expect(await accessibilityProblems(page, 'minor')).toEqual([]);

    // A call before the tap is shown, logged, and not played later out of turn.
    await issue(f, 'JHT');
    await issue(f, 'JHT');
    await signIn(f, 'siti', '1234', ['booth-1', 'booth-2']);
    await callNext(f, 'booth-1');
    const [silent] = await waitForAnnouncements(page, 1);
    expect(silent).toMatchObject({ text: 'Nomor antrean A nol nol satu, silakan menuju bilik satu', status: 'silent' });

    await button.click();
    await page.waitForSelector('[data-testid=display-board][data-sound=on]');
    expect(await page.$('[data-testid=sound-enable]')).toBeNull();
    await callNext(f, 'booth-2');
    const log = await waitForAnnouncements(page, 2);
    expect(log[1]).toMatchObject({ text: 'Nomor antrean A nol nol dua, silakan menuju bilik dua', clips: 11 });
    expect(['queued', 'speaking']).toContain(log[1]!.status);
  });

  it('looks right on a 1080p and a 4K TV with a busy lobby, and never shows a name or an ID number', async () => {
    const f = await hub({
      positions: [
        ...[1, 2, 3, 4, 5, 6].map((n) => ({ id: `booth-${n}`, kind: 'booth' as const, label: `Bilik ${n}`, services: ['JHT', 'JKK', 'JKM', 'JP'] })),
        { id: 'counter-1', kind: 'counter', label: 'Loket 1', services: ['INFO', 'DROP', 'KOLEKTIF'] },
        { id: 'counter-2', kind: 'counter', label: 'Loket 12', services: ['JHT', 'INFO'] },
      ],
      officers: [
        { id: 'siti', name: 'Siti Rahmawati', pin: '1234' },
        { id: 'budi', name: 'Budi Santoso', pin: '2345' },
        { id: 'ani', name: 'Ani Wijaya', pin: '3456' },
      ],
    });
    const nik = '3174012345678901';
    const plan: [string, number][] = [['JHT', 16], ['JKK', 5], ['JKM', 2], ['JP', 3], ['INFO', 6], ['DROP', 2], ['KOLEKTIF', 1]];
    for (const [code, n] of plan) {
      for (let i = 0; i < n; i++) {
        await issue(f, code, code === 'KOLEKTIF' ? { source: 'collective', claimCount: 40 } : code === 'JHT' && i === 0 ? { nik } : {});
        f.clock.advance(MINUTE);
      }
    }
    const consoles = ['budi', 'ani'].map((who) => f.hub.devices.preparePaired(`Console ${who}`, 'console').token);
    await signIn(f, 'siti', '1234', ['booth-1', 'booth-2', 'booth-3', 'booth-4', 'booth-5', 'booth-6']);
    await signIn(f, 'budi', '2345', ['counter-1'], consoles[0]);
    await signIn(f, 'ani', '3456', ['counter-2'], consoles[1]);
    const calls: [string, string][] = [['booth-1', f.tokens.console], ['booth-2', f.tokens.console], ['booth-3', f.tokens.console], ['counter-1', consoles[0]!], ['booth-4', f.tokens.console], ['booth-5', f.tokens.console], ['counter-2', consoles[1]!]];
    let last = { id: '', displayNumber: '' };
    for (const [position, token] of calls) {
      last = await callNext(f, position, token);
      f.clock.advance(MINUTE / 2);
    }
    // Nobody came to Loket 12 yet: the officer calls again, and the board says so.
    expect((await f.api('POST', `/tickets/${last.id}/recall`, { token: consoles[1] })).status).toBe(200);
    await f.api('PUT', '/settings/ticker', {
      token: f.tokens.supervisor,
      body: { text: 'Semua layanan BPJS Ketenagakerjaan GRATIS, tidak dipungut biaya. Waspadai calo: petugas tidak pernah meminta imbalan. · All services are free of charge. Beware of touts.' },
    });

    for (const [name, viewport] of [['display-tv-1080p', VIEWPORTS.tv], ['display-tv-4k', VIEWPORTS.tv4k]] as const) {
      const page = await openDisplay(f, viewport);
      await page.waitForSelector('[data-testid=ticker-text]');
      // Let the arrival flash settle, so the picture shows the board as it mostly is.
      await page.waitForTimeout(3200);
      await screenshot(page, name);
      expect(await currentNumber(page)).toMatch(/^[A-G]\d{3}$/);
      expect(await page.textContent('[data-testid=current-call-position]')).toBe('Loket 12');
      expect(await page.isVisible('[data-testid=current-call-recall]')).toBe(true);
      // Seven positions hold a call: all seven on the board at once, the newest (the recall) highlighted.
      expect(await page.locator('[data-testid=board-call]').count()).toBe(7);
      expect(await page.getAttribute('[data-testid=board-call][data-newest=true]', 'data-ticket')).toBe(last.id);
      expect(await page.locator('[data-testid=service-wait]').count()).toBe(7);
      const text = await page.evaluate(() => document.body.innerText);
      for (const secret of ['Siti', 'Budi', 'Ani', nik, nik.slice(-4)]) expect(text).not.toContain(secret);
      expect(await clipped(page)).toEqual([]);
      expect(await accessibilityProblems(page, 'minor')).toEqual([]);
    }
  }, 60_000);
});
