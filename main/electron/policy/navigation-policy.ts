import type { DeviceRole } from '../../wire/schemas.js';

/** The app's own pages (connecting, error, waiting for a screen, leaving kiosk mode): antre://local/... */
export const LOCAL_SCHEME = 'antre';
export const LOCAL_ORIGIN = `${LOCAL_SCHEME}://local`;

const HUB_PAGES = new Set(['kiosk', 'display', 'booth', 'console', 'supervisor', 'pair', 'setup', 't']);

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Whether a window may load an address: the hub's own pages on the hub's origin (the pairing page
 * redirects among them), and the app's local pages. Everything else (another host, file://, a
 * data: URL, the hub's API opened as a page) is refused, so a link or a script can never take a
 * locked screen elsewhere.
 */
export function mayNavigate(url: string, hubOrigin: string | null): boolean {
  const target = parse(url);
  if (!target) return false;
  if (`${target.protocol}//${target.host}` === LOCAL_ORIGIN) return /^\/[a-z-]+\.html$/.test(target.pathname);
  if (hubOrigin === null || target.origin !== hubOrigin) return false;
  const first = target.pathname.split('/')[1] ?? '';
  return target.pathname === '/' || HUB_PAGES.has(first);
}

/** New windows (window.open, target=_blank) are never opened: each device has the windows its profile names. */
export function mayOpenWindow(): false {
  return false;
}

/** The hub address of a window's page, e.g. https://192.168.1.10:8080/kiosk. */
export function hubPageUrl(hubUrl: string, role: DeviceRole): string {
  return new URL(`/${role}`, hubUrl).href;
}
