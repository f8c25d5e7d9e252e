import { fork } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { openDatabase } from '../../main/db/connection.js';

/**
 * Issuing a ticket through the hub's HTTP API with 50 stream clients attached, next to the floor
 * measured in the same run: one durable SQLite insert of a ticket-sized row plus one WebSocket
 * send of an event-sized message. The two are measured in alternating rounds so that disk and CPU
 * noise on a shared machine falls on both alike. Prints figures and ratios; asserts nothing.
 */

const STREAM_CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const ROUNDS = 10;
const PER_ROUND = 300;
const WARMUP = 300;
const CONCURRENT = 6000;
const CONCURRENCY = 8;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const ms = (n: number) => `${n.toFixed(3)} ms`;

interface Ready {
  url: string;
  kiosk: string;
  display: string;
  services: string[];
}

function forkTs(file: string, args: string[] = []) {
  const profile = process.env.BENCH_PROF && file.startsWith('bench-hub') ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : [];
  return fork(join(import.meta.dirname, file), args, { execArgv: ['--import', 'tsx', ...profile], stdio: 'inherit' });
}

const nextMessage = <T>(child: ReturnType<typeof fork>) =>
  new Promise<T>((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (m) => resolve(m as T));
  });

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function post(url: string, token: string, body: string | null): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers = body === null ? {} : { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
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

/** The floor: a durable insert of a row the size of an event plus a WebSocket send of the same bytes. */
async function openFloor() {
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
    close() {
      client.close();
      wss.close();
      db.close();
    },
  };
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

  const floor = await openFloor();
  for (let i = 0; i < WARMUP; i++) await issue();
  for (let i = 0; i < WARMUP; i++) await floor.op(eventPayload);

  const hubLatencies: number[] = [];
  const floorLatencies: number[] = [];
  const httpLatencies: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
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

  const hub = { p50: percentile(hubLatencies, 50), p99: percentile(hubLatencies, 99) };
  const base = { p50: percentile(floorLatencies, 50), p99: percentile(floorLatencies, 99) };
  const expected = (WARMUP + ROUNDS * PER_ROUND + CONCURRENT) * STREAM_CLIENTS;
  console.log(`Issue a ticket over HTTP with ${STREAM_CLIENTS} stream clients: ${ROUNDS}x${PER_ROUND} sequential, alternating with the floor, then ${CONCURRENT} at concurrency ${CONCURRENCY}`);
  console.log(`  hub   p50 ${ms(hub.p50)}  p99 ${ms(hub.p99)}  ${perSecond.toFixed(0)} tickets/s  (stream deliveries ${delivered} of ${expected}, ${eventBytes} B each)`);
  console.log(`  floor p50 ${ms(base.p50)}  p99 ${ms(base.p99)}  ${floorPerSecond.toFixed(0)} ops/s  (durable insert + WebSocket send of ${eventPayload.length} B)`);
  console.log(`  (for reference: an empty HTTP round trip to the hub, p50 ${ms(percentile(httpLatencies, 50))}  p99 ${ms(percentile(httpLatencies, 99))};`);
  console.log(`   inside the hub, arrival to reply, p50 ${ms(percentile(serverSide, 50))}  p99 ${ms(percentile(serverSide, 99))})`);
    const p99Ratio = hub.p99 / base.p99;
  console.log(`  ratio p50 ${(hub.p50 / base.p50).toFixed(2)}x  p99 ${p99Ratio.toFixed(2)}x`);
  console.log(`  goals: p99 within 3x of the floor: ${p99Ratio <= 3 ? 'met' : 'not met'}; at least 1000 tickets/s: ${perSecond >= 1000 ? 'met' : 'not met'}`);
}
