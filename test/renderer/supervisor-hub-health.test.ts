import { describe, expect, it } from 'vitest';
import { describeRefusal, TEXT as KIOSK_TEXT } from '../../renderer/kiosk/kiosk-text.js';
import { hubFaults, type HubHealthEntry } from '../../renderer/supervisor/hub-health.js';
import { isUnreachable } from '../../renderer/supervisor/hub-problem.js';
import { TEXT } from '../../renderer/supervisor/supervisor-text.js';

const at = (hhmm: string) => Date.parse(`2025-03-10T${hhmm}:00+07:00`);
const clock = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(11, 16);

const healthy = (over: Partial<HubHealthEntry> = {}): HubHealthEntry => ({
  ok: true,
  branch: { id: 'b', name: 'Cabang', timeZone: 'Asia/Jakarta' },
  seq: 10,
  version: '0.1.0',
  schemaVersion: 3,
  database: { writable: true, fault: null },
  disk: { freeBytes: 10_000_000_000 },
  backup: { last: { at: at('09:00'), file: 'branch-x.db', bytes: 4096 }, everyMinutes: 60, overdue: false, failure: null },
  paths: { dataDir: '/var/lib/antre', backupDir: '/mnt/backup/antre', logFile: '/var/lib/antre/logs/hub.log' },
  ...over,
});

describe("the hub's own health on the supervisor page", () => {
  it('says nothing while the hub is healthy', () => {
    expect(hubFaults(healthy(), at('09:30'), 'id', clock)).toEqual([]);
  });

  it('says a full disk as a fault, since when, and which folder to free, in Indonesian and English', () => {
    const health = healthy({ ok: false, database: { writable: false, fault: { reason: 'storage_full', since: at('10:42') } } });
    expect(hubFaults(health, at('10:45'), 'id', clock)).toEqual([
      { level: 'fault', text: 'Disk hub penuh sejak 10:42: tiket dan perubahan tidak dapat disimpan, kios tidak dapat menerbitkan tiket. Kosongkan ruang pada disk folder data hub (/var/lib/antre).' },
    ]);
    expect(hubFaults(health, at('10:45'), 'en', clock)[0]!.text).toBe(
      "The hub's disk has been full since 10:42: tickets and changes cannot be saved, the kiosks cannot issue tickets. Free space on the disk of the hub's data folder (/var/lib/antre).",
    );
  });

  it('says a database that cannot be written, with or without a failed write', () => {
    const readOnly = healthy({ ok: false, database: { writable: false, fault: { reason: 'storage_read_only', since: at('11:00') } } });
    expect(hubFaults(readOnly, at('11:05'), 'id', clock)[0]!.text).toMatch(/^Database hub tidak dapat ditulis sejak 11:00: .*\(\/var\/lib\/antre\)\.$/);
    const noWrite = healthy({ ok: false, database: { writable: false, fault: null } });
    expect(hubFaults(noWrite, at('11:05'), 'en', clock)).toEqual([
      { level: 'fault', text: "The hub's database cannot be written: tickets and changes cannot be saved. Check the permissions of the hub's data folder (/var/lib/antre)." },
    ]);
  });

  it('warns of a failing backup with its reason and folder, and of one older than its schedule', () => {
    const failing = healthy({ backup: { last: null, everyMinutes: 60, overdue: false, failure: { at: at('12:00'), reason: 'ENOSPC' } } });
    expect(hubFaults(failing, at('12:01'), 'id', clock)).toEqual([
      { level: 'warning', text: 'Pencadangan database gagal pukul 12:00 (ENOSPC). Periksa folder cadangan /mnt/backup/antre.' },
    ]);
    const late = healthy({ backup: { last: { at: at('09:00'), file: 'b.db', bytes: 1 }, everyMinutes: 60, overdue: true, failure: null } });
    expect(hubFaults(late, at('12:05'), 'en', clock)).toEqual([
      { level: 'warning', text: 'The last database backup was made 3 h 05 min ago, though it is scheduled every 60 minutes. Check the hub and the backup folder /mnt/backup/antre.' },
    ]);
  });

  it('has every hub fault sentence in both languages', () => {
    for (const key of ['faultStorageFull', 'faultStorageFailed', 'faultStorageReadOnly', 'faultNotWritable', 'faultBackupFailing', 'faultBackupOverdue'] as const) {
      expect(TEXT.en[key], key).not.toBe(TEXT.id[key]);
    }
  });

  it('treats 503 storage_unavailable as an answer from the hub, not as a hub that cannot be reached', () => {
    expect(isUnreachable({ status: 503, code: 'storage_unavailable', message: '' })).toBe(false);
    expect(isUnreachable({ status: 503, code: 'unreachable', message: '' })).toBe(true);
  });
});

describe('the kiosk when the hub cannot store tickets', () => {
  it('says plainly that tickets cannot be taken now and to ask an officer, in both languages', () => {
    const refusal = { code: 'storage_unavailable', serviceCode: 'JHT', bookingCode: null, alternatives: [] };
    const context = { serviceLabel: 'Klaim JHT', dropBoxAvailable: true, clock, day: (d: string) => d };
    const id = describeRefusal(refusal, { ...context, lang: 'id' });
    expect(id.headline).toBe('Tiket tidak dapat diambil saat ini.');
    expect(id.alternatives).toEqual([{ kind: 'ask_officer', text: KIOSK_TEXT.id.alt_ask_officer }]);
    const en = describeRefusal(refusal, { ...context, lang: 'en' });
    expect(en.headline).toBe('Tickets cannot be issued right now.');
    expect(en.alternatives.map((a) => a.text)).toEqual(['Ask an officer at the information desk.']);
  });
});
