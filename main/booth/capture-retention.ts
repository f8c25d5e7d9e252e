import type { HubLog } from '../ops/hub-log.js';
import type { CaptureStore } from './capture-store.js';

const DAY_MS = 86_400_000;
const SWEEP_EVERY_MS = 3_600_000;

/**
 * Deletes captured documents once the hub profile's retention has passed: at start, then every
 * hour. A still of an ID card is kept for the claim's checks, not for ever.
 */
export function startCaptureRetention(options: { captures: CaptureStore; retentionDays: number; clock: () => number; log: HubLog; onError: (err: unknown) => void }) {
  const sweep = (): void => {
    try {
      const purged = options.captures.purgeBefore(options.clock() - options.retentionDays * DAY_MS);
      if (purged > 0) options.log.info('captures.purged', { count: purged, retentionDays: options.retentionDays });
    } catch (err) {
      options.onError(err);
    }
  };
  sweep();
  const timer = setInterval(sweep, SWEEP_EVERY_MS);
  timer.unref();
  return {
    stop: (): void => clearInterval(timer),
  };
}
