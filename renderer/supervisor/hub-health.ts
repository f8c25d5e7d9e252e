import type { SupervisorOverview } from '../../main/wire/schemas.js';
import { fill, type Lang } from '../lib/i18n/lang.js';
import type { ClockFormat } from './device-health.js';
import { formatDuration } from './figures.js';
import type { Fault } from './printer-health.js';
import { TEXT } from './supervisor-text.js';

/**
 * What the supervisor reads about the hub itself: a disk that is full or failing, a database
 * that cannot be written (the kiosks cannot issue tickets: a fault), and backups that fail or
 * are late (nothing stops yet: a warning). Each names the folder the IT person has to look at.
 */
export type HubHealthEntry = SupervisorOverview['health'];

const STORAGE_KEYS = { storage_full: 'faultStorageFull', storage_failed: 'faultStorageFailed', storage_read_only: 'faultStorageReadOnly' } as const;

/** `now` is the hub's clock, which the backup's age is measured against. */
export function hubFaults(health: HubHealthEntry, now: number, lang: Lang, clock: ClockFormat): Fault[] {
  const say = (key: keyof (typeof TEXT)['id'], values: Record<string, string | number>) => fill(TEXT[lang][key], values);
  const { dataDir, backupDir, logFile } = health.paths;
  const faults: Fault[] = [];
  const fault = health.database.fault;
  if (fault) faults.push({ level: 'fault', text: say(STORAGE_KEYS[fault.reason], { time: clock(fault.since), dataDir, logFile: logFile ?? dataDir }) });
  else if (!health.database.writable) faults.push({ level: 'fault', text: say('faultNotWritable', { dataDir }) });
  const backup = health.backup;
  if (backup.failure) faults.push({ level: 'warning', text: say('faultBackupFailing', { time: clock(backup.failure.at), reason: backup.failure.reason, backupDir }) });
  else if (backup.overdue && backup.last) {
    const age = formatDuration(Math.max(0, Math.floor((now - backup.last.at) / 1000)), lang);
    faults.push({ level: 'warning', text: say('faultBackupOverdue', { age, minutes: backup.everyMinutes, backupDir }) });
  }
  return faults;
}
