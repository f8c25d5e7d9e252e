import { fork, type ChildProcess } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { Agent, request } from 'node:http';
import { createBranchRegistry } from '../../hq/branches/branch-registry.js';
import { migrateHq } from '../../hq/db/migrate-hq.js';
import { createFeedWriter } from '../../hq/feeds/feed-writer.js';
import { openPgDatabase } from '../../hq/db/pg-database.js';
import { createEventPartitions } from '../../hq/db/event-partitions.js';
import { silentHqLog } from '../../hq/hq-log.js';
import { parseHqKey } from '../../hq/secrets/hq-key.js';
import { startHq } from '../../hq/start-hq.js';
import { SIGNATURE_HEADERS, signingText } from '../../main/wire/sync.js';

/**
 * Headquarters on PostgreSQL (DATABASE_URL), each figure next to a floor measured in the same run:
 *  - drain of a 100,000-event backlog, one branch pushing batches of 1,000 over HTTP as its sync
 *    worker does, against the same rows inserted bare (same INSERT, same batches, no HTTP, no
 *    signature, no checks), in alternating rounds so the machine's noise falls on both;
 *  - 300 branches pushing at once into two headquarters processes: events/s and p99 per push;
 *  - a booking rush of 1,000 concurrent clients through both processes: bookings/s and p99,
 *    against bare one-row transactions at the same concurrency.
 * Prints figures; asserts nothing.
 */

const HQ_MIGRATIONS = resolve(import.meta.dirname, '..', '..', 'hq', 'migrations');
const BACKLOG = 100_000;
const BATCH = 1_000;
const ROUNDS = 5;
const BRANCHES = 300;
const PUSHES_PER_BRANCH = 4;
const EVENTS_PER_PUSH = 100;
const CLIENTS = 1_000;
const BOOKINGS_PER_CLIENT = 5;
const TOKEN = randomBytes(16).toString('hex');

/** The floor: the INSERT hq_push makes for a batch of new events, on its own. */
const BARE_INSERT = `
  INSERT INTO hq_events (branch_id, epoch, seq, event_id, type, v, at, payload)
  SELECT $1, $2, x.seq, x.id, x.type, x.v, timestamptz 'epoch' + x.at::float8 * interval '1 millisecond', x.payload
  FROM jsonb_to_recordset($3::jsonb) AS x(seq bigint, id uuid, type text, v integer, at bigint, payload jsonb)`;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const rate = (n: number, ms: number) => `${Math.round((n * 1000) / ms).toLocaleString('en')}`;

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function send(url: string, method: 'GET' | 'POST', path: string, body: string | undefined, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolvePromise, reject) => {
    const all = { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }) };
    const req = request(url + path, { method, agent, headers: all }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function signed(branch: string, secret: string, method: 'GET' | 'POST', path: string, body: string) {
  const time = Date.now();
  const nonce = crypto.randomUUID();
  const hash = createHash('sha256').update(body).digest('hex');
  return {
    [SIGNATURE_HEADERS.branch]: branch,
    [SIGNATURE_HEADERS.time]: String(time),
    [SIGNATURE_HEADERS.nonce]: nonce,
    [SIGNATURE_HEADERS.signature]: createHmac('sha256', secret).update(signingText(method, path, time, nonce, hash)).digest('hex'),
  };
}

/** A ticket.issued payload of the size a branch sends. */
function events(from: number, count: number, at: number) {
  return Array.from({ length: count }, (_, i) => ({
    seq: from + i,
    id: crypto.randomUUID(),
    type: 'ticket.issued',
    v: 1,
    at: at + i,
    payload: {
      ticket: { id: crypto.randomUUID(), businessDay: '2026-12-04', displayNumber: `A${String((from + i) % 999).padStart(3, '0')}`, serviceCode: 'JHT', source: 'walk_in', priority: 'normal', claimCount: null, status: 'waiting', outcome: null, arrivedAt: at, issuedAt: at, calledAt: null, positionId: null, recallCount: 0 },
    },
  }));
}

function forkHq(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(join(import.meta.dirname, 'hq-process.ts'), [], { execArgv: ['--import', 'tsx'], env: { ...process.env, ...env }, stdio: 'inherit' });
  return new Promise((resolvePromise, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`headquarters process exited with ${code}`)));
    child.once('message', (m) => resolvePromise({ child, url: (m as { url: string }).url }));
  });
}

export async function benchHq(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.log('Headquarters: skipped (set DATABASE_URL to a PostgreSQL database; the figures are for a server, not PGlite)');
    return;
  }
  const schema = `hq_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const keyText = randomBytes(32).toString('hex');
  const key = parseHqKey(keyText, 'bench key');
  const db = openPgDatabase({ url, schema, poolSize: 20 });
  const children: ChildProcess[] = [];
  try {
    await migrateHq(db, HQ_MIGRATIONS);
    const hq = await startHq({ db, key, log: silentHqLog, bookingToken: TOKEN, viewToken: TOKEN });
    const at = Date.now();
    await createEventPartitions(db)([at]);

    // --- Drain of a backlog, against the bare insert of the same rows.
    const drainer = await hq.registry.add({ id: 'bench-drain', name: 'Drain', timeZone: 'Asia/Jakarta' });
    const epoch = crypto.randomUUID();
    const bareEpoch = crypto.randomUUID();
    const perRound = BACKLOG / ROUNDS;
    let drainMs = 0;
    let bareMs = 0;
    let seq = 1;
    let bareSeq = 1;
    for (let round = 0; round < ROUNDS; round++) {
      const bareBatches = Array.from({ length: perRound / BATCH }, (_, b) => events(bareSeq + b * BATCH, BATCH, at));
      bareSeq += perRound;
      const t0 = performance.now();
      for (const batch of bareBatches) await db.transaction((tx) => tx.query(BARE_INSERT, ['bench-bare', bareEpoch, JSON.stringify(batch)]));
      bareMs += performance.now() - t0;

      const batches = Array.from({ length: perRound / BATCH }, (_, b) => events(seq + b * BATCH, BATCH, at));
      seq += perRound;
      const t1 = performance.now();
      for (const batch of batches) {
        const body = JSON.stringify({ branch: drainer.id, epoch, firstSeq: 1, events: batch });
        const path = `/api/v1/branches/${drainer.id}/events`;
        const res = await send(hq.url, 'POST', path, body, signed(drainer.id, drainer.secret, 'POST', path, body));
        if (res.status !== 200) throw new Error(`push refused: ${res.status} ${res.text.slice(0, 300)}`);
      }
      drainMs += performance.now() - t1;
    }
    const [{ held }] = (await db.query<{ held: number }>('SELECT held_through AS held FROM hq_epochs WHERE branch_id = $1', [drainer.id])) as [{ held: number }];
    const drainRate = (BACKLOG * 1000) / drainMs;
    const bareRate = (BACKLOG * 1000) / bareMs;
    console.log(`Headquarters on ${db.description}`);
    console.log(`Drain of a ${BACKLOG.toLocaleString('en')}-event backlog in pushes of ${BATCH} (${ROUNDS} rounds alternating with the floor):`);
    console.log(`  drain ${rate(BACKLOG, drainMs)} events/s  (${(drainMs / 1000).toFixed(1)} s; held through seq ${held})`);
    console.log(`  floor ${rate(BACKLOG, bareMs)} events/s  (bare batched INSERT of the same rows, ${(bareMs / 1000).toFixed(1)} s)`);
    console.log(`  ratio ${(bareRate / drainRate).toFixed(2)}x slower than the floor`);
    console.log(`  goals: within 2x of the floor: ${bareRate / drainRate <= 2 ? 'met' : 'not met'}; at least 10,000 events/s: ${drainRate >= 10_000 ? 'met' : 'not met'}`);

    // --- 300 branches at once into two headquarters processes.
    await hq.close();
    const env = { DATABASE_URL: url, HQ_BENCH_SCHEMA: schema, HQ_BENCH_KEY: keyText, HQ_BENCH_TOKEN: TOKEN };
    const processes = await Promise.all([forkHq(env), forkHq(env)]);
    children.push(...processes.map((p) => p.child));
    const urls = processes.map((p) => p.url);
    const registry = createBranchRegistry(db, key);
    const branches: Awaited<ReturnType<typeof registry.add>>[] = [];
    for (let i = 0; i < BRANCHES; i++) branches.push(await registry.add({ id: `bench-${String(i).padStart(3, '0')}`, name: `Branch ${i}`, timeZone: 'Asia/Jakarta' }));
    const pushLatencies: number[] = [];
    const t2 = performance.now();
    await Promise.all(
      branches.map(async (b, i) => {
        const branchEpoch = crypto.randomUUID();
        for (let p = 0; p < PUSHES_PER_BRANCH; p++) {
          const body = JSON.stringify({ branch: b.id, epoch: branchEpoch, firstSeq: 1, events: events(1 + p * EVENTS_PER_PUSH, EVENTS_PER_PUSH, at) });
          const path = `/api/v1/branches/${b.id}/events`;
          const s = performance.now();
          const res = await send(urls[i % 2]!, 'POST', path, body, signed(b.id, b.secret, 'POST', path, body));
          pushLatencies.push(performance.now() - s);
          if (res.status !== 200) throw new Error(`push refused: ${res.status} ${res.text.slice(0, 300)}`);
        }
      }),
    );
    const branchesMs = performance.now() - t2;
    const total = BRANCHES * PUSHES_PER_BRANCH * EVENTS_PER_PUSH;
    const [{ stored }] = (await db.query<{ stored: number }>("SELECT count(*)::int AS stored FROM hq_events WHERE branch_id LIKE 'bench-___'")) as [{ stored: number }];
    console.log(`${BRANCHES} branches pushing at once, ${PUSHES_PER_BRANCH} pushes of ${EVENTS_PER_PUSH} events each, into two headquarters processes:`);
    console.log(`  ${rate(total, branchesMs)} events/s  (${stored.toLocaleString('en')} of ${total.toLocaleString('en')} stored in ${(branchesMs / 1000).toFixed(1)} s)`);
    console.log(`  push p50 ${percentile(pushLatencies, 50).toFixed(1)} ms  p99 ${percentile(pushLatencies, 99).toFixed(1)} ms`);
    console.log(`  floor: the bare insert above, ${rate(BACKLOG, bareMs)} events/s in batches of ${BATCH}`);

    // --- Booking rush: 1,000 concurrent clients, against bare one-row transactions.
    const SITES = 20;
    const SLOTS = 10;
    const day = Date.UTC(2030, 2, 11, 1, 0);
    const feeds = createFeedWriter(db);
    for (let s = 0; s < SITES; s++) {
      const slots = Array.from({ length: SLOTS }, (_, i) => ({ serviceCode: 'JHT', slotStart: day + i * 1_800_000, slotEnd: day + (i + 1) * 1_800_000, capacity: 20 }));
      await feeds.publish(branches[s]!.id, { slots });
    }
    const capacity = SITES * SLOTS * 20;
    const requests = CLIENTS * BOOKINGS_PER_CLIENT;
    const bookingLatencies: number[] = [];
    const outcomes = new Map<string, number>();
    const t3 = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (let r = 0; r < BOOKINGS_PER_CLIENT; r++) {
          const n = c * BOOKINGS_PER_CLIENT + r;
          const body = JSON.stringify({ branch: branches[n % SITES]!.id, service: 'JHT', slotStart: day + (Math.floor(n / SITES) % SLOTS) * 1_800_000, nik: `3174${String(n).padStart(12, '0')}` });
          const s = performance.now();
          const res = await send(urls[n % 2]!, 'POST', '/api/v1/bookings', body, { authorization: `Bearer ${TOKEN}` });
          bookingLatencies.push(performance.now() - s);
          const outcome = res.status === 201 ? 'booked' : ((JSON.parse(res.text) as { error?: { reason?: string } }).error?.reason ?? String(res.status));
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        }
      }),
    );
    const rushMs = performance.now() - t3;
    const booked = outcomes.get('booked') ?? 0;
    const [{ inDb }] = (await db.query<{ inDb: number }>('SELECT count(*)::int AS "inDb" FROM hq_bookings')) as [{ inDb: number }];

    // The floor: the same number of one-row transactions at the same concurrency, without HTTP or checks.
    await db.query('CREATE TABLE bench_floor (id bigserial PRIMARY KEY, branch_id text, nik text)');
    const floorLatencies: number[] = [];
    const t4 = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (let r = 0; r < BOOKINGS_PER_CLIENT; r++) {
          const s = performance.now();
          await db.transaction((tx) => tx.query('INSERT INTO bench_floor (branch_id, nik) VALUES ($1, $2)', ['b', String(c * BOOKINGS_PER_CLIENT + r)]));
          floorLatencies.push(performance.now() - s);
        }
      }),
    );
    const floorMs = performance.now() - t4;
    console.log(`Booking rush: ${CLIENTS.toLocaleString('en')} concurrent clients, ${requests.toLocaleString('en')} requests for ${capacity.toLocaleString('en')} places (${SITES} branches x ${SLOTS} slots x 20), through two processes:`);
    console.log(`  ${rate(requests, rushMs)} answers/s, ${rate(booked, rushMs)} bookings/s  (${[...outcomes].map(([k, v]) => `${k} ${v}`).join(', ')}; ${inDb} bookings stored)`);
    console.log(`  p50 ${percentile(bookingLatencies, 50).toFixed(1)} ms  p99 ${percentile(bookingLatencies, 99).toFixed(1)} ms`);
    console.log(`  floor ${rate(requests, floorMs)} one-row transactions/s at the same concurrency (20 connections, no HTTP), p50 ${percentile(floorLatencies, 50).toFixed(1)} ms  p99 ${percentile(floorLatencies, 99).toFixed(1)} ms`);
  } finally {
    for (const child of children) child.disconnect();
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    await db.close();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
    agent.destroy();
  }
}
