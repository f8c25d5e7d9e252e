import type { BranchEvent, BranchSnapshot, CallView, ClientMessage } from '../../../main/wire/schemas.js';
import { hubGet, HubError } from '../api/hub-client.js';
import { openEventStream, type DeviceMessage, type StreamStatus } from '../api/event-stream.js';

/** How long after a burst of events the page waits before reloading the state once. */
const REFRESH_DEBOUNCE_MS = 150;
/** However busy the branch, the state is reloaded at least this often while events arrive. */
const REFRESH_MAX_WAIT_MS = 1000;

/**
 * The branch as a page sees it: the hub's snapshot, kept current from the event stream. Calls are
 * applied the moment their event arrives (the lobby must not lag); everything else reloads the
 * snapshot once per burst of events.
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
  #listeners = new Set<(event: BranchEvent, replayed: boolean) => void>();
  #scanListeners = new Set<(code: string) => void>();
  #deviceListeners = new Set<(message: DeviceMessage) => void>();
  #stream: ReturnType<typeof openEventStream> | null = null;
  #refreshTimer: ReturnType<typeof setTimeout> | undefined;
  #firstPending: number | null = null;

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
    await this.#load();
    this.#stream = openEventStream(this.snapshot?.seq ?? 0, {
      onEvent: (event, replayed) => this.#apply(event, replayed),
      onReset: () => void this.#load(),
      onScan: (code) => {
        for (const listener of this.#scanListeners) listener(code);
      },
      onDeviceMessage: (message) => {
        for (const listener of this.#deviceListeners) listener(message);
      },
      onStatus: (status) => {
        this.status = status;
        // After a reconnect the stream replays what was missed; a reload catches counts too.
        if (status === 'live' && this.problem !== null) void this.#load();
      },
    });
  }

  stop(): void {
    this.#stream?.close();
    clearTimeout(this.#refreshTimer);
  }

  /** The time on the hub's clock now. */
  hubNow(): number {
    return Date.now() + this.#clockOffset;
  }

  refreshSoon(): void {
    clearTimeout(this.#refreshTimer);
    const now = Date.now();
    this.#firstPending ??= now;
    const wait = Math.min(REFRESH_DEBOUNCE_MS, Math.max(0, this.#firstPending + REFRESH_MAX_WAIT_MS - now));
    this.#refreshTimer = setTimeout(() => {
      this.#firstPending = null;
      void this.#load();
    }, wait);
  }

  async #load(): Promise<void> {
    try {
      const snapshot = await hubGet<BranchSnapshot>('/state');
      this.#clockOffset = snapshot.now - Date.now();
      this.snapshot = snapshot;
      this.calls = this.#withRecallsSeen(snapshot.recentCalls);
      this.problem = null;
    } catch (err) {
      this.problem = err instanceof HubError ? err : new HubError(0, 'unreachable', String(err));
      setTimeout(() => void this.#load(), 3000);
    }
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

  #apply(event: BranchEvent, replayed: boolean): void {
    if (event.type === 'ticket.called' || event.type === 'ticket.recalled') {
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
    // After the screen has taken the change in: a listener's work (scheduling an announcement)
    // must not hold up the number appearing.
    queueMicrotask(() => {
      for (const listener of this.#listeners) listener(event, replayed);
    });
    this.refreshSoon();
  }
}
