import type { WindowPlan } from './device-plan.js';

/** A participant-facing screen counts as in use this long after its last touch or key. */
export const IN_USE_FOR_MS = 3 * 60_000;

export interface UpdateMoment {
  /** An update is downloaded and waits to be installed. */
  downloaded: boolean;
  windows: readonly Pick<WindowPlan, 'role' | 'kiosk'>[];
  /** When someone last touched each locked window (0: never). */
  lastInputAt: readonly number[];
  /** Whether this PC runs the branch hub (its restart stops every device for a moment). */
  runsHub: boolean;
  now: number;
  /** The branch's local hour now (0-23). */
  localHour: number;
}

/**
 * Whether the app may restart now to install a downloaded update. A locked screen (kiosk, booth)
 * never restarts while a participant uses it: nobody touched it for three minutes. A PC that runs
 * the hub waits for the quiet of the night (20:00 to 06:00) as every device depends on it. Screens
 * for staff (console, supervisor) restart only when quiet too, and on the next start otherwise.
 */
export function mayRestartForUpdate(m: UpdateMoment): boolean {
  if (!m.downloaded) return false;
  const night = m.localHour >= 20 || m.localHour < 6;
  if (m.runsHub && !night) return false;
  const idle = m.lastInputAt.every((t) => m.now - t >= IN_USE_FOR_MS);
  return idle && (night || m.windows.every((w) => w.kiosk || w.role === 'display'));
}
