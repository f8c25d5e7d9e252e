import { describe, expect, it } from 'vitest';
import { SYNC_FAILURE_REASONS, type SyncStatus } from '../../main/wire/schemas.js';
import { syncFaults, syncReason, syncView, WARN_AFTER_MS } from '../../renderer/supervisor/sync-health.js';

/** The supervisor's words for the sync: a warning only once a failure lasts, every reason in both languages. */
const at = (hhmm: string) => Date.parse(`2025-03-10T${hhmm}:00+07:00`);
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 16);
const failing: SyncStatus = {
  hq: 'https://hq.example.id',
  connected: false,
  lastSuccessAt: at('09:00'),
  lastAttemptAt: at('09:12'),
  waiting: 12345,
  failure: { reason: 'unreachable', detail: 'POST /api/v1/branches/x/events: ECONNREFUSED', at: at('09:12'), since: at('09:10'), tries: 6 },
  nextTryAt: at('09:13'),
  epoch: '5d1c0e6e-0b0f-4c54-9a53-0d4f3c1f1b11',
};

describe('the sync as the supervisor reads it', () => {
  it('warns at the top of the page only once tries have failed for two minutes', () => {
    expect(syncFaults(failing, failing.failure!.since + WARN_AFTER_MS - 1, 'id', clock)).toEqual([]);
    const [warning] = syncFaults(failing, failing.failure!.since + WARN_AFTER_MS, 'id', clock);
    expect(warning).toEqual({
      level: 'warning',
      text: 'Kantor pusat tidak terhubung sejak 02:10: kantor pusat tidak dapat dihubungi (jaringan putus atau servernya mati). 12.345 kejadian menunggu dikirim; antrean cabang tetap berjalan dan hub mencoba lagi sendiri.',
    });
    expect(syncFaults(failing, at('10:00'), 'en', clock)[0]!.text).toContain('12,345 events wait to be sent');
    expect(syncFaults({ ...failing, failure: null, connected: true }, at('10:00'), 'id', clock)).toEqual([]);
    expect(syncFaults(null, at('10:00'), 'id', clock)).toEqual([]);
  });

  it('words every failure reason in Indonesian and English', () => {
    for (const reason of SYNC_FAILURE_REASONS) {
      expect(syncReason(reason, 'id')).toMatch(/^\S.{10,}/);
      expect(syncReason(reason, 'en')).toMatch(/^\S.{10,}/);
      expect(syncReason(reason, 'id')).not.toBe(syncReason(reason, 'en'));
    }
  });

  it('lists the state, last success, events waiting and the failure with its next try', () => {
    expect(syncView(failing, 'en', clock)).toEqual({
      title: 'Headquarters',
      state: 'failing',
      stateText: 'Not connected',
      rows: [
        { key: 'lastSuccess', label: 'Last success', value: '02:00' },
        { key: 'waiting', label: 'Waiting to be sent', value: '12,345 events' },
        { key: 'lastFailure', label: 'Last failure', value: '02:12: headquarters cannot be reached (the network is down or its server is)' },
        { key: 'nextTry', label: '', value: 'Trying again at 02:13 (try 7)' },
      ],
    });
    const starting = syncView({ ...failing, failure: null, nextTryAt: null, lastSuccessAt: null }, 'id', clock);
    expect(starting.stateText).toBe('Menghubungi…');
    expect(starting.rows.map((r) => r.value)).toEqual(['belum pernah', '12.345 kejadian']);
  });
});
