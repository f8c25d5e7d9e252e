import type { BranchEvent, BranchSnapshot, CallView, ClientMessage, StateFrame } from '../../../main/wire/schemas.js';
import { hubGet, HubError } from '../api/hub-client.js';
import { openEventStream, type DeviceMessage, type StreamStatus } from '../api/event-stream.js';
import { BranchSync } from './branch-sync.js';

/** How long after a failed load of the state the page asks again. */
const RETRY_MS = 3000;

/**
 * The branch as a page sees it: the hub's snapshot, kept current by the stream. Each frame carries
 * its events and what they changed in the state, applied in sequence order; the snapshot is asked
 * for (GET /state) only at start, after the hub's `reset`, and when a frame shows something was
 * missed. A stream that reconnects resumes from the last frame and is sent what changed meanwhile.
 */
export class BranchState {
  snapshot = $state<BranchSnapshot | null>(null);
  status = $state<StreamStatus | 'loading'>('loading');
  /** Why the state could not be loaded (the hub unreachable, or refusing), for the page to word; null when all is well. */
  problem = $state<HubError | null>(null);
  /** Today's calls, newest first, including ones that arrived after the snapshot. */
  calls = $state<CallView[]>([]);

  /** The hub's clock minus this device's, from the last snapshot: a TV's own clock may be wrong. */
  #clockOffset = 0;
  #sync = new BranchSync();
  #listeners = new Set<(event: BranchEvent, replayed: boolean) => void>();
  #scanListeners = new Set<(code: string) => void>();
  #deviceListeners = new Set<(message: DeviceMessage) => void>();
  #stream: ReturnType<typeof openEventStream> | null = null;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped by every resync (and by stop): a reply to an older one is dropped. */
  #generation = 0;
  #stopped = false;

  /**
   * Called for every event, after the state took it in (the display announces calls here).
   * `replayed` marks events caught up after a reconnect: history, not something to act on now.
   */
  onEvent(listener: (event: BranchEvent, replayed: boolean) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A kiosk's own scanner read a code just now (the hub relays it to this kiosk's page only). */
  onScan(listener: (code: string) => void): () => void {
    this.#scanListeners.add(listener);
    return () => this.#scanListeners.delete(listener);
  }

  /** Messages for this device alone (a booth's view, a video call's signals and peers), as they arrive. */
  onDeviceMessage(listener: (message: DeviceMessage) => void): () => void {
    this.#deviceListeners.add(listener);
    return () => this.#deviceListeners.delete(listener);
  }

  /** Sends on the stream (a relayed signal); false while it is reconnecting. */
  send(message: ClientMessage): boolean {
    return this.#stream?.send(message) ?? false;
  }

  async start(): Promise<void> {
    await this.#resync(false);
  }

  stop(): void {
    this.#stopped = true;
    this.#generation++;
    this.#stream?.close();
    clearTimeout(this.#retryTimer);
  }

  /** The time on the hub's clock now. */
  hubNow(): number {
    return Date.now() + this.#clockOffset;
  }

  /**
   * Loads the snapshot and opens the stream right after its sequence. `restart`: the hub's log was
   * reset, so its snapshot may be older than what the page saw and is taken all the same.
   */
  async #resync(restart: boolean): Promise<void> {
    const generation = ++this.#generation;
    clearTimeout(this.#retryTimer);
    // Frames that come in while the snapshot loads would race it: the stream starts again after it.
    this.#stream?.close();
    this.#stream = null;
    let snapshot: BranchSnapshot;
    try {
      snapshot = await hubGet<BranchSnapshot>('/state');
    } catch (err) {
      if (generation !== this.#generation) return;
      this.problem = err instanceof HubError ? err : new HubError(0, 'unreachable', String(err));
      this.#retryTimer = setTimeout(() => void this.#resync(restart), RETRY_MS);
      return;
    }
    if (generation !== this.#generation || this.#stopped) return;
    this.problem = null;
    this.#clockOffset = snapshot.now - Date.now();
    if (this.#sync.takeSnapshot(snapshot, restart)) {
      this.snapshot = snapshot;
      this.calls = this.#withRecallsSeen(snapshot.recentCalls);
    }
    this.#openStream(this.#sync.seq);
  }

  #openStream(after: number): void {
    this.#stream = openEventStream(after, {
      onFrame: (frame, liveAfter) => this.#apply(frame, liveAfter),
      onReset: () => void this.#resync(true),
      onScan: (code) => {
        for (const listener of this.#scanListeners) listener(code);
      },
      onDeviceMessage: (message) => {
        for (const listener of this.#deviceListeners) listener(message);
      },
      onStatus: (status) => {
        this.status = status;
      },
    });
  }

  /**
   * The hub lists today's calls by when each ticket was first called; a recall this page saw keeps
   * its later time, so a reload does not push the ticket just called again back down the board.
   */
  #withRecallsSeen(fromHub: CallView[]): CallView[] {
    const seen = new Map(this.calls.map((c) => [c.ticketId, c]));
    return fromHub
      .map((call) => {
        const mine = seen.get(call.ticketId);
        return mine && mine.at > call.at && mine.recallCount >= call.recallCount ? { ...call, at: mine.at } : call;
      })
      .sort((a, b) => b.at - a.at);
  }

  #apply(frame: StateFrame, liveAfter: number): void {
    const outcome = this.#sync.takeFrame(frame);
    if (outcome.kind === 'gap') {
      void this.#resync(false);
      return;
    }
    if (outcome.kind === 'stale') return;
    for (const event of outcome.events) {
      if (event.type !== 'ticket.called' && event.type !== 'ticket.recalled') continue;
      const p = event.payload;
      const call: CallView = {
        ticketId: p.ticketId,
        displayNumber: p.displayNumber,
        serviceCode: p.serviceCode,
        positionId: p.positionId,
        positionLabel: p.positionLabel,
        positionKind: p.positionKind,
        at: event.at,
        recallCount: 'recallCount' in p ? p.recallCount : 0,
      };
      this.calls = [call, ...this.calls.filter((c) => c.ticketId !== call.ticketId)].slice(0, 8);
    }
    // Only a frame that changed the state touches it: a print job's progress re-draws nothing.
    if (frame.state) {
      this.#clockOffset = frame.state.now - Date.now();
      this.snapshot = this.#sync.snapshot;
      if (frame.state.recentCalls) this.calls = this.#withRecallsSeen(frame.state.recentCalls);
    }
    if (outcome.events.length === 0) return;
    // After the screen has taken the change in: a listener's work (scheduling an announcement)
    // must not hold up the number appearing.
    queueMicrotask(() => {
      for (const event of outcome.events) for (const listener of this.#listeners) listener(event, event.seq <= liveAfter);
    });
  }
}
