import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BranchDatabase } from './connection.js';

export interface MigrationFile {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationReport {
  from: number;
  to: number;
  applied: string[];
  backup: string | null;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

const FILE_PATTERN = /^(\d{3})_([a-z0-9_]+)\.sql$/;

export function readMigrations(dir: string): MigrationFile[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const migrations = files.map((file, index) => {
    const match = FILE_PATTERN.exec(file);
    if (!match) throw new MigrationError(`migration file ${file} must be named NNN_name.sql (lower case, digits, underscores)`);
    const version = Number(match[1]);
    if (version !== index + 1) {
      throw new MigrationError(`migration ${file} has version ${version}, expected ${index + 1}: versions must run 001, 002, ... without gaps`);
    }
    const sql = readFileSync(join(dir, file), 'utf8');
    return { version, name: file, sql, checksum: createHash('sha256').update(sql).digest('hex') };
  });
  return migrations;
}

function ensureLedger(db: BranchDatabase): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    checksum   TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`);
}

/** A file with tables but no Antre ledger is somebody else's database: leave it alone. */
function refuseForeignDatabase(db: BranchDatabase): void {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  if (tables.length > 0 && !tables.includes('schema_migrations')) {
    throw new MigrationError(`this database already has tables (${tables.slice(0, 3).join(', ')}) but no Antre schema: it is not a branch database, so nothing was changed`);
  }
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

/**
 * Brings the database to the newest migration. Refuses, before touching anything, when the
 * database was migrated by newer code or when a migration that already ran has been edited
 * since: either means this code does not know the schema it would be writing to.
 */
export function migrate(db: BranchDatabase, dir: string, now: () => number = Date.now): MigrationReport {
  const migrations = readMigrations(dir);
  refuseForeignDatabase(db);
  ensureLedger(db);
  const applied = db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all() as AppliedRow[];
  const newest = migrations.length;
  const current = applied.length === 0 ? 0 : applied[applied.length - 1]!.version;

  if (current > newest) {
    throw new MigrationError(
      `database is at schema version ${current} (${applied[applied.length - 1]!.name}) but this code knows only up to ${newest}: ` +
        'it was written by a newer Antre; install that version or restore a backup',
    );
  }
  for (const row of applied) {
    const file = migrations[row.version - 1];
    if (!file || file.name !== row.name) {
      throw new MigrationError(`applied migration ${row.version} was ${row.name} but the migrations folder has ${file?.name ?? 'nothing'} there`);
    }
    if (file.checksum !== row.checksum) {
      throw new MigrationError(`migration ${row.name} was edited after it was applied (checksum differs): add a new migration instead of changing a landed one`);
    }
  }

  const pending = migrations.slice(current);
  let backup: string | null = null;
  if (pending.length > 0 && current > 0) backup = backupBeforeMigrating(db, current, now());

  const record = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  for (const migration of pending) {
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, migration.checksum, now());
    }).immediate();
  }
  return { from: current, to: newest, applied: pending.map((m) => m.name), backup };
}

/** VACUUM INTO writes a consistent copy even while the WAL holds uncheckpointed pages. */
function backupBeforeMigrating(db: BranchDatabase, version: number, at: number): string | null {
  if (db.memory || db.name === '') return null;
  const stamp = new Date(at).toISOString().replace(/[:.]/g, '-');
  let target = `${db.name}.v${version}.${stamp}.bak`;
  for (let n = 1; existsSync(target); n++) target = `${db.name}.v${version}.${stamp}-${n}.bak`;
  db.prepare('VACUUM INTO ?').run(target);
  return target;
}

export function schemaVersion(db: BranchDatabase): number {
  ensureLedger(db);
  const row = db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}
