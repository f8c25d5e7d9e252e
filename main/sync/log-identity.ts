import Database from 'better-sqlite3';
import { StartupError } from '../db/integrity.js';

/**
 * Who wrote a branch log and which life of the file an event belongs to. Headquarters keys events
 * by (branch, epoch, seq); seq is the events table's rowid, which a restored backup rewinds, so
 * every way a file can come back from the past starts a new epoch in it:
 *  - `antre restore` writes one into the file it puts in place;
 *  - every backup copy carries its own, so a copy put in place by hand starts a fresh life too;
 *  - a new database gets its first epoch from migration 004.
 */

export type EpochReason = 'created' | 'restored' | 'backup';

export interface Epoch {
  epoch: string;
  /** Events from this seq on belong to this epoch, up to the next epoch's firstSeq. */
  firstSeq: number;
  startedAt: number;
  reason: EpochReason;
}

export interface LogIdentity {
  branchId: string;
  /** The epoch new events are appended in. */
  current: Epoch;
}

const EPOCHS = 'SELECT epoch, first_seq AS firstSeq, started_at AS startedAt, reason FROM log_epochs ORDER BY first_seq, n';

/** The file's epochs in the order of their events: by first seq, then by age. The last is the current one. */
export function epochsOf(db: Database.Database): Epoch[] {
  return db.prepare(EPOCHS).all() as Epoch[];
}

/**
 * Starts a new epoch in a branch database: the events appended from now on belong to it, or,
 * given `fromSeq`, those from that seq on (headquarters holds other events under the old epoch
 * there: the file was put back by hand). Used on a file that is not being served (a backup copy,
 * a file about to be restored) or by the hub's sync.
 */
export function startNewEpoch(db: Database.Database, reason: EpochReason, at: number, fromSeq?: number): Epoch {
  const epoch: Epoch = { epoch: crypto.randomUUID(), firstSeq: 0, startedAt: at, reason };
  db.transaction(() => {
    epoch.firstSeq = fromSeq ?? (db.prepare('SELECT coalesce(max(seq), 0) + 1 FROM events').pluck().get() as number);
    db.prepare('INSERT INTO log_epochs (epoch, first_seq, started_at, reason) VALUES (?, ?, ?, ?)').run(epoch.epoch, epoch.firstSeq, at, reason);
  }).immediate();
  return epoch;
}

/**
 * Starts a new epoch in a database file that is not being served: a backup about to be put in
 * place. A file from before migration 004 needs none: that migration starts its first epoch
 * after the events the file already holds.
 */
export function startNewEpochInFile(file: string, reason: EpochReason, at: number): Epoch | null {
  const db = new Database(file, { fileMustExist: true });
  try {
    const synced = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'log_epochs'").get() !== undefined;
    return synced ? startNewEpoch(db, reason, at) : null;
  } finally {
    db.close();
  }
}

/**
 * Binds the database to the profile's branch at its first start, and afterwards refuses a
 * database that another branch wrote (a copy from the wrong office, a wrong profile): its
 * events would reach headquarters under this branch's name.
 */
export function adoptLogIdentity(db: Database.Database, branchId: string, at: number, dbFile: string): LogIdentity {
  return db.transaction(() => {
    const row = db.prepare('SELECT branch_id AS branchId FROM log_identity').get() as { branchId: string } | undefined;
    if (row && row.branchId !== branchId) {
      throw new StartupError(
        `${dbFile} is the database of branch "${row.branchId}", but this profile is for branch "${branchId}": ` +
          'start the hub with that branch\'s profile, or give this branch its own database (restore one of its own backups); nothing was changed',
      );
    }
    if (!row) db.prepare('INSERT INTO log_identity (only_row, branch_id, adopted_at) VALUES (1, ?, ?)').run(branchId, at);
    // Migration 004 gives every file its first epoch.
    return { branchId, current: epochsOf(db).at(-1)! };
  }).immediate();
}
