import type { WebSocket } from 'ws';
import type { AuthenticatedDevice } from '../pairing/device-registry.js';
import type { BranchEvent } from '../queue/events.js';
import type { BranchSnapshot } from '../queue/types.js';
import { eventFor, stateFor, type Viewer } from './audience.js';
import { changesState, createStateTracker } from './state-delta.js';
import { clientMessage, type ClientMessage, type ServerMessage, type StateDelta } from '../wire/schemas.js';

export interface EventLog {
  eventsAfter(seq: number, limit: number): BranchEvent[];
  lastSeq(): number;
}

/** A batch's events as each kind of viewer sees them, serialised once per kind. */
type BatchEncoding = (index: number, viewer: Viewer) => string | null;

// Views differ by role only.
const kindOf = (viewer: Viewer): string => (viewer === null ? 'public' : viewer.role);

function encodeBatch(events: readonly BranchEvent[]): BatchEncoding {
  const byKind = new Map<string, (string | null | undefined)[]>();
  return (index, viewer) => {
    const kind = kindOf(viewer);
    let encoded = byKind.get(kind);
    if (!encoded) byKind.set(kind, (encoded = new Array<string | null | undefined>(events.length)));
    if (encoded[index] === undefined) {
      const seen = eventFor(viewer, events[index]!);
      encoded[index] = seen ? JSON.stringify(seen) : null;
    }
    return encoded[index]!;
  };
}

/** A state delta as each kind of viewer sees it, serialised once per kind. */
function encodeState(delta: StateDelta): (viewer: Viewer) => string {
  const byKind = new Map<string, string>();
  return (viewer) => {
    const kind = kindOf(viewer);
    let text = byKind.get(kind);
    if (text === undefined) byKind.set(kind, (text = JSON.stringify(stateFor(viewer, delta))));
    return text;
  };
}

interface Client {
  ws: WebSocket;
  /** Null for the token-free lobby display. */
  device: AuthenticatedDevice | null;
  lastSeq: number;
  /** A page's stream (`state=1`): frames carry their sequence range and the state they changed. */
  wantsState: boolean;
  /** The `seq` of the last frame sent to a page's stream: the next frame's `after`. */
  sentSeq: number;
  badFrames: number;
  alive: boolean;
}

/** A client message addressed elsewhere, from the device that sent it (null: the token-free lobby display); `reply` answers on its stream. */
export type DeviceMessageHandler = (device: AuthenticatedDevice | null, message: Exclude<ClientMessage, { type: 'ping' }>, reply: (message: ServerMessage) => void) => void;

const BATCH = 500;
/** A client this far behind on its socket is cut off; it reconnects and resumes from its last sequence. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const MAX_BAD_FRAMES = 20;
/** A client further behind than this reloads the state instead of replaying: a year of events would stall the hub. */
const MAX_REPLAY = 5000;
const HEARTBEAT_MS = 30_000;

/**
 * The realtime stream. Each client gets every event after the sequence it last saw, then live
 * ones, in order. Events are read back from the event log after each commit, so the stream only
 * ever carries what is durably committed. Pages (streams opened with `state=1`, given `readState`)
 * also get what those events changed in their state, read once per batch for all of them.
 */
export function createEventStream(source: EventLog, readState?: () => BranchSnapshot) {
  const clients = new Set<Client>();
  let pumped = source.lastSeq();
  const tracker = readState ? createStateTracker(readState) : null;

  const send = (client: Client, message: ServerMessage | string): void => {
    if (client.ws.readyState !== client.ws.OPEN) return;
    client.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
    if (client.ws.bufferedAmount > MAX_BUFFERED_BYTES) client.ws.close(1013, 'too far behind: reconnect and resume');
  };



  /**
   * Sends a client the events it has not seen, as one message: a single `event`, or an `events`
   * batch when several committed since the last pump. One frame per client per pump keeps the
   * fan-out to fifty displays at fifty socket writes however busy the kiosks are.
   */
  const deliver = (client: Client, events: readonly BranchEvent[], encoded: BatchEncoding, state?: (viewer: Viewer) => string): void => {
    const parts: string[] = [];
    const end = events.at(-1)?.seq ?? client.lastSeq;
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!;
      if (event.seq <= client.lastSeq) continue;
      client.lastSeq = event.seq;
      const text = encoded(i, client.device);
      if (text !== null) parts.push(text);
      // A revoked device loses its stream at once, not at its next request.
      if (event.type === 'device.revoked' && client.device?.id === (event.payload as { deviceId: string }).deviceId) {
        send(client, client.wantsState ? pageFrame(client, parts, event.seq) : frame(parts));
        client.ws.close(4401, 'this device was unpaired');
        return;
      }
    }
    if (!client.wantsState) {
      if (parts.length > 0) send(client, frame(parts));
      return;
    }
    client.lastSeq = Math.max(client.lastSeq, end);
    // Nothing this page sees and nothing changed in its state: no frame, and the next one's `after` still matches.
    if (parts.length > 0 || state) send(client, pageFrame(client, parts, client.lastSeq, state?.(client.device)));
  };

  const frame = (parts: readonly string[]): string =>
    parts.length === 1 ? `{"type":"event","event":${parts[0]}}` : `{"type":"events","events":[${parts.join(',')}]}`;

  const pageFrame = (client: Client, parts: readonly string[], seq: number, state?: string): string => {
    const text = `{"type":"events","after":${client.sentSeq},"seq":${seq},"events":[${parts.join(',')}]${state === undefined ? '' : `,"state":${state}`}}`;
    client.sentSeq = seq;
    return text;
  };

  /** Brings the tracked state up to `seq`: the delta pages are sent, or null when nothing they draw changed. */
  const stateUpTo = (events: readonly BranchEvent[]): StateDelta | null => {
    if (!tracker) return null;
    if (tracker.seq >= 0 && !events.some(changesState)) {
      tracker.skipTo(events.at(-1)!.seq);
      return null;
    }
    return tracker.advance();
  };

  const heartbeat = setInterval(() => {
    for (const client of clients) {
      if (!client.alive) {
        client.ws.terminate();
        continue;
      }
      client.alive = false;
      client.ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  let pumpScheduled = false;
  let closed = false;
  const listeners = new Set<(events: readonly BranchEvent[]) => void>();
  const connectionListeners = new Set<(device: AuthenticatedDevice, opened: boolean) => void>();
  let onDeviceMessage: DeviceMessageHandler | undefined;
  const stream = {
    get clientCount(): number {
      return clients.size;
    },

    /** Adds a client and replays what it missed; runs in one tick, so no live event slips between. */
    /** `after` is the last sequence the client saw; without one it gets live events only. */
    /** `state`: a page's stream, which gets the state its events changed (see StateFrame) and, after a gap, the state whole. */
    attach(ws: WebSocket, device: AuthenticatedDevice | null, after: number | undefined, state = false): void {
      const wantsState = state && tracker !== null;
      // A page resumes against the state as pages were last sent it: whatever is committed goes out first.
      if (wantsState) stream.pump();
      const last = source.lastSeq();
      // With no page connected the tracked state was left behind; the deltas to come are taken against the state now.
      if (wantsState && tracker!.seq !== last) tracker!.advance();
      const client: Client = { ws, device, lastSeq: after ?? last, wantsState, sentSeq: after ?? last, badFrames: 0, alive: true };
      ws.on('pong', () => {
        client.alive = true;
      });
      const gone = () => {
        if (!clients.delete(client) || !device) return;
        for (const listener of connectionListeners) listener(device, false);
      };
      ws.on('close', gone);
      ws.on('error', gone);
      ws.on('message', (data, isBinary) => {
        let parsed: unknown;
        try {
          parsed = isBinary ? undefined : JSON.parse(data.toString());
        } catch {
          parsed = undefined;
        }
        const message = clientMessage.safeParse(parsed);
        if (!message.success) {
          client.badFrames++;
          // Naming the field that is wrong: a relay's body is checked here, at the edge.
          const issue = message.error.issues[0];
          const where = issue?.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k].join('.')).join(', ') : issue?.path.join('.');
          const wrong = where ? ` (${where}: ${issue!.message})` : '';
          send(client, { type: 'error', message: isBinary ? 'binary frames are not accepted: send JSON text' : `not a stream message${wrong}: send {"type":"ping"} or a relay` });
          if (client.badFrames >= MAX_BAD_FRAMES) ws.close(1008, 'too many malformed messages');
          return;
        }
        if (message.data.type === 'ping') send(client, { type: 'pong' });
        else onDeviceMessage?.(client.device, message.data, (reply) => send(client, reply));
      });
      clients.add(client);
      send(client, { type: 'hello', seq: last, role: device?.role ?? 'display' });
      // After the hello: what a listener sends (a booth's peers) comes after it, and before the replay is fine.
      if (device) for (const listener of connectionListeners) listener(device, true);
      if (client.lastSeq > last) {
        // The client saw sequences this database never had (a restored or replaced hub): start over.
        send(client, { type: 'reset', seq: last, reason: `the hub's events end at ${last}, before ${client.lastSeq}: reload the state` });
        client.lastSeq = client.sentSeq = last;
        return;
      }
      if (last - client.lastSeq > MAX_REPLAY) {
        send(client, { type: 'reset', seq: last, reason: `${last - client.lastSeq} events behind: reload the state` });
        client.lastSeq = client.sentSeq = last;
        return;
      }
      if (wantsState) {
        if (client.lastSeq === last) return;
        // One frame: what it missed, then the state whole (what changed in between is not kept).
        const missed = source.eventsAfter(client.lastSeq, MAX_REPLAY);
        deliver(client, missed, encodeBatch(missed), encodeState(tracker!.whole()!));
        return;
      }
      for (let batch = source.eventsAfter(client.lastSeq, BATCH); batch.length > 0; batch = source.eventsAfter(client.lastSeq, BATCH)) {
        deliver(client, batch, encodeBatch(batch));
        if (client.ws.readyState !== client.ws.OPEN) return;
      }
    },

    /** Sends every event committed since the last pump to every client. Call after each command. */
    pump(): void {
      // A pump scheduled just before the hub closed must not touch the closed database.
      if (closed) return;
      const pages: Client[] = [];
      for (const client of clients) if (client.wantsState) pages.push(client);
      const forPages: BranchEvent[] = [];
      for (let batch = source.eventsAfter(pumped, BATCH); batch.length > 0; batch = source.eventsAfter(pumped, BATCH)) {
        const encoded = encodeBatch(batch);
        for (const client of clients) if (!client.wantsState) deliver(client, batch, encoded);
        if (pages.length > 0) forPages.push(...batch);
        pumped = batch[batch.length - 1]!.seq;
        for (const listener of listeners) listener(batch);
      }
      if (forPages.length === 0) return;
      // After the plain clients: reading the state must not hold up an agent's print job or a raw listener.
      const delta = stateUpTo(forPages);
      const encoded = encodeBatch(forPages);
      const state = delta ? encodeState(delta) : undefined;
      for (const client of pages) deliver(client, forPages, encoded, state);
    },

    /**
     * Pumps once the current replies are on their way: the kiosk that issued a ticket does not wait
     * for fifty displays, and commands landing in the same tick share one read of the log.
     */
    schedulePump(): void {
      if (pumpScheduled) return;
      pumpScheduled = true;
      setImmediate(() => {
        pumpScheduled = false;
        stream.pump();
      });
    },

    /**
     * Sends a relayed message, which is never stored, to the streams a device has open now; a
     * device not connected misses it. Returns how many streams it went to.
     */
    sendToDevice(deviceId: string, message: ServerMessage): number {
      let sent = 0;
      const text = JSON.stringify(message);
      for (const client of clients) {
        if (client.device?.id !== deviceId || client.ws.readyState !== client.ws.OPEN) continue;
        send(client, text);
        sent++;
      }
      return sent;
    },

    /** Whether a device has a stream open now. */
    isOnline(deviceId: string): boolean {
      for (const client of clients) if (client.device?.id === deviceId && client.ws.readyState === client.ws.OPEN) return true;
      return false;
    },

    /** A paired device's stream opened (after its hello) or closed. */
    onConnection(listener: (device: AuthenticatedDevice, opened: boolean) => void): () => void {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },

    /** Who handles client messages other than ping (the device relay); one handler. */
    handleDeviceMessages(handler: DeviceMessageHandler): void {
      onDeviceMessage = handler;
    },

    /** In-process listeners (the hub's own printers) get every committed batch, after the clients. */
    subscribe(listener: (events: readonly BranchEvent[]) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    close(): void {
      closed = true;
      clearInterval(heartbeat);
      for (const client of clients) client.ws.close(1001, 'hub shutting down');
      clients.clear();
    },
  };
  return stream;
}

export type EventStream = ReturnType<typeof createEventStream>;
