import { createHash, createHmac, randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import pg from 'pg';
import type { HqDatabase } from '../../../hq/db/hq-database.js';
import { migrateHq } from '../../../hq/db/migrate-hq.js';
import { openPgDatabase } from '../../../hq/db/pg-database.js';
import { openPgliteDatabase } from '../../../hq/db/pglite-database.js';
import { consoleHqLog, silentHqLog } from '../../../hq/hq-log.js';
import { hqKeyFrom, type HqKey } from '../../../hq/secrets/hq-key.js';
import { startHq, type RunningHq } from '../../../hq/start-hq.js';
import { SIGNATURE_HEADERS, signingText } from '../../../main/wire/sync.js';

export const HQ_MIGRATIONS = resolve(import.meta.dirname, '..', '..', '..', 'hq', 'migrations');

/**
 * Headquarters' database for one test file: its own schema on the PostgreSQL server named by
 * DATABASE_URL (so test files running at once never meet), else an in-memory PGlite. `open`
 * gives another pool on the same schema, as a second headquarters process has.
 */
export interface TestDatabase {
  db: HqDatabase;
  open(): HqDatabase;
  /** Real PostgreSQL: concurrent transactions are real. */
  server: boolean;
  dispose(): Promise<void>;
}

export async function testDatabase(): Promise<TestDatabase> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const db = await openPgliteDatabase(undefined);
    await migrateHq(db, HQ_MIGRATIONS);
    return { db, open: () => ({ ...db, close: async () => undefined }), server: false, dispose: () => db.close() };
  }
  const schema = `hq_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const pools: HqDatabase[] = [];
  const open = () => {
    const db = openPgDatabase({ url, schema, poolSize: 6 });
    pools.push(db);
    return db;
  };
  const db = open();
  await migrateHq(db, HQ_MIGRATIONS);
  return {
    db,
    open,
    server: true,
    async dispose() {
      await Promise.all(pools.map((p) => p.close()));
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}

export const testKey = (): HqKey => hqKeyFrom(randomBytes(32));

export const BOOKING_TOKEN = 'booking-site-token-for-tests';
export const VIEW_TOKEN = 'national-view-token-for-tests';

export interface TestHq {
  database: TestDatabase;
  key: HqKey;
  /** One URL per headquarters process, each with its own connections to the same database. */
  urls: string[];
  url: string;
  hq: RunningHq;
  close(): Promise<void>;
}

/** Headquarters processes (in this process, each with its own pool) on one fresh database. */
export async function startTestHq(options: { processes?: number; clock?: () => number } = {}): Promise<TestHq> {
  const database = await testDatabase();
  const key = testKey();
  const running: RunningHq[] = [];
  for (let i = 0; i < (options.processes ?? 1); i++) {
    running.push(await startHq({ db: i === 0 ? database.db : database.open(), key, log: process.env.HQ_TEST_LOG ? consoleHqLog : silentHqLog, bookingToken: BOOKING_TOKEN, viewToken: VIEW_TOKEN, ...(options.clock ? { clock: options.clock } : {}) }));
  }
  return {
    database,
    key,
    urls: running.map((r) => r.url),
    url: running[0]!.url,
    hq: running[0]!,
    async close() {
      await Promise.all(running.map((r) => r.close()));
      await database.dispose();
    },
  };
}

export interface Answer<T = any> {
  status: number;
  body: T;
}

export interface SignOptions {
  time?: number;
  nonce?: string;
  /** Sign for this branch id's header while using `secret` (a branch pretending). */
  headerBranch?: string;
  /** Send this body instead of the one signed (a tampered request). */
  sentBody?: string;
}

/** A request signed as a branch hub signs it (docs/sync-contract.md, section 1). */
export async function signedRequest(url: string, branch: string, secret: string, method: 'GET' | 'POST', path: string, body?: unknown, options: SignOptions = {}): Promise<Answer> {
  const text = body === undefined ? '' : JSON.stringify(body);
  const time = options.time ?? Date.now();
  const nonce = options.nonce ?? crypto.randomUUID();
  const bodyHash = createHash('sha256').update(text).digest('hex');
  const signature = createHmac('sha256', secret).update(signingText(method, path, time, nonce, bodyHash)).digest('hex');
  const res = await fetch(url + path, {
    method,
    headers: {
      [SIGNATURE_HEADERS.branch]: options.headerBranch ?? branch,
      [SIGNATURE_HEADERS.time]: String(time),
      [SIGNATURE_HEADERS.nonce]: nonce,
      [SIGNATURE_HEADERS.signature]: signature,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: options.sentBody ?? text }),
  });
  return { status: res.status, body: await res.json() };
}

/** A branch registered at headquarters, with helpers to push and pull as it would. */
export async function addTestBranch(hq: TestHq, id: string, timeZone = 'Asia/Jakarta') {
  const { secret } = await hq.hq.registry.add({ id, name: `Cabang ${id}`, timeZone });
  return {
    id,
    secret,
    push: (epoch: string, firstSeq: number, events: unknown[], url = hq.url) => signedRequest(url, id, secret, 'POST', `/api/v1/branches/${id}/events`, { branch: id, epoch, firstSeq, events }),
    pull: (feed: string, after?: string, limit?: number, url = hq.url) => {
      const q = new URLSearchParams({ ...(after === undefined ? {} : { after }), ...(limit === undefined ? {} : { limit: String(limit) }) });
      return signedRequest(url, id, secret, 'GET', `/api/v1/branches/${id}/${feed}${q.size ? `?${q}` : ''}`);
    },
  };
}

/** Events of a branch log: seqs `from` to `to`, each with its own id and a small payload. */
export function logEvents(from: number, to: number, at = Date.now()) {
  return Array.from({ length: to - from + 1 }, (_, i) => {
    const seq = from + i;
    return { seq, id: eventId(seq), type: 'officer.unlocked', v: 1, at: at + i, payload: { officerId: `o${seq}` } };
  });
}

/** A stable UUID per seq, so a resent event carries the id it had. */
export const eventId = (seq: number, salt = 'a'): string => {
  const h = createHash('sha256').update(`${salt}:${seq}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
