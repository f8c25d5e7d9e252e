import { accessSync, constants, statfsSync } from 'node:fs';
import type { BranchIdentity, Clock } from '../queue/types.js';
import type { HubHealth, StorageFaultReason } from '../wire/schemas.js';
import type { BackupSchedule } from './backup-schedule.js';
import type { HubLog } from './hub-log.js';
import { storageFaultOf } from './storage-fault.js';

export interface HealthMonitor {
  /**
   * Something failed (a request, a background write): a storage fault among it is remembered as
   * the hub's current fault until a write commits again. Returns the fault's reason, if it was one.
   */
  noteFailure(err: unknown): StorageFaultReason | null;
  report(): HubHealth;
  readonly paths: { dataDir: string; backupDir: string; logFile: string | null };
}

export interface HealthMonitorOptions {
  branch: BranchIdentity;
  version: string;
  schemaVersion: number;
  dataDir: string;
  dbFile: string;
  clock: Clock;
  backups: BackupSchedule;
  log: HubLog;
  lastSeq: () => number;
  /** Called after every committed write: proof that storage works again. */
  onCommit: (listener: () => void) => () => void;
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function freeBytes(dir: string): number | null {
  try {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

/** What /health and the supervisor's overview say about the hub's storage and backups. */
export function createHealthMonitor(options: HealthMonitorOptions): HealthMonitor & { stop(): void } {
  const { clock, log } = options;
  let fault: { reason: StorageFaultReason; since: number } | null = null;
  const stopListening = options.onCommit(() => {
    if (!fault) return;
    log.info('storage.recovered', { reason: fault.reason, since: new Date(fault.since).toISOString() });
    fault = null;
  });

  return {
    paths: { dataDir: options.dataDir, backupDir: options.backups.settings.dir, logFile: log.file },
    noteFailure(err) {
      const reason = storageFaultOf(err);
      if (reason && fault?.reason !== reason) fault = { reason, since: clock() };
      return reason;
    },
    report() {
      const canWrite = fault === null && writable(options.dataDir) && writable(options.dbFile);
      const backup = options.backups.status();
      return {
        ok: canWrite,
        branch: options.branch,
        seq: options.lastSeq(),
        version: options.version,
        schemaVersion: options.schemaVersion,
        database: { writable: canWrite, fault },
        disk: { freeBytes: freeBytes(options.dataDir) },
        backup: {
          last: backup.last && { at: backup.last.at, file: backup.last.name, bytes: backup.last.bytes },
          everyMinutes: options.backups.settings.everyMinutes,
          overdue: backup.overdue,
          failure: backup.failure && { at: backup.failure.at, reason: backup.failure.reason },
        },
      };
    },
    stop: stopListening,
  };
}
