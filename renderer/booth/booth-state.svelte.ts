import type { BoothView, BoothVisit, CallSettings, RelayBody, RelayPeer } from '../../main/wire/schemas.js';
import type { DeviceMessage } from '../lib/api/event-stream.js';
import { Language } from '../lib/i18n/i18n.svelte.js';
import { BranchState } from '../lib/state/branch-state.svelte.js';
import { BoothCall } from './booth-call.svelte.js';
import { boothService } from './booth-service.js';
import { base64Of, takeStill } from './still-capture.js';

/** A finished visit nobody rates leaves the screen after this long. */
const ENDED_SHOWN_MS = 2 * 60_000;
/** The thanks after a rating stay this long before the screen is wiped. */
const THANKS_MS = 6_000;
/** A still just taken is shown large this long. */
const FLASH_MS = 4_000;
const RETRY_MS = 3_000;

/** Services whose completion means money for the participant: the booth says when it arrives. Codes are stable. */
const CLAIM_SERVICES = new Set(['JHT', 'JKK', 'JKM', 'JP', 'KOLEKTIF']);

const visitKey = (visit: BoothVisit | null): string | null => (visit ? `${visit.displayNumber}@${visit.calledAt}` : null);

export type BoothScreen = 'loading' | 'idle' | 'visit' | 'ended' | 'thanks';

/**
 * The booth screen: the view the hub pushes for this booth, the video call while someone is
 * called here, the stills the officer asks for, and the end of the visit. Everything of a
 * visit is wiped when it ends: the next person sees nothing of the one before.
 */
export class BoothState {
  readonly branch = new BranchState();
  /** Indonesian first; back to it a minute after the last touch, and for every new visit. */
  readonly language = new Language(60_000);
  readonly call = new BoothCall(
    () => this.settings,
    (to, body) => this.branch.send({ type: 'relay', to, body }),
  );
  view = $state<BoothView | null>(null);
  settings = $state<CallSettings | null>(null);
  /** The console serving this booth, as the hub tells it. */
  console = $state<RelayPeer | null>(null);
  /** The stills taken here during this visit, by document: what the participant saw go to the officer. */
  stills = $state<Record<string, string>>({});
  /** The still just taken, shown large for a moment. */
  flash = $state<{ documentId: string; url: string } | null>(null);
  /** Since when the participant waits for the officer: from the call, or since the officer turned to another booth. */
  waitingSince = $state<number | null>(null);
  /** A refusal of the participant's own step (consent, rating), to word. */
  problem = $state<unknown>(null);
  busy = $state(false);
  /** The visit the screen has left (rated, or shown long enough) while the hub still reports it. */
  left = $state<string | null>(null);
  thanked = $state(false);

  screen = $derived.by((): BoothScreen => {
    const view = this.view;
    if (!view) return 'loading';
    if (this.thanked) return 'thanks';
    if (view.phase === 'called' || view.phase === 'serving') return 'visit';
    if (view.phase === 'ended' && visitKey(view.visit) !== this.left) return 'ended';
    return 'idle';
  });

  isClaim = $derived(this.view?.visit ? CLAIM_SERVICES.has(this.view.visit.service.code) : false);

  #visit: string | null = null;
  #timers = new Set<ReturnType<typeof setTimeout>>();
  #thanks: ReturnType<typeof setTimeout> | undefined;
  #unsubscribe: (() => void) | null = null;

  async start(): Promise<void> {
    this.#unsubscribe = this.branch.onDeviceMessage((message) => this.#onMessage(message));
    void this.#loadSettings();
    void boothService.view().then((view) => this.#setView(view), () => undefined);
    await this.branch.start();
  }

  stop(): void {
    this.#unsubscribe?.();
    this.branch.stop();
    clearTimeout(this.#thanks);
    this.#wipe();
  }

  async consent(): Promise<void> {
    await this.#step(async () => this.#setView(await boothService.consent()));
  }

  async rate(rating: number): Promise<void> {
    const key = visitKey(this.view?.visit ?? null);
    await this.#step(async () => {
      await boothService.rate(rating);
      this.thanked = true;
      // Not one of the visit's timers: the hub's idle view arriving now wipes those.
      clearTimeout(this.#thanks);
      this.#thanks = setTimeout(() => this.#leave(key), THANKS_MS);
    });
  }

  async #step(action: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.problem = null;
    try {
      await action();
    } catch (err) {
      this.problem = err;
    } finally {
      this.busy = false;
    }
  }

  #onMessage(message: DeviceMessage): void {
    if (message.type === 'booth') this.#setView(message.booth);
    else if (message.type === 'peers') {
      this.console = message.peers[0] ?? null;
      if (this.screen === 'visit') this.call.want(this.console);
    } else if (message.type === 'relay' && message.from === this.console?.deviceId) this.#onSignal(message.body);
  }

  #onSignal(body: RelayBody): void {
    if (body.kind === 'capture') {
      void this.#capture(body.requestId, body.documentId);
      return;
    }
    if (body.kind === 'focus') this.waitingSince = body.focused ? null : (this.waitingSince ?? Date.now());
    this.call.onSignal(body);
  }

  #setView(view: BoothView): void {
    const key = visitKey(view.visit);
    if (key !== this.#visit) {
      // Another person, or nobody: nothing of the visit before stays on screen.
      this.#wipe();
      this.#visit = key;
      this.language.set('id');
      if (view.phase === 'called' || view.phase === 'serving') this.waitingSince = Date.now();
      if (view.phase === 'ended') this.#later(ENDED_SHOWN_MS, () => this.#leave(key));
    }
    this.view = view;
    if (view.phase === 'called' || view.phase === 'serving') this.call.want(this.console);
    else this.call.stop();
  }

  /** The officer asked for a still of a document: taken from this booth's own camera, shown here, sent to the hub. */
  async #capture(requestId: string, documentId: string): Promise<void> {
    const fail = (reason: 'camera' | 'upload' | 'no_consent') => {
      if (this.console) this.branch.send({ type: 'relay', to: this.console.deviceId, body: { kind: 'capture_failed', requestId, documentId, reason } });
    };
    if (this.view?.visit?.consentAt == null) return fail('no_consent');
    const track = this.call.local?.getVideoTracks()[0];
    if (!track) return fail('camera');
    let still;
    try {
      still = await takeStill(track);
    } catch {
      return fail('camera');
    }
    const visit = this.#visit;
    try {
      await boothService.capture(requestId, documentId, await base64Of(still.jpeg));
    } catch {
      return fail('upload');
    }
    if (visit !== this.#visit) return;
    const url = URL.createObjectURL(still.jpeg);
    const before = this.stills[documentId];
    if (before) URL.revokeObjectURL(before);
    this.stills = { ...this.stills, [documentId]: url };
    this.flash = { documentId, url };
    this.#later(FLASH_MS, () => {
      if (this.flash?.url === url) this.flash = null;
    });
  }

  #leave(key: string | null): void {
    this.left = key;
    this.thanked = false;
    this.#wipe();
  }

  #wipe(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const url of Object.values(this.stills)) URL.revokeObjectURL(url);
    this.stills = {};
    this.flash = null;
    this.problem = null;
    this.waitingSince = null;
    this.call.stop();
  }

  #later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      run();
    }, ms);
    this.#timers.add(timer);
  }

  async #loadSettings(): Promise<void> {
    try {
      this.settings = await boothService.callSettings();
    } catch {
      setTimeout(() => void this.#loadSettings(), RETRY_MS);
    }
  }
}
