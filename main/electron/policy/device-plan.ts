import type { AgentSettings } from '../../devices/device-agent.js';
import type { HubSection, Profile } from '../../profiles/profile-schema.js';
import type { DeviceRole } from '../../wire/schemas.js';

export type ScreenChoice = number | string;

/** One window of the app: a device of its own, paired on its own screen. */
export interface WindowPlan {
  /** Also the key of its token in the keychain and of its session partition. */
  name: string;
  role: DeviceRole;
  /** The hub page it shows. */
  path: `/${DeviceRole}`;
  /** Locked full screen: no menu, no devtools, no reload keys; leaving needs the supervisor's PIN. */
  kiosk: boolean;
  /** The screen the profile names; null means the primary screen. */
  screen: ScreenChoice | null;
  /** The lobby display waits for its screen and keeps the PC from sleeping. */
  waitsForScreen: boolean;
  keepAwake: boolean;
  /** Camera and microphone for the hub's own page of this window. */
  media: boolean;
}

export interface DevicePlan {
  name: string;
  /** The hub this PC runs itself (in a utility process), or null. */
  hub: HubSection | null;
  /** Where the windows find the hub; null when it is this PC's own hub (known once it listens). */
  hubUrl: string | null;
  windows: WindowPlan[];
  /** The kiosk's printer and scanner, run in the main process for the kiosk window's device. */
  agent: (Omit<AgentSettings, 'hubUrl' | 'name'> & { window: string }) | null;
  updatesUrl: string | null;
  /** The demo pairs its devices itself and shows every page in ordinary windows. */
  demo: boolean;
}

const LOCKED_ROLES: readonly DeviceRole[] = ['kiosk', 'booth'];
const MEDIA_ROLES: readonly DeviceRole[] = ['booth', 'console'];

export function windowPlan(name: string, role: DeviceRole, screen: ScreenChoice | undefined, locked = LOCKED_ROLES.includes(role)): WindowPlan {
  return {
    name,
    role,
    path: `/${role}`,
    kiosk: locked,
    screen: screen ?? null,
    waitsForScreen: role === 'display' && screen !== undefined,
    keepAwake: role === 'display' || locked,
    media: MEDIA_ROLES.includes(role),
  };
}

/**
 * What the app does on this PC, from its profile: which hub, which windows where, which hardware.
 * Kiosk and booth windows are locked full screen; the display goes full screen on its screen;
 * console and supervisor are normal windows. A hub PC without windows shows the supervisor page
 * of its own hub in a normal window.
 */
export function devicePlan(profile: Profile): DevicePlan {
  const base = { name: 'name' in profile ? profile.name : profile.hub.branch.name, updatesUrl: profile.role === 'demo' ? null : (profile.updates?.url ?? null), demo: false };
  switch (profile.role) {
    case 'hub':
      return { ...base, hub: profile.hub, hubUrl: null, windows: [windowPlan('Supervisor', 'supervisor', undefined)], agent: null };
    case 'demo':
      // Ordinary windows: the demo is looked at on a developer's PC, which must not be locked.
      return { ...base, demo: true, hub: profile.hub, hubUrl: null, windows: profile.devices.map((d) => windowPlan(d.name, d.role, undefined, false)), agent: null };
    case 'station': {
      const kiosk = profile.windows.find((w) => w.role === 'kiosk');
      return {
        ...base,
        hub: profile.hub ?? null,
        // This PC's own hub wins: its windows reach it over loopback.
        hubUrl: profile.hub ? null : (profile.hubUrl ?? null),
        windows: profile.windows.map((w) => windowPlan(w.name, w.role, w.screen)),
        agent: kiosk && (profile.printer || profile.scanner) ? { window: kiosk.name, printer: profile.printer, scanner: profile.scanner } : null,
      };
    }
    case 'kiosk':
      return {
        ...base,
        hub: null,
        hubUrl: profile.hubUrl,
        windows: [windowPlan(profile.name, 'kiosk', profile.screen)],
        agent: profile.printer || profile.scanner ? { window: profile.name, printer: profile.printer, scanner: profile.scanner } : null,
      };
    default:
      return { ...base, hub: null, hubUrl: profile.hubUrl, windows: [windowPlan(profile.name, profile.role, profile.screen)], agent: null };
  }
}
