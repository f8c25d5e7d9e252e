import { copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { BranchDatabase } from '../db/connection.js';
import { examineDatabaseFile, prepareDataDir } from '../db/integrity.js';
import { readMigrations } from '../db/migrate.js';
import { startNewEpochInFile } from '../sync/log-identity.js';
import { syncPath } from './backups.js';
import type { HubLog } from './hub-log.js';
import { acquireDataDirLock, describeHolder } from './hub-lock.js';
import { DATABASE_FILE } from './hub-storage.js';

export class RestoreError extends Error {
  override name = 'RestoreError';
}

export interface RestoreReport {
  restored: string;
  /** Where the database that was replaced now is (with its -wal beside it, if it had one); null when there was none. */
  previous: string | null;
  schemaVersion: number;
}

const SIDE_FILES = ['-wal', '-shm', '-journal'];

/** The schema version a backup holds; refuses what is not a branch database this code can serve. */
function branchSchemaVersion(file: string, label: string, newest: number): number {
  const db: BranchDatabase = new Database(file, { fileMustExist: true });
  try {
    const hasLedger = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get() !== undefined;
    if (!hasLedger) throw new RestoreError(`${label} is an SQLite database but not an Antre branch database (it has no schema_migrations): nothing was changed`);
    const version = (db.prepare('SELECT coalesce(max(version), 0) AS v FROM schema_migrations').get() as { v: number }).v;
    if (version > newest) {
      throw new RestoreError(`${label} is at schema version ${version}, newer than this Antre knows (${newest}): restore it with that newer version; nothing was changed`);
    }
    return version;
  } finally {
    db.close();
  }
}

function removeWithSideFiles(file: string): void {
  for (const suffix of ['', ...SIDE_FILES]) rmSync(file + suffix, { force: true });
}

/**
 * Puts a backup in place of the branch database. The backup is copied into the data folder
 * first and checked there (an SQLite file, quick_check, a branch schema this code knows), so the
 * user's file is only read; then the current database and its -wal are moved aside as
 * branch.db.before-restore.<time> and the checked copy is renamed into place. Each step is a
 * rename, so a failure at any point leaves either the old database or the new one, never half.
 * Refused while a hub (or another restore) holds the data folder.
 */
export function restoreBackup(options: { dataDir: string; from: string; log: HubLog; now?: () => number; migrationsDir: string }): RestoreReport {
  try {
    const report = replaceDatabase(options);
    options.log.info('restore.done', { from: report.restored, previous: report.previous, schemaVersion: report.schemaVersion, dataDir: options.dataDir });
    return report;
  } catch (err) {
    options.log.warn('restore.refused', { from: options.from, dataDir: options.dataDir, error: (err as Error).message });
    throw err;
  }
}

function replaceDatabase(options: { dataDir: string; from: string; now?: () => number; migrationsDir: string }): RestoreReport {
  const { dataDir, from } = options;
  const now = options.now ?? Date.now;
  // A new PC replacing a failed one starts from a backup: its data folder is made as the hub would.
  prepareDataDir(dataDir);
  let size: number;
  try {
    const stat = statSync(from);
    if (!stat.isFile()) throw new RestoreError(`${from} is not a file: give the backup file to restore`);
    size = stat.size;
  } catch (err) {
    if (err instanceof RestoreError) throw err;
    throw new RestoreError(`${from}: cannot read the backup (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (size === 0) throw new RestoreError(`${from} is empty: it is not a backup; nothing was changed`);

  const lock = acquireDataDirLock(dataDir, 'restore', now);
  if (!lock.held) throw new RestoreError(`${describeHolder(lock.holder)}: stop the hub first, then run antre restore again; nothing was changed`);
  const target = join(dataDir, DATABASE_FILE);
  const incoming = `${target}.restoring`;
  try {
    removeWithSideFiles(incoming);
    copyFileSync(from, incoming);
    const newest = readMigrations(options.migrationsDir).length;
    let schemaVersion: number;
    try {
      const verdict = examineDatabaseFile(incoming);
      if (!verdict.ok && verdict.problem === 'not_a_database') throw new RestoreError(`${from} is not an SQLite database (${verdict.detail}): nothing was changed`);
      if (!verdict.ok) throw new RestoreError(`${from} is damaged (quick_check: ${verdict.detail}): choose another backup; nothing was changed`);
      schemaVersion = branchSchemaVersion(incoming, from, newest);
      // The file goes back in time: its new events must not pass for the ones headquarters already holds.
      startNewEpochInFile(incoming, 'restored', now());
    } catch (err) {
      removeWithSideFiles(incoming);
      throw err;
    }

    let previous: string | null = null;
    if (existsSync(target)) {
      previous = `${target}.before-restore.${new Date(now()).toISOString().replace(/[:.]/g, '-')}`;
      renameSync(target, previous);
      // A -wal left by a hub that did not stop cleanly holds committed changes: it goes with its database.
      if (existsSync(`${target}-wal`)) renameSync(`${target}-wal`, `${previous}-wal`);
    }
    for (const suffix of SIDE_FILES) rmSync(target + suffix, { force: true });
    syncPath(incoming);
    renameSync(incoming, target);
    syncPath(dataDir);
    return { restored: from, previous, schemaVersion };
  } finally {
    lock.release();
  }
}
