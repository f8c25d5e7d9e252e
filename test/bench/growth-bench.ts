import type { ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { DATABASE_FILE } from '../../main/ops/hub-storage.js';
import { buildHistory } from '../support/history-builder.js';
import { forkTs, nextMessage, percentile, post, type Ready as HubReady } from './issue-bench.js';

/**
 * A hub that ages well: the same figures on an empty database and on one with a year of history
 * (built through the queue's own commands by test/support/history-builder), both hubs running at
 * once in their own processes and measured in alternating rounds so the machine's noise falls on
 * both alike. Each figure is printed as history against empty, with the goal (within 1.2x).
 *
 * The history is built once per run in a temp folder and copied for the hub; BENCH_GROWTH_DAYS
 * sets how many days (300 tickets a day) and BENCH_GROWTH_CACHE names a file to keep the built
 * database in between runs (it is reused when it exists). The default is 60 days, not the year:
 * building takes minutes on this 2-core machine (60 days took about 8 before migration 009 took a
 * scan of every finished ticket out of each command). Prints; asserts nothing.
 */

const DAYS = Number(process.env.BENCH_GROWTH_DAYS ?? 60);
const TICKETS_PER_DAY = 300;
const GOAL = 1.2;
const STARTS = 3;
const STATE_ROUNDS = 5;
const STATE_PER_ROUND = 40;
const ISSUE_ROUNDS = 5;
const ISSUE_PER_ROUND = 100;
const REPLAY = 5000;
const REPLAYS = 5;
/** Pages on each hub's stream while issuing: each pump computes the state they are sent. */
const PAGE_STREAMS = 10;

interface Ready extends HubReady {
  startupMs: number;
}

interface Hub {
  name: 'empty' | 'history';
  baseDir: string;
  process: ChildProcess;
  ready: Ready;
}

/** Every process this benchmark started, ended if it fails half-way so no hub is left running. */
const children = new Set<ChildProcess>();

function forkTracked(file: string, arg: unknown): ChildProcess {
  const child = forkTs(file, [JSON.stringify(arg)]);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

const call = (url: string, token: string, body?: unknown) => post(url, token, body === undefined ? null : JSON.stringify(body));

async function startHubProcess(name: Hub['name'], baseDir: string, prepare = false): Promise<Hub> {
  const child = forkTracked('growth-hub-process.ts', { baseDir, prepare });
  const ready = await nextMessage<Ready>(child);
  return { name, baseDir, process: child, ready };
}

async function stopHub(hub: Hub): Promise<void> {
  const stopped = nextMessage(hub.process);
  hub.process.send('stop');
  await stopped;
}

/** The built history: from the cache file when it is there, otherwise built now (and kept there when one is named). */
function historyFile(work: string): { file: string; note: string } {
  const cached = process.env.BENCH_GROWTH_CACHE;
  if (cached && existsSync(cached)) return { file: cached, note: `reused from ${cached}` };
  const file = cached ?? join(work, 'history.db');
  const started = performance.now();
  const history = buildHistory({ file, days: DAYS, ticketsPerDay: TICKETS_PER_DAY });
  return { file, note: `built in ${((performance.now() - started) / 1000).toFixed(0)} s: ${history.tickets} tickets, ${history.events} events` };
}

const dbBytes = (hub: Hub) => {
  const file = join(hub.baseDir, 'data', DATABASE_FILE);
  return statSync(file).size + (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);
};

function line(label: string, empty: number, history: number, unit: string, digits = 2): void {
  const ratio = history / empty;
  const fmt = (n: number) => `${n.toFixed(digits)} ${unit}`;
  console.log(`  ${label.padEnd(30)} empty ${fmt(empty).padStart(12)}  history ${fmt(history).padStart(12)}  ratio ${ratio.toFixed(2)}x  goal within ${GOAL}x: ${ratio <= GOAL ? 'met' : 'not met'}`);
}

/** Opens a stream that missed the last REPLAY events and times until the newest of them arrives. */
function replay(hub: Hub, last: number, page: boolean): Promise<number> {
  const url = `${hub.ready.url.replace(/^http/, 'ws')}/api/v1/stream?token=${hub.ready.display}&after=${last - REPLAY}${page ? '&state=1' : ''}`;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const ws = new WebSocket(url);
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as { type: string; seq?: number; event?: { seq: number }; events?: { seq: number }[] };
      if (m.type === 'reset') reject(new Error(`${hub.name}: the hub reset the replay instead of sending ${REPLAY} events`));
      const reached = page ? m.type === 'events' && m.seq === last : (m.event?.seq ?? m.events?.at(-1)?.seq) === last;
      if (!reached) return;
      resolve(performance.now() - started);
      ws.close();
    });
    ws.on('error', reject);
  });
}

export async function benchGrowth(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'antre-growth-'));
  try {
    await measure(work);
  } finally {
    for (const child of children) child.kill();
    rmSync(work, { recursive: true, force: true });
  }
}

async function measure(work: string): Promise<void> {
  const built = historyFile(work);
  const bases = { empty: join(work, 'empty'), history: join(work, 'history') };
  for (const base of Object.values(bases)) mkdirSync(join(base, 'data'), { recursive: true });
  copyFileSync(built.file, join(bases.history, 'data', DATABASE_FILE));

  await stopHub(await startHubProcess('empty', bases.empty, true));
  await stopHub(await startHubProcess('history', bases.history, true));

  // Startup: each database opened STARTS times, alternately; the last pair stays up for the rest.
  const startups = { empty: [] as number[], history: [] as number[] };
  let hubs!: { empty: Hub; history: Hub };
  for (let i = 0; i < STARTS; i++) {
    const empty = await startHubProcess('empty', bases.empty);
    const history = await startHubProcess('history', bases.history);
    startups.empty.push(empty.ready.startupMs);
    startups.history.push(history.ready.startupMs);
    if (i < STARTS - 1) {
      await stopHub(empty);
      await stopHub(history);
    } else hubs = { empty, history };
  }
  const both = [hubs.empty, hubs.history] as const;

  const state = { empty: [] as number[], history: [] as number[] };
  for (const hub of both) for (let i = 0; i < 20; i++) await call(`${hub.ready.url}/api/v1/state`, hub.ready.display);
  for (let round = 0; round < STATE_ROUNDS; round++) {
    for (const hub of both) {
      for (let i = 0; i < STATE_PER_ROUND; i++) {
        const started = performance.now();
        const res = await call(`${hub.ready.url}/api/v1/state`, hub.ready.display);
        if (res.status !== 200) throw new Error(`${hub.name}: GET /state answered ${res.status} ${res.text}`);
        state[hub.name].push(performance.now() - started);
      }
    }
  }

  const pages = await Promise.all(
    both.map(async (hub) => {
      const streamUrl = `${hub.ready.url.replace(/^http/, 'ws')}/api/v1/stream?token=${hub.ready.display}&state=1`;
      const clients = forkTracked('stream-clients-process.ts', { url: streamUrl, count: PAGE_STREAMS });
      await nextMessage(clients);
      return clients;
    }),
  );
  const issued = { empty: 0, history: 0 };
  const issue = async (hub: Hub): Promise<number> => {
    const n = issued[hub.name]++;
    const serviceCode = hub.ready.services[n % hub.ready.services.length];
    const started = performance.now();
    const res = await call(`${hub.ready.url}/api/v1/tickets`, hub.ready.kiosk, { serviceCode, requestId: `growth-${hub.name}-${n}` });
    if (res.status !== 201) throw new Error(`${hub.name}: issue answered ${res.status} ${res.text}`);
    return performance.now() - started;
  };
  const issues = { empty: [] as number[], history: [] as number[] };
  for (const hub of both) for (let i = 0; i < 50; i++) await issue(hub);
  for (let round = 0; round < ISSUE_ROUNDS; round++) {
    for (const hub of both) for (let i = 0; i < ISSUE_PER_ROUND; i++) issues[hub.name].push(await issue(hub));
  }
  for (const clients of pages) {
    clients.send('report');
    await nextMessage(clients);
  }

  // Replay needs REPLAY events after the point a client resumes from; the empty hub is filled to
  // that by issuing more, and the history hub is given the same tickets so both days look alike.
  const lastSeq = async (hub: Hub) => {
    const reply = nextMessage<{ lastSeq: number }>(hub.process);
    hub.process.send('rss');
    return (await reply).lastSeq;
  };
  const fill = async (hub: Hub, count: number) => {
    let remaining = count;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (remaining-- > 0) await issue(hub);
      }),
    );
  };
  const filled = issued.empty;
  while ((await lastSeq(hubs.empty)) < REPLAY + 100) await fill(hubs.empty, 200);
  await fill(hubs.history, issued.empty - filled);
  const replays = { empty: [] as number[], history: [] as number[], emptyPage: [] as number[], historyPage: [] as number[] };
  const last = { empty: await lastSeq(hubs.empty), history: await lastSeq(hubs.history) };
  for (let i = 0; i < REPLAYS; i++) {
    for (const hub of both) {
      replays[hub.name].push(await replay(hub, last[hub.name], false));
      replays[`${hub.name}Page`].push(await replay(hub, last[hub.name], true));
    }
  }

  const rss = async (hub: Hub) => {
    const reply = nextMessage<{ rss: number }>(hub.process);
    hub.process.send('rss');
    return (await reply).rss / 2 ** 20;
  };
  const memory = { empty: await rss(hubs.empty), history: await rss(hubs.history) };
  const size = { empty: dbBytes(hubs.empty) / 2 ** 20, history: dbBytes(hubs.history) / 2 ** 20 };
  await stopHub(hubs.empty);
  await stopHub(hubs.history);

  const shortened = DAYS < 300 ? ` (fewer than the year's 300: BENCH_GROWTH_DAYS=300 builds the year)` : '';
  console.log(`Growth: an empty database against one with ${DAYS} days x ${TICKETS_PER_DAY} tickets of history${shortened}, history ${built.note}`);
  console.log(`  (both hubs up at once, measured alternately; ${PAGE_STREAMS} page streams on each while issuing; ${issued.empty} tickets issued on each today)`);
  line(`hub startup, median of ${STARTS}`, percentile(startups.empty, 50), percentile(startups.history, 50), 'ms', 1);
  line('GET /state p50', percentile(state.empty, 50), percentile(state.history, 50), 'ms', 3);
  line('issue over HTTP p50', percentile(issues.empty, 50), percentile(issues.history, 50), 'ms', 3);
  line('issue over HTTP p99', percentile(issues.empty, 99), percentile(issues.history, 99), 'ms', 3);
  line(`replay of ${REPLAY} events, median`, percentile(replays.empty, 50), percentile(replays.history, 50), 'ms', 1);
  line(`  the same to a page (state=1)`, percentile(replays.emptyPage, 50), percentile(replays.historyPage, 50), 'ms', 1);
  line('database size (file + WAL)', size.empty, size.history, 'MiB', 1);
  line('hub RSS after the run', memory.empty, memory.history, 'MiB', 1);
}
