import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { accessibilityProblems, launchBrowser, screenshot, VIEWPORTS } from './support/browser.js';
import { issue, MINUTE, signIn, startTestHub, type HubFixture } from '../support/hub-fixture.js';
import { callAnnouncement } from '../../renderer/display/announcement-phrase.js';
import { announcements, callNext, clipped, openDisplay, waitForSound, type Announcement } from './display-support.js';

/**
 * Issue 8: one officer calls six booths within a second. The board shows all six at once and
 * keeps each until it was announced; the voice reads them in order, never two at once, short
 * while others wait, so it stays close behind the board.
 */

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

const BOOTHS = [1, 2, 3, 4, 5, 6].map((n) => `booth-${n}`);
/** The chime that opens a run of announcements, as the manifest has it (rounded up). */
const CHIME_SECONDS = 1.9;
/** A short announcement ("A nol nol satu, bilik satu") and the breath after it, at most. */
const SHORT_TURN_SECONDS = 3.6;

interface Watch {
  /** performance.now() when a ticket first appeared on the board, and when its announcement started and ended. */
  shown: Record<string, number>;
  speaking: Record<string, number>;
  spoken: Record<string, number>;
  /** The most calls on the board at once. */
  most: number;
  /** A call still to be announced that was not on the board, each time it happened. */
  missing: string[];
}

/** Watches the board and the announcement log on every change the page makes. */
async function watchBoard(page: Page): Promise<void> {
  await page.evaluate(() => {
    const watch: Watch = { shown: {}, speaking: {}, spoken: {}, most: 0, missing: [] };
    (window as unknown as { watch: Watch }).watch = watch;
    const check = () => {
      const now = performance.now();
      const onBoard = new Set([...document.querySelectorAll<HTMLElement>('main [data-ticket]')].map((el) => el.dataset.ticket!));
      for (const id of onBoard) watch.shown[id] ??= now;
      watch.most = Math.max(watch.most, onBoard.size);
      for (const li of document.querySelectorAll<HTMLElement>('[data-testid=announcement]')) {
        const { ticket, status } = li.dataset as { ticket: string; status: string };
        if (status === 'speaking') watch.speaking[ticket] ??= now;
        if (status === 'spoken') watch.spoken[ticket] ??= now;
        if ((status === 'queued' || status === 'speaking') && !onBoard.has(ticket)) watch.missing.push(`${li.textContent} (${status}) not on the board`);
      }
    };
    new MutationObserver(check).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    check();
  });
}

const watched = (page: Page): Promise<Watch> => page.evaluate(() => (window as unknown as { watch: Watch }).watch);

describe('a burst of six calls on the lobby board', () => {
  it('shows all six until each is announced, in order, one at a time, shortened, close behind the board', async () => {
    fx = await startTestHub({
      publicDisplay: true,
      seed: {
        positions: [
          ...BOOTHS.map((id, i) => ({ id, kind: 'booth' as const, label: `Bilik ${i + 1}`, services: ['JHT', 'JKK'] })),
          { id: 'counter-1', kind: 'counter', label: 'Loket 1', services: ['INFO'] },
        ],
        officers: [{ id: 'siti', name: 'Siti Rahmawati', pin: '1234' }],
      },
    });
    const f = fx;
    for (let i = 0; i < 8; i++) {
      await issue(f, i % 3 === 2 ? 'JKK' : 'JHT');
      f.clock.advance(MINUTE);
    }
    await signIn(f, 'siti', '1234', BOOTHS);
    const tv = await openDisplay(browser, f, closers, VIEWPORTS.tv);
    const tv4k = await openDisplay(browser, f, closers, VIEWPORTS.tv4k);
    await waitForSound(tv);
    await watchBoard(tv);
    const stream = await f.openStream(f.tokens.supervisor);

    // One officer, six booths, as fast as the console can send them.
    const tickets = await Promise.all(BOOTHS.map((booth) => callNext(f, booth)));
    await expect.poll(async () => stream.events().filter((e) => e.type === 'ticket.called').length).toBe(6);
    const hubOrder = stream.events().flatMap((e) => (e.type === 'ticket.called' ? [e.payload] : []));
    f.clock.advance(MINUTE);

    // All six at once, on both TVs, while the voice is still on the first.
    for (const page of [tv, tv4k]) {
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=board-call]').length === 6, null, { timeout: 10_000 });
      expect((await page.$$eval('[data-testid=board-call]', (els) => els.map((el) => (el as HTMLElement).dataset.ticket))).sort()).toEqual(tickets.map((t) => t.id).sort());
      // The newest is the highlighted one.
      expect(await page.getAttribute('[data-testid=board-call][data-newest=true]', 'data-ticket')).toBe(hubOrder[5]!.ticketId);
    }
    await tv.waitForSelector(`[data-testid=board-call][data-ticket="${hubOrder[0]!.ticketId}"][data-speaking=true]`, { timeout: 10_000 });
    for (const [name, page] of [['display-tv-burst-1080p', tv], ['display-tv-burst-4k', tv4k]] as const) {
      await page.waitForTimeout(3200); // past the arrival blink, so the picture shows the board as it mostly is
      await screenshot(page, name);
      expect(await clipped(page)).toEqual([]);
      expect(await accessibilityProblems(page, 'minor')).toEqual([]);
    }

    // The last one is served at once, before its turn to be read out: it stays until it was.
    const last = hubOrder[5]!;
    expect((await f.api('POST', `/tickets/${last.ticketId}/start`, { token: f.tokens.console })).status).toBe(200);
    expect((await f.api('POST', `/tickets/${last.ticketId}/finish`, { token: f.tokens.console, body: { outcome: 'completed' } })).status).toBe(200);

    await tv.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('[data-testid=announcement]')].filter((li) => li.dataset.status === 'spoken').length === 6, null, { timeout: 60_000, polling: 250 });
    await tv.waitForSelector(`main [data-ticket="${last.ticketId}"]`, { state: 'detached', timeout: 10_000 });
    const watch = await watched(tv);
    expect(watch.missing).toEqual([]);
    expect(watch.most).toBeGreaterThanOrEqual(6);

    const log: Announcement[] = await announcements(tv);
    expect(log.map((a) => a.ticket)).toEqual(hubOrder.map((c) => c.ticketId));
    // Short while others wait behind; the last, heard alone, in full.
    expect(log.map((a) => a.text)).toEqual(hubOrder.map((c, i) => callAnnouncement(c, i < 5 ? 'short' : 'full').text));
    expect(log.map((a) => a.form)).toEqual(['short', 'short', 'short', 'short', 'short', 'full']);
    for (let i = 1; i < log.length; i++) expect(log[i]!.start, `${log[i]!.text} starts after ${log[i - 1]!.text} ends`).toBeGreaterThanOrEqual(log[i - 1]!.end);
    // Only the first carries the chime.
    expect(log[0]!.clips).toBe(callAnnouncement(hubOrder[0]!, 'short').parts.filter((p) => 'clip' in p).length + 1);
    const lags = log.map((a) => a.start - a.heard);
    lags.forEach((lag, i) => expect(lag, `the voice's lag behind the board for ${log[i]!.text}`).toBeLessThanOrEqual(CHIME_SECONDS + 0.1 + i * SHORT_TURN_SECONDS));

    const wall = hubOrder.map((c) => (watch.speaking[c.ticketId]! - watch.shown[c.ticketId]!) / 1000);
    console.info(
      `six-call burst: voice behind the board by ${lags.map((s) => s.toFixed(1)).join(', ')} s on the audio clock (${wall.map((s) => s.toFixed(1)).join(', ')} s by the page's clock); ` +
        `the last call ends ${(log[5]!.end - log[0]!.heard).toFixed(1)} s after the first was shown`,
    );
  }, 120_000);
});
