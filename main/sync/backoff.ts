/**
 * How long the sync worker waits after failed tries: exponential, capped, and half of it random, so
 * 325 branches that lost headquarters at the same moment do not all come back at the same moment.
 */
export interface BackoffSettings {
  firstMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffSettings = { firstMs: 1_000, maxMs: 5 * 60_000 };

/** The wait before the next try after `failures` failures in a row (1 or more); `random` is in [0, 1). */
export function backoffDelay(failures: number, settings: BackoffSettings = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const ceiling = Math.min(settings.maxMs, settings.firstMs * 2 ** Math.min(failures - 1, 30));
  // Never quite zero: a failing headquarters is not retried in a tight loop.
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
