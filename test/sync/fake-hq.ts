/**
 * A small headquarters for the sync tests, following the branch's side of the sync contract:
 * signed requests (refused when unsigned, old, replayed or signed with another secret), pushes
 * stored once per (branch, epoch, seq) with the highest seq held without a gap as the answer, and
 * pull feeds with a cursor. `fault` makes it misbehave the ways a real one can.
 */
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type HqFault = 'none' | 'error_500' | 'garbage' | 'trickle' | 'wrong_secret' | 'lose_response' | 'hang_after_store';

export interface StoredEvent {
  branch: string;
  epoch: string;
  seq: number;
  id: string;
  type: string;
  v: number;
  payload: unknown;
}

export interface FakeHq {
  url: string;
  secret: string;
  fault: HqFault;
  /** Every event stored, in the order it was first stored. */
  stored: StoredEvent[];
  /** Pushes refused because an (epoch, seq) was held already with another event id: a rewound log. */
  conflicts: { epoch: string; seq: number; held: string; sent: string }[];
  /** Requests answered, by path kind. */
  requests: { push: number; pull: number; refused: number };
  publish(feed: 'bookings' | 'catalogue' | 'quotas', items: unknown[]): void;
  /** Stops answering: new connections are refused, as when headquarters is down. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

const MAX_SKEW_MS = 5 * 60_000;

const sign = (secret: string, method: string, path: string, time: string, nonce: string, body: string) =>
  createHmac('sha256', secret).update(`${method}\n${path}\n${time}\n${nonce}\n${createHash('sha256').update(body).digest('hex')}`).digest('hex');

export async function startFakeHq(options: { secret?: string; branch?: string } = {}): Promise<FakeHq> {
  const secret = options.secret ?? 'test-branch-secret-0123456789abcdef';
  const held = new Map<string, Map<number, StoredEvent>>();
  const firstSeqs = new Map<string, number>();
  const feeds: Record<string, { version: number; item: unknown }[]> = { bookings: [], catalogue: [], quotas: [] };
  let version = 0;
  const nonces = new Set<string>();
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;

  const heldThrough = (epoch: string): number => {
    const events = held.get(epoch)!;
    let seq = firstSeqs.get(epoch)! - 1;
    while (events.has(seq + 1)) seq++;
    return seq;
  };

  const refuse = (res: ServerResponse, status: number, reason: string, params: Record<string, string | number> = {}) => {
    hq.requests.refused++;
    const code = status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : 'conflict';
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code, reason, message: reason, params } }));
  };

  const answer = async (req: IncomingMessage, res: ServerResponse, body: string): Promise<void> => {
    const path = req.url ?? '/';
    const time = String(req.headers['x-antre-time'] ?? '');
    const nonce = String(req.headers['x-antre-nonce'] ?? '');
    const given = String(req.headers['x-antre-signature'] ?? '');
    const signingSecret = hq.fault === 'wrong_secret' ? `${secret}-rotated` : secret;
    if (given !== sign(signingSecret, req.method ?? '', path, time, nonce, body)) return refuse(res, 401, 'signature_invalid');
    if (Math.abs(Date.now() - Number(time)) > MAX_SKEW_MS) return refuse(res, 401, 'signature_expired');
    if (nonces.has(nonce)) return refuse(res, 401, 'signature_replayed');
    nonces.add(nonce);
    if (hq.fault === 'error_500') {
      res.writeHead(500, { 'content-type': 'text/html' }).end('<html><body>502 Bad Gateway</body></html>');
      return;
    }
    if (hq.fault === 'garbage') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"heldThrough": "lots", "items": 7');
      return;
    }
    const url = new URL(path, 'http://hq');
    const [, , , , branch, what] = url.pathname.split('/');
    let reply: unknown;
    if (req.method === 'POST' && what === 'events') {
      hq.requests.push++;
      const batch = JSON.parse(body) as { branch: string; epoch: string; firstSeq: number; events: Omit<StoredEvent, 'branch' | 'epoch'>[] };
      if (batch.branch !== branch || (options.branch && branch !== options.branch)) return refuse(res, 403, 'branch_mismatch');
      if (!held.has(batch.epoch)) {
        held.set(batch.epoch, new Map());
        firstSeqs.set(batch.epoch, batch.firstSeq);
      }
      const events = held.get(batch.epoch)!;
      // Another event at a seq already held: a log taken for another; the whole batch is refused.
      const clash = batch.events.find((e) => events.has(e.seq) && events.get(e.seq)!.id !== e.id);
      if (clash) {
        hq.conflicts.push({ epoch: batch.epoch, seq: clash.seq, held: events.get(clash.seq)!.id, sent: clash.id });
        return refuse(res, 409, 'event_conflict', { seq: clash.seq, held: events.get(clash.seq)!.id, sent: clash.id });
      }
      let stored = 0;
      for (const e of batch.events) {
        if (events.has(e.seq)) continue;
        const event = { branch, epoch: batch.epoch, ...e };
        events.set(e.seq, event);
        hq.stored.push(event);
        stored++;
      }
      reply = { epoch: batch.epoch, heldThrough: heldThrough(batch.epoch), stored };
      if (hq.fault === 'lose_response') {
        // Stored, then the connection drops before the answer: the branch must send it again.
        req.socket.destroy();
        return;
      }
      // Stored, and the answer never comes: the branch is caught mid-push.
      if (hq.fault === 'hang_after_store') return;
    } else if (req.method === 'GET' && what && what in feeds) {
      hq.requests.pull++;
      const after = Number(url.searchParams.get('after') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? 100);
      const next = feeds[what]!.filter((f) => f.version > after).slice(0, limit);
      const cursor = next.length > 0 ? next.at(-1)!.version : after;
      reply = { items: next.map((f) => f.item), cursor: String(cursor), more: feeds[what]!.some((f) => f.version > cursor) };
    } else {
      res.writeHead(404).end();
      return;
    }
    const text = JSON.stringify(reply);
    if (hq.fault === 'trickle') {
      // Headers at once, then a byte a second: the answer never completes in a useful time.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(text.length) });
      for (const ch of text) {
        if (res.destroyed) return;
        res.write(ch);
        await new Promise((r) => setTimeout(r, 1000));
      }
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(text);
  };

  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => void answer(req, res, Buffer.concat(chunks).toString('utf8')));
      });
      server.on('connection', (s) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as AddressInfo).port;
        resolve();
      });
    });

  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server) return resolve();
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
      server = null;
    });

  await listen();
  const hq: FakeHq = {
    url: `http://127.0.0.1:${port}`,
    secret,
    fault: 'none',
    stored: [],
    conflicts: [],
    requests: { push: 0, pull: 0, refused: 0 },
    publish(feed, items) {
      for (const item of items) feeds[feed]!.push({ version: ++version, item });
    },
    down: stop,
    up: listen,
    close: stop,
  };
  return hq;
}
