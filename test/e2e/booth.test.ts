import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchBrowser, screenshot, VIEWPORTS } from './support/browser.js';
import { issue, signIn, startTestHub, STANDARD_SEED, type HubFixture, type SeedInput } from '../support/hub-fixture.js';

/**
 * One officer, six video booths, in Chromium with its fake camera and microphone against a real
 * hub: the calls come up by themselves, the booth in focus has the officer's voice and ear, a
 * still of a document arrives at the booth camera's full resolution, the booth shows the outcome
 * and wipes, and the calls come back after a booth reloads and after the hub restarts.
 */

const BOOTHS = [1, 2, 3, 4, 5, 6].map((n) => `booth-${n}`);
const SIX_BOOTHS: SeedInput = {
  ...STANDARD_SEED,
  positions: [STANDARD_SEED.positions![0]!, ...BOOTHS.map((id, i) => ({ id, kind: 'booth' as const, label: `Bilik ${i + 1}`, services: ['JHT', 'JKK'] }))],
};
/** How long a call gets to come up: generous, as this machine's two cores also run everything else. */
const CALL_UP_MS = 45_000;
/** How long a change gets to show on another page. */
const SOON = { timeout: 15_000 };

/** Every RTCPeerConnection a page makes, kept where the test can read its stats: the app's own calls, observed. */
const KEEP_PEERS = `(() => {
  const Native = window.RTCPeerConnection;
  window.__peers = [];
  window.RTCPeerConnection = class extends Native {
    constructor(...args) { super(...args); window.__peers.push(this); }
  };
})();`;

/** The booths' browser, and the console's own: each on its own PC, so they do not share a camera (Chromium opens one fake camera at the first page's size for all its pages). */
let browser: Browser;
let officerBrowser: Browser;
let fx: HubFixture;
const contexts: BrowserContext[] = [];
const errors: string[] = [];

async function open(path: string, token: string, on: Browser = browser): Promise<Page> {
  const context = await on.newContext({ viewport: SMALL, locale: 'id-ID' });
  contexts.push(context);
  await context.addInitScript(KEEP_PEERS);
  const page = await context.newPage();
  page.on('pageerror', (err) => errors.push(`${path}: ${err.message}`));
  await page.goto(`${fx.url}${path}?token=${encodeURIComponent(token)}`, { waitUntil: 'load' });
  return page;
}

/**
 * The pages run small and are drawn at 1920x1080 only for their photographs: seven pages with live
 * video cost this machine's two cores mostly in drawing pixels.
 */
const SMALL = { width: 960, height: 540 };
async function photograph(page: Page, name: string): Promise<void> {
  await page.setViewportSize(VIEWPORTS.tv);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await screenshot(page, name);
  await page.setViewportSize(SMALL);
}

const tile = (consolePage: Page, id: string): Locator => consolePage.getByTestId(`position-${id}`);

/** Frames a <video> has shown so far. */
const framesOf = (video: Locator) => video.evaluate((v: HTMLVideoElement) => v.getVideoPlaybackQuality().totalVideoFrames);

async function framesAdvance(video: Locator): Promise<void> {
  const before = await framesOf(video);
  await expect.poll(() => framesOf(video), SOON).toBeGreaterThan(before + 3);
}

/** What a booth's call looks like from the console: the peer connection whose tracks its tile plays. */
function consoleCall(consolePage: Page, positionId: string) {
  return consolePage.evaluate(async (id) => {
    const video = document.querySelector<HTMLVideoElement>(`[data-position-id="${id}"] [data-testid="booth-video"]`);
    const tracks = (video?.srcObject as MediaStream | null)?.getTracks().map((t) => t.id) ?? [];
    const pc = (window as unknown as { __peers: RTCPeerConnection[] }).__peers.find((p) => p.getReceivers().some((r) => tracks.includes(r.track.id)));
    if (!pc) return null;
    const stats = [...(await pc.getStats()).values()];
    const inbound = (kind: string) => stats.find((s) => s.type === 'inbound-rtp' && s.kind === kind);
    return {
      state: pc.connectionState,
      sendsVoice: pc.getSenders().find((s) => s.track?.kind === 'audio')?.track?.enabled ?? false,
      heardEnergy: (inbound('audio')?.totalAudioEnergy as number | undefined) ?? 0,
      frameWidth: (inbound('video')?.frameWidth as number | undefined) ?? 0,
      framesPerSecond: (inbound('video')?.framesPerSecond as number | undefined) ?? 0,
      playsSound: video ? !video.muted : false,
    };
  }, positionId);
}

/** The booth's side of its call: whether its microphone goes out, and how much of the officer's voice arrives. */
function boothCall(booth: Page) {
  return booth.evaluate(async () => {
    const officer = document.querySelector<HTMLVideoElement>('[data-testid="officer-video"]');
    const tracks = (officer?.srcObject as MediaStream | null)?.getTracks().map((t) => t.id) ?? [];
    const pc = (window as unknown as { __peers: RTCPeerConnection[] }).__peers.find((p) => p.getReceivers().some((r) => tracks.includes(r.track.id)));
    if (!pc) return null;
    const stats = [...(await pc.getStats()).values()];
    return {
      sendsVoice: pc.getSenders().find((s) => s.track?.kind === 'audio')?.track?.enabled ?? false,
      heardEnergy: (stats.find((s) => s.type === 'inbound-rtp' && s.kind === 'audio')?.totalAudioEnergy as number | undefined) ?? 0,
      playsSound: officer ? !officer.muted : false,
      camera: (document.querySelector<HTMLVideoElement>('[data-testid="self-video"]')?.srcObject as MediaStream | null)?.getVideoTracks()[0]?.getSettings() ?? null,
    };
  });
}

/** Audio energy that arrives over a second and a half: the fake microphone's tone, or silence. */
async function energyOver<T extends { heardEnergy: number } | null>(read: () => Promise<T>): Promise<number> {
  const before = (await read())?.heardEnergy ?? 0;
  await new Promise((r) => setTimeout(r, 1500));
  return ((await read())?.heardEnergy ?? 0) - before;
}

let consolePage: Page;
const booths: Record<string, Page> = {};
const screens: Record<string, { deviceId: string; token: string }> = {};
const tickets: Record<string, { id: string; displayNumber: string }> = {};

beforeAll(async () => {
  browser = await launchBrowser();
  officerBrowser = await launchBrowser();
  fx = await startTestHub({ seed: SIX_BOOTHS });
  for (const id of BOOTHS) screens[id] = fx.hub.devices.preparePaired(`Layar ${id}`, 'booth', { positionId: id });
  await signIn(fx, 'siti', '1234', BOOTHS);
  consolePage = await open('/console', fx.tokens.console, officerBrowser);
  await consolePage.getByTestId('desk').waitFor();
  for (const id of BOOTHS) booths[id] = await open('/booth', screens[id]!.token);
  await booths['booth-1']!.getByTestId('booth-idle').waitFor();
  await photograph(booths['booth-1']!, 'booth-idle-1920x1080');
  for (const id of BOOTHS) {
    const { ticket } = await issue(fx, id === 'booth-4' ? 'JKK' : 'JHT');
    const called = await fx.api('POST', `/positions/${id}/call-next`, { token: fx.tokens.console });
    tickets[id] = called.body.ticket;
    expect(called.body.ticket.id).toBe(ticket.id);
  }
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await officerBrowser?.close();
  await fx?.close();
});

describe('one console and six booths', () => {
  it('brings every call up by itself: six live videos on the console, the officer on every booth', { timeout: 180_000 }, async () => {
    for (const id of BOOTHS) await expect.poll(() => tile(consolePage, id).getAttribute('data-call'), { timeout: CALL_UP_MS }).toBe('connected');
    for (const id of BOOTHS) await expect.poll(() => booths[id]!.getByTestId('booth-visit').getAttribute('data-call'), { timeout: CALL_UP_MS }).toBe('connected');
    for (const id of BOOTHS) await framesAdvance(tile(consolePage, id).getByTestId('booth-video'));
    for (const id of BOOTHS) await framesAdvance(booths[id]!.getByTestId('officer-video'));
    // No tap and no permission prompt: the booth shows its number and the call.
    expect(await booths['booth-1']!.getByTestId('booth-number').textContent()).toBe(tickets['booth-1']!.displayNumber);
    await photograph(consolePage, 'console-six-booths-live-1920x1080');
    await photograph(booths['booth-1']!, 'booth-in-call-1920x1080');
    await photograph(booths['booth-2']!, 'booth-waiting-for-officer-1920x1080');
  });

  it('gives the booth in focus two-way audio and the others none; Alt+3 moves it', { timeout: 180_000 }, async () => {
    const audioGoesTo = async (focused: string) => {
      await expect.poll(() => booths[focused]!.getByTestId('booth-visit').getAttribute('data-focused'), SOON).toBe('true');
      for (const id of BOOTHS) {
        const on = id === focused;
        await expect.poll(async () => (await consoleCall(consolePage, id))?.sendsVoice, SOON).toBe(on);
        await expect.poll(async () => (await boothCall(booths[id]!))?.sendsVoice, SOON).toBe(on);
        expect((await consoleCall(consolePage, id))?.playsSound).toBe(on);
        expect((await boothCall(booths[id]!))?.playsSound).toBe(on);
        expect(await booths[id]!.getByTestId('booth-visit').getAttribute('data-mic')).toBe(on ? 'on' : 'off');
      }
      // What actually arrives: the fake microphone's tone from and to the booth in focus, silence elsewhere.
      const other = focused === 'booth-1' ? 'booth-2' : 'booth-1';
      await expect.poll(() => energyOver(() => consoleCall(consolePage, focused)), SOON).toBeGreaterThan(0.001);
      await expect.poll(() => energyOver(() => boothCall(booths[focused]!)), SOON).toBeGreaterThan(0.001);
      expect(await energyOver(() => consoleCall(consolePage, other))).toBeLessThan(0.0001);
      expect(await energyOver(() => boothCall(booths[other]!))).toBeLessThan(0.0001);
    };
    await audioGoesTo('booth-1');
    await expect.poll(async () => (await consoleCall(consolePage, 'booth-5'))?.frameWidth, SOON).toBeLessThanOrEqual(320);

    await consolePage.keyboard.press('Alt+3');
    expect(await tile(consolePage, 'booth-3').getAttribute('data-focused')).toBe('true');
    await audioGoesTo('booth-3');
    expect(await booths['booth-1']!.getByTestId('officer-busy').textContent()).toContain('Petugas sedang melayani peserta lain');
    // The booth in focus sends the fuller picture; the others stay small.
    await expect.poll(async () => (await consoleCall(consolePage, 'booth-3'))?.frameWidth, SOON).toBeGreaterThan(320);
    expect((await consoleCall(consolePage, 'booth-1'))?.frameWidth).toBeLessThanOrEqual(320);
    await photograph(booths['booth-1']!, 'booth-officer-with-another-1920x1080');
  });

  it('takes a still at the booth camera’s full resolution, shows it to the participant and the officer, and ends with the outcome, a rating and a wipe', { timeout: 180_000 }, async () => {
    const booth = booths['booth-3']!;
    const desk = consolePage.getByTestId('desk');
    await booth.getByTestId('consent').waitFor();
    await photograph(booth, 'booth-consent-1920x1080');
    await booth.getByTestId('consent-agree').click();
    await expect.poll(() => desk.getByTestId('focus-consent').textContent(), SOON).toBe('Peserta setuju dokumennya difoto.');

    await desk.getByTestId('capture-ktp').click();
    await booth.getByTestId('still-flash').waitFor(SOON);
    await photograph(booth, 'booth-still-taken-1920x1080');
    const thumb = desk.getByTestId('focus-document-ktp').getByTestId('capture-thumb').locator('img');
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), SOON).toBeGreaterThan(0);

    const camera = (await boothCall(booth))!.camera!;
    const kept = fx.hub.db.prepare('SELECT width, height, ticket_id AS ticketId FROM document_captures').all();
    expect(kept).toEqual([{ width: camera.width, height: camera.height, ticketId: tickets['booth-3']!.id }]);
    expect(camera.width).toBe(1920);
    // Sharper than anything the call carries: the still did not come from the stream.
    expect((await consoleCall(consolePage, 'booth-3'))!.frameWidth).toBeLessThan(camera.width!);
    expect(await booth.getByTestId('booth-document-ktp').getAttribute('data-state')).toBe('captured');

    await thumb.click();
    const review = consolePage.getByTestId('capture-review');
    await expect.poll(() => review.getByTestId('review-image').evaluate((img: HTMLImageElement) => img.naturalWidth), SOON).toBe(1920);
    await photograph(consolePage, 'console-capture-review-1920x1080');
    await review.getByTestId('review-accept').click();
    await review.waitFor({ state: 'detached' });
    await expect.poll(() => booth.getByTestId('booth-document-ktp').getAttribute('data-state'), SOON).toBe('accepted');
    expect(await desk.getByTestId('focus-tally').textContent()).toBe('1/7 dokumen');
    await photograph(consolePage, 'console-document-accepted-1920x1080');

    await desk.getByTestId('start').click();
    await desk.getByTestId('finish').click();
    const finish = consolePage.getByTestId('finish-dialog');
    expect(await finish.getByTestId('finish-unchecked').textContent()).toContain('6 dokumen');
    await finish.getByTestId('outcome-documents_incomplete').check();
    await finish.getByTestId('finish-confirm').click();
    await finish.waitFor({ state: 'detached' });

    await booth.getByTestId('booth-ended').waitFor();
    expect(await booth.getByTestId('booth-outcome').textContent()).toBe('Dokumen Anda belum lengkap. Klaim belum dapat diproses.');
    const missing = await booth.getByTestId('booth-missing').locator('li').allTextContents();
    expect(missing).toHaveLength(6);
    expect(missing).not.toContain('KTP (kartu tanda penduduk)');
    await photograph(booth, 'booth-outcome-1920x1080');
    await booth.getByTestId('rate-4').click();
    await booth.getByTestId('booth-thanks').waitFor();
    await photograph(booth, 'booth-thanks-1920x1080');
    await booth.getByTestId('booth-idle').waitFor(SOON);
    // Wiped: no picture of the participant or their documents, no number left on the screen.
    expect(await booth.locator('img, video').count()).toBe(0);
    expect(await booth.locator('body').textContent()).not.toContain(tickets['booth-3']!.displayNumber);
    expect(fx.hub.db.prepare('SELECT rating FROM booth_visits WHERE ticket_id = ?').get(tickets['booth-3']!.id)).toEqual({ rating: 4 });
  });

  it('brings the call back after a booth reloads mid-call', { timeout: 180_000 }, async () => {
    const booth = booths['booth-2']!;
    await booth.reload({ waitUntil: 'load' });
    await expect.poll(() => booth.getByTestId('booth-visit').getAttribute('data-call'), { timeout: CALL_UP_MS }).toBe('connected');
    await expect.poll(() => tile(consolePage, 'booth-2').getAttribute('data-call'), { timeout: CALL_UP_MS }).toBe('connected');
    await framesAdvance(tile(consolePage, 'booth-2').getByTestId('booth-video'));
    await framesAdvance(booth.getByTestId('officer-video'));
  });

  it('keeps the calls through a hub restart, and the relay works again afterwards', { timeout: 180_000 }, async () => {
    await fx.restart();
    for (const id of ['booth-1', 'booth-4']) {
      await expect.poll(() => booths[id]!.getByTestId('booth-visit').getAttribute('data-call'), { timeout: CALL_UP_MS }).toBe('connected');
      await framesAdvance(tile(consolePage, id).getByTestId('booth-video'));
    }
    // Signalling runs through the new hub: focus moves to booth 4.
    await consolePage.keyboard.press('Alt+4');
    await expect.poll(() => booths['booth-4']!.getByTestId('booth-visit').getAttribute('data-focused'), SOON).toBe('true');
    expect(errors).toEqual([]);
  });
});
