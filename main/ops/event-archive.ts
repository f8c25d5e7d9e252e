import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type BranchDatabase } from '../db/connection.js';
import { createOutbox } from '../sync/outbox.js';
import type { HubLog } from './hub-log.js';

/**
 * Events headquarters acknowledged holding, moved out of the live database into one SQLite file
 * per month of the branch's calendar (`<dir>/events-YYYY-MM.sqlite`, the same columns as the log),
 * so the hub's file stops growing with its history. The log is headquarters' outbox: nothing it
 * has not acknowledged is ever moved, and neither are the last months (`keepMonths`, the current
 * one included) nor the newest events a reconnecting page may still replay. Reports over past days
 * read tickets and sessions, which stay.
 *
 * Each month's events are written and made durable in their file before they leave the log; a
 * crash in between leaves them in both, and the next run copies them again harmlessly.
 */

export interface ArchiveOptions {
  dir: string;
  timeZone: string;
  now: number;
  /** Months kept in the live log, the current one included. */
  keepMonths?: number;
  /** The newest events always stay, whatever their age: a page resumes from them (the stream's replay). */
  keepNewest?: number;
  /** Events moved per run: one run holds the database for a short while, not the whole history at once. */
  batch?: number;
}

export interface ArchivedMonth {
  month: string;
  file: string;
  events: number;
}

const KEEP_MONTHS = 2;
const KEEP_NEWEST = 10_000;
const BATCH = 20_000;

interface EventRow {
  seq: number;
  id: string;
  type: string;
  v: number;
  payload: string;
  at: number;
}

/** 'YYYY-MM' of an instant in the branch's zone. */
function monthFormat(timeZone: string): (at: number) => string {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' });
  return (at) => {
    const parts = format.formatToParts(at);
    return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
  };
}

/** The month `count` months before 'YYYY-MM'. */
function monthsBefore(month: string, count: number): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (m - 1) - count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function appendToMonth(file: string, rows: EventRow[]): void {
  const archive = openDatabase(file);
  try {
    archive.exec(`CREATE TABLE IF NOT EXISTS events (
      seq INTEGER PRIMARY KEY, id TEXT NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL, at INTEGER NOT NULL, v INTEGER NOT NULL
    ) STRICT`);
    const insert = archive.prepare('INSERT OR IGNORE INTO events (seq, id, type, payload, at, v) VALUES (@seq, @id, @type, @payload, @at, @v)');
    archive.transaction(() => {
      for (const row of rows) insert.run(row);
    })();
  } finally {
    archive.close();
  }
}

/** One run: the oldest acknowledged events of past months move to their month's file. */
export function archiveAcknowledgedEvents(db: BranchDatabase, options: ArchiveOptions): ArchivedMonth[] {
  const outbox = createOutbox(db);
  const acknowledged = outbox.acknowledgedThrough();
  if (acknowledged === null) return [];
  const last = outbox.lastSeq();
  const through = Math.min(acknowledged, last - (options.keepNewest ?? KEEP_NEWEST));
  if (through <= 0) return [];
  const monthOf = monthFormat(options.timeZone);
  const newestArchived = monthsBefore(monthOf(options.now), options.keepMonths ?? KEEP_MONTHS);
  const candidates = db.prepare('SELECT seq, id, type, v, payload, at FROM events WHERE seq <= ? ORDER BY seq LIMIT ?').all(through, options.batch ?? BATCH) as EventRow[];
  // Only a prefix of the log moves: its oldest live seq stays one clean boundary.
  const byMonth = new Map<string, EventRow[]>();
  let end = 0;
  for (const row of candidates) {
    const month = monthOf(row.at);
    if (month > newestArchived) break;
    const rows = byMonth.get(month);
    if (rows) rows.push(row);
    else byMonth.set(month, [row]);
    end = row.seq;
  }
  if (end === 0) return [];
  mkdirSync(options.dir, { recursive: true });
  const moved: ArchivedMonth[] = [];
  for (const [month, rows] of byMonth) {
    const file = join(options.dir, `events-${month}.sqlite`);
    appendToMonth(file, rows);
    moved.push({ month, file, events: rows.length });
  }
  db.prepare('DELETE FROM events WHERE seq <= ?').run(end);
  return moved;
}

/** Archiving on a schedule in the hub: once shortly after start, then every few hours. */
export function startEventArchive(options: { db: BranchDatabase; dir: string; timeZone: string; clock: () => number; log: HubLog; onError: (err: unknown) => void; everyMs?: number }) {
  const run = (): void => {
    try {
      const moved = archiveAcknowledgedEvents(options.db, { dir: options.dir, timeZone: options.timeZone, now: options.clock() });
      for (const m of moved) options.log.info('events.archived', { month: m.month, events: m.events, file: m.file });
    } catch (err) {
      options.onError(err);
    }
  };
  const first = setTimeout(run, 60_000);
  const timer = setInterval(run, options.everyMs ?? 6 * 3_600_000);
  first.unref();
  timer.unref();
  return {
    stop: (): void => {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
