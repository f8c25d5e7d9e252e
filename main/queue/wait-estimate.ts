import type { WaitEstimate } from './types.js';

export type { WaitEstimate };

/**
 * Estimated waits: people ahead under the calling policy, times a moving average of recent
 * service durations, divided by the capacity actually serving the service. An officer with
 * several booths counts for more than one counter, by a factor learned from how much their
 * services really overlapped.
 */

/** Fewer completed services than this and the configured default duration is used. */
export const MIN_DURATION_SAMPLES = 3;
/** The moving average spans at most this many recent services. */
export const DURATION_WINDOW = 20;
export const MIN_CONCURRENCY_SAMPLES = 5;
export const CONCURRENCY_WINDOW = 50;

export interface DurationEstimate {
  seconds: number;
  basis: 'learned' | 'default';
}

export function averageServiceSeconds(recentSeconds: readonly number[], defaultSeconds: number): DurationEstimate {
  if (recentSeconds.length < MIN_DURATION_SAMPLES) return { seconds: defaultSeconds, basis: 'default' };
  const window = recentSeconds.slice(0, DURATION_WINDOW);
  return { seconds: window.reduce((a, b) => a + b, 0) / window.length, basis: 'learned' };
}

/**
 * How many services at once an officer with `positionCount` positions keeps going. Before data:
 * one for a counter, and each extra booth adds 0.8, so six booths come to five, the figure the
 * agency reported for one-to-many service.
 */
export function parallelism(positionCount: number, learnedSamples: readonly number[]): number {
  if (positionCount <= 1) return 1;
  if (learnedSamples.length >= MIN_CONCURRENCY_SAMPLES) {
    const mean = learnedSamples.reduce((a, b) => a + b, 0) / learnedSamples.length;
    return Math.min(positionCount, Math.max(1, mean));
  }
  return 1 + 0.8 * (positionCount - 1);
}

/**
 * The overlap of one finished service with the officer's other services in the same session:
 * 1 when it ran alone, 3 when on average two others ran beside it.
 */
export function concurrencyOf(own: { calledAt: number; finishedAt: number }, sessionIntervals: readonly { calledAt: number; finishedAt: number }[]): number {
  const length = own.finishedAt - own.calledAt;
  if (length <= 0) return 1;
  let covered = 0;
  for (const iv of sessionIntervals) {
    covered += Math.max(0, Math.min(iv.finishedAt, own.finishedAt) - Math.max(iv.calledAt, own.calledAt));
  }
  return Math.max(1, covered / length);
}

export interface SessionCapacity {
  positionCount: number;
  /** The services the session's positions serve. */
  services: readonly string[];
  parallelism: number;
}

/**
 * Capacity serving one service: each session's parallelism, shared among the services it
 * serves in proportion to how many wait for each.
 */
export function capacityFor(serviceCode: string, sessions: readonly SessionCapacity[], waitingByService: ReadonlyMap<string, number>): number {
  let capacity = 0;
  for (const s of sessions) {
    if (!s.services.includes(serviceCode)) continue;
    // The service counts with at least the one person asking, so a staffed service with nobody
    // waiting yet still gets a share and is not reported as unstaffed.
    const own = Math.max(1, waitingByService.get(serviceCode) ?? 0);
    const others = s.services.reduce((sum, code) => (code === serviceCode ? sum : sum + (waitingByService.get(code) ?? 0)), 0);
    const share = own / (own + others);
    capacity += s.parallelism * share;
  }
  return capacity;
}


export function estimateWait(peopleAhead: number, duration: DurationEstimate, capacity: number): WaitEstimate {
  const staffed = capacity > 0;
  const seconds = Math.round((peopleAhead * duration.seconds) / (staffed ? capacity : 1));
  return { peopleAhead, seconds, staffed, basis: duration.basis };
}
