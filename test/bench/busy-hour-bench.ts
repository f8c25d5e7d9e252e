import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { startHub } from '../../main/hub/start-hub.js';
import { hashPin } from '../../main/hub/pin-hash.js';
import { DEFAULT_SERVICES } from '../../main/queue/catalogue.js';
import { launchBrowser, VIEWPORTS } from '../e2e/support/browser.js';
import { repoLayout } from '../support/app-layout.js';

/**
 * A busy hour on one lobby display and one console in Chromium: four kiosks each issue a ticket
 * every 10 s (each printed by its kiosk's agent), and six booths call, serve and finish. Time is
 * compressed (BENCH_BUSY_SPEEDUP, 10x by default: the hour runs in six minutes, the hub's clock
 * running as fast), so the hour's events arrive as they would but closer together; at 20x on this
 * machine the two pages and the kiosks could no longer keep up, and the line says how many
 * tickets of the hour's plan were issued.
 *
 * Figures: GET /api/v1/state requests per page per hour after connect (goal: none; a page asks
 * only at connect, after a reset and on a gap), and each page's renderer CPU (CDP's TaskDuration)
 * over the hour, next to the same page idle for a window measured first in the same run.
 * Prints; asserts nothing.
 */

const SPEEDUP = Number(process.env.BENCH_BUSY_SPEEDUP ?? 10);
const HOUR = 3_600_000;
const KIOSKS = 4;
const ISSUE_EVERY = 10_000;
const BOOTHS = 6;
/** Six booths finishing one every 15 s between them keep up with four kiosks' 24 tickets a minute. */
const SERVICE_MS = { min: 50_000, max: 80_000 };
const IDLE_REAL_MS = 20_000;
const BOOTH_SERVICES = ['JHT', 'JKK', 'JKM', 'JP'];
const START = Date.parse('2025-03-10T09:00:00+07:00');

interface Watched {
  name: 'display' | 'console';
  page: Page;
  cdp: CDPSession;
  stateRequests: number;
}

const taskSeconds = async (w: Watched): Promise<number> => {
  const { metrics } = (await w.cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return metrics.find((m) => m.name === 'TaskDuration')!.value;
};

export async function benchBusyHour(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'antre-busy-hour-'));
  const realStart = performance.now();
  const clock = () => START + Math.round((performance.now() - realStart) * SPEEDUP);
  const hub = await startHub({
    layout: repoLayout,
    hub: { branch: { id: 'busy', name: 'Cabang Sibuk', timeZone: 'Asia/Jakarta' }, listen: { host: '127.0.0.1', port: 0 }, dataDir: dir, publicDisplay: false },
    baseDir: dir,
    host: '127.0.0.1',
    port: 0,
    clock,
  });
  const browser = await launchBrowser();
  const contexts: BrowserContext[] = [];
  try {
    for (const s of DEFAULT_SERVICES) hub.queue.saveService({ ...s, dailyQuota: 999 });
    const booths = Array.from({ length: BOOTHS }, (_, i) => `booth-${i + 1}`);
    for (const [i, id] of booths.entries()) hub.queue.savePosition({ id, kind: 'booth', label: `Bilik ${i + 1}`, active: true, services: BOOTH_SERVICES });
    hub.queue.saveOfficer({ id: 'ani', name: 'Ani', pinHash: await hashPin('1234'), active: true });
    const kiosks = Array.from({ length: KIOSKS }, (_, i) => hub.devices.preparePaired(`busy kiosk ${i + 1}`, 'kiosk').token);
    const consoleToken = hub.devices.preparePaired('busy console', 'console').token;
    const displayToken = hub.devices.preparePaired('busy display', 'display').token;

    const api = async (path: string, token: string, body?: unknown) => {
      const res = await fetch(`${hub.url}/api/v1${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${text}`);
      return JSON.parse(text) as Record<string, any>;
    };
    // One officer at all six booths (one to many), signed in on the console's device as its desk would be.
    await api('/sessions', consoleToken, { officerId: 'ani', pin: '1234', positions: booths });

    const open = async (name: Watched['name'], token: string): Promise<Watched> => {
      const context = await browser.newContext({ viewport: VIEWPORTS.tv, locale: 'id-ID' });
      contexts.push(context);
      const page = await context.newPage();
      const watched: Watched = { name, page, cdp: await context.newCDPSession(page), stateRequests: 0 };
      await watched.cdp.send('Performance.enable');
      page.on('request', (request) => {
        if (new URL(request.url()).pathname === '/api/v1/state') watched.stateRequests++;
      });
      await page.goto(`${hub.url}/${name}?token=${encodeURIComponent(token)}`, { waitUntil: 'load' });
      return watched;
    };
    const display = await open('display', displayToken);
    const desk = await open('console', consoleToken);
    await display.page.waitForSelector('[data-testid=display-board] header');
    await desk.page.getByTestId('desk').first().waitFor();
    const pages = [display, desk];
    const atConnect = pages.map((w) => w.stateRequests);

    const idleStart = await Promise.all(pages.map(taskSeconds));
    await new Promise((r) => setTimeout(r, IDLE_REAL_MS));
    const idle = (await Promise.all(pages.map(taskSeconds))).map((s, i) => s - idleStart[i]!);

    const hourEnds = clock() + HOUR;
    const sleepUntil = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, (at - clock()) / SPEEDUP)));
    const counts = { issued: 0, printed: 0, calls: 0, idleCalls: 0 };
    const eventsBefore = hub.queue.store.lastSeq();
    const busyStart = await Promise.all(pages.map(taskSeconds));
    const realBusyStart = performance.now();

    const kiosk = async (token: string, offset: number) => {
      let next = clock() + offset;
      for (;;) {
        await sleepUntil(next);
        if (clock() >= hourEnds) return;
        await api('/tickets', token, { serviceCode: BOOTH_SERVICES[counts.issued % BOOTH_SERVICES.length] });
        counts.issued++;
        for (const { job } of (await api('/print-jobs', token)).jobs as { job: { id: string } }[]) {
          await api(`/print-jobs/${job.id}/start`, token, {});
          await api(`/print-jobs/${job.id}/result`, token, { printed: true, warning: null });
          counts.printed++;
        }
        next += ISSUE_EVERY;
      }
    };
    const booth = async (positionId: string) => {
      for (;;) {
        if (clock() >= hourEnds) return;
        const called = await api(`/positions/${positionId}/call-next`, consoleToken, {});
        if (!called.ticket) {
          counts.idleCalls++;
          await sleepUntil(clock() + 20_000);
          continue;
        }
        counts.calls++;
        await api(`/tickets/${called.ticket.id}/start`, consoleToken, {});
        await sleepUntil(clock() + SERVICE_MS.min + Math.random() * (SERVICE_MS.max - SERVICE_MS.min));
        await api(`/tickets/${called.ticket.id}/finish`, consoleToken, { outcome: 'completed' });
      }
    };
    await Promise.all([...kiosks.map((token, i) => kiosk(token, (i * ISSUE_EVERY) / KIOSKS)), ...booths.map((id) => booth(id))]);
    // The last frames reach the pages before the figures are read.
    await new Promise((r) => setTimeout(r, 1000));
    const busy = (await Promise.all(pages.map(taskSeconds))).map((s, i) => s - busyStart[i]!);
    const realBusy = (performance.now() - realBusyStart) / 1000;
    const events = hub.queue.store.lastSeq() - eventsBefore;

    console.log(`Busy hour on a lobby display and a console in Chromium: ${KIOSKS} kiosks each issuing a ticket every ${ISSUE_EVERY / 1000} s, ${BOOTHS} booths calling`);
    const planned = KIOSKS * (HOUR / ISSUE_EVERY);
    console.log(`  (time compressed ${SPEEDUP}x: the hour ran in ${realBusy.toFixed(0)} s; ${counts.issued} of ${planned} planned tickets issued and ${counts.printed} printed, ${counts.calls} called and finished, ${events} events)`);
    for (const [i, w] of pages.entries()) {
      const after = w.stateRequests - atConnect[i]!;
      console.log(`  ${w.name.padEnd(8)} GET /state: ${atConnect[i]} at connect, ${after} during the hour  goal (only at connect and on gaps): ${after === 0 ? 'met' : 'not met'}`);
      const idlePerSecond = (idle[i]! / (IDLE_REAL_MS / 1000)) * 1000;
      const busyPerSecond = (busy[i]! / realBusy) * 1000;
      console.log(
        `           renderer CPU (TaskDuration) ${busy[i]!.toFixed(2)} s for the hour, ${busyPerSecond.toFixed(1)} ms per real second; idle ${idlePerSecond.toFixed(1)} ms per second; ratio ${(busyPerSecond / idlePerSecond).toFixed(1)}x idle`,
      );
    }
  } finally {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser.close();
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
