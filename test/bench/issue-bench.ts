import { fork } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { openDatabase } from '../../main/db/connection.js';
import { migrate } from '../../main/db/migrate.js';
import { createBranchQueue } from '../../main/queue/branch-queue.js';
import { DEFAULT_SERVICES } from '../../main/queue/catalogue.js';
import { MIGRATIONS_DIR } from '../support/app-layout.js';

/**
 * Issuing a ticket through the hub's HTTP API with 50 stream clients attached, next to floors
 * measured in the same run: the issue's own (the same client's round trip to an empty authenticated
 * route of the same hub, then one durable SQLite insert of an event-sized row) and a stricter one
 * without HTTP (the durable insert plus one WebSocket send of the same bytes). All are measured in
 * alternating rounds so that disk and CPU noise on a shared machine falls on each alike. Then the
 * WAL frames one ticket commit writes, next to a bare durable insert on the same file. Prints
 * figures, ratios and whether issue 12's goals are met; asserts nothing.
 */

const STREAM_CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const ROUNDS = 10;
const PER_ROUND = 300;
const WARMUP = 300;
const CONCURRENT = 6000;
const CONCURRENCY = 8;
const WAL_TICKETS = 200;

/** Issue 12's goals. */
const GOAL_P99_RATIO = 1.5;
const GOAL_PER_SECOND = 1000;
const GOAL_WAL_FRAMES = 6;

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
export const ms = (n: number) => `${n.toFixed(3)} ms`;

export interface Ready {
  url: string;
  kiosk: string;
  display: string;
  services: string[];
}

export function forkTs(file: string, args: string[] = []) {
  const profile = process.env.BENCH_PROF && file.startsWith('bench-hub') ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : [];
  return fork(join(import.meta.dirname, file), args, { execArgv: ['--import', 'tsx', ...profile], stdio: 'inherit' });
}

export const nextMessage = <T>(child: ReturnType<typeof fork>) =>
  new Promise<T>((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (m) => {
      // A bench waits on one child many times: a listener left behind per wait would pile up.
      child.off('error', reject);
      resolve(m as T);
    });
  });

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

/** A POST with a JSON body, or with none a GET (authenticated when a token is given). */
export function post(url: string, token: string, body: string | null): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const auth = token === '' ? {} : { authorization: `Bearer ${token}` };
    const headers = body === null ? auth : { ...auth, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    const req = request(url, { method: body === null ? 'GET' : 'POST', agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

/**
 * The floors: a durable insert of a row the size of an event, either after an empty authenticated
 * round trip to the hub (the issue's floor) or followed by a WebSocket send of the same bytes.
 */
async function openFloor(emptyRoute: () => Promise<unknown>) {
  const dir = mkdtempSync(join(tmpdir(), 'antre-floor-'));
  const db = openDatabase(join(dir, 'floor.db'));
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  const serverSide = new Promise<WebSocket>((r) => wss.once('connection', r));
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as { port: number }).port}`);
  await new Promise((r) => client.once('open', r));
  const server = await serverSide;
  return {
    async op(payload: string): Promise<number> {
      const started = performance.now();
      insert.run(payload);
      await new Promise<void>((r) => server.send(payload, () => r()));
      return performance.now() - started;
    },
    async routeAndInsert(payload: string): Promise<number> {
      const started = performance.now();
      await emptyRoute();
      insert.run(payload);
      return performance.now() - started;
    },
    close() {
      client.close();
      wss.close();
      db.close();
    },
  };
}

/**
 * WAL frames per ticket commit, next to a bare durable single-row insert on the same file: the
 * issue path as the kiosk route runs it (request id, print job) on a branch with a few hundred
 * tickets, with automatic checkpoints off so the WAL only grows, read off the -wal file's size.
 */
function walFrames() {
  const dir = mkdtempSync(join(tmpdir(), 'antre-wal-'));
  const file = join(dir, 'branch.db');
  const db = openDatabase(file);
  migrate(db, MIGRATIONS_DIR);
  const queue = createBranchQueue(db, { branch: { id: 'bench', name: 'Bench', timeZone: 'Asia/Jakarta' } });
  for (const s of DEFAULT_SERVICES) queue.saveService({ ...s, dailyQuota: 999 });
  queue.savePosition({ id: 'booth-1', kind: 'booth', label: 'Bilik 1', active: true, services: DEFAULT_SERVICES.map((s) => s.code) });
  let n = 0;
  const issue = () => queue.issueTicket({ serviceCode: DEFAULT_SERVICES[n % DEFAULT_SERVICES.length]!.code, requestId: `wal-${n++}`, deviceId: 'kiosk', printOn: 'kiosk' });
  for (let i = 0; i < 300; i++) issue();
  db.exec('CREATE TABLE bare (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const bare = db.prepare('INSERT INTO bare (body) VALUES (?)');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('wal_autocheckpoint = 0');
  const frame = (db.pragma('page_size', { simple: true }) as number) + 24;
  // A WAL file starts with a 32-byte header, then one (page + 24-byte header) frame per page written.
  const walSize = () => Math.max(32, statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0);
  const framesOf = (fn: () => unknown) => {
    const before = walSize();
    fn();
    return (walSize() - before) / frame;
  };
  const ticket: number[] = [];
  const insert: number[] = [];
  const eventSized = 'x'.repeat(550);
  for (let i = 0; i < WAL_TICKETS; i++) {
    ticket.push(framesOf(issue));
    insert.push(framesOf(() => bare.run(eventSized)));
  }
  db.close();
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  return { ticket: { p50: percentile(ticket, 50), mean: mean(ticket) }, insert: { p50: percentile(insert, 50), mean: mean(insert) } };
}

/** Runs the issue benchmark and prints its figures. */
export async function benchIssue(): Promise<void> {
  const hubProcess = forkTs('bench-hub-process.ts');
  const ready = await nextMessage<Ready>(hubProcess);
  const streamUrl = `${ready.url.replace('http', 'ws')}/api/v1/stream?token=${ready.display}`;
  const clients = forkTs('stream-clients-process.ts', [JSON.stringify({ url: streamUrl, count: STREAM_CLIENTS })]);
  await nextMessage(clients);

  let n = 0;
  let eventPayload = '';
  const issue = async (): Promise<number> => {
    const serviceCode = ready.services[n++ % ready.services.length];
    const started = performance.now();
    const res = await post(`${ready.url}/api/v1/tickets`, ready.kiosk, JSON.stringify({ serviceCode, requestId: `bench-${process.pid}-${n}` }));
    const elapsed = performance.now() - started;
    if (res.status !== 201) throw new Error(`issue failed: ${res.status} ${res.text}`);
    eventPayload = res.text;
    return elapsed;
  };

  /** For reading the figures: the same HTTP client's round trip to the hub doing nothing. */
  const health = async (): Promise<number> => {
    const started = performance.now();
    await post(`${ready.url}/api/v1/health`, '', null);
    return performance.now() - started;
  };

  /** The issue's floor's HTTP half: an authenticated route that reads nothing but the caller's device. */
  const emptyRoute = async () => {
    const res = await post(`${ready.url}/api/v1/devices/current`, ready.kiosk, null);
    if (res.status !== 200) throw new Error(`empty route failed: ${res.status} ${res.text}`);
  };

  const floor = await openFloor(emptyRoute);
  for (let i = 0; i < WARMUP; i++) await issue();
  for (let i = 0; i < WARMUP; i++) await floor.op(eventPayload);
  for (let i = 0; i < WARMUP; i++) await floor.routeAndInsert(eventPayload);

  const hubLatencies: number[] = [];
  const floorLatencies: number[] = [];
  const issueFloorLatencies: number[] = [];
  const httpLatencies: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < PER_ROUND; i++) issueFloorLatencies.push(await floor.routeAndInsert(eventPayload));
    for (let i = 0; i < PER_ROUND; i++) floorLatencies.push(await floor.op(eventPayload));
    for (let i = 0; i < PER_ROUND; i++) hubLatencies.push(await issue());
    for (let i = 0; i < PER_ROUND / 3; i++) httpLatencies.push(await health());
  }

  const t0 = performance.now();
  let remaining = CONCURRENT;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (remaining-- > 0) await issue();
    }),
  );
  const perSecond = CONCURRENT / ((performance.now() - t0) / 1000);
  const floorPerSecond = floorLatencies.length / (floorLatencies.reduce((a, b) => a + b, 0) / 1000);

  await new Promise((r) => setTimeout(r, 500));
  clients.send('report');
  const { delivered, eventBytes } = await nextMessage<{ delivered: number; eventBytes: number }>(clients);
  const stopped = nextMessage<{ serverSide: number[] }>(hubProcess);
  hubProcess.send('stop');
  // The sequential rounds only: under concurrency a request's time in the hub includes waiting for others.
  const serverSide = (await stopped).serverSide.slice(WARMUP, WARMUP + ROUNDS * PER_ROUND);
  floor.close();
  agent.destroy();

  const wal = walFrames();

  const hub = { p50: percentile(hubLatencies, 50), p99: percentile(hubLatencies, 99) };
  const base = { p50: percentile(floorLatencies, 50), p99: percentile(floorLatencies, 99) };
  const issueBase = { p50: percentile(issueFloorLatencies, 50), p99: percentile(issueFloorLatencies, 99) };
  const expected = (WARMUP + ROUNDS * PER_ROUND + CONCURRENT) * STREAM_CLIENTS;
  const met = (ok: boolean) => (ok ? 'met' : 'not met');
  console.log(`Issue a ticket over HTTP with ${STREAM_CLIENTS} stream clients: ${ROUNDS}x${PER_ROUND} sequential, alternating with the floors, then ${CONCURRENT} at concurrency ${CONCURRENCY}`);
  console.log(`  hub    p50 ${ms(hub.p50)}  p99 ${ms(hub.p99)}  ${perSecond.toFixed(0)} tickets/s  (stream deliveries ${delivered} of ${expected}, ${eventBytes} B each)`);
  console.log(`  floor  p50 ${ms(issueBase.p50)}  p99 ${ms(issueBase.p99)}  (the issue's: empty authenticated route + durable insert of ${eventPayload.length} B)`);
  console.log(`  floor' p50 ${ms(base.p50)}  p99 ${ms(base.p99)}  ${floorPerSecond.toFixed(0)} ops/s  (no HTTP: durable insert + WebSocket send of ${eventPayload.length} B)`);
  console.log(`  (for reference: an empty HTTP round trip to the hub, p50 ${ms(percentile(httpLatencies, 50))}  p99 ${ms(percentile(httpLatencies, 99))};`);
  console.log(`   inside the hub, arrival to reply, p50 ${ms(percentile(serverSide, 50))}  p99 ${ms(percentile(serverSide, 99))})`);
  const p99Ratio = hub.p99 / issueBase.p99;
  const strictRatio = hub.p99 / base.p99;
  console.log(`  ratio to the floor  p50 ${(hub.p50 / issueBase.p50).toFixed(2)}x  p99 ${p99Ratio.toFixed(2)}x;  to floor'  p50 ${(hub.p50 / base.p50).toFixed(2)}x  p99 ${strictRatio.toFixed(2)}x`);
  console.log(`  WAL frames per commit: ticket p50 ${wal.ticket.p50} (mean ${wal.ticket.mean.toFixed(2)}), bare durable insert p50 ${wal.insert.p50} (mean ${wal.insert.mean.toFixed(2)}), ratio ${(wal.ticket.mean / wal.insert.mean).toFixed(1)}x`);
  console.log(
    `  goals: p99 within ${GOAL_P99_RATIO}x of the floor: ${met(p99Ratio <= GOAL_P99_RATIO)} (${p99Ratio.toFixed(2)}x; of floor' ${met(strictRatio <= GOAL_P99_RATIO)}, ${strictRatio.toFixed(2)}x);` +
      ` at least ${GOAL_PER_SECOND} tickets/s at concurrency ${CONCURRENCY}: ${met(perSecond >= GOAL_PER_SECOND)} (${perSecond.toFixed(0)});` +
      ` WAL frames per ticket commit at most ${GOAL_WAL_FRAMES}: ${met(wal.ticket.p50 <= GOAL_WAL_FRAMES)} (${wal.ticket.p50})`,
  );
}
