/**
 * The real headquarters service (hq/, on PGlite or the PostgreSQL server DATABASE_URL names) with
 * this branch registered, reached through a small proxy that can make it misbehave the ways a
 * link or a server does: down, a 500, garbage, an answer that trickles in, an answer lost after
 * headquarters stored the push, or one that never comes.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Publication } from '../../hq/feeds/feed-writer.js';
import { BOOKING_TOKEN, startTestHq, type TestHq } from '../hq/support/hq-fixture.js';

/** lose_response and hang_after_store hit pushes only: headquarters stores the events, the branch never hears so. */
export type HqFault = 'none' | 'error_500' | 'garbage' | 'trickle' | 'lose_response' | 'hang_after_store';

export interface StoredEvent {
  epoch: string;
  seq: number;
  id: string;
  type: string;
  v: number;
  payload: Record<string, unknown>;
}

export interface HqUnderTest {
  /** The proxy's address: what the hub profile names. */
  url: string;
  branch: string;
  secret: string;
  fault: HqFault;
  /** Requests that reached headquarters through the proxy. */
  forwarded: number;
  /** Every event headquarters holds for the branch, by epoch and seq. */
  stored(): Promise<StoredEvent[]>;
  /** Services and quotas published to the branch, as headquarters' staff would. */
  publish(publication: Publication): Promise<void>;
  /** A participant books a slot on the booking site; returns the booking code. */
  book(service: string, slotStart: number, slotEnd: number, nik: string): Promise<string>;
  /** The proxy stops answering (connections refused), as when headquarters or the link is down. */
  down(): Promise<void>;
  up(): Promise<void>;
  /** Closes the proxy (headquarters itself closes with its Headquarters). */
  close(): Promise<void>;
}

/** One headquarters for a test file (starting one takes seconds); each test registers its own branch. */
export interface Headquarters {
  /** Registers a new branch and opens a proxy for it. */
  branch(): Promise<HqUnderTest>;
  close(): Promise<void>;
}

export async function startHeadquarters(): Promise<Headquarters> {
  const real = await startTestHq();
  const opened: HqUnderTest[] = [];
  return {
    async branch() {
      const hq = await openBranch(real, `branch-${opened.length + 1}`);
      opened.push(hq);
      return hq;
    },
    async close() {
      await Promise.all(opened.map((hq) => hq.close()));
      await real.close();
    },
  };
}

async function openBranch(real: TestHq, branch: string): Promise<HqUnderTest> {
  const { secret } = await real.hq.registry.add({ id: branch, name: `Cabang ${branch}`, timeZone: 'Asia/Jakarta' });
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;

  const trickle = async (res: ServerResponse, status: number, text: string) => {
    // Headers at once, then a byte a second: the answer never completes in a useful time.
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
    for (const ch of text) {
      if (res.destroyed) return;
      res.write(ch);
      await new Promise((r) => setTimeout(r, 1000));
    }
    res.end();
  };

  const answer = async (req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> => {
    const fault = hq.fault;
    if (fault === 'error_500') return void res.writeHead(500, { 'content-type': 'text/html' }).end('<html><body>502 Bad Gateway</body></html>');
    if (fault === 'garbage') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"heldThrough": "lots", "items": 7');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (name.startsWith('x-antre-') || name === 'content-type') headers[name] = String(value);
    hq.forwarded++;
    const upstream = await fetch(real.url + req.url, { method: req.method, headers, body: body.length > 0 ? new Uint8Array(body) : undefined });
    const text = await upstream.text();
    // Headquarters has stored the push by now; its answer is lost, or never comes. Pulls pass.
    if (req.method === 'POST' && fault === 'lose_response') return void req.socket.destroy();
    if (req.method === 'POST' && fault === 'hang_after_store') return;
    if (fault === 'trickle') return trickle(res, upstream.status, text);
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' }).end(text);
  };

  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          answer(req, res, Buffer.concat(chunks)).catch(() => res.destroy());
        });
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
  const hq: HqUnderTest = {
    url: `http://127.0.0.1:${port}`,
    branch,
    secret,
    fault: 'none',
    forwarded: 0,
    async stored() {
      const rows = await real.database.db.query<{ epoch: string; seq: number; id: string; type: string; v: number; payload: Record<string, unknown> }>(
        'SELECT epoch::text AS epoch, seq, event_id::text AS id, type, v, payload FROM hq_events WHERE branch_id = $1 ORDER BY epoch, seq',
        [branch],
      );
      return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
    },
    async publish(publication) {
      await real.hq.feeds.publish(branch, publication);
    },
    async book(service, slotStart, slotEnd, nik) {
      await real.hq.feeds.publish(branch, { slots: [{ serviceCode: service, slotStart, slotEnd, capacity: 10 }] });
      const res = await fetch(`${real.url}/api/v1/bookings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${BOOKING_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ branch, service, slotStart, nik }),
      });
      const body = (await res.json()) as { code: string };
      if (res.status !== 201) throw new Error(`booking refused: ${res.status} ${JSON.stringify(body)}`);
      return body.code;
    },
    down: stop,
    up: listen,
    close: stop,
  };
  return hq;
}
