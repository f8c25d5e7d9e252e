import type { QueueContext } from './context.js';
import { QueueError } from './errors.js';
import type { OfficerSession, Position } from './types.js';

/** One officer serves at most this many booths at once (the one-to-many channel). */
export const MAX_BOOTHS_PER_OFFICER = 6;

export function savePosition(ctx: QueueContext, position: Position): Position {
  return ctx.store.transaction(() => {
    for (const code of position.services) {
      if (!ctx.store.service(code)) throw new QueueError('not_found', `unknown service "${code}"`, { field: 'services' });
    }
    ctx.store.upsertPosition(position);
    const saved = ctx.store.position(position.id)!;
    ctx.store.appendEvent('position.updated', { position: saved }, ctx.clock());
    return saved;
  });
}

export function saveOfficer(ctx: QueueContext, officer: { id: string; name: string; pinHash: string; active: boolean }): void {
  ctx.store.transaction(() => {
    ctx.store.upsertOfficer(officer);
    ctx.store.appendEvent('officer.updated', { officerId: officer.id, name: officer.name, active: officer.active }, ctx.clock());
  });
}

/**
 * Starts an officer's session on a set of positions: one counter, or up to six booths. Signing in
 * again (from another console, or with other booths) ends the officer's previous session.
 */
export function signIn(ctx: QueueContext, officerId: string, positionIds: readonly string[], deviceId: string | null): OfficerSession {
  return ctx.store.transaction(() => {
    const officer = ctx.store.officer(officerId);
    if (!officer || !officer.active) throw new QueueError('not_found', `unknown officer "${officerId}"`, { field: 'officerId' });
    const unique = [...new Set(positionIds)];
    if (unique.length === 0) throw new QueueError('invalid', 'pick at least one position to serve', { field: 'positions' });
    const positions = unique.map((id) => {
      const p = ctx.store.position(id);
      if (!p || !p.active) throw new QueueError('not_found', `unknown position "${id}"`, { field: 'positions' });
      return p;
    });
    if (positions.some((p) => p.kind === 'counter') && positions.length > 1) {
      throw new QueueError('invalid', 'a counter is served one to one: pick one counter, or booths only', { field: 'positions' });
    }
    if (positions.length > MAX_BOOTHS_PER_OFFICER) {
      throw new QueueError('invalid', `one officer serves at most ${MAX_BOOTHS_PER_OFFICER} booths at once (got ${positions.length})`, { field: 'positions' });
    }
    const now = ctx.clock();
    const sessions = ctx.store.activeSessions();
    for (const s of sessions) {
      if (s.officerId === officerId || (deviceId !== null && s.deviceId === deviceId)) endSession(ctx, s, now);
    }
    for (const s of ctx.store.activeSessions()) {
      const taken = positions.find((p) => s.positions.includes(p.id));
      if (taken) throw new QueueError('conflict', `${taken.label} is served by ${s.officerName} now`, { field: 'positions' });
    }
    const session = { id: crypto.randomUUID(), officerId, deviceId, startedAt: now, positions: positions.map((p) => p.id) };
    ctx.store.insertSession(session);
    ctx.store.appendEvent('officer.signed_in', { sessionId: session.id, officerId, officerName: officer.name, positions: session.positions }, now);
    return { ...session, officerName: officer.name };
  });
}

function endSession(ctx: QueueContext, session: OfficerSession, now: number): void {
  const open = ctx.store.activeTickets().filter((t) => t.sessionId === session.id);
  if (open.length > 0) {
    throw new QueueError('conflict', `${session.officerName} still has ${open.map((t) => `${t.displayNumber} (${t.status})`).join(', ')}: finish or transfer them first`, {
      field: 'sessionId',
    });
  }
  ctx.store.endSession(session.id, now);
  ctx.store.appendEvent('officer.signed_out', { sessionId: session.id, officerId: session.officerId }, now);
}

export function signOut(ctx: QueueContext, sessionId: string): void {
  ctx.store.transaction(() => {
    const session = ctx.store.activeSessions().find((s) => s.id === sessionId);
    if (!session) throw new QueueError('not_found', 'this officer session has already ended', { field: 'sessionId' });
    endSession(ctx, session, ctx.clock());
  });
}

export function sessionOfDevice(ctx: QueueContext, deviceId: string): OfficerSession | undefined {
  return ctx.store.activeSessions().find((s) => s.deviceId === deviceId);
}
