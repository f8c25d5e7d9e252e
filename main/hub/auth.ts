import type { IncomingHttpHeaders } from 'node:http';
import type { AuthenticatedDevice, DeviceRegistry } from '../pairing/device-registry.js';
import { HttpError } from './http-errors.js';
import type { Access } from './route.js';

export const TOKEN_COOKIE = 'antre_token';

function cookie(headers: IncomingHttpHeaders, name: string): string | null {
  for (const part of (headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * A device's token: the Authorization header for programs, the page cookie for browsers, or the
 * `token` query parameter where a browser can set neither (the WebSocket handshake).
 */
export function tokenOf(headers: IncomingHttpHeaders, query: unknown, allowQuery: boolean): string | null {
  const auth = headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const fromCookie = cookie(headers, TOKEN_COOKIE);
  if (fromCookie) return fromCookie;
  if (allowQuery && query && typeof query === 'object' && 'token' in query && typeof query.token === 'string') return query.token;
  return null;
}

/** Checks the caller against a route's access and returns the device (null for anonymous callers where allowed). */
export function authorize(access: Access, token: string | null, devices: DeviceRegistry, publicDisplay: boolean): AuthenticatedDevice | null {
  if (access === 'public') return token ? devices.authenticate(token) : null;
  if (!token) {
    if (access === 'read' && publicDisplay) return null;
    throw new HttpError(401, 'unauthorized', 'this device is not paired: pair it from the supervisor page and send its token', { field: 'token', reason: 'not_paired' });
  }
  const device = devices.authenticate(token);
  // A lobby TV with a stale cookie still shows the lobby where the branch allows it without one.
  if (!device && access === 'read' && publicDisplay) return null;
  if (!device) throw new HttpError(401, 'unauthorized', 'the token is unknown or was revoked: pair this device again', { field: 'token', reason: 'token_revoked' });
  if (access !== 'read' && !access.includes(device.role)) {
    throw new HttpError(403, 'forbidden', `a ${device.role} may not do this; it needs a ${access.join(' or ')}`, {
      field: 'token',
      role: device.role,
      reason: 'role_forbidden',
      params: { role: device.role, needs: access.join(',') },
    });
  }
  return device;
}
