import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type BranchDatabase } from '../../main/db/connection.js';
import { archiveAcknowledgedEvents } from '../../main/ops/event-archive.js';
import { createBranchQueue } from '../../main/queue/branch-queue.js';
import { adoptLogIdentity } from '../../main/sync/log-identity.js';
import { createOutbox } from '../../main/sync/outbox.js';
import { buildHistory, type History } from '../support/history-builder.js';

/**
 * Moving the events headquarters holds out of the live log, month by month, on a database with
 * a hundred days of history built through the queue's own commands (March to June 2025, WIB).
 */

const ZONE = 'Asia/Jakarta';
const JUNE_20 = Date.parse('2025-06-20T10:00:00+07:00');
const MONTH_START = (month: string) => Date.parse(`${month}-01T00:00:00+07:00`);

let dir: string;
let history: History;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'antre-archive-'));
  history = buildHistory({ file: join(dir, 'branch.db'), days: 100, ticketsPerDay: 10, until: JUNE_20 });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh copy of the history for one test: the archive changes it. */
function historyCopy(name: string): { db: BranchDatabase; archiveDir: string } {
  const source = openDatabase(history.file);
  const file = join(dir, `${name}.db`);
  source.exec(`VACUUM INTO '${file}'`);
  source.close();
  const db = openDatabase(file);
  adoptLogIdentity(db, history.branch.id, JUNE_20, file);
  return { db, archiveDir: join(dir, `${name}-archive`) };
}

const seqs = (db: BranchDatabase, where = '1 = 1', ...params: unknown[]): number[] => db.prepare(`SELECT seq FROM events WHERE ${where} ORDER BY seq`).pluck().all(...params) as number[];

/** Headquarters answers that it holds every event up to `seq`. */
function acknowledge(db: BranchDatabase, seq: number): void {
  const outbox = createOutbox(db);
  expect(outbox.acknowledge(outbox.nextBatch(1)!.epoch.epoch, seq, JUNE_20)).toBe(seq);
}

describe('archiving the events headquarters holds', () => {
  it('moves nothing before headquarters has acknowledged anything: the log is its outbox', () => {
    const { db, archiveDir } = historyCopy('unacknowledged');
    const before = seqs(db);
    expect(archiveAcknowledgedEvents(db, { dir: archiveDir, timeZone: ZONE, now: JUNE_20, batch: 1_000_000 })).toEqual([]);
    expect(seqs(db)).toEqual(before);
    db.close();
  });

  it('moves the acknowledged events of months before the last two into a file per month, and not one more', () => {
    const { db, archiveDir } = historyCopy('acknowledged');
    const all = seqs(db);
    const marchAndApril = seqs(db, 'at < ?', MONTH_START('2025-05'));
    // Headquarters holds everything up to the middle of April.
    const acknowledged = marchAndApril[Math.floor(marchAndApril.length * 0.75)]!;
    acknowledge(db, acknowledged);
    const reportBefore = createBranchQueue(db, { branch: history.branch, clock: () => JUNE_20 }).dayReport('2025-04-02');

    const moved = archiveAcknowledgedEvents(db, { dir: archiveDir, timeZone: ZONE, now: JUNE_20, batch: 1_000_000, keepNewest: 100 });
    expect(moved.map((m) => m.month)).toEqual(['2025-03', '2025-04']);
    expect(readdirSync(archiveDir).filter((f) => f.endsWith('.sqlite')).sort()).toEqual(['events-2025-03.sqlite', 'events-2025-04.sqlite']);

    const archived = moved.flatMap((m) => {
      const file = openDatabase(m.file, { readonly: true });
      const rows = file.prepare('SELECT seq, at FROM events ORDER BY seq').all() as { seq: number; at: number }[];
      file.close();
      const next = m.month === '2025-03' ? '2025-04' : '2025-05';
      expect(rows.every((r) => r.at >= MONTH_START(m.month) && r.at < MONTH_START(next))).toBe(true);
      return rows.map((r) => r.seq);
    });
    // Exactly the acknowledged prefix left the log, and every one of them is in an archive.
    expect(archived).toEqual(all.filter((s) => s <= acknowledged));
    expect(seqs(db)).toEqual(all.filter((s) => s > acknowledged));
    // Past days' reports read tickets and sessions, which stay.
    expect(createBranchQueue(db, { branch: history.branch, clock: () => JUNE_20 }).dayReport('2025-04-02')).toEqual(reportBefore);

    // Once all of March and April is acknowledged, a second run moves the rest of April; May and June stay.
    acknowledge(db, all.at(-1)!);
    const again = archiveAcknowledgedEvents(db, { dir: archiveDir, timeZone: ZONE, now: JUNE_20, batch: 1_000_000, keepNewest: 100 });
    expect(again.map((m) => m.month)).toEqual(['2025-04']);
    expect(seqs(db)).toEqual(all.filter((s) => !marchAndApril.includes(s)));
    expect(seqs(db, 'at < ?', MONTH_START('2025-05'))).toEqual([]);
    db.close();
  });

  it('keeps the newest events whatever their age: a page resuming from them must find them', () => {
    const { db, archiveDir } = historyCopy('newest');
    const all = seqs(db);
    acknowledge(db, all.at(-1)!);
    // Three years on, everything is old; the newest 500 still stay.
    const later = Date.parse('2028-06-20T10:00:00+07:00');
    archiveAcknowledgedEvents(db, { dir: archiveDir, timeZone: ZONE, now: later, batch: 1_000_000, keepNewest: 500 });
    expect(seqs(db)).toEqual(all.slice(-500));
    db.close();
  });

  it('moves a bounded batch per run until none is left, each event in its month\'s file once', () => {
    const { db, archiveDir } = historyCopy('batches');
    const all = seqs(db);
    const marchAndApril = seqs(db, 'at < ?', MONTH_START('2025-05'));
    acknowledge(db, all.at(-1)!);
    let runs = 0;
    while (archiveAcknowledgedEvents(db, { dir: archiveDir, timeZone: ZONE, now: JUNE_20, batch: 700, keepNewest: 100 }).length > 0) runs++;
    expect(runs).toBe(Math.ceil(marchAndApril.length / 700));
    const inFiles = readdirSync(archiveDir)
      .filter((f) => f.endsWith('.sqlite'))
      .flatMap((f) => {
        const file = openDatabase(join(archiveDir, f), { readonly: true });
        const rows = file.prepare('SELECT seq FROM events ORDER BY seq').pluck().all() as number[];
        file.close();
        return rows;
      })
      .sort((a, b) => a - b);
    expect(inFiles).toEqual(marchAndApril);
    db.close();
  });
});
