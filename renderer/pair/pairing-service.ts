import type { DeviceRole } from '../../main/wire/schemas.js';
import { HubError, hubGet, hubPost } from '../lib/api/hub-client.js';

/** A pairing request this screen made, kept across reloads until it is claimed or expires. */
export interface PendingPairing {
  deviceId: string;
  code: string;
  claimSecret: string;
  expiresAt: number;
  role: DeviceRole;
}

export type ClaimOutcome = { status: 'pending' } | { status: 'active'; role: DeviceRole } | { status: 'gone' };

const STORAGE_KEY = 'antre.pairing';

/** The screen's own clock may be wrong, so expiry is the hub's to say: a claim of an expired request answers 'gone'. */
export function savedPairing(role: DeviceRole): PendingPairing | null {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as PendingPairing | null;
    return saved && saved.role === role ? saved : null;
  } catch {
    return null;
  }
}

export const forgetPairing = () => localStorage.removeItem(STORAGE_KEY);

export async function requestPairing(role: DeviceRole, name: string): Promise<PendingPairing> {
  const answer = await hubPost<Omit<PendingPairing, 'role'>>('/pairing', { name, role, kind: 'page' });
  const pending = { ...answer, role };
  localStorage.setItem(STORAGE_KEY, JSON.stringify(pending));
  return pending;
}

/** Asks whether the supervisor approved; once approved the hub hands the token over as a cookie. */
export async function claimPairing(pending: PendingPairing): Promise<ClaimOutcome> {
  try {
    const answer = await hubPost<{ status: 'pending' } | { status: 'active'; role: DeviceRole }>(`/pairing/${encodeURIComponent(pending.deviceId)}/claim`, { claimSecret: pending.claimSecret, cookie: true });
    if (answer.status === 'active') forgetPairing();
    return answer;
  } catch (err) {
    // Refused, expired or already claimed: this request is over, the screen asks for a new code.
    if (err instanceof HubError && (err.status === 404 || err.status === 409)) {
      forgetPairing();
      return { status: 'gone' };
    }
    throw err;
  }
}

export const branchInfo = () => hubGet<{ branch: { name: string; timeZone: string }; time?: number }>('/health');

export const setupFirstSupervisor = (code: string, name: string) => hubPost<{ device: { id: string } }>('/setup', { code, name });
