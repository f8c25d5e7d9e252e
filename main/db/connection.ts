import Database from 'better-sqlite3';

export type BranchDatabase = Database.Database;

/** How long a writer waits for another connection's write lock before giving up. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens the branch database with the pragmas every connection must have: WAL so readers never
 * block the writer, synchronous=FULL so a ticket the kiosk showed survives a power cut, and
 * foreign keys, which SQLite leaves off per connection unless asked.
 */
export function openDatabase(file: string, options: { readonly?: boolean } = {}): BranchDatabase {
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  if (!options.readonly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  return db;
}
