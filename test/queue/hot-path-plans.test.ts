/**
 * The hub ages well: on a database with months of history, no hot path (startup, the state,
 * issuing, calling, replay of the stream, the supervisor's overview) reads tickets, events,
 * officer sessions, print jobs or bookings of past days. Every statement the hub runs on those
 * paths is captured as it runs (better-sqlite3 keeps each statement's text in `source`) and its
 * query plan is asked of SQLite with the same parameters: a plan that scans one of those tables,
 * whole or through an index, fails with the statement that does it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../main/hub/start-hub.js';
import { hashPin } from '../../main/hub/pin-hash.js';
import { DATABASE_FILE } from '../../main/ops/hub-storage.js';
import { repoLayout } from '../support/app-layout.js';
import { buildHistory, HISTORY_BRANCH, type History } from '../support/history-builder.js';

/** Tables that grow with every day served; a scan of one of them slows the hub a little more each day. */
const GROWING = new Set(['tickets', 'events', 'officer_sessions', 'session_positions', 'print_jobs', 'bookings', 'quota_overrides', 'document_captures', 'booth_visits']);
/**
 * Partial indexes that hold only what is live now (tickets called or in service, officers on
 * duty, prints not yet done): reading one whole reads the present, not the past.
 */
const LIVE_INDEXES = new Set(['tickets_active', 'officer_sessions_open', 'print_jobs_open']);
const START = Date.parse('2025-03-10T09:00:00+07:00');

type Path = 'startup' | 'state' | 'issue' | 'call' | 'replay' | 'overview';

interface Captured {
  source: string;
  args: unknown[];
  paths: Set<Path>;
}

/** Records every statement run while `current` names a hot path: its text and its first parameters. */
function captureStatements() {
  const captured = new Map<string, Captured>();
  let current: Path | null = null;
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<'run' | 'get' | 'all' | 'iterate', (...args: unknown[]) => unknown> & { source: string };
  probe.close();
  const originals = { run: proto.run, get: proto.get, all: proto.all, iterate: proto.iterate };
  for (const name of Object.keys(originals) as (keyof typeof originals)[]) {
    const original = originals[name];
    proto[name] = function (this: { source: string }, ...args: unknown[]) {
      if (current !== null) {
        const entry = captured.get(this.source) ?? { source: this.source, args, paths: new Set<Path>() };
        entry.paths.add(current);
        captured.set(this.source, entry);
      }
      return original.apply(this, args);
    };
  }
  return {
    captured,
    async during<T>(path: Path, fn: () => Promise<T>): Promise<T> {
      current = path;
      try {
        return await fn();
      } finally {
        current = null;
      }
    },
    restore() {
      Object.assign(proto, originals);
    },
  };
}

/** The table each name in a statement's FROM and JOIN clauses stands for (aliases included). */
function tablesByName(sql: string): Map<string, string> {
  const names = new Map<string, string>();
  const keywords = new Set(['WHERE', 'JOIN', 'LEFT', 'INNER', 'ON', 'GROUP', 'ORDER', 'LIMIT', 'USING', 'SET', 'VALUES']);
  for (const m of sql.matchAll(/\b(?:FROM|JOIN|UPDATE|INTO)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?/gi)) {
    const table = m[1]!;
    names.set(table, table);
    if (m[2] && !keywords.has(m[2].toUpperCase())) names.set(m[2], table);
  }
  return names;
}

/** The lines of a plan that read a growing table from end to end. */
function scansOfGrowingTables(db: Database.Database, entry: Captured): string[] {
  const plan = db.prepare(`EXPLAIN QUERY PLAN ${entry.source}`).all(...entry.args) as { detail: string }[];
  const names = tablesByName(entry.source);
  return plan
    .map((row) => row.detail)
    .filter((detail) => {
      const m = /^SCAN (\w+)(?: USING (?:COVERING )?INDEX (\w+))?/.exec(detail);
      return m !== null && GROWING.has(names.get(m[1]!) ?? m[1]!) && !(m[2] !== undefined && LIVE_INDEXES.has(m[2]));
    });
}

describe('hot paths on a database with history', () => {
  let baseDir: string;
  let hub: RunningHub;
  let history: History;
  const capture = captureStatements();
  let clock = START;

  beforeAll(async () => {
    baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'antre-plans-'));
    fs.mkdirSync(path.join(baseDir, 'data'));
    history = buildHistory({ file: path.join(baseDir, 'data', DATABASE_FILE), days: 12, ticketsPerDay: 40, until: START });
    hub = await capture.during('startup', () =>
      startHub({
        layout: repoLayout,
        hub: { branch: HISTORY_BRANCH, dataDir: 'data', publicDisplay: false },
        baseDir,
        host: '127.0.0.1',
        port: 0,
        clock: () => clock,
      }),
    );
  }, 120_000);

  afterAll(async () => {
    capture.restore();
    await hub?.close();
    if (baseDir) fs.rmSync(baseDir, { recursive: true, force: true });
  });

  it('runs every hot-path statement without a scan of tickets, events, sessions, print jobs or bookings', async () => {
    expect(history.tickets).toBeGreaterThan(400);
    const token = (role: 'kiosk' | 'console' | 'supervisor' | 'display') => hub.devices.preparePaired(`plans ${role}`, role).token;
    const kiosk = token('kiosk');
    const consoleToken = token('console');
    const supervisor = token('supervisor');
    const display = token('display');
    const api = async (method: string, url: string, bearer: string, body?: unknown) => {
      const res = await fetch(`${hub.url}/api/v1${url}`, {
        method,
        headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${text}`);
      return text === '' ? undefined : JSON.parse(text);
    };

    // Not measured: an officer with a PIN the test knows, on duty, so the waits read what officers did before.
    hub.queue.resetPin('budi', await hashPin('2468'));
    await api('POST', '/sessions', consoleToken, { officerId: 'budi', pin: '2468', positions: ['counter-1'] });

    await capture.during('state', () => api('GET', '/state', display));
    const issued = await capture.during('issue', async () => {
      await api('POST', '/tickets', kiosk, { serviceCode: 'JHT', requestId: 'plans-issue-1' });
      return api('POST', '/tickets', kiosk, { serviceCode: 'INFO', requestId: 'plans-issue-2' });
    });
    expect(issued.ticket.displayNumber).toBe('E001');
    await capture.during('call', async () => {
      clock += 60_000;
      const called = await api('POST', '/positions/counter-1/call-next', consoleToken);
      await api('POST', `/tickets/${called.ticket.id}/start`, consoleToken);
      clock += 5 * 60_000;
      await api('POST', `/tickets/${called.ticket.id}/finish`, consoleToken, { outcome: 'completed' });
    });
    await capture.during('replay', async () => {
      const last = hub.queue.store.lastSeq();
      const ws = new WebSocket(`${hub.url.replace(/^http/, 'ws')}/api/v1/stream?token=${display}&after=${last - 300}`);
      let received = 0;
      await new Promise<void>((resolve, reject) => {
        ws.on('message', (data) => {
          const m = JSON.parse(data.toString()) as { type: string; events?: { seq: number }[]; event?: { seq: number } };
          const seqs = m.events?.map((e) => e.seq) ?? (m.event ? [m.event.seq] : []);
          received += seqs.length;
          if (seqs.includes(last)) resolve();
        });
        ws.on('error', reject);
      });
      ws.close();
      expect(received).toBeGreaterThan(0);
    });
    await capture.during('overview', () => api('GET', '/supervisor/overview', supervisor));
    capture.restore();

    const seen = new Set([...capture.captured.values()].flatMap((e) => [...e.paths]));
    expect([...seen].sort()).toEqual(['call', 'issue', 'overview', 'replay', 'startup', 'state']);
    const scans = [...capture.captured.values()]
      .map((entry) => ({ paths: [...entry.paths].join(', '), sql: entry.source.replace(/\s+/g, ' '), scans: scansOfGrowingTables(hub.db, entry) }))
      .filter((e) => e.scans.length > 0);
    expect(scans).toEqual([]);
  }, 60_000);
});
