import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { accessibilityProblems, CHROMIUM, screenshot, VIEWPORTS } from './support/browser.js';
import { issue, signIn, startTestHub, STANDARD_SEED, type HubFixture } from '../support/hub-fixture.js';
import { callNext, clipped, openDisplay, showsCall } from './display-support.js';

/**
 * Issue 11: a fresh TV, as it comes out of the box: its browser blocks sound until someone taps
 * the screen. The banner asking for that tap has its own place and covers nothing; the branch's
 * whole name shows, however long, at 1080p and 4K.
 */

let browser: Browser;
let fx: HubFixture | undefined;
const closers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  // A TV browser started without --autoplay-policy=no-user-gesture-required.
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--autoplay-policy=document-user-activation-required'] });
});
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
  await fx?.close();
  fx = undefined;
});
afterAll(async () => {
  await browser?.close();
});

const SIZES = [
  ['1080p', VIEWPORTS.tv],
  ['4k', VIEWPORTS.tv4k],
] as const;

type Box = { x: number; y: number; width: number; height: number };

/** Boxes of the first element each selector finds (null when absent), by selector. */
const boxes = (page: Page, selectors: string[]): Promise<Record<string, Box | null>> =>
  page.evaluate(
    (list) =>
      Object.fromEntries(
        list.map((selector) => {
          const el = document.querySelector(selector);
          if (!el) return [selector, null];
          const r = el.getBoundingClientRect();
          return [selector, { x: r.x, y: r.y, width: r.width, height: r.height }];
        }),
      ),
    selectors,
  );

const overlap = (a: Box, b: Box) => a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;
const inside = (inner: Box, outer: Box) => inner.x >= outer.x - 0.5 && inner.y >= outer.y - 0.5 && inner.x + inner.width <= outer.x + outer.width + 0.5 && inner.y + inner.height <= outer.y + outer.height + 0.5;

/** What the banner may not cover: everything else at the top of the board, and the call. */
const NEIGHBOURS = [
  '[data-testid=branch-name]',
  '[data-testid=clock-date]',
  '.clock .date.en',
  '[data-testid=clock-time]',
  '[data-testid=current-call]',
  '[data-testid=current-call-number]',
  '[data-testid=current-call-position]',
  '[data-testid=service-waits]',
];
const CALL_PARTS = ['[data-testid=current-call-number]', '[data-testid=current-call-position]', '[data-testid=current-call] .place-en', '[data-testid=current-call] h2'];

/** The branch name's words, each on screen and inside the header, none cut or hidden. */
async function nameShownWhole(page: Page, name: string): Promise<void> {
  const shown = await page.evaluate(() => {
    const el = document.querySelector<HTMLElement>('[data-testid=branch-name]')!;
    const header = document.querySelector('header')!.getBoundingClientRect();
    const clock = document.querySelector('.clock')!.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(el);
    const text = range.getBoundingClientRect();
    return {
      text: el.textContent,
      overflowing: el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1,
      style: getComputedStyle(el).textOverflow,
      withinHeader: text.left >= header.left && text.right <= header.right && text.top >= header.top && text.bottom <= header.bottom,
      clearOfClock: text.right <= clock.left,
      fontPx: parseFloat(getComputedStyle(el).fontSize),
      vh: innerHeight,
    };
  });
  expect(shown.text).toBe(name);
  expect(shown, JSON.stringify(shown)).toMatchObject({ overflowing: false, withinHeader: true, clearOfClock: true });
  expect(shown.style).not.toBe('ellipsis');
  // Still large enough to read across the lobby: at least 2.5% of the screen's height.
  expect(shown.fontPx / shown.vh).toBeGreaterThanOrEqual(0.025);
}

describe('a fresh lobby TV', () => {
  it('puts the sound banner where it covers nothing, keeps the call whole, and shows the whole branch name', async () => {
    const name = 'BPJAMSOSTEK Kantor Cabang Jakarta Salemba';
    fx = await startTestHub({ seed: STANDARD_SEED, publicDisplay: true, branchName: name });
    const f = fx;
    for (let i = 0; i < 2; i++) await issue(f, 'JHT');
    await signIn(f, 'siti', '1234', ['booth-1']);
    await callNext(f, 'booth-1');

    for (const [size, viewport] of SIZES) {
      const page = await openDisplay(browser, f, closers, viewport);
      await page.waitForSelector('[data-testid=display-board][data-clips=ready][data-sound=blocked]');
      await page.waitForSelector('[data-testid=sound-enable]');
      await showsCall(page, 'A001');
      await page.waitForTimeout(3200); // past the arrival blink
      await screenshot(page, `display-tv-fresh-${size}`);

      const found = await boxes(page, ['[data-testid=sound-enable]', ...NEIGHBOURS, ...CALL_PARTS]);
      const banner = found['[data-testid=sound-enable]']!;
      expect(inside(banner, { x: 0, y: 0, ...viewport }), `the banner is on screen at ${size}`).toBe(true);
      for (const selector of NEIGHBOURS) {
        expect(found[selector], `${selector} at ${size}`).not.toBeNull();
        expect(overlap(banner, found[selector]!), `the banner covers ${selector} at ${size}`).toBe(false);
      }
      for (const selector of CALL_PARTS) expect(inside(found[selector]!, found['[data-testid=current-call]']!), `${selector} inside the call card at ${size}`).toBe(true);
      await nameShownWhole(page, name);
      expect(await clipped(page)).toEqual([]);
      expect(await accessibilityProblems(page, 'minor')).toEqual([]);
    }
  });

  it('shows an even longer branch name whole, on two lines if it must', async () => {
    const name = 'BPJAMSOSTEK Kantor Cabang Perintis Jakarta Salemba Raya Timur Kota Administrasi';
    fx = await startTestHub({ seed: STANDARD_SEED, publicDisplay: true, branchName: name });
    for (const [size, viewport] of SIZES) {
      const page = await openDisplay(browser, fx, closers, viewport);
      await page.waitForSelector('[data-testid=sound-enable]');
      await nameShownWhole(page, name);
      expect(await clipped(page)).toEqual([]);
      if (size === '1080p') await screenshot(page, 'display-tv-long-name-1080p');
    }
  });
});
