import { expect } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { openPage, VIEWPORTS } from './support/browser.js';
import type { HubFixture } from '../support/hub-fixture.js';

/**
 * A branch as the flow tests see it: the four pages of issue 3 open at once in one browser, each
 * in its own context at the size of the screen it runs on, each paired with its role's token.
 */
export interface BranchPages {
  kiosk: Page;
  display: Page;
  console: Page;
  supervisor: Page;
  contexts: BrowserContext[];
  /** Script errors any of the pages threw, named by page. */
  errors: string[];
}

export type PageName = 'kiosk' | 'display' | 'console' | 'supervisor';

/** How long a step may take before it fails naming what it waited for; well inside a test's time. */
export const STEP_MS = 10_000;

export async function openBranch(browser: Browser, fx: HubFixture): Promise<BranchPages> {
  const errors: string[] = [];
  const contexts: BrowserContext[] = [];
  const open = async (name: PageName, viewport: { width: number; height: number }): Promise<Page> => {
    const { context, page } = await openPage(browser, fx.url, `/${name}`, { token: fx.tokens[name], viewport });
    contexts.push(context);
    page.setDefaultTimeout(STEP_MS);
    page.on('pageerror', (err) => errors.push(`${name}: ${err.message}`));
    return page;
  };
  // One after the other: four pages starting together on two cores only slow each other down.
  const kiosk = await open('kiosk', VIEWPORTS.kioskPortrait);
  const display = await open('display', VIEWPORTS.tv);
  const desk = await open('console', VIEWPORTS.tv);
  const supervisor = await open('supervisor', VIEWPORTS.desktop);
  await kiosk.getByTestId('service-JHT').waitFor();
  await display.waitForSelector('[data-testid=display-board] header');
  await desk.getByTestId('signin-form').waitFor();
  await supervisor.getByTestId('service-table').waitFor();
  return { kiosk, display, console: desk, supervisor, contexts, errors };
}

export async function closeBranch(pages: BranchPages | undefined): Promise<void> {
  for (const context of pages?.contexts ?? []) await context.close().catch(() => undefined);
}

/** The element's text, trimmed, without waiting; null while it is not there. */
export async function textOf(locator: Locator): Promise<string | null> {
  if ((await locator.count()) === 0) return null;
  return ((await locator.first().textContent()) ?? '').trim();
}

/** Waits until the element says exactly `expected`; the failure shows what it said last. */
export async function untilText(locator: Locator, expected: string | RegExp, message?: string): Promise<void> {
  const poll = expect.poll(() => textOf(locator), { timeout: STEP_MS, interval: 100, message });
  if (typeof expected === 'string') await poll.toBe(expected);
  else await poll.toMatch(expected);
}

// ── kiosk ────────────────────────────────────────────────────────────────────

/** A walk-in's taps: the service, no priority, take the ticket. Returns the number on the screen. */
export async function takeTicket(kiosk: Page, serviceCode: string): Promise<string> {
  await kiosk.getByTestId(`service-${serviceCode}`).click();
  await kiosk.getByTestId('kiosk-take-ticket').click();
  const number = kiosk.getByTestId('ticket-number');
  await number.waitFor();
  return (await number.textContent())!.trim();
}

/** Back to the start screen, as the participant does with "Selesai". */
export async function ticketDone(kiosk: Page): Promise<void> {
  await kiosk.getByTestId('ticket-done').click();
  await kiosk.getByTestId('service-JHT').waitFor();
}

/** Types a booking code on the on-screen keypad (the keypad screen must be open). */
export async function typeBookingCode(kiosk: Page, code: string): Promise<void> {
  for (const key of code) await kiosk.getByTestId(`key-${key}`).click();
  await untilText(kiosk.getByTestId('booking-code'), code);
}

/**
 * Booking code and continue: the hub checks the code first, so a refused one goes straight to the
 * refusal; a good one gets the priority question (naming its service), then take ticket. The
 * screen that follows is a ticket or a refusal.
 */
export async function checkInByKeypad(kiosk: Page, code: string): Promise<void> {
  if ((await kiosk.getByTestId('booking-code').count()) === 0) await kiosk.getByTestId('kiosk-booked').click();
  await typeBookingCode(kiosk, code);
  await kiosk.getByTestId('booking-continue').click();
  const subject = kiosk.getByTestId('priority-subject');
  await kiosk.getByTestId('kiosk-refusal').or(subject).waitFor();
  if ((await subject.count()) === 0) return;
  await untilText(subject, new RegExp(`^Booking ${code} · `));
  await kiosk.getByTestId('kiosk-take-ticket').click();
  await kiosk.getByTestId('kiosk-refusal').or(kiosk.getByTestId('ticket-number')).waitFor();
}

export interface KioskRefusal {
  reason: string;
  advice: string | null;
  alternatives: string[];
}

/** What the refusal screen says, with codes' non-breaking hyphens read as plain ones. */
export async function readRefusal(kiosk: Page): Promise<KioskRefusal> {
  await kiosk.getByTestId('kiosk-refusal').waitFor();
  const plain = (s: string | null) => (s === null ? null : s.replaceAll('\u2011', '-'));
  return {
    reason: plain(await textOf(kiosk.getByTestId('refusal-reason')))!,
    advice: plain(await textOf(kiosk.getByTestId('refusal-advice'))),
    alternatives: await kiosk
      .getByTestId('refusal-alternatives')
      .locator('li')
      .evaluateAll((items) => items.map((li) => li.getAttribute('data-alternative') ?? '')),
  };
}

// ── display ──────────────────────────────────────────────────────────────────

export const waitingOnDisplay = (display: Page, serviceCode: string): Locator =>
  display.locator(`[data-testid=service-wait][data-service=${serviceCode}] [data-testid=service-waiting-count]`);

/** Sound is on and every clip decoded, so a call is spoken rather than logged as silent. */
export async function soundReady(display: Page): Promise<void> {
  await display.waitForSelector('[data-testid=display-board][data-clips=ready][data-sound=on]', { state: 'attached' });
}

export interface Announcement {
  text: string;
  ticket: string;
  kind: string;
  status: string;
  clips: number;
  missing: string;
}

export const announcements = (display: Page): Promise<Announcement[]> =>
  display.$$eval('[data-testid=announcement-log] [data-testid=announcement]', (items) =>
    items.map((li) => {
      const d = (li as HTMLElement).dataset;
      return { text: (li.textContent ?? '').trim(), ticket: d.ticket ?? '', kind: d.kind ?? '', status: d.status ?? '', clips: Number(d.clips), missing: d.missing ?? '' };
    }),
  );

/** Waits until the display logged `count` announcements, then returns the log. */
export async function announced(display: Page, count: number): Promise<Announcement[]> {
  await expect.poll(async () => (await announcements(display)).length, { timeout: STEP_MS, message: 'announcements in the display log' }).toBeGreaterThanOrEqual(count);
  return announcements(display);
}

/** Waits until the board shows `number` at `place` as the newest call. */
export async function showsNewestCall(display: Page, number: string, place: string): Promise<void> {
  await untilText(display.getByTestId('current-call-number'), number, 'newest call on the display');
  await untilText(display.getByTestId('current-call-position'), place, 'where the newest call goes');
}

// ── console ──────────────────────────────────────────────────────────────────

/** The officer signs in on the console's own form, with a PIN, to the positions given. */
export async function signInOnConsole(desk: Page, officerId: string, pin: string, positions: string[]): Promise<void> {
  await desk.getByTestId(`signin-officer-${officerId}`).check();
  await desk.getByTestId('signin-pin').fill(pin);
  for (const id of positions) await desk.getByTestId(`signin-position-${id}`).check();
  await desk.getByTestId('signin-submit').click();
  await desk.getByTestId('desk').waitFor();
}

export const positionTile = (desk: Page, positionId: string): Locator => desk.getByTestId(`position-${positionId}`);

/** The rows of a service's waiting queue on the console, in the order shown. */
export async function consoleQueue(desk: Page, serviceCode: string): Promise<{ number: string; text: string }[]> {
  return desk
    .getByTestId(`queue-${serviceCode}`)
    .getByTestId('waiting-ticket')
    .evaluateAll((rows) => rows.map((row) => ({ number: (row.querySelector('.number')?.textContent ?? '').trim(), text: (row.textContent ?? '').replace(/\s+/g, ' ').trim() })));
}

/** Start, then finish with an outcome through the finish dialog. */
export async function serveAndFinish(desk: Page, positionId: string, outcome: string): Promise<void> {
  const tile = positionTile(desk, positionId);
  await tile.getByTestId('start').click();
  await untilText(tile.getByTestId('position-status'), 'Dilayani');
  await tile.getByTestId('finish').click();
  const dialog = desk.getByTestId('finish-dialog');
  await dialog.waitFor();
  await dialog.getByTestId(`outcome-${outcome}`).check();
  await dialog.getByTestId('finish-confirm').click();
  await dialog.waitFor({ state: 'detached' });
  await expect.poll(() => tile.getAttribute('data-status'), { timeout: STEP_MS }).toBe('empty');
}

// ── supervisor ───────────────────────────────────────────────────────────────

export const serviceCell = (supervisor: Page, serviceCode: string, what: string): Locator =>
  supervisor.getByTestId(`service-row-${serviceCode}`).getByTestId(what);

// ── every page ───────────────────────────────────────────────────────────────

/** The shared "reconnecting" mark every page shows while its stream is down. */
export const reconnectingMark = (page: Page): Locator => page.locator('div.mark[role=status]');

/** Marks the document, so a later check can tell the page was never reloaded. */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { flowMark?: string }).flowMark = 'same document'));
}

export async function sameDocument(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { flowMark?: string }).flowMark === 'same document');
}
