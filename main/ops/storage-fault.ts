import Database from 'better-sqlite3';
import type { StorageFaultReason } from '../wire/schemas.js';

/**
 * SQLite errors that say the storage under the database failed, not the request: a full disk,
 * a disk or file system error, a database that became read-only. The request was rolled back;
 * it is worth trying again once someone has fixed the disk, so they are answered 503.
 */
export function storageFaultOf(err: unknown): StorageFaultReason | null {
  if (!(err instanceof Database.SqliteError)) return null;
  const code = err.code;
  if (code === 'SQLITE_FULL') return 'storage_full';
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_')) return 'storage_read_only';
  if (code === 'SQLITE_IOERR' || code.startsWith('SQLITE_IOERR_') || code === 'SQLITE_CANTOPEN') return 'storage_failed';
  return null;
}

/** The hub's English sentence per fault; pages word the reason themselves. */
export const STORAGE_FAULT_MESSAGES: Record<StorageFaultReason, string> = {
  storage_full: 'the hub cannot store anything: the disk of its database is full; nothing was changed',
  storage_failed: 'the hub cannot store anything: the disk of its database reported an error; nothing was changed',
  storage_read_only: 'the hub cannot store anything: its database has become read-only; nothing was changed',
};
