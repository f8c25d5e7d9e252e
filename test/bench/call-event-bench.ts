import type { ChildProcess } from 'node:child_process';
import { forkTs, ms, nextMessage, percentile, post, type Ready } from './issue-bench.js';

/**
 * A call as the lobby sees it: the time from a console sending "call next" to the ticket.called
 * event arriving at each stream client, with 1, 10 and 100 plain clients and with 10 clients that
 * open the stream the way pages do (`after` the state's seq, `state=1`: frames carrying what the
 * call changed). The floor, measured in alternating rounds in the same run: a bare HTTP server
 * that does one durable SQLite insert and sends the hub's own message, byte for byte, to as many
 * WebSocket clients. Hub, floor, clients and this timing process each have their own process; the
 * times are taken on the machine's monotonic clock, which they share. Between calls the officer
 * finishes the called ticket and the kiosk issues one, so a few always wait, and the next call
 * starts only once every client has had both. Prints figures, ratios and whether issue 12's goal
 * is met; asserts nothing.
 */

/** One client gives one time per call: it gets more rounds, so its p99 is not just the third-slowest call. */
const COUNTS: readonly { clients: number; pages: boolean; rounds: number }[] = [
  { clients: 1, pages: false, rounds: 12 },
  { clients: 10, pages: false, rounds: 6 },
  { clients: 100, pages: false, rounds: 6 },
  { clients: 10, pages: true, rounds: 6 },
];
const WARMUP = 20;
const PER_ROUND = 40;
/** Tickets waiting at every call. */
const WAITING = 3;
const POSITION = 'booth-1';

/** Issue 12's goal. */
const GOAL_P99_RATIO = 1.5;

interface Arrived {
  /** Each client's arrival of the awaited message, process.hrtime nanoseconds as text. */
  at: string[];
  text: string;
}

/** Sends a child a message and resolves with its answer. */
function ask<T>(child: ChildProcess, message: unknown): Promise<T> {
  const answer = new Promise<T>((resolve) => child.once('message', (m) => resolve(m as T)));
  child.send(message as object);
  return answer;
}

const summary = (values: number[]) => ({ p50: percentile(values, 50), p99: percentile(values, 99) });

/** Runs the call benchmark and prints its figures. */
export async function benchCallEvent(): Promise<void> {
  const hubProcess = forkTs('bench-hub-process.ts', ['calling']);
  const ready = await nextMessage<Ready & { console: string }>(hubProcess);
  const floorProcess = forkTs('broadcast-floor-process.ts');
  const floor = await nextMessage<{ url: string }>(floorProcess);
  const api = `${ready.url}/api/v1`;

  const signIn = await post(`${api}/sessions`, ready.console, JSON.stringify({ officerId: 'siti', pin: '1234', positions: [POSITION] }));
  if (signIn.status !== 201) throw new Error(`sign-in failed: ${signIn.status} ${signIn.text}`);
  let n = 0;
  const issue = async () => {
    const serviceCode = ready.services[n++ % ready.services.length];
    const res = await post(`${api}/tickets`, ready.kiosk, JSON.stringify({ serviceCode, requestId: `call-bench-${process.pid}-${n}` }));
    if (res.status !== 201) throw new Error(`issue failed: ${res.status} ${res.text}`);
  };
  for (let i = 0; i < WAITING; i++) await issue();

  const results: { label: string; hub: number[]; floor: number[]; calls: number[]; bytes: number }[] = [];
  for (const { clients: count, pages, rounds } of COUNTS) {
    const label = `${count} ${pages ? 'page-like' : 'plain'} client${count === 1 ? '' : 's'}`;
    let query = `token=${ready.display}`;
    if (pages) {
      const state = await post(`${api}/state`, ready.display, null);
      query = `after=${(JSON.parse(state.text) as { seq: number }).seq}&state=1&${query}`;
    }
    const hubClients = forkTs('stream-clients-process.ts', [JSON.stringify({ url: `${ready.url.replace('http', 'ws')}/api/v1/stream?${query}`, count, timed: '"ticket.called"' })]);
    const floorClients = forkTs('stream-clients-process.ts', [JSON.stringify({ url: floor.url.replace('http', 'ws'), count, timed: '"ticket.called"' })]);
    await Promise.all([nextMessage(hubClients), nextMessage(floorClients)]);

    let hubCalls = 0;
    let issued = 0;
    let message = '';
    const callCycle = async (latencies: number[] | null, callTimes: number[] | null) => {
      const started = process.hrtime.bigint();
      const res = await post(`${api}/positions/${POSITION}/call-next`, ready.console, '{}');
      const replied = process.hrtime.bigint();
      const ticket = res.status === 200 ? (JSON.parse(res.text) as { ticket: { id: string } | null }).ticket : null;
      if (!ticket) throw new Error(`call-next failed: ${res.status} ${res.text}`);
      const arrived = await ask<Arrived>(hubClients, { type: 'wait', issued, timed: ++hubCalls });
      message = arrived.text;
      for (const at of arrived.at) latencies?.push(Number(BigInt(at) - started) / 1e6);
      callTimes?.push(Number(replied - started) / 1e6);
      const finished = await post(`${api}/tickets/${ticket.id}/finish`, ready.console, JSON.stringify({ outcome: 'completed' }));
      if (finished.status !== 200) throw new Error(`finish failed: ${finished.status} ${finished.text}`);
      await issue();
      await ask<Arrived>(hubClients, { type: 'wait', issued: ++issued, timed: hubCalls });
    };
    let floorCalls = 0;
    const floorCycle = async (latencies: number[] | null) => {
      const started = process.hrtime.bigint();
      const res = await post(`${floor.url}/call`, '', '{}');
      if (res.status !== 200) throw new Error(`floor failed: ${res.status} ${res.text}`);
      const arrived = await ask<Arrived>(floorClients, { type: 'wait', issued: 0, timed: ++floorCalls });
      for (const at of arrived.at) latencies?.push(Number(BigInt(at) - started) / 1e6);
    };

    for (let i = 0; i < WARMUP; i++) await callCycle(null, null);
    await ask(floorProcess, { message });
    for (let i = 0; i < WARMUP; i++) await floorCycle(null);

    const hub: number[] = [];
    const base: number[] = [];
    const calls: number[] = [];
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < PER_ROUND; i++) await floorCycle(base);
      for (let i = 0; i < PER_ROUND; i++) await callCycle(hub, calls);
    }
    await Promise.all([ask(hubClients, 'report'), ask(floorClients, 'report')]);
    results.push({ label, hub, floor: base, calls, bytes: Buffer.byteLength(message) });
  }

  await ask(floorProcess, 'stop');
  await ask(hubProcess, 'stop');

  console.log(`Call next → ticket.called at each stream client: rounds of ${PER_ROUND} calls, alternating with the floor (bare HTTP + durable insert + ws send of the same bytes to as many clients)`);
  const ratios: number[] = [];
  for (const r of results) {
    const hub = summary(r.hub);
    const base = summary(r.floor);
    const calls = summary(r.calls);
    ratios.push(hub.p99 / base.p99);
    console.log(
      `  ${r.label.padEnd(20)} hub p50 ${ms(hub.p50)}  p99 ${ms(hub.p99)}   floor p50 ${ms(base.p50)}  p99 ${ms(base.p99)}   p99 ratio ${ratios.at(-1)!.toFixed(2)}x` +
        `   (${r.calls.length} calls, ${r.bytes} B; call-next reply p50 ${ms(calls.p50)}  p99 ${ms(calls.p99)})`,
    );
  }
  const met = ratios.every((ratio) => ratio <= GOAL_P99_RATIO);
  console.log(`  goal p99 within ${GOAL_P99_RATIO}x: ${met ? 'met' : 'not met'} (${results.map((r, i) => `${r.label} ${ratios[i]!.toFixed(2)}x`).join(', ')})`);
}
