import type { BranchEvent, ClientMessage, ServerMessage, StateFrame } from '../../../main/wire/schemas.js';

export type StreamStatus = 'connecting' | 'live' | 'reconnecting';

export interface StreamHandlers {
  /** `replayed`: the event was committed before this connection opened (caught up after a drop). Not called on a page's stream (see onFrame). */
  onEvent?(event: BranchEvent, replayed: boolean): void;
  /**
   * Given, the stream is a page's (`state=1`): each frame comes here whole, with its sequence range
   * and the state it changed, instead of event by event; events up to `liveAfter` are replayed ones.
   */
  onFrame?(frame: StateFrame, liveAfter: number): void;
  /** The hub's log no longer matches what the page has: reload the state, then resume from `seq`. */
  onReset(seq: number): void;
  onStatus(status: StreamStatus): void;
  /** A code this kiosk's own scanner read just now, relayed by the hub and never stored (kiosks only). */
  onScan?(code: string): void;
  /** A message for this device that is not an event: a booth's view, relayed signals, its peers (booths and consoles). */
  onDeviceMessage?(message: DeviceMessage): void;
}

/** What the hub sends one device, never stored: not part of the event sequence. */
export type DeviceMessage = Extract<ServerMessage, { type: 'peers' | 'relay' | 'relay_refused' | 'booth' | 'documents' }>;

const MIN_DELAY_MS = 500;
const MAX_DELAY_MS = 5000;
/** The hub closes a revoked device's stream with this code. */
const UNPAIRED_CLOSE = 4401;

/**
 * A screen whose pairing was revoked reloads: the hub then serves it the pairing page with a new
 * code. The stream says so when it was open at the time; a screen that was away learns it when
 * the hub refuses its token.
 */
async function reloadIfUnpaired(): Promise<void> {
  try {
    const res = await fetch('/api/v1/devices/current', { credentials: 'same-origin' });
    if (res.status === 401) location.reload();
  } catch {
    // The hub is down: the stream keeps retrying.
  }
}

/**
 * The hub's event stream, resumed after every disconnect from the last sequence seen, so a page
 * misses nothing across a hub restart and never needs a reload.
 */
export function openEventStream(after: number, handlers: StreamHandlers): { close(): void; lastSeq(): number; send(message: ClientMessage): boolean } {
  let lastSeq = after;
  // Events up to the hub's sequence at connect time are history being caught up, not news.
  let liveAfter = after;
  let socket: WebSocket | null = null;
  let closed = false;
  let delay = MIN_DELAY_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const deliver = (event: BranchEvent) => {
    if (event.seq <= lastSeq) return;
    lastSeq = event.seq;
    handlers.onEvent?.(event, event.seq <= liveAfter);
  };

  const connect = () => {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/stream?after=${lastSeq}${handlers.onFrame ? '&state=1' : ''}`;
    socket = new WebSocket(url);
    let opened = false;
    socket.onopen = () => {
      opened = true;
      delay = MIN_DELAY_MS;
      handlers.onStatus('live');
    };
    socket.onmessage = (message) => {
      let data: ServerMessage;
      try {
        data = JSON.parse(String(message.data)) as ServerMessage;
      } catch {
        return;
      }
      if (data.type === 'hello') liveAfter = data.seq;
      else if (data.type === 'event') deliver(data.event);
      else if (data.type === 'events' && handlers.onFrame && data.after !== undefined && data.seq !== undefined) {
        // A frame may carry no event this page sees; its `seq` still counts, so a resume starts after it.
        lastSeq = Math.max(lastSeq, data.seq);
        handlers.onFrame(data as StateFrame, liveAfter);
      } else if (data.type === 'events') data.events.forEach(deliver);
      else if (data.type === 'reset') {
        lastSeq = data.seq;
        handlers.onReset(data.seq);
      } else if (data.type === 'scan') handlers.onScan?.(data.code);
      else if (data.type === 'peers' || data.type === 'relay' || data.type === 'relay_refused' || data.type === 'booth' || data.type === 'documents') handlers.onDeviceMessage?.(data);
    };
    socket.onclose = (event) => {
      socket = null;
      if (closed) return;
      if (event.code === UNPAIRED_CLOSE) {
        location.reload();
        return;
      }
      if (!opened) void reloadIfUnpaired();
      handlers.onStatus('reconnecting');
      timer = setTimeout(connect, delay);
      delay = Math.min(MAX_DELAY_MS, delay * 2);
    };
  };

  handlers.onStatus('connecting');
  connect();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      socket?.close();
    },
    lastSeq: () => lastSeq,
    /** Sends on the open stream; false while it is reconnecting (a relayed signal is not worth keeping: the call starts anew). */
    send(message: ClientMessage): boolean {
      if (socket?.readyState !== WebSocket.OPEN) return false;
      socket.send(JSON.stringify(message));
      return true;
    },
  };
}
