/**
 * A real branch hub for integration tests: startHub() on a fresh temp data folder, listening on a
 * loopback port, with one paired device per role and a clock the test moves by hand. Tests talk
 * to it the way devices do: global fetch for the HTTP API and the `ws` client for the stream.
 *
 *   const fx = await startTestHub({ seed: STANDARD_SEED });
 *   const { status, body } = await fx.api('POST', '/tickets', { token: fx.tokens.kiosk, body: { serviceCode: 'JHT' } });
 *   const stream = await fx.openStream(fx.tokens.supervisor, 0);
 *   await stream.next((m) => m.type === 'event' && m.event.type === 'ticket.issued');
 *   await fx.restart();            // same data folder, same port when it is free
 *   await fx.close();              // in afterEach: sockets, hub, temp folder
 *
 * Nothing here reaches into the hub beyond startHub's return value; `hub.db` is used only to
 * count rows and read what a copied database file would reveal.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { startHub, type RunningHub } from '../../main/hub/start-hub.js';
import { hubSection } from '../../main/profiles/profile-schema.js';
import type { BranchEvent } from '../../main/queue/events.js';
import { DEVICE_ROLES, type DeviceRole, type ServerMessage } from '../../main/wire/schemas.js';
import { repoLayout } from './app-layout.js';

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;

/** An instant: epoch milliseconds or an ISO string with its offset. */
export type Instant = number | string;

export interface TestClock {
  now(): number;
  set(at: Instant): void;
  advance(ms: number): void;
}

export function createTestClock(start: Instant): TestClock {
  const toMs = (at: Instant) => {
    const ms = typeof at === 'number' ? at : Date.parse(at);
    if (!Number.isFinite(ms)) throw new Error(`not an instant: ${String(at)}`);
    return ms;
  };
  let current = toMs(start);
  return {
    now: () => current,
    set: (at) => {
      current = toMs(at);
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

export interface SeedInput {
  positions?: { id: string; kind: 'booth' | 'counter'; label: string; services: string[] }[];
  officers?: { id: string; name: string; pin: string }[];
  ticker?: string;
}

/** One counter for JHT/INFO, two booths for JHT/JKK, and two officers with known PINs. */
export const STANDARD_SEED: SeedInput = {
  positions: [
    { id: 'counter-1', kind: 'counter', label: 'Loket 1', services: ['JHT', 'INFO'] },
    { id: 'booth-1', kind: 'booth', label: 'Bilik 1', services: ['JHT', 'JKK'] },
    { id: 'booth-2', kind: 'booth', label: 'Bilik 2', services: ['JHT', 'JKK'] },
  ],
  officers: [
    { id: 'siti', name: 'Siti Rahmawati', pin: '1234' },
    { id: 'budi', name: 'Budi Santoso', pin: '2345' },
  ],
};

export interface HubFixtureOptions {
  branchId?: string;
  branchName?: string;
  timeZone?: string;
  /** Where the hub's clock starts; default a Monday morning in the branch (09:00 WIB). */
  start?: Instant;
  publicDisplay?: boolean;
  seed?: SeedInput;
  /** The online booking site the kiosk offers; none by default. */
  bookingSiteUrl?: string;
}

export interface ApiOptions {
  token?: string | null;
  /** Sent as JSON (content-type application/json). */
  body?: unknown;
  /** Sent as is, instead of `body`; set the content type yourself in headers. */
  raw?: string | Uint8Array;
  headers?: Record<string, string>;
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** The body every refused request carries. */
export interface ErrorBody {
  error: { code: string; reason: string; params: Record<string, string | number | null>; message: string; field?: string; [detail: string]: unknown };
}

/** The WebSocket upgrade was answered with an HTTP status instead of a switch of protocols. */
export class StreamRefused extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`stream refused with HTTP ${status}: ${body}`);
  }
}

export interface StreamClient {
  ws: WebSocket;
  /** Every message received so far, in order. */
  messages: ServerMessage[];
  /** The event messages received so far, in order. */
  events(): BranchEvent[];
  /**
   * The first message after the last one `next` returned that matches; the ones skipped stay
   * in `messages`. Rejects when the socket closes first or after timeoutMs.
   */
  next(predicate?: (m: ServerMessage) => boolean, timeoutMs?: number): Promise<ServerMessage>;
  /** The next event message of the given type (or any event). */
  nextEvent(type?: string, timeoutMs?: number): Promise<BranchEvent>;
  /** Sends a ping and waits for its pong: everything the hub sent before it has arrived. */
  sync(timeoutMs?: number): Promise<void>;
  send(data: string | Buffer, options?: { binary?: boolean }): void;
  /** Resolves with the close code and reason once the socket has closed. */
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export interface HubFixture {
  hub: RunningHub;
  url: string;
  clock: TestClock;
  /** The temp folder holding the data folder. */
  baseDir: string;
  dataDir: string;
  /** A paired device's token per role. */
  tokens: Record<DeviceRole, string>;
  deviceIds: Record<DeviceRole, string>;
  api<T = any>(method: string, apiPath: string, options?: ApiOptions): Promise<ApiResponse<T>>;
  openStream(token?: string | null, after?: number): Promise<StreamClient>;
  /** Counts straight from the database file the hub writes. */
  eventCount(): number;
  ticketCount(): number;
  /** Closes the hub and starts a new one on the same data folder (same port when it is free). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export const API = '/api/v1';

function parseBody(text: string, contentType: string | null): unknown {
  if (contentType?.includes('json') && text !== '') {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

export async function startTestHub(options: HubFixtureOptions = {}): Promise<HubFixture> {
  const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'antre-hub-'));
  const clock = createTestClock(options.start ?? '2025-03-10T09:00:00+07:00');
  const hubConfig = hubSection.parse({
    branch: {
      id: options.branchId ?? 'test-branch',
      name: options.branchName ?? 'Cabang Uji',
      timeZone: options.timeZone ?? 'Asia/Jakarta',
      ...(options.bookingSiteUrl ? { bookingSiteUrl: options.bookingSiteUrl } : {}),
    },
    dataDir: 'data',
    publicDisplay: options.publicDisplay ?? false,
    ...(options.seed ? { seed: options.seed } : {}),
  });
  const dataDir = path.join(baseDir, 'data');
  const sockets = new Set<WebSocket>();

  const start = (port: number) => startHub({ layout: repoLayout, hub: hubConfig, baseDir, host: '127.0.0.1', port, clock: clock.now });
  let hub: RunningHub;
  try {
    hub = await start(0);
  } catch (err) {
    fs.rmSync(baseDir, { recursive: true, force: true });
    throw err;
  }

  const tokens = {} as Record<DeviceRole, string>;
  const deviceIds = {} as Record<DeviceRole, string>;
  for (const role of DEVICE_ROLES) {
    const paired = hub.devices.preparePaired(`Test ${role}`, role);
    tokens[role] = paired.token;
    deviceIds[role] = paired.deviceId;
  }

  let closed = false;
  const fx: HubFixture = {
    hub,
    url: hub.url,
    clock,
    baseDir,
    dataDir,
    tokens,
    deviceIds,

    async api(method, apiPath, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      let body: string | Uint8Array | undefined;
      if (opts.raw !== undefined) body = opts.raw;
      else if (opts.body !== undefined) {
        body = JSON.stringify(opts.body);
        headers['content-type'] ??= 'application/json';
      }
      // Node accepts bytes as a body; the DOM typings the browser tests load say otherwise.
      const res = await fetch(fx.url + (apiPath.startsWith("/api/") ? apiPath : API + apiPath), { method, headers, body: body as string | undefined });
      const text = await res.text();
      return { status: res.status, body: parseBody(text, res.headers.get('content-type')) as never, headers: res.headers };
    },

    openStream(token, after) {
      const query = new URLSearchParams();
      if (after !== undefined) query.set('after', String(after));
      if (token) query.set('token', token);
      const wsUrl = `${fx.url.replace(/^http/, 'ws')}${API}/stream${query.size > 0 ? `?${query}` : ''}`;
      return connectStream(wsUrl, sockets);
    },

    eventCount: () => (fx.hub.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n,
    ticketCount: () => (fx.hub.db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n,

    async restart() {
      const port = Number(new URL(fx.url).port);
      await fx.hub.close();
      let next: RunningHub;
      try {
        next = await start(port);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
        next = await start(0);
      }
      fx.hub = next;
      fx.url = next.url;
    },

    async close() {
      if (closed) return;
      closed = true;
      for (const ws of sockets) ws.terminate();
      sockets.clear();
      await fx.hub.close();
      fs.rmSync(baseDir, { recursive: true, force: true });
    },
  };
  return fx;
}

function connectStream(wsUrl: string, sockets: Set<WebSocket>): Promise<StreamClient> {
  const ws = new WebSocket(wsUrl);
  sockets.add(ws);
  const messages: ServerMessage[] = [];
  let cursor = 0;
  let isClosed = false;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const w of [...waiters]) w();
  };

  ws.on('message', (data, isBinary) => {
    const message = JSON.parse(isBinary ? Buffer.from(data as Buffer).toString() : data.toString()) as ServerMessage;
    // A batch is the same events in the same order: tests read them one by one.
    if (message.type === 'events') for (const event of message.events) messages.push({ type: 'event', event });
    else messages.push(message);
    wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => {
      isClosed = true;
      sockets.delete(ws);
      resolve({ code, reason: reason.toString() });
      wake();
    });
  });

  const next: StreamClient['next'] = (predicate = () => true, timeoutMs = 5_000) =>
    new Promise<ServerMessage>((resolve, reject) => {
      const check = () => {
        for (let i = cursor; i < messages.length; i++) {
          if (predicate(messages[i]!)) {
            cursor = i + 1;
            done();
            resolve(messages[i]!);
            return;
          }
        }
        if (isClosed) {
          done();
          reject(new Error(`the stream closed before a matching message arrived; got ${JSON.stringify(messages.slice(cursor))}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no matching stream message within ${timeoutMs} ms; got ${JSON.stringify(messages.slice(cursor))}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });

  const client: StreamClient = {
    ws,
    messages,
    events: () => messages.flatMap((m) => (m.type === 'event' ? [m.event] : [])),
    next,
    async nextEvent(type, timeoutMs) {
      const m = await next((msg) => msg.type === 'event' && (type === undefined || msg.event.type === type), timeoutMs);
      return (m as Extract<ServerMessage, { type: 'event' }>).event;
    },
    async sync(timeoutMs) {
      ws.send(JSON.stringify({ type: 'ping' }));
      await next((m) => m.type === 'pong', timeoutMs);
    },
    send: (data, options) => ws.send(data, { binary: options?.binary ?? false }),
    closed,
    async close() {
      if (ws.readyState === ws.CLOSED) return;
      ws.close();
      await closed;
    },
  };

  return new Promise<StreamClient>((resolve, reject) => {
    let settled = false;
    ws.on('error', (err) => {
      if (settled) return;
      settled = true;
      sockets.delete(ws);
      reject(err);
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        sockets.delete(ws);
        reject(new StreamRefused(res.statusCode ?? 0, body));
        ws.terminate();
      });
    });
    ws.on('open', () => {
      if (settled) return;
      settled = true;
      resolve(client);
    });
  });
}

/** Asserts a refusal: the status, and a body {error:{code,reason,params,message,field}} a device can word. */
export function expectError(res: ApiResponse, status: number, code: string, field?: string): ErrorBody['error'] {
  const summary = JSON.stringify(res.body);
  if (res.status !== status) throw new Error(`expected HTTP ${status} ${code}, got ${res.status}: ${summary}`);
  const body = res.body as ErrorBody;
  if (typeof body !== 'object' || body === null || typeof body.error !== 'object') throw new Error(`expected an error body, got ${summary}`);
  if (body.error.code !== code) throw new Error(`expected error code ${code}, got ${summary}`);
  if (typeof body.error.message !== 'string' || body.error.message.length < 5) throw new Error(`expected an error message, got ${summary}`);
  if (!/^[a-z][a-z0-9_]*$/.test(String(body.error.reason)) || typeof body.error.params !== 'object' || body.error.params === null) {
    throw new Error(`expected a reason and params a page can word, got ${summary}`);
  }
  if (field !== undefined && body.error.field !== field) throw new Error(`expected the error to name field ${field}, got ${summary}`);
  return body.error;
}

/** Signs an officer in on the console token's device; returns the session. */
export async function signIn(fx: HubFixture, officerId: string, pin: string, positions: string[], token = fx.tokens.console) {
  const res = await fx.api('POST', '/sessions', { token, body: { officerId, pin, positions } });
  if (res.status !== 201) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.session as { id: string; officerId: string; positions: string[] };
}

/** Issues a walk-in ticket from the kiosk; returns the response body. */
export async function issue(fx: HubFixture, serviceCode = 'JHT', extra: Record<string, unknown> = {}) {
  const res = await fx.api('POST', '/tickets', { token: fx.tokens.kiosk, body: { serviceCode, ...extra } });
  if (res.status !== 201) throw new Error(`issue failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { ticket: { id: string; displayNumber: string; status: string; serviceCode: string }; statusCode: string; nikMasked: string | null; replayed: boolean };
}
