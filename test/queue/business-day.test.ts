import { describe, expect, it, vi } from 'vitest';
import { businessDay, startOfBusinessDay } from '../../main/queue/business-day.js';

describe('businessDay', () => {
  it('rolls over at local midnight in each zone, also when asked again and again around it', () => {
    for (const [zone, midnight] of [
      ['Asia/Jakarta', '2025-03-11T00:00:00+07:00'],
      ['Asia/Makassar', '2025-03-11T00:00:00+08:00'],
      ['Asia/Jayapura', '2025-03-11T00:00:00+09:00'],
    ] as const) {
      const at = Date.parse(midnight);
      expect(businessDay(at - 1, zone)).toBe('2025-03-10');
      expect(businessDay(at, zone)).toBe('2025-03-11');
      expect(businessDay(at - 1, zone)).toBe('2025-03-10');
      expect(businessDay(at + 86_400_000 - 1, zone)).toBe('2025-03-11');
      expect(businessDay(at + 86_400_000, zone)).toBe('2025-03-12');
      expect(startOfBusinessDay('2025-03-11', zone)).toBe(at);
    }
  });

  it('formats no date for a command asking today and yesterday again, as the queue does on each one', () => {
    const zone = 'Asia/Makassar';
    const now = Date.parse('2025-04-02T10:00:00+08:00');
    const yesterday = () => businessDay(startOfBusinessDay(businessDay(now, zone), zone) - 1, zone);
    expect([businessDay(now, zone), yesterday()]).toEqual(['2025-04-02', '2025-04-01']);
    const formatted = vi.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    try {
      for (let i = 0; i < 100; i++) expect([businessDay(now + i * 1000, zone), yesterday()]).toEqual(['2025-04-02', '2025-04-01']);
      expect(formatted).not.toHaveBeenCalled();
    } finally {
      formatted.mockRestore();
    }
  });

  it('keeps a zone with daylight saving right across its changes', () => {
    const before = Date.parse('2025-03-09T00:00:00-05:00');
    expect(businessDay(before + 23 * 3_600_000 - 1, 'America/New_York')).toBe('2025-03-09');
    expect(businessDay(before + 23 * 3_600_000, 'America/New_York')).toBe('2025-03-10');
  });
});
