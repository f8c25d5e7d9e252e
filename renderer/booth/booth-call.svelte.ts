import type { CallSettings, RelayBody } from '../../main/wire/schemas.js';
import { cameraProblem, openCamera, type CameraProblem } from '../lib/call/camera.js';
import { CallPeer, newCallId } from '../lib/call/call-peer.js';
import { SignalQueue } from '../lib/call/signal-queue.js';

/**
 * Not connected this long after an offer: the call is made again from scratch, waiting half as
 * long again each time (a slow link or a busy PC needs longer), up to the last figure.
 */
const CONNECT_TIMEOUT_MS = 6_000;
const CONNECT_TIMEOUT_MAX_MS = 30_000;
/** A call that drops (the network blipped) gets this long to come back by itself. */
const DISCONNECTED_GRACE_MS = 3_000;
const WATCH_EVERY_MS = 1_000;

/**
 * The camera the booth asks for: full HD, so a still of a document is sharp; the call itself sends
 * a smaller picture. 15 frames a second is plenty for a conversation.
 */
const CAMERA: MediaTrackConstraints = { width: { ideal: 1920 }, height: { ideal: 1080 }, frameRate: { ideal: 15 } };

/** What the booth sends while the officer is with it, and while the officer is with another booth. */
const FOCUSED = { width: 1280, maxFramerate: 15, maxBitrate: 1_500_000 };
const WAITING = { width: 320, maxFramerate: 5, maxBitrate: 150_000 };

/**
 * The booth's side of its video call with the officer. The booth always offers; it keeps a call
 * up for as long as someone is called here and its console is online: a call not connected within
 * a few seconds, or dropped for longer than a blip, is made again, and so is one the console says
 * it no longer has (after the console's page reloaded).
 */
export class BoothCall {
  status = $state<'off' | 'connecting' | 'connected'>('off');
  /** The booth's own camera and microphone. */
  local = $state<MediaStream | null>(null);
  /** The officer. */
  remote = $state<MediaStream | null>(null);
  /** Whether the officer is with this booth: two-way audio and the fuller picture, or neither. */
  focused = $state(false);
  problem = $state<CameraProblem | null>(null);
  /** Whether the booth's microphone goes out now. */
  microphone = $state(false);

  #peer: CallPeer | null = null;
  #offeredAt = 0;
  /** Offers made since the call was last connected. */
  #attempts = 0;
  #disconnectedAt: number | null = null;
  #console: { deviceId: string; online: boolean } | null = null;
  #wanted = false;
  #opening: Promise<void> | null = null;
  #watch: ReturnType<typeof setInterval> | undefined;
  readonly #queue = new SignalQueue((err) => console.warn('booth call:', err));

  constructor(
    private readonly settings: () => CallSettings | null,
    /** Sends a signal to a device through the hub; false while the stream is down. */
    private readonly relay: (to: string, body: RelayBody) => boolean,
  ) {}

  /** Someone is called here: the camera opens and the call is kept up with this console. */
  want(officer: { deviceId: string; online: boolean } | null): void {
    const changed = officer?.deviceId !== this.#console?.deviceId;
    this.#console = officer;
    if (!this.#wanted) {
      this.#wanted = true;
      this.#watch = setInterval(() => this.#check(), WATCH_EVERY_MS);
    }
    // Another console took over this booth: its call starts now, not after a timeout.
    if (changed && this.#peer) this.#drop();
    this.#check();
  }

  /** Nobody is called here any more: the call ends and the camera goes off. */
  stop(): void {
    this.#wanted = false;
    clearInterval(this.#watch);
    this.#drop();
    for (const track of this.local?.getTracks() ?? []) track.stop();
    this.local = null;
    this.focused = false;
    this.microphone = false;
    this.problem = null;
    this.#attempts = 0;
  }

  /** A signal from the console serving this booth. */
  onSignal(body: RelayBody): void {
    // Who hears whom changes at once; only the picture's size waits its turn behind the signalling.
    if (body.kind === 'focus') this.#setAudio(body.focused);
    void this.#queue.run(async () => {
      const peer = this.#peer;
      if (body.kind === 'answer') {
        if (peer?.callId === body.callId && peer.pc.signalingState === 'have-local-offer') await peer.accept(body.sdp);
      } else if (body.kind === 'candidate') {
        if (peer?.callId === body.callId) await peer.addCandidate(body);
      } else if (body.kind === 'restart') {
        // The console has not got this call (its page reloaded): offer again, unless an offer is on
        // its way to it now. A call both have that is slow to connect is this side's to give up on.
        const inFlight = peer?.pc.signalingState === 'have-local-offer' && Date.now() - this.#offeredAt < this.#connectTimeout();
        if (this.#wanted && !inFlight && peer?.callId !== body.callId) await this.#offer();
      } else if (body.kind === 'focus') {
        await this.#setPicture();
      }
    });
  }

  /** Keeps the call up: makes it when there is none, and again when it did not connect or dropped. */
  #check(): void {
    if (!this.#wanted) return;
    if (!this.local) {
      this.#opening ??= this.#openCamera().finally(() => (this.#opening = null));
      return;
    }
    if (!this.#console?.online || !this.settings()) return;
    const now = Date.now();
    const peer = this.#peer;
    const state = peer?.pc.connectionState;
    if (state === 'disconnected') this.#disconnectedAt ??= now;
    else this.#disconnectedAt = null;
    const stale =
      !peer ||
      state === 'failed' ||
      state === 'closed' ||
      (state !== 'connected' && state !== 'disconnected' && now - this.#offeredAt > this.#connectTimeout()) ||
      (this.#disconnectedAt !== null && now - this.#disconnectedAt > DISCONNECTED_GRACE_MS);
    if (stale) void this.#queue.run(() => this.#offer());
  }

  async #openCamera(): Promise<void> {
    try {
      const stream = await openCamera(CAMERA);
      if (!this.#wanted) {
        for (const track of stream.getTracks()) track.stop();
        return;
      }
      // The officer hears this booth only while with it.
      for (const track of stream.getAudioTracks()) track.enabled = this.focused;
      this.microphone = this.focused && stream.getAudioTracks().length > 0;
      this.local = stream;
      this.problem = null;
      this.#check();
    } catch (err) {
      this.problem = cameraProblem(err);
    }
  }

  async #offer(): Promise<void> {
    const officer = this.#console;
    const settings = this.settings();
    if (!this.#wanted || !officer?.online || !settings || !this.local) return;
    this.#drop();
    const to = officer.deviceId;
    const peer = new CallPeer(newCallId(), settings, (body) => void this.relay(to, body));
    this.#peer = peer;
    this.#offeredAt = Date.now();
    this.#attempts++;
    this.status = 'connecting';
    const local = this.local;
    for (const track of local.getTracks()) {
      const encodings = track.kind === 'video' ? [this.#encoding(track)] : undefined;
      peer.pc.addTransceiver(track, { direction: 'sendrecv', streams: [local], ...(encodings ? { sendEncodings: encodings } : {}) });
    }
    peer.pc.ontrack = () => {
      if (this.#peer === peer) this.remote = new MediaStream(peer.pc.getReceivers().map((r) => r.track));
    };
    peer.pc.onconnectionstatechange = () => {
      if (this.#peer !== peer) return;
      this.status = peer.connected ? 'connected' : 'connecting';
      if (peer.connected) this.#attempts = 0;
      this.#check();
    };
    await peer.offer();
  }

  #setAudio(focused: boolean): void {
    this.focused = focused;
    for (const track of this.local?.getAudioTracks() ?? []) track.enabled = focused;
    this.microphone = focused && (this.local?.getAudioTracks().length ?? 0) > 0;
  }

  async #setPicture(): Promise<void> {
    const sender = this.#peer?.pc.getSenders().find((s) => s.track?.kind === 'video');
    if (!sender?.track) return;
    const parameters = sender.getParameters();
    if (parameters.encodings.length === 0) return;
    parameters.encodings = parameters.encodings.map((e) => ({ ...e, ...this.#encoding(sender.track!) }));
    await sender.setParameters(parameters);
  }

  #connectTimeout(): number {
    return Math.min(CONNECT_TIMEOUT_MAX_MS, CONNECT_TIMEOUT_MS * 1.5 ** Math.max(0, this.#attempts - 1));
  }

  /** The call's picture: scaled down from the camera, smaller and slower while the officer is with another booth. */
  #encoding(track: MediaStreamTrack): RTCRtpEncodingParameters {
    const target = this.focused ? FOCUSED : WAITING;
    const width = track.getSettings().width ?? target.width;
    return { scaleResolutionDownBy: Math.max(1, width / target.width), maxFramerate: target.maxFramerate, maxBitrate: target.maxBitrate };
  }

  #drop(): void {
    this.#peer?.close();
    this.#peer = null;
    this.remote = null;
    this.status = 'off';
    this.#disconnectedAt = null;
  }
}
