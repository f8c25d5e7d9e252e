import type { ScreenChoice, WindowPlan } from './device-plan.js';

/** What the app knows of a screen (Electron's Display, reduced to what placement needs). */
export interface ScreenInfo {
  id: number;
  label: string;
  bounds: { x: number; y: number; width: number; height: number };
  primary: boolean;
}

export type Placement =
  | { kind: 'on'; screenId: number; bounds: ScreenInfo['bounds']; fullScreen: boolean }
  /** The named screen is not plugged in: the window waits on the primary screen, saying which screen it waits for. */
  | { kind: 'waiting'; screenId: number; bounds: ScreenInfo['bounds']; waitingFor: ScreenChoice };

/** The screen a profile names: by index in the system's list, or by label (exact, then case-insensitive). */
export function findScreen(screens: readonly ScreenInfo[], choice: ScreenChoice): ScreenInfo | undefined {
  if (typeof choice === 'number') return screens[choice];
  return screens.find((s) => s.label === choice) ?? screens.find((s) => s.label.toLowerCase() === choice.trim().toLowerCase());
}

/**
 * Where a window goes among the screens plugged in now. Kiosk, booth and display windows fill
 * their screen; console and supervisor windows open on theirs at their own size. Called again
 * whenever a screen is plugged in or out, so a waiting display moves to its TV when it appears.
 */
export function placeWindow(plan: WindowPlan, screens: readonly ScreenInfo[]): Placement {
  const primary = screens.find((s) => s.primary) ?? screens[0];
  if (!primary) throw new Error('no screen is connected');
  const fullScreen = plan.kiosk || plan.role === 'display';
  if (plan.screen === null) return { kind: 'on', screenId: primary.id, bounds: primary.bounds, fullScreen };
  const named = findScreen(screens, plan.screen);
  if (named) return { kind: 'on', screenId: named.id, bounds: named.bounds, fullScreen };
  if (plan.waitsForScreen) return { kind: 'waiting', screenId: primary.id, bounds: primary.bounds, waitingFor: plan.screen };
  // A kiosk or booth whose named screen is missing still serves on the screen there is.
  return { kind: 'on', screenId: primary.id, bounds: primary.bounds, fullScreen };
}

/** The screens, one line each, for the log: what a person types into `screen`. */
export function describeScreens(screens: readonly ScreenInfo[]): string[] {
  return screens.map((s, i) => `screen ${i}: "${s.label}" ${s.bounds.width}x${s.bounds.height} at ${s.bounds.x},${s.bounds.y}${s.primary ? ' (primary)' : ''}`);
}
