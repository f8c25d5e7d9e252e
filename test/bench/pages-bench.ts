import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { WebSocket, WebSocketServer } from 'ws';
import { startHub } from '../../main/hub/start-hub.js';
import { hashPin } from '../../main/hub/pin-hash.js';
import { launchBrowser } from '../e2e/support/browser.js';
import { repoLayout } from '../support/app-layout.js';

/**
 * The pages' figures: gzipped JavaScript each page loads, and the time from a console's call to
 * the number showing in the DOM of ten lobby displays, next to a raw WebSocket round trip of the
 * same bytes measured in the same run. Prints figures; asserts nothing.
 */

const DIST = resolve(import.meta.dirname, '..', '..', 'renderer', 'dist');
const PAGES = ['kiosk', 'display', 'console', 'supervisor', 'booth', 't'];
const DISPLAYS = Number(process.env.BENCH_DISPLAYS ?? 10);
const CALLS = 60;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

/** Every script a page loads at start: its entry and the chunks it preloads. */
function pageScripts(page: string): string[] {
  const html = readFileSync(join(DIST, page, 'index.html'), 'utf8');
  return [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
}

function gzippedKb(page: string): number {
  const bytes = pageScripts(page).reduce((sum, path) => sum + gzipSync(readFileSync(join(DIST, path))).length, 0);
  return bytes / 1024;
}

async function rawRoundTrip(bytes: number, samples: number): Promise<number[]> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  wss.on('connection', (ws) => ws.on('message', (data) => ws.send(data)));
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as { port: number }).port}`);
  await new Promise((r) => client.once('open', r));
  const payload = 'x'.repeat(bytes);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await new Promise<void>((r) => {
      client.once('message', () => r());
      client.send(payload);
    });
    times.push(performance.now() - started);
  }
  client.close();
  wss.close();
  return times;
}

export async function benchPages(): Promise<void> {
  console.log('Gzipped JavaScript per page (goal: under 60 KB each)');
  for (const page of PAGES) console.log(`  ${page.padEnd(11)} ${gzippedKb(page).toFixed(1)} KB`);

  const dir = mkdtempSync(join(tmpdir(), 'antre-pages-bench-'));
  const hub = await startHub({ layout: repoLayout,
    hub: { branch: { id: 'bench', name: 'Bench', timeZone: 'Asia/Jakarta' }, listen: { host: '127.0.0.1', port: 0 }, dataDir: dir, publicDisplay: false },
    baseDir: dir,
    host: '127.0.0.1',
    port: 0,
  });
  hub.queue.savePosition({ id: 'booth-1', kind: 'booth', label: 'Bilik 1', active: true, services: ['JHT'] });
  hub.queue.saveOfficer({ id: 'siti', name: 'Siti', pinHash: await hashPin('1234'), active: true });
  const kiosk = hub.devices.preparePaired('bench kiosk', 'kiosk').token;
  const console_ = hub.devices.preparePaired('bench console', 'console').token;
  const post = async (path: string, token: string, body: unknown = {}) => {
    const res = await fetch(`${hub.url}/api/v1${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return (await res.json()) as { ticket?: { id: string; displayNumber: string } | null };
  };
  await post('/sessions', console_, { officerId: 'siti', pin: '1234', positions: ['booth-1'] });

  const browser = await launchBrowser();
  const displays = await Promise.all(
    Array.from({ length: DISPLAYS }, async (_, i) => {
      const token = hub.devices.preparePaired(`bench display ${i}`, 'display').token;
      const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
      const page = await context.newPage();
      await page.goto(`${hub.url}/display?token=${token}`);
      await page.waitForFunction(() => document.querySelector('main') !== null);
      return page;
    }),
  );
  // Each display reports, on the shared wall clock, when a number first appears in its DOM.
  // Passed as text: the TypeScript loader would wrap a function with helpers the page lacks.
  const watch = (page: (typeof displays)[number], number: string) =>
    page.evaluate(`new Promise((resolveSeen) => {
      const n = ${JSON.stringify(number)};
      const seen = () => document.body.innerText.includes(n);
      if (seen()) return resolveSeen(performance.timeOrigin + performance.now());
      const observer = new MutationObserver(() => {
        if (!seen()) return;
        observer.disconnect();
        resolveSeen(performance.timeOrigin + performance.now());
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    })`) as Promise<number>;

  // The same call seen by a plain WebSocket client: the hub's part of the latency.
  const wsToken = hub.devices.preparePaired('bench listener', 'display').token;
  const listener = new WebSocket(`${hub.url.replace('http', 'ws')}/api/v1/stream?token=${wsToken}`);
  await new Promise((r) => listener.once('open', r));
  const wsSeen = new Map<string, number>();
  listener.on('message', (data) => {
    const at = performance.timeOrigin + performance.now();
    const text = String(data);
    for (const m of text.matchAll(/"type":"ticket\.called","payload":\{"ticketId":"[^"]+","displayNumber":"([A-Z]\d{3})"/g)) wsSeen.set(m[1]!, at);
  });
  const wsLatencies: number[] = [];

  const latencies: number[] = [];
  let eventBytes = 0;
  for (let i = 0; i < CALLS; i++) {
    const issued = await post('/tickets', kiosk, { serviceCode: 'JHT' });
    const number = issued.ticket!.displayNumber;
    // Let the displays take in the issue event, so the call is the only change measured.
    await new Promise((r) => setTimeout(r, 150));
    const seen = displays.map((page) => watch(page, `${number}`));
    const started = performance.timeOrigin + performance.now();
    const called = await post('/positions/booth-1/call-next', console_);
    eventBytes = JSON.stringify(called).length;
    for (const at of await Promise.all(seen)) latencies.push(at - started);
    const wsAt = wsSeen.get(number);
    if (wsAt !== undefined) wsLatencies.push(wsAt - started);
    const ticketId = called.ticket!.id;
    await post(`/tickets/${ticketId}/finish`, console_, { outcome: 'completed' });
  }
  listener.close();
  const raw = await rawRoundTrip(eventBytes + 200, 600);
  await browser.close();
  await hub.close();

  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  const r50 = percentile(raw, 50);
  const r99 = percentile(raw, 99);
  console.log(`Console call to the number in the DOM of ${DISPLAYS} displays (${CALLS} calls, ${latencies.length} observations)`);
  console.log(`  display  p50 ${p50.toFixed(2)} ms  p99 ${p99.toFixed(2)} ms`);
  console.log(`  (the same call reaching a plain WebSocket client: p50 ${percentile(wsLatencies, 50).toFixed(2)} ms  p99 ${percentile(wsLatencies, 99).toFixed(2)} ms, ${wsLatencies.length} samples)`);
  console.log(`  raw WebSocket round trip of ${eventBytes + 200} B  p50 ${r50.toFixed(3)} ms  p99 ${r99.toFixed(3)} ms`);
  console.log(`  ratio p50 ${(p50 / r50).toFixed(1)}x  p99 ${(p99 / r99).toFixed(1)}x   goal: within 2x`);
}
