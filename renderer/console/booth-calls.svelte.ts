import type { CallSettings, RelayBody, RelayPeer } from '../../main/wire/schemas.js';
import { cameraProblem, openCamera, type CameraProblem } from '../lib/call/camera.js';
import { CallPeer } from '../lib/call/call-peer.js';
import { SignalQueue } from '../lib/call/signal-queue.js';

/** The officer's own picture is small on the booth's screen: no need for more. */
const OFFICER_CAMERA: MediaTrackConstraints = { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 15 } };
/** A booth that should be in a call and is not gets asked to offer again after this long. */
const ASK_AGAIN_MS = 4_000;
/**
 * The officer's picture as each booth gets it: full to the booth in focus, a small slow one to a
 * waiting booth (whose screen says the officer is with someone else): six encoders at full size
 * would take the console's PC for themselves.
 */
const TO_FOCUSED: RTCRtpEncodingParameters = { scaleResolutionDownBy: 1, maxFramerate: 15, maxBitrate: 800_000 };
const TO_WAITING: RTCRtpEncodingParameters = { scaleResolutionDownBy: 4, maxFramerate: 5, maxBitrate: 80_000 };
const WATCH_EVERY_MS = 1_000;

export type CaptureFailure = Extract<RelayBody, { kind: 'capture_failed' }>['reason'];

/** One booth's call as the console holds it. */
export class BoothLink {
  /** The booth's screen, as the hub tells the console its peers. */
  deviceId = $state<string | null>(null);
  online = $state(false);
  /** The booth's camera and microphone. */
  stream = $state<MediaStream | null>(null);
  status = $state<'off' | 'connecting' | 'connected'>('off');
  /** The officer's microphone for this booth only: on while the officer is with it. */
  audio: MediaStreamTrack | null = null;
  peer: CallPeer | null = null;
  wantedSince: number | null = null;
  lastOfferAt = 0;
  lastAskAt = 0;
  /** Whether this page has asked this booth for a call since it loaded. */
  asked = false;
  readonly queue = new SignalQueue((err) => console.warn('booth call:', err));

  constructor(readonly positionId: string) {}

  close(): void {
    this.peer?.close();
    this.peer = null;
    this.stream = null;
    this.status = 'off';
  }
}

/**
 * The console's side of its booths' calls: it answers each booth's offer, sends the officer's
 * picture to all of them and the officer's voice to the booth in focus only, and hears only that
 * booth. A booth that should be in a call and is not (the console reloaded, the call failed) is
 * asked to offer again. The booth, not the console, makes every offer.
 */
export class BoothCalls {
  links = $state<Record<string, BoothLink>>({});
  focusedId = $state<string | null>(null);
  /** The officer's camera and headset microphone. */
  local = $state<MediaStream | null>(null);
  problem = $state<CameraProblem | null>(null);
  settings = $state<CallSettings | null>(null);
  /** The last capture a booth could not take, per booth. */
  failures = $state<Record<string, { documentId: string; reason: CaptureFailure }>>({});

  #watch: ReturnType<typeof setInterval> | undefined;
  #opening: Promise<void> | null = null;
  /** The hub's last word on this console's peers: it may come before the session's booths are known here. */
  #peers: readonly RelayPeer[] = [];

  constructor(
    /** Sends a signal to a booth's screen through the hub; false while the stream is down. */
    private readonly relay: (to: string, body: RelayBody) => boolean,
    /** Whether a booth holds a ticket now, so that its call should run. */
    private readonly wanted: (positionId: string) => boolean,
  ) {}

  /** The booths of the officer's session; none ends every call and turns the camera off. */
  setBooths(positionIds: readonly string[]): void {
    const links: Record<string, BoothLink> = {};
    for (const id of positionIds) links[id] = this.links[id] ?? new BoothLink(id);
    for (const [id, link] of Object.entries(this.links)) if (!links[id]) this.#end(link);
    this.links = links;
    if (positionIds.length === 0) return this.stop();
    this.onPeers(this.#peers);
    this.#opening ??= this.local ? null : this.#openCamera().finally(() => (this.#opening = null));
    this.#watch ??= setInterval(() => this.#check(), WATCH_EVERY_MS);
  }

  stop(): void {
    clearInterval(this.#watch);
    this.#watch = undefined;
    for (const link of Object.values(this.links)) this.#end(link);
    for (const track of this.local?.getTracks() ?? []) track.stop();
    this.local = null;
  }

  onPeers(peers: readonly RelayPeer[]): void {
    this.#peers = peers;
    for (const link of Object.values(this.links)) {
      const peer = peers.find((p) => p.positionId === link.positionId);
      // Another screen now stands in this booth: its call starts from its own offer.
      if (peer?.deviceId !== link.deviceId && link.peer) link.close();
      link.deviceId = peer?.deviceId ?? null;
      link.online = peer?.online ?? false;
    }
    this.#check();
  }

  onSignal(from: string, body: RelayBody): void {
    const link = Object.values(this.links).find((l) => l.deviceId === from);
    if (!link) return;
    void link.queue.run(async () => {
      if (body.kind === 'offer') await this.#answer(link, body.callId, body.sdp);
      else if (body.kind === 'candidate' && link.peer?.callId === body.callId) await link.peer.addCandidate(body);
      else if (body.kind === 'capture_failed') this.failures = { ...this.failures, [link.positionId]: { documentId: body.documentId, reason: body.reason } };
    });
  }

  /** The officer turns to this booth: two-way audio with it, the others hear nothing and send a smaller picture. */
  focus(positionId: string | null): void {
    if (this.focusedId === positionId) return;
    this.focusedId = positionId;
    for (const link of Object.values(this.links)) this.#applyFocus(link);
  }

  /** Asks the booth in focus for a still of a document; the still arrives as the ticket's documents. */
  capture(positionId: string, documentId: string): string | null {
    const link = this.links[positionId];
    if (!link?.deviceId) return null;
    const requestId = crypto.randomUUID();
    const { [positionId]: _old, ...others } = this.failures;
    this.failures = others;
    return this.relay(link.deviceId, { kind: 'capture', requestId, documentId }) ? requestId : null;
  }

  /** Keeps every booth that holds a ticket in a call, and ends the calls of booths that do not. */
  #check(): void {
    const now = Date.now();
    for (const link of Object.values(this.links)) {
      if (!this.wanted(link.positionId)) {
        link.wantedSince = null;
        if (link.peer) link.close();
        continue;
      }
      link.wantedSince ??= now;
      // A call this page holds is the booth's to redo if it does not connect; only none at all (or a dead one) is asked for.
      const state = link.peer?.pc.connectionState;
      if (!link.online || !link.deviceId || (link.peer && state !== 'failed' && state !== 'closed')) continue;
      // Just loaded, or the booth came back: the booth may hold a call this page never had.
      const firstTime = !link.asked;
      const quiet = now - Math.max(link.wantedSince, link.lastOfferAt, link.lastAskAt) > ASK_AGAIN_MS;
      if (!firstTime && !quiet) continue;
      link.asked = true;
      link.lastAskAt = now;
      this.relay(link.deviceId, { kind: 'restart', callId: null });
    }
  }

  async #answer(link: BoothLink, callId: string, sdp: string): Promise<void> {
    const settings = this.settings;
    if (!settings || !link.deviceId) return;
    link.peer?.close();
    const to = link.deviceId;
    const peer = new CallPeer(callId, settings, (body) => void this.relay(to, body));
    link.peer = peer;
    link.asked = true;
    link.lastOfferAt = Date.now();
    link.status = 'connecting';
    peer.pc.ontrack = (event) => {
      if (link.peer === peer) link.stream = event.streams[0] ?? new MediaStream(peer.pc.getReceivers().map((r) => r.track));
    };
    peer.pc.onconnectionstatechange = () => {
      if (link.peer === peer) link.status = peer.connected ? 'connected' : 'connecting';
    };
    await peer.answer(sdp, async (pc) => {
      const local = this.local;
      for (const transceiver of pc.getTransceivers()) {
        const kind = transceiver.receiver.track.kind;
        const track = kind === 'audio' ? this.#audioFor(link) : (local?.getVideoTracks()[0] ?? null);
        await transceiver.sender.replaceTrack(track);
        transceiver.direction = track ? 'sendrecv' : 'recvonly';
      }
    });
    this.#applyFocus(link);
  }

  #audioFor(link: BoothLink): MediaStreamTrack | null {
    const microphone = this.local?.getAudioTracks()[0];
    if (!microphone) return null;
    link.audio ??= microphone.clone();
    link.audio.enabled = this.focusedId === link.positionId;
    return link.audio;
  }

  #applyFocus(link: BoothLink): void {
    const focused = this.focusedId === link.positionId;
    if (link.audio) link.audio.enabled = focused;
    if (link.deviceId && link.online) this.relay(link.deviceId, { kind: 'focus', focused });
    const sender = link.peer?.pc.getSenders().find((s) => s.track?.kind === 'video');
    if (!sender) return;
    const parameters = sender.getParameters();
    if (parameters.encodings.length === 0) return;
    parameters.encodings = parameters.encodings.map((e) => ({ ...e, ...(focused ? TO_FOCUSED : TO_WAITING) }));
    sender.setParameters(parameters).catch((err: unknown) => console.warn('booth call:', err));
  }

  #end(link: BoothLink): void {
    link.close();
    link.audio?.stop();
    link.audio = null;
  }

  async #openCamera(): Promise<void> {
    try {
      this.local = await openCamera(OFFICER_CAMERA);
      this.problem = null;
      // Calls answered before the camera opened carry no officer: they are made again with it.
      for (const link of Object.values(this.links)) {
        if (!link.peer || !link.deviceId) continue;
        link.lastAskAt = Date.now();
        this.relay(link.deviceId, { kind: 'restart', callId: null });
      }
    } catch (err) {
      this.problem = cameraProblem(err);
    }
  }
}
