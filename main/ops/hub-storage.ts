import { join, resolve } from 'node:path';
import { openDatabase, type BranchDatabase } from '../db/connection.js';
import { checkDatabaseAtStart, prepareDataDir, StartupError } from '../db/integrity.js';
import { migrate, type MigrationReport } from '../db/migrate.js';
import { listBackups } from './backups.js';
import { createHubLog, type HubLog } from './hub-log.js';
import type { HubSection } from '../profiles/profile-schema.js';
import type { BackupSettings } from './backup-schedule.js';
import { acquireDataDirLock, describeHolder } from './hub-lock.js';

export const DATABASE_FILE = 'branch.db';

export interface HubStorage {
  dataDir: string;
  dbFile: string;
  db: BranchDatabase;
  migration: MigrationReport;
  log: HubLog;
  /** Closes the database, then gives up the data folder. */
  close(): void;
}

export interface OpenHubStorageOptions {
  dataDir: string;
  backupDir: string;
  /** The installation's migrations folder (AppLayout.migrationsDir). */
  migrationsDir: string;
  /** The profile file, for the restore command a refusal suggests. */
  profileFile?: string;
  logToConsole?: boolean;
}

/** Where a hub profile keeps its data and its backups; relative paths are from the profile's folder. */
export function hubPaths(hub: Pick<HubSection, 'dataDir' | 'backup'>, baseDir: string): { dataDir: string; backup: BackupSettings } {
  const dataDir = resolve(baseDir, hub.dataDir);
  const dir = hub.backup.dir === undefined ? join(dataDir, 'backups') : resolve(baseDir, hub.backup.dir);
  return { dataDir, backup: { dir, everyMinutes: hub.backup.everyMinutes, keep: hub.backup.keep } };
}

/** `antre restore --profile hub.json --from <newest backup>`, as a person would type it. */
function restoreCommand(profileFile: string | undefined, backupDir: string): string {
  let newest: ReturnType<typeof listBackups>[number] | undefined;
  try {
    newest = listBackups(backupDir)[0];
  } catch {
    // An unreadable backup folder is the backups' fault to report, not a reason to refuse a start.
  }
  return `antre restore --profile ${profileFile ?? 'PROFILE'} --from ${newest?.file ?? 'BACKUP'}${newest ? '' : ` (backups are kept in ${backupDir})`}`;
}

/**
 * The hub's storage, opened in the order that writes nothing until everything is known to be
 * right: the data folder exists and may be written; no other hub or restore holds it; the
 * database is an SQLite file that passes quick_check; only then the log starts, the database
 * opens in WAL mode and pending migrations run.
 */
export function openHubStorage(options: OpenHubStorageOptions): HubStorage {
  const { dataDir } = options;
  const dbFile = join(dataDir, DATABASE_FILE);
  prepareDataDir(dataDir);
  const lock = acquireDataDirLock(dataDir, 'hub');
  if (!lock.held) throw new StartupError(`${describeHolder(lock.holder)}: stop it before starting another hub on ${dataDir}`);
  let db: BranchDatabase | undefined;
  let log: HubLog | undefined;
  try {
    checkDatabaseAtStart(dbFile, restoreCommand(options.profileFile, options.backupDir));
    log = createHubLog({ dir: join(dataDir, 'logs'), console: options.logToConsole ?? false });
    db = openDatabase(dbFile);
    const migration = migrate(db, options.migrationsDir);
    if (migration.applied.length > 0) log.info('migration.applied', { from: migration.from, to: migration.to, applied: migration.applied, backup: migration.backup });
    const opened = db;
    const openedLog = log;
    return {
      dataDir,
      dbFile,
      db,
      migration,
      log,
      close() {
        try {
          opened.close();
        } finally {
          lock.release();
          openedLog.close();
        }
      },
    };
  } catch (err) {
    log?.error('hub.start_failed', { error: err });
    db?.close();
    log?.close();
    lock.release();
    throw err;
  }
}
