import type { BranchDatabase } from '../db/connection.js';
import { businessDay } from '../queue/business-day.js';
import type { Clock } from '../queue/types.js';
import { BackupError, listBackups, pruneBackups, removePartialBackups, writeBackup, type BackupFile, type BackupKind } from './backups.js';
import type { HubLog } from './hub-log.js';

export interface BackupSettings {
  /** The folder backups go to: ideally another disk than the data folder's. */
  dir: string;
  everyMinutes: number;
  keep: number;
}

export interface BackupStatus {
  last: BackupFile | null;
  /** The last attempt's failure, until an attempt succeeds. */
  failure: { at: number; reason: string; message: string } | null;
  /** The newest backup is older than the schedule and its grace. Before the first backup, a failure says more. */
  overdue: boolean;
}

export interface BackupSchedule {
  readonly settings: BackupSettings;
  /** Takes a backup when one is due: none yet, the interval has passed, or the branch's day has turned. */
  tick(): Promise<BackupFile | null>;
  backupNow(kind?: BackupKind): Promise<BackupFile>;
  status(): BackupStatus;
  /** Stops the timer and waits for a backup under way: the database must not close under it. */
  stop(): Promise<void>;
}

export interface BackupScheduleOptions {
  db: BranchDatabase;
  settings: BackupSettings;
  /** The hub's clock: backups are named and scheduled by it, so the day turns with the branch's. */
  clock: Clock;
  timeZone: string;
  log: HubLog;
  /** How often the schedule looks whether a backup is due (real time). */
  checkEveryMs?: number;
}

const CHECK_EVERY_MS = 60_000;
/** A late backup is overdue only after this much beyond its interval: a check runs once a minute. */
const GRACE_MS = 5 * 60_000;
/** After a failure, the next attempt waits this long rather than failing once a minute. */
const RETRY_AFTER_FAILURE_MS = 5 * 60_000;

/**
 * Online backups on a schedule and at day close (the first check after the branch's local
 * midnight), keeping the newest `keep`. The backup folder is read each time, so a backup someone
 * deleted or copied in by hand is seen as it is.
 */
export function startBackupSchedule(options: BackupScheduleOptions): BackupSchedule {
  const { db, settings, clock, timeZone, log } = options;
  const everyMs = settings.everyMinutes * 60_000;
  let failure: BackupStatus['failure'] = null;
  let lastAttemptAt: number | null = null;
  let running: Promise<BackupFile> | null = null;
  let stopped = false;
  removePartialBackups(settings.dir);

  const newest = (): BackupFile | null => {
    try {
      return listBackups(settings.dir)[0] ?? null;
    } catch {
      return null;
    }
  };

  const due = (now: number): BackupKind | null => {
    if (failure && lastAttemptAt !== null && now - lastAttemptAt < RETRY_AFTER_FAILURE_MS) return null;
    const last = newest();
    if (!last) return 'scheduled';
    if (businessDay(now, timeZone) !== businessDay(last.at, timeZone) && now > last.at) return 'day_close';
    return now - last.at >= everyMs ? 'scheduled' : null;
  };

  const run = (kind: BackupKind): Promise<BackupFile> => {
    if (running) return running;
    const at = clock();
    lastAttemptAt = at;
    running = writeBackup(db, settings.dir, at, kind)
      .then(
        (backup) => {
          failure = null;
          let pruned = 0;
          try {
            pruned = pruneBackups(settings.dir, settings.keep).length;
          } catch (err) {
            log.warn('backup.prune_failed', { dir: settings.dir, error: err });
          }
          log.info('backup.written', { kind, file: backup.file, bytes: backup.bytes, pruned });
          return backup;
        },
        (err: unknown) => {
          const reason = err instanceof BackupError ? err.reason : 'failed';
          failure = { at, reason, message: (err as Error).message };
          log.error('backup.failed', { kind, dir: settings.dir, reason, error: err });
          throw err;
        },
      )
      .finally(() => {
        running = null;
      });
    return running;
  };

  const tick = async (): Promise<BackupFile | null> => {
    if (stopped || running) return null;
    const kind = due(clock());
    if (!kind) return null;
    try {
      return await run(kind);
    } catch {
      return null; // logged and kept as the failure
    }
  };

  const timer = setInterval(() => void tick(), options.checkEveryMs ?? CHECK_EVERY_MS);
  timer.unref();

  return {
    settings,
    tick,
    backupNow: (kind = 'scheduled') => run(kind),
    status() {
      const last = newest();
      return { last, failure, overdue: last !== null && clock() - last.at > everyMs + GRACE_MS };
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
