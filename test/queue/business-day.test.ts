import { describe, expect, it } from 'vitest';
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

  it('keeps a zone with daylight saving right across its changes', () => {
    const before = Date.parse('2025-03-09T00:00:00-05:00');
    expect(businessDay(before + 23 * 3_600_000 - 1, 'America/New_York')).toBe('2025-03-09');
    expect(businessDay(before + 23 * 3_600_000, 'America/New_York')).toBe('2025-03-10');
  });
});
