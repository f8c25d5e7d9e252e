import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { BranchDatabase } from '../db/connection.js';
import { quickCheck } from '../db/integrity.js';
import { startNewEpoch } from '../sync/log-identity.js';

/**
 * Backups of the branch database as plain SQLite files in a folder: branch-<UTC time>.db, with
 * -day-close for the one taken at the branch's midnight. A backup is written under a hidden
 * .partial name and renamed only once it is complete and SQLite's quick check passes, so a
 * half-written backup is never counted, listed or restored.
 */
export interface BackupFile {
  /** The whole path. */
  file: string;
  /** The file's name, which is all /health shows. */
  name: string;
  at: number;
  bytes: number;
  dayClose: boolean;
}

export type BackupKind = 'scheduled' | 'day_close';

export class BackupError extends Error {
  override name = 'BackupError';
  constructor(
    /** A short word for what failed: SQLITE_FULL, ENOSPC, quick_check. */
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

const NAME = /^branch-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z(-day-close)?\.db$/;
const PARTIAL = /^\.branch-.*\.partial(-journal|-wal|-shm)?$/;

function backupName(at: number, kind: BackupKind): string {
  return `branch-${new Date(at).toISOString().replace(/[:.]/g, '-')}${kind === 'day_close' ? '-day-close' : ''}.db`;
}

/** The backups in a folder, newest first; a missing folder has none. */
export function listBackups(dir: string): BackupFile[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const found: BackupFile[] = [];
  for (const name of names) {
    const m = NAME.exec(name);
    if (!m) continue;
    const file = join(dir, name);
    try {
      found.push({ file, name, at: Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`), bytes: statSync(file).size, dayClose: m[6] !== undefined });
    } catch {
      // removed while we listed
    }
  }
  return found.sort((a, b) => b.at - a.at || b.name.localeCompare(a.name));
}

/** Keeps the newest `keep` backups and deletes the rest. */
export function pruneBackups(dir: string, keep: number): BackupFile[] {
  const removed = listBackups(dir).slice(keep);
  for (const b of removed) rmSync(b.file, { force: true });
  return removed;
}

/** Half-written backups of a hub that stopped mid-backup. */
export function removePartialBackups(dir: string): void {
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) if (PARTIAL.test(name)) rmSync(join(dir, name), { force: true });
}

/** Flushes a file or folder to the disk, so a rename that follows cannot outlive its content. */
export function syncPath(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems cannot sync a folder; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The copy becomes a self-contained file (rollback journal, not WAL, so it needs no -wal beside
 * it) with an epoch of its own, so that if it is ever put in place by hand its new events start
 * a new life of the log for headquarters; and it must pass quick_check.
 */
function settle(partial: string, at: number): void {
  const copy = new Database(partial, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    startNewEpoch(copy, 'backup', at);
    const findings = quickCheck(copy);
    if (findings.length > 0) throw new BackupError('quick_check', `the backup failed its quick check: ${findings.slice(0, 3).join('; ')}`);
  } finally {
    copy.close();
  }
}

/**
 * An online backup through SQLite's backup API: consistent while the hub keeps serving, because
 * SQLite copies the pages and restarts the copy when another connection writes meanwhile.
 */
export async function writeBackup(db: BranchDatabase, dir: string, at: number, kind: BackupKind): Promise<BackupFile> {
  let partial: string | null = null;
  try {
    mkdirSync(dir, { recursive: true });
    const taken = new Set(listBackups(dir).map((b) => b.name));
    let name = backupName(at, kind);
    for (let n = 1; taken.has(name); n++) name = backupName(at + n, kind);
    partial = join(dir, `.${name}.partial`);
    const file = join(dir, name);
    removePartial(partial);
    await db.backup(partial);
    settle(partial, at);
    syncPath(partial);
    renameSync(partial, file);
    syncPath(dir);
    return { file, name, at, bytes: statSync(file).size, dayClose: kind === 'day_close' };
  } catch (err) {
    if (partial) removePartial(partial);
    if (err instanceof BackupError) throw err;
    const code = (err as { code?: unknown }).code;
    throw new BackupError(typeof code === 'string' ? code : 'failed', `backup to ${dir} failed: ${(err as Error).message}`);
  }
}

function removePartial(partial: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
}
