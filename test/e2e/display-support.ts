import { expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openPage, VIEWPORTS } from './support/browser.js';
import type { HubFixture } from '../support/hub-fixture.js';

/**
 * The lobby display as its Chromium tests see it: what the board shows, and what the lobby hears,
 * read from the announcement log the page keeps (its phrases and their times on the AudioContext
 * clock, in a headless Chromium that really plays them).
 */

export type Viewport = { width: number; height: number };

/** Opens the token-free display; `closers` gets what closes it. */
export async function openDisplay(browser: Browser, f: HubFixture, closers: (() => Promise<unknown>)[], viewport: Viewport = VIEWPORTS.tv): Promise<Page> {
  const { context, page } = await openPage(browser, f.url, '/display', { viewport });
  closers.push(() => context.close());
  await page.waitForSelector('[data-testid=display-board] header', { timeout: 10_000 });
  return page;
}

/** Sound is ready once every clip in the manifest is decoded. */
export async function waitForSound(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid=display-board][data-clips=ready][data-sound=on]');
}

export interface Announcement {
  text: string;
  ticket: string;
  kind: string;
  /** full, or short (number and place only) */
  form: string;
  status: string;
  /** On the audio clock: when the call reached the page, when its announcement starts and ends. */
  heard: number;
  start: number;
  end: number;
  clips: number;
  missing: string;
}

export const announcements = (page: Page): Promise<Announcement[]> =>
  page.$$eval('[data-testid=announcement]', (items) =>
    items.map((li) => {
      const d = (li as HTMLElement).dataset;
      return {
        text: li.textContent ?? '',
        ticket: d.ticket!,
        kind: d.kind!,
        form: d.form ?? '',
        status: d.status!,
        heard: Number(d.heard),
        start: Number(d.start),
        end: Number(d.end),
        clips: Number(d.clips),
        missing: d.missing ?? '',
      };
    }),
  );

/**
 * Waits until `count` calls are in the log with their words chosen (each call's words are chosen
 * when its turn comes, just before the voice is free), or logged silent; returns the log.
 */
export async function waitForAnnouncements(page: Page, count: number): Promise<Announcement[]> {
  await page.waitForFunction(
    (n) => {
      const items = [...document.querySelectorAll<HTMLElement>('[data-testid=announcement]')].slice(0, n);
      return items.length === n && items.every((li) => li.dataset.status === 'silent' || li.dataset.end !== '');
    },
    count,
    { timeout: 20_000 },
  );
  return announcements(page);
}

export async function callNext(f: HubFixture, positionId: string, token = f.tokens.console): Promise<{ id: string; displayNumber: string }> {
  const res = await f.api('POST', `/positions/${positionId}/call-next`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.ticket as { id: string; displayNumber: string };
}

/** Parts of the board whose content does not fit their box (or the screen), described. */
export const clipped = (page: Page): Promise<string[]> =>
  page.evaluate(() => {
    const boxes = [
      '[data-testid=display-board]',
      '[data-testid=current-call]',
      '[data-testid=recent-call]',
      '[data-testid=board-call]',
      '[data-testid=service-waits]',
      '[data-testid=service-wait]',
      '[data-testid=branch-name]',
      'header',
    ];
    const problems = boxes.flatMap((selector) =>
      [...document.querySelectorAll<HTMLElement>(selector)].flatMap((el) => {
        const r = el.getBoundingClientRect();
        const out = el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1 || r.bottom > innerHeight || r.right > innerWidth;
        return out ? [`${selector} "${el.innerText.replace(/\s+/g, ' ').slice(0, 40)}" ${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight}`] : [];
      }),
    );
    if (document.documentElement.scrollHeight > innerHeight || document.documentElement.scrollWidth > innerWidth) problems.push('the page scrolls');
    return problems;
  });

/** Waits for the board to show `number` as the newest call; on failure says what it shows instead. */
export async function showsCall(page: Page, number: string): Promise<void> {
  try {
    await page.waitForFunction((n) => document.querySelector('[data-testid=current-call-number]')?.textContent === n, number, { timeout: 10_000 });
  } catch (err) {
    const shown = await page.evaluate(() => ({
      newest: document.querySelector('[data-testid=current-call-number]')?.textContent ?? null,
      connection: document.querySelector<HTMLElement>('[data-testid=connection-status]')?.dataset.status,
      log: [...document.querySelectorAll('[data-testid=announcement]')].map((li) => li.textContent),
    }));
    throw new Error(`the display did not show ${number} as the newest call: ${JSON.stringify(shown)}`, { cause: err });
  }
}

/** The ticket ids of the calls on the board (the large card, the grid, the earlier calls), in screen order. */
export const ticketsOnBoard = (page: Page): Promise<string[]> =>
  page.$$eval('main [data-ticket]', (els) => [...new Set(els.map((el) => (el as HTMLElement).dataset.ticket!))]);
