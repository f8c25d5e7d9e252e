import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, VIEWPORTS } from './support/browser.js';
import { issue, startTestHub, STANDARD_SEED, type HubFixture } from '../support/hub-fixture.js';
import { consoleQueue, reconnectingMark, serviceCell, signInOnConsole, STEP_MS, textOf, waitingOnDisplay } from './flow-support.js';
import type { BranchSnapshot } from '../../main/queue/types.js';
import type { PrintJobMessage } from '../../main/wire/schemas.js';
import { createHubLog } from '../../main/ops/hub-log.js';
import { restoreBackup } from '../../main/ops/restore.js';
import { MIGRATIONS_DIR } from '../support/app-layout.js';

/**
 * Pages keep their state from the stream's frames: each asks the hub for the whole state
 * (GET /api/v1/state) once when it connects, and again only when it has to (after a reset or a
 * gap), never because an event arrived. A lobby display, a console and a supervisor page watch a
 * busy stretch (tickets issued and printed, called and finished) while every request each page
 * makes is counted; then the hub restarts under them, and then comes back on an older backup
 * (its log now ends before what the pages saw: a reset). The figures on screen must still be the
 * hub's own.
 */

type Watched = 'display' | 'console' | 'supervisor';
const SERVICES = ['JHT', 'JKK'] as const;

let browser: Browser;
let fx: HubFixture;
const contexts: BrowserContext[] = [];
const errors: string[] = [];
const stateRequests: Record<Watched, number> = { display: 0, console: 0, supervisor: 0 };

beforeAll(async () => {
  browser = await launchBrowser();
  fx = await startTestHub({ seed: STANDARD_SEED });
});
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await fx?.close();
});

/** Opens a paired page with its /state requests counted from its very first one. */
async function open(name: Watched, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'id-ID' });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_MS);
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/v1/state') stateRequests[name]++;
  });
  page.on('pageerror', (err) => errors.push(`${name}: ${err.message}`));
  await page.goto(`${fx.url}/${name}?token=${encodeURIComponent(fx.tokens[name])}`, { waitUntil: 'load' });
  return page;
}

/** The hub's own state, asked from the test (not counted against any page). */
async function hubState(): Promise<BranchSnapshot> {
  const res = await fx.api<BranchSnapshot>('GET', '/state', { token: fx.tokens.supervisor });
  expect(res.status).toBe(200);
  return res.body;
}

/** The kiosk's agent prints every job waiting for it: print.started and print.finished events pages draw nothing from. */
async function printAll(): Promise<number> {
  const jobs = (await fx.api<{ jobs: PrintJobMessage[] }>('GET', '/print-jobs', { token: fx.tokens.kiosk })).body.jobs;
  for (const { job } of jobs) {
    const started = await fx.api('POST', `/print-jobs/${job.id}/start`, { token: fx.tokens.kiosk });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect((await fx.api('POST', `/print-jobs/${job.id}/result`, { token: fx.tokens.kiosk, body: { printed: true, warning: null } })).status).toBe(200);
  }
  return jobs.length;
}

async function callAndFinish(positionId: string): Promise<void> {
  const called = await fx.api('POST', `/positions/${positionId}/call-next`, { token: fx.tokens.console });
  expect(called.status).toBe(200);
  expect((await fx.api('POST', `/tickets/${called.body.ticket.id}/finish`, { token: fx.tokens.console, body: { outcome: 'completed' } })).status).toBe(200);
}

/** Each page shows what the hub holds now: the waiting counts on the display and the supervisor's page, the queue on the console. */
async function pagesShowHubState(pages: Record<Watched, Page>): Promise<void> {
  const state = await hubState();
  for (const code of SERVICES) {
    const queue = state.queues.find((q) => q.service.code === code)!;
    const waiting = String(queue.waiting.length);
    await expect.poll(() => textOf(waitingOnDisplay(pages.display, code)), { timeout: STEP_MS, message: `display's ${code} waiting` }).toBe(waiting);
    await expect.poll(() => textOf(serviceCell(pages.supervisor, code, 'service-waiting')), { timeout: STEP_MS, message: `supervisor's ${code} waiting` }).toBe(waiting);
    const numbers = queue.waiting.map((t) => t.displayNumber);
    await expect
      .poll(async () => (await consoleQueue(pages.console, code)).map((row) => row.number), { timeout: STEP_MS, message: `console's ${code} queue` })
      .toEqual(numbers);
  }
}

describe('pages and the state', () => {
  it('ask GET /state once at connect, not per event, at most once more after the hub restarts, and once after it resets', async () => {
    const pages = {
      display: await open('display', VIEWPORTS.tv),
      console: await open('console', VIEWPORTS.tv),
      supervisor: await open('supervisor', VIEWPORTS.desktop),
    };
    await pages.display.waitForSelector('[data-testid=display-board] header');
    await pages.supervisor.getByTestId('service-table').waitFor();
    await signInOnConsole(pages.console, 'siti', '1234', ['booth-1', 'booth-2']);
    await pagesShowHubState(pages);
    expect(stateRequests).toEqual({ display: 1, console: 1, supervisor: 1 });

    // A backup from before the busy stretch, restored at the end: the hub's log then ends before what the pages saw.
    const backup = await fx.hub.backups.backupNow();
    const before = (await hubState()).seq;
    for (let i = 0; i < 20; i++) {
      await issue(fx, SERVICES[i % 3 === 2 ? 1 : 0]);
      await printAll();
      if (i % 2 === 1) await callAndFinish(i % 4 === 1 ? 'booth-1' : 'booth-2');
    }
    const events = (await hubState()).seq - before;
    // 20 issued, 20 printed (started and finished), 10 called and finished: every kind a branch's hour has.
    expect(events).toBeGreaterThanOrEqual(20 + 40 + 20);
    await pagesShowHubState(pages);
    expect(stateRequests, `${events} events later`).toEqual({ display: 1, console: 1, supervisor: 1 });

    await fx.restart();
    for (const page of Object.values(pages)) await reconnectingMark(page).waitFor({ state: 'detached', timeout: STEP_MS });
    for (let i = 0; i < 4; i++) {
      await issue(fx, SERVICES[i % 2]);
      await printAll();
    }
    await callAndFinish('booth-1');
    await pagesShowHubState(pages);
    for (const name of Object.keys(stateRequests) as Watched[]) {
      expect(stateRequests[name], `${name} after the restart`).toBeGreaterThanOrEqual(1);
      expect(stateRequests[name], `${name} after the restart`).toBeLessThanOrEqual(2);
    }

    // The hub comes back on the older backup: it tells each page to start over (a reset), and each asks once.
    const afterRestart = { ...stateRequests };
    await fx.hub.close();
    restoreBackup({ migrationsDir: MIGRATIONS_DIR, dataDir: fx.dataDir, from: backup.file, log: createHubLog({ dir: null }) });
    await fx.restart();
    await issue(fx, 'JKK');
    await printAll();
    await pagesShowHubState(pages);
    expect(stateRequests).toEqual({ display: afterRestart.display + 1, console: afterRestart.console + 1, supervisor: afterRestart.supervisor + 1 });
    expect(errors).toEqual([]);
  }, 120_000);
});
