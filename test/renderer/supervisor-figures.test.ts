import { describe, expect, it } from 'vitest';
import { dayTotals, formatDuration, formatRate } from '../../renderer/supervisor/figures.js';
import { problemSentence } from '../../renderer/supervisor/hub-problem.js';

describe('supervisor figures', () => {
  it('says durations to the minute in each language', () => {
    expect(formatDuration(null, 'id')).toBe('—');
    expect(formatDuration(0, 'id')).toBe('< 1 mnt');
    expect(formatDuration(59, 'en')).toBe('< 1 min');
    expect(formatDuration(60, 'id')).toBe('1 mnt');
    expect(formatDuration(12 * 60 + 59, 'id')).toBe('12 mnt');
    expect(formatDuration(3600, 'id')).toBe('1 j 00 mnt');
    expect(formatDuration(3600 + 5 * 60, 'en')).toBe('1 h 05 min');
    expect(formatDuration(2 * 3600 + 41 * 60, 'id')).toBe('2 j 41 mnt');
  });

  it('writes rates with the decimal mark of the language, and a dash before there is one', () => {
    expect(formatRate(2.14, 'id')).toBe('2,1');
    expect(formatRate(2.14, 'en')).toBe('2.1');
    expect(formatRate(3, 'id')).toBe('3,0');
    expect(formatRate(null, 'en')).toBe('—');
  });

  it('adds up the services and keeps the longest wait, without inventing a branch average', () => {
    const day = (over: Partial<Parameters<typeof dayTotals>[0][number]>) => ({
      issued: 0, waiting: 0, inService: 0, done: 0, completed: 0, documentsIncomplete: 0, rejected: 0, referred: 0, noShow: 0, cancelled: 0, longestWaitSeconds: null, ...over,
    });
    const totals = dayTotals([
      day({ issued: 10, waiting: 4, done: 5, completed: 4, documentsIncomplete: 1, cancelled: 1, longestWaitSeconds: 1800 }),
      day({ issued: 3, waiting: 1, inService: 1, done: 1, completed: 1, noShow: 0, longestWaitSeconds: 4000 }),
      day({}),
    ]);
    expect(totals).toEqual({ issued: 13, waiting: 5, inService: 1, done: 6, completed: 5, documentsIncomplete: 1, rejected: 0, referred: 0, noShow: 0, cancelled: 1, longestWaitSeconds: 4000 });
    expect(dayTotals([day({})]).longestWaitSeconds).toBeNull();
  });
});

describe('hub problems in words', () => {
  it('tells an unreachable hub from a refusal, and words a refusal from its reason, never the hub’s English message', () => {
    expect(problemSentence({ status: 0, code: 'unreachable', message: 'x' }, 'id')).toMatch(/^Hub cabang tidak dapat dihubungi/);
    expect(problemSentence({ status: 503, code: 'http_error', message: 'x' }, 'en')).toMatch(/^The branch hub cannot be reached/);
    expect(problemSentence({ status: 401, code: 'unauthorized', message: 'revoked' }, 'id')).toMatch(/tidak \(lagi\) dipasangkan sebagai supervisor/);
    const refusal = { status: 400, code: 'invalid', reason: 'quota_below_issued', params: { service: 'JHT', issued: 5 }, message: '5 tickets of JHT are already issued today: the quota cannot be lower' };
    expect(problemSentence(refusal, 'id')).toBe('Hari ini sudah terbit 5 tiket, jadi kuota hari ini tidak bisa kurang dari 5.');
    expect(problemSentence(refusal, 'en')).toBe("5 tickets are already issued today, so today's quota cannot be lower than 5.");
    const forbidden = { status: 403, code: 'forbidden', reason: 'role_forbidden', params: { role: 'console', needs: 'supervisor' }, message: 'a console may not do this' };
    expect(problemSentence(forbidden, 'id')).toBe('Konsol petugas tidak boleh melakukan ini: hanya supervisor yang boleh.');
  });
});
