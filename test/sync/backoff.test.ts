import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from '../../main/sync/backoff.js';

describe('the wait after failed tries', () => {
  it('doubles from 1 s up to 5 minutes, and half of it is random so branches do not come back together', () => {
    const least = (n: number) => backoffDelay(n, DEFAULT_BACKOFF, () => 0);
    const most = (n: number) => backoffDelay(n, DEFAULT_BACKOFF, () => 0.999999);
    expect([1, 2, 3, 4].map(least)).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map(most)).toEqual([1000, 2000, 4000, 8000]);
    expect(least(20)).toBe(150_000);
    expect(most(20)).toBe(300_000);
    expect(most(10_000)).toBe(300_000);
    const spread = new Set(Array.from({ length: 50 }, () => backoffDelay(6)));
    expect(spread.size).toBeGreaterThan(10);
  });
});
