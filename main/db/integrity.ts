import { accessSync, closeSync, constants, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { BranchDatabase } from './connection.js';

/**
 * The checks before a hub serves a database: the data folder can be written, the file is an
 * SQLite database, and SQLite's own quick check finds nothing wrong. Each refusal is one
 * sentence for the person at the hub, naming the file and what to do, and changes nothing.
 */
export class StartupError extends Error {
  override name = 'StartupError';
}

const SQLITE_MAGIC = 'SQLite format 3\u0000';
/** quick_check lists at most this many findings; the first few say enough. */
const MAX_FINDINGS = 10;

/** PRAGMA quick_check's findings: empty when the database is sound. A file too damaged to be read at all is one finding. */
export function quickCheck(db: BranchDatabase): string[] {
  try {
    const rows = db.pragma(`quick_check(${MAX_FINDINGS})`, { simple: false }) as { quick_check: string }[];
    // A finding may span lines; the messages that quote it are one line.
    const findings = rows.map((r) => r.quick_check.replace(/\s+/g, ' ').trim());
    return findings.length === 1 && findings[0] === 'ok' ? [] : findings;
  } catch (err) {
    if (isSqliteCode(err, 'SQLITE_CORRUPT')) return [(err as Error).message];
    throw err;
  }
}

export function isSqliteCode(err: unknown, code: string): boolean {
  return err instanceof Database.SqliteError && (err.code === code || err.code.startsWith(`${code}_`));
}

/** Whether the first bytes say SQLite; an empty file is a database SQLite will create. */
function looksLikeSqlite(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    const read = readSync(fd, head, 0, 16, 0);
    return read === 0 || head.toString('latin1') === SQLITE_MAGIC;
  } finally {
    closeSync(fd);
  }
}

export type DatabaseVerdict =
  | { ok: true }
  | { ok: false; problem: 'not_a_database'; detail: string }
  | { ok: false; problem: 'damaged'; detail: string };

/**
 * Looks at a database file without changing it: no journal mode is set and nothing is written,
 * so a damaged file stays as it was for whoever investigates it.
 */
export function examineDatabaseFile(file: string): DatabaseVerdict {
  if (!looksLikeSqlite(file)) return { ok: false, problem: 'not_a_database', detail: 'its first bytes are not an SQLite header' };
  let db: BranchDatabase | undefined;
  try {
    db = new Database(file, { fileMustExist: true });
    const findings = quickCheck(db);
    return findings.length === 0 ? { ok: true } : { ok: false, problem: 'damaged', detail: findings.slice(0, 3).join('; ') };
  } catch (err) {
    if (isSqliteCode(err, 'SQLITE_NOTADB')) return { ok: false, problem: 'not_a_database', detail: (err as Error).message };
    throw err;
  } finally {
    db?.close();
  }
}

const WRITE_REFUSED = new Set(['EACCES', 'EPERM', 'EROFS']);

/** Why this process cannot write there, or null when it can. */
function writeRefusal(path: string): string | null {
  try {
    accessSync(path, constants.W_OK);
    return null;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code === 'EROFS') return 'it is on a read-only file system';
    if (WRITE_REFUSED.has(code)) return `the user this hub runs as (uid ${process.getuid?.() ?? '?'}) may not write it`;
    throw err;
  }
}

/** Creates the data folder when it is missing; refuses one that cannot be made or written. */
export function prepareDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'EEXIST' || code === 'ENOTDIR'
        ? 'a file is where the folder (or one of its parents) should be'
        : code === 'EROFS'
          ? 'it is on a read-only file system'
          : code === 'EACCES' || code === 'EPERM'
            ? `the user this hub runs as (uid ${process.getuid?.() ?? '?'}) may not create it`
            : (err as Error).message;
    throw new StartupError(`data folder ${dir} cannot be created: ${why}. Fix the path in the profile's hub.dataDir or make the folder yourself`);
  }
  if (!statSync(dir).isDirectory()) throw new StartupError(`data folder ${dir} is not a folder: fix hub.dataDir in the profile`);
  const refused = writeRefusal(dir);
  if (refused) throw new StartupError(`data folder ${dir} is read-only: ${refused}. Give the hub's user write access to it (the database, its journal and the logs live there)`);
}

/**
 * Refuses to serve a database file that is not one, is damaged, or cannot be written. A file that
 * does not exist yet is fine: the hub creates the branch database.
 */
export function checkDatabaseAtStart(file: string, restoreHint: string): void {
  let exists = true;
  try {
    statSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    exists = false;
  }
  if (!exists) return;
  const notADatabase = (detail: string) =>
    new StartupError(`${file} is not an SQLite database (${detail}); nothing was changed. Move it away and restore a backup: ${restoreHint}`);
  if (!looksLikeSqlite(file)) throw notADatabase('its first bytes are not an SQLite header');
  // Before opening: SQLite would quietly open a file it may not write read-only.
  const refused = writeRefusal(file);
  if (refused) throw new StartupError(`${file} is read-only: ${refused}. Give the hub's user write access to the file, then start again`);
  const verdict = examineDatabaseFile(file);
  if (!verdict.ok && verdict.problem === 'not_a_database') throw notADatabase(verdict.detail);
  if (!verdict.ok) {
    throw new StartupError(`${file} is damaged (quick_check: ${verdict.detail}); the hub will not serve it and nothing was changed. Restore a backup: ${restoreHint}`);
  }
}
