/** Past this many crashes or hangs of one window within a minute, the window stops reloading and shows the local error page. */
export const CRASHES_PER_MINUTE_LIMIT = 3;
const WINDOW_MS = 60_000;
const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;

export type CrashAction = { action: 'reload'; delayMs: number } | { action: 'error-page'; retryMs: number };

/**
 * What to do when a window's page crashed (render-process-gone) or hung (unresponsive): reload it
 * after 1 s, 2 s, 4 s... for the crashes of the last minute, until there were too many; then the
 * local error page, which tries the page again after a minute (a kiosk nobody restarts must come
 * back by itself once the fault is gone).
 */
export function crashAction(crashTimes: readonly number[], now: number): CrashAction {
  const recent = crashTimes.filter((t) => now - t < WINDOW_MS).length;
  if (recent > CRASHES_PER_MINUTE_LIMIT) return { action: 'error-page', retryMs: WINDOW_MS };
  return { action: 'reload', delayMs: Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, recent - 1)) };
}

/** Restart delays of the hub's utility process: 1 s doubling to a minute, reset once it ran for five minutes. */
export function restartDelay(failuresInARow: number): number {
  return Math.min(60_000, 1_000 * 2 ** Math.max(0, failuresInARow - 1));
}
export const HEALTHY_RUN_MS = 5 * 60_000;
