import type { DeviceRole } from '../../wire/schemas.js';

/** Electron's permission names the app ever grants: camera and microphone arrive as 'media'. */
export interface PermissionAsk {
  permission: string;
  /** The origin of the page asking (requestingOrigin, or the frame's URL). */
  origin: string;
  /** For 'media': which devices ('video', 'audio'); others are refused. */
  mediaTypes?: readonly string[];
  /** Whether the asking frame is the window's top frame. */
  mainFrame: boolean;
}

const MEDIA_TYPES = new Set(['video', 'audio']);
const MEDIA_ROLES: readonly DeviceRole[] = ['booth', 'console'];

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * Camera and microphone for the booth's and the console's page, asked by the page itself on the
 * hub's origin; nothing else, for nobody: no notifications, geolocation, clipboard, HID, serial,
 * USB, screen capture, fullscreen requests by pages or opening external links.
 */
export function mayUsePermission(ask: PermissionAsk, role: DeviceRole, hubOrigin: string | null): boolean {
  if (!MEDIA_ROLES.includes(role) || hubOrigin === null) return false;
  if (ask.permission !== 'media' || !ask.mainFrame) return false;
  if (originOf(ask.origin) !== hubOrigin) return false;
  // A check without device types (permissionCheckHandler) asks whether media may be asked at all.
  return (ask.mediaTypes ?? []).every((t) => MEDIA_TYPES.has(t));
}
