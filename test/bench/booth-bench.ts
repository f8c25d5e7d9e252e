import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { hashPin } from '../../main/hub/pin-hash.js';
import { startHub } from '../../main/hub/start-hub.js';
import { launchBrowser } from '../e2e/support/browser.js';
import { repoLayout } from '../support/app-layout.js';

/**
 * The video booths' figures, with Chromium's fake camera and microphone: one console (its own
 * browser, as on its own PC) and six booth screens on a real hub. The time from "call next" to
 * the first video frame on both sides, the console's CPU and memory with six incoming calls (one
 * in focus, five waiting), the time a focus switch takes to reach the booth, and the time from
 * "capture" to the still shown on the console. Prints figures; asserts nothing.
 */

const BOOTHS = [1, 2, 3, 4, 5, 6].map((n) => `booth-${n}`);
const CPU_WINDOW_MS = 15_000;
const SWITCHES = 12;
const CAPTURES = ['ktp', 'kpj', 'termination', 'bank_book', 'kk'];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const max = (values: number[]) => Math.max(...values);
const ms = (values: number[]) => `median ${median(values).toFixed(0)} ms  max ${max(values).toFixed(0)} ms  (${values.length} samples)`;

/** When a <video> matching the selector first shows a frame, on the wall clock all pages share. Passed as text: the TypeScript loader would wrap a function with helpers the page lacks. */
const firstFrame = (page: Page, selector: string) =>
  page.evaluate(`new Promise((resolve) => {
    const check = () => {
      const video = document.querySelector(${JSON.stringify(selector)});
      if (video && video.readyState >= 2 && video.videoWidth > 0) return resolve(Date.now());
      requestAnimationFrame(check);
    };
    check();
  })`) as Promise<number>;

/** When an element's attribute first has a value. */
const attributeIs = (page: Page, selector: string, name: string, value: string) =>
  page.evaluate(`new Promise((resolve) => {
    const check = () => document.querySelector(${JSON.stringify(selector)})?.getAttribute(${JSON.stringify(name)}) === ${JSON.stringify(value)};
    if (check()) return resolve(Date.now());
    const observer = new MutationObserver(() => {
      if (!check()) return;
      observer.disconnect();
      resolve(Date.now());
    });
    observer.observe(document.body, { attributes: true, subtree: true, childList: true });
  })`) as Promise<number>;

/** When a captured document's thumbnail has loaded on the console. */
const thumbnailShown = (page: Page, documentId: string) =>
  page.evaluate(`new Promise((resolve) => {
    const check = () => {
      const img = document.querySelector('[data-testid="focus-document-${documentId}"] [data-testid="capture-thumb"] img');
      if (img && img.complete && img.naturalWidth > 0) return resolve(Date.now());
      requestAnimationFrame(check);
    };
    check();
  })`) as Promise<number>;

/** CPU time of every process of a browser, per process id, from Chromium itself. */
async function processTimes(browser: Browser): Promise<Map<number, number>> {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { id: number; cpuTime: number }[] };
  await cdp.detach();
  return new Map(processInfo.map((p) => [p.id, p.cpuTime]));
}

const residentMb = (pids: Iterable<number>) => {
  let kb = 0;
  for (const pid of pids) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // Gone since it was listed.
    }
  }
  return kb / 1024;
};

export async function benchBooths(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'antre-booth-bench-'));
  const hub = await startHub({
    layout: repoLayout,
    hub: { branch: { id: 'bench', name: 'Bench', timeZone: 'Asia/Jakarta' }, listen: { host: '127.0.0.1', port: 0 }, dataDir: dir, publicDisplay: false },
    baseDir: dir,
    host: '127.0.0.1',
    port: 0,
  });
  for (const [i, id] of BOOTHS.entries()) hub.queue.savePosition({ id, kind: 'booth', label: `Bilik ${i + 1}`, active: true, services: ['JHT'] });
  hub.queue.saveOfficer({ id: 'siti', name: 'Siti', pinHash: await hashPin('1234'), active: true });
  const kiosk = hub.devices.preparePaired('bench kiosk', 'kiosk').token;
  const consoleToken = hub.devices.preparePaired('bench console', 'console').token;
  const post = async (path: string, token: string, body: unknown = {}) =>
    (await fetch(`${hub.url}/api/v1${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();
  await post('/sessions', consoleToken, { officerId: 'siti', pin: '1234', positions: BOOTHS });

  const boothsBrowser = await launchBrowser();
  const consoleBrowser = await launchBrowser();
  const open = async (browser: Browser, path: string, token: string, viewport: { width: number; height: number }) => {
    const page = await (await browser.newContext({ viewport })).newPage();
    await page.goto(`${hub.url}${path}?token=${encodeURIComponent(token)}`);
    return page;
  };
  const console_ = await open(consoleBrowser, '/console', consoleToken, { width: 1920, height: 1080 });
  await console_.getByTestId('desk').waitFor();
  const booths: Page[] = [];
  for (const id of BOOTHS) {
    const screen = hub.devices.preparePaired(`bench ${id}`, 'booth', { positionId: id });
    booths.push(await open(boothsBrowser, '/booth', screen.token, { width: 1280, height: 720 }));
  }
  for (const booth of booths) await booth.getByTestId('booth-idle').waitFor();

  // Call next, one booth after the other: until the first frame of the officer on the booth, and of the booth on the console.
  const onBooth: number[] = [];
  const onConsole: number[] = [];
  for (const [i, id] of BOOTHS.entries()) {
    await post('/tickets', kiosk, { serviceCode: 'JHT' });
    const seenOnBooth = firstFrame(booths[i]!, '[data-testid="officer-video"]');
    const seenOnConsole = firstFrame(console_, `[data-position-id="${id}"] [data-testid="booth-video"]`);
    const started = Date.now();
    await post(`/positions/${id}/call-next`, consoleToken);
    onBooth.push((await seenOnBooth) - started);
    onConsole.push((await seenOnConsole) - started);
  }
  console.log('Video booths (Chromium fake camera and microphone, console in its own browser)');
  console.log(`  call next to the officer's first frame on the booth     ${ms(onBooth)}`);
  console.log(`  call next to the booth's first frame on the console     ${ms(onConsole)}`);

  // Six calls running, booth 1 in focus: what the console's browser spends.
  await new Promise((r) => setTimeout(r, 5000));
  const before = await processTimes(consoleBrowser);
  await new Promise((r) => setTimeout(r, CPU_WINDOW_MS));
  const after = await processTimes(consoleBrowser);
  let seconds = 0;
  for (const [pid, time] of after) seconds += time - (before.get(pid) ?? 0);
  const streams = (await console_.evaluate(`Promise.all([...document.querySelectorAll('[data-testid="booth-video"]')].map((v) => ({ w: v.videoWidth, h: v.videoHeight }))) `)) as { w: number; h: number }[];
  console.log(`  console CPU with six calls (one in focus, five waiting)  ${((seconds / (CPU_WINDOW_MS / 1000)) * 100).toFixed(0)}% of one core, all its processes`);
  console.log(`  console memory (resident, all its processes)            ${residentMb(after.keys()).toFixed(0)} MB`);
  console.log(`  incoming pictures: ${streams.map((s) => `${s.w}x${s.h}`).join(', ')}`);

  // Focus: from the key on the console to the booth knowing it has the officer.
  // The officer hears the new booth as soon as the console switches; the booth opens its microphone when the relay's word arrives.
  const onConsoleSide: number[] = [];
  const switches: number[] = [];
  for (let i = 0; i < SWITCHES; i++) {
    const target = (i % BOOTHS.length) + 1 === 1 ? 2 : (i % BOOTHS.length) + 1;
    const consoleSwitched = attributeIs(console_, `[data-position-id="booth-${target}"]`, 'data-focused', 'true');
    const reached = attributeIs(booths[target - 1]!, '[data-testid="booth-visit"]', 'data-focused', 'true');
    const started = Date.now();
    await console_.keyboard.press(`Alt+${target}`);
    onConsoleSide.push((await consoleSwitched) - started);
    switches.push((await reached) - started);
    await new Promise((r) => setTimeout(r, 300));
  }
  console.log(`  focus switch, Alt+N to the console's audio on the booth  ${ms(onConsoleSide)}   goal: under 300 ms`);
  console.log(`  focus switch, Alt+N to the booth opening its microphone  ${ms(switches)}   goal: under 300 ms`);

  // Capture: booth 1 in focus, consent given; from the click to the still shown on the console.
  await console_.keyboard.press('Alt+1');
  await booths[0]!.getByTestId('consent-agree').click();
  await console_.getByTestId('focus-consent').filter({ hasText: 'setuju dokumennya' }).waitFor();
  const captures: number[] = [];
  for (const documentId of CAPTURES) {
    const shown = thumbnailShown(console_, documentId);
    const started = Date.now();
    await console_.getByTestId(`capture-${documentId}`).click();
    captures.push((await shown) - started);
  }
  const size = hub.db.prepare('SELECT width, height, bytes FROM document_captures LIMIT 1').get() as { width: number; height: number; bytes: number };
  console.log(`  capture to the still on the console (${size.width}x${size.height} JPEG, ${(size.bytes / 1024).toFixed(0)} KB)  ${ms(captures)}`);

  await consoleBrowser.close();
  await boothsBrowser.close();
  await hub.close();
}
