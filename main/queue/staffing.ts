import { ensurePositionFree } from './calling.js';
import type { QueueContext } from './context.js';
import { QueueError } from './errors.js';
import type { Officer, OfficerSession, OfficerStaffView, Position, StaffOverview } from './types.js';

/** One officer serves at most this many booths at once (the one-to-many channel). */
export const MAX_BOOTHS_PER_OFFICER = 6;
/** Wrong PINs in a row after which an officer is locked until a supervisor unlocks them. */
export const MAX_WRONG_PINS = 10;

/** A position as the supervisor describes it; `active` left out keeps it as it is (a new one starts active). */
export type PositionChange = Omit<Position, 'active'> & { active?: boolean };

/**
 * Adds or changes a booth or counter. A position that holds a called or serving ticket cannot be
 * deactivated, and one an officer is signed in to can be neither deactivated nor turned into the
 * other kind: sign-in checked the officer's positions as they were (one counter, or booths).
 */
export function savePosition(ctx: QueueContext, change: PositionChange): Position {
  return ctx.store.transaction(() => {
    for (const code of change.services) {
      if (!ctx.store.service(code)) throw new QueueError('not_found', `unknown service "${code}"`, { field: 'services', reason: 'service_unknown', params: { service: code } });
    }
    const current = ctx.store.position(change.id);
    const position: Position = { ...change, active: change.active ?? current?.active ?? true };
    if (current && ((current.active && !position.active) || current.kind !== position.kind)) {
      if (!position.active) ensurePositionFree(ctx, current);
      const staffed = ctx.store.activeSessions().find((s) => s.positions.includes(current.id));
      if (staffed) {
        throw new QueueError('conflict', `${staffed.officerName} is signed in to ${current.label}: they sign out first`, {
          field: !position.active ? 'active' : 'kind',
          reason: 'position_staffed',
          params: { position: current.label, officer: staffed.officerName },
        });
      }
    }
    ctx.store.upsertPosition(position);
    const saved = ctx.store.position(position.id)!;
    ctx.store.appendEvent('position.updated', { position: saved }, ctx.clock());
    return saved;
  });
}

/** An officer as the supervisor describes them; `pinHash` is a new PIN's hash, needed to add an officer. */
export interface OfficerChange {
  id: string;
  name: string;
  active?: boolean;
  pinHash?: string;
}

const withoutPin = ({ pinHash: _hash, ...officer }: Officer): Omit<Officer, 'pinHash'> => officer;

function knownOfficer(ctx: QueueContext, officerId: string): Officer {
  const officer = ctx.store.officer(officerId);
  if (!officer) throw new QueueError('not_found', `unknown officer "${officerId}"`, { field: 'officerId', reason: 'officer_unknown', params: { officer: officerId } });
  return officer;
}

/**
 * Adds or changes an officer. A rename keeps the PIN; a new PIN replaces it and lifts a lock.
 * Disabling an officer who is signed in signs them out, so nobody keeps working under a disabled
 * name and the supervisor is not left with a session only its console could end; while they still
 * hold a called or serving ticket it is refused, since ending the session would strand that person.
 */
export function saveOfficer(ctx: QueueContext, change: OfficerChange): Omit<Officer, 'pinHash'> {
  return ctx.store.transaction(() => {
    const current = ctx.store.officer(change.id);
    const pinHash = change.pinHash ?? current?.pinHash;
    if (pinHash === undefined) {
      throw new QueueError('invalid', `a new officer needs a PIN of 4 to 8 digits`, { field: 'pin', reason: 'pin_required', params: { officer: change.name } });
    }
    const active = change.active ?? current?.active ?? true;
    const now = ctx.clock();
    if (current?.active && !active) {
      for (const session of ctx.store.activeSessions().filter((s) => s.officerId === change.id)) {
        const open = ctx.store.activeTickets().filter((t) => t.sessionId === session.id);
        if (open.length > 0) {
          const tickets = open.map((t) => t.displayNumber).join(', ');
          throw new QueueError('conflict', `${session.officerName} still has ${tickets}: they finish or transfer it before being disabled`, {
            field: 'active',
            reason: 'officer_busy',
            params: { officer: session.officerName, tickets },
          });
        }
        endSession(ctx, session, now, { by: 'supervisor', reason: null });
      }
    }
    ctx.store.upsertOfficer({ id: change.id, name: change.name, pinHash, active });
    ctx.store.appendEvent('officer.updated', { officerId: change.id, name: change.name, active }, now);
    if (current && change.pinHash !== undefined) clearLock(ctx, change.id, now, 'officer.pin_reset');
    return withoutPin(ctx.store.officer(change.id)!);
  });
}

function clearLock(ctx: QueueContext, officerId: string, now: number, type: 'officer.pin_reset' | 'officer.unlocked'): void {
  ctx.store.setOfficerLock(officerId, 0, null);
  ctx.store.appendEvent(type, { officerId }, now);
}

/** The supervisor gives an officer a new PIN (its hash); it also lifts a lock. */
export function resetPin(ctx: QueueContext, officerId: string, pinHash: string): Omit<Officer, 'pinHash'> {
  return ctx.store.transaction(() => {
    const officer = knownOfficer(ctx, officerId);
    ctx.store.upsertOfficer({ ...officer, pinHash });
    clearLock(ctx, officerId, ctx.clock(), 'officer.pin_reset');
    return withoutPin(ctx.store.officer(officerId)!);
  });
}

/** The supervisor lets a locked officer try their PIN again; an officer with no wrong PINs is left as is. */
export function unlockOfficer(ctx: QueueContext, officerId: string): Omit<Officer, 'pinHash'> {
  return ctx.store.transaction(() => {
    const officer = knownOfficer(ctx, officerId);
    if (officer.lockedAt !== null || officer.failedPins > 0) clearLock(ctx, officerId, ctx.clock(), 'officer.unlocked');
    return withoutPin(ctx.store.officer(officerId)!);
  });
}

/**
 * Counts a wrong PIN against an officer; the one that reaches MAX_WRONG_PINS locks them. A single
 * wrong PIN is no event (a refused sign-in changes nothing anyone sees); the lock is.
 */
export function recordWrongPin(ctx: QueueContext, officerId: string): Omit<Officer, 'pinHash'> {
  return ctx.store.transaction(() => {
    const failedPins = ctx.store.countWrongPin(officerId);
    const officer = knownOfficer(ctx, officerId);
    if (failedPins >= MAX_WRONG_PINS && officer.lockedAt === null) {
      const now = ctx.clock();
      ctx.store.setOfficerLock(officerId, failedPins, now);
      ctx.store.appendEvent('officer.locked', { officerId, failedPins }, now);
    }
    return withoutPin(ctx.store.officer(officerId)!);
  });
}

/** The refusal of a locked officer's sign-in, whatever PIN they typed. */
export function officerLocked(officer: Pick<Officer, 'name'>): QueueError {
  return new QueueError('conflict', `${officer.name} is locked after too many wrong PINs: a supervisor unlocks them or gives them a new PIN`, {
    field: 'officerId',
    reason: 'officer_locked',
    params: { officer: officer.name },
  });
}

/** Officers with their lock and where they serve, and positions with who serves them and what they hold. */
export function staffOverview(ctx: QueueContext): StaffOverview {
  return ctx.store.read(() => {
    const sessions = ctx.store.activeSessions();
    const active = ctx.store.activeTickets();
    const officers = ctx.store.officers().map((o): OfficerStaffView => {
      const session = sessions.find((s) => s.officerId === o.id);
      return { ...o, onDuty: session ? { positions: session.positions, since: session.startedAt, deviceId: session.deviceId } : null };
    });
    const positions = ctx.store.positions().map((p) => {
      const held = active.find((t) => t.positionId === p.id);
      return {
        ...p,
        staffedBy: sessions.find((s) => s.positions.includes(p.id))?.officerName ?? null,
        holding: held
          ? { ticketId: held.id, displayNumber: held.displayNumber, serviceCode: held.serviceCode, status: held.status as 'called' | 'serving', calledAt: held.calledAt!, servingAt: held.servingAt }
          : null,
      };
    });
    return { officers, positions };
  });
}

/**
 * Starts an officer's session on a set of positions: one counter, or up to six booths. Signing in
 * again (from another console, or with other booths) ends the officer's previous session.
 */
export function signIn(ctx: QueueContext, officerId: string, positionIds: readonly string[], deviceId: string | null): OfficerSession {
  return ctx.store.transaction(() => {
    const officer = ctx.store.officer(officerId);
    if (!officer || !officer.active) throw new QueueError('not_found', `unknown officer "${officerId}"`, { field: 'officerId', reason: 'officer_unknown', params: { officer: officerId } });
    // Checked again here: a burst of wrong PINs may have locked the officer while this right one was being hashed.
    if (officer.lockedAt !== null) throw officerLocked(officer);
    if (officer.failedPins > 0) ctx.store.setOfficerLock(officerId, 0, null);
    const unique = [...new Set(positionIds)];
    if (unique.length === 0) throw new QueueError('invalid', 'pick at least one position to serve', { field: 'positions', reason: 'positions_required' });
    const positions = unique.map((id) => {
      const p = ctx.store.position(id);
      if (!p || !p.active) throw new QueueError('not_found', `unknown position "${id}"`, { field: 'positions', reason: 'position_unknown', params: { position: id } });
      return p;
    });
    if (positions.some((p) => p.kind === 'counter') && positions.length > 1) {
      throw new QueueError('invalid', 'a counter is served one to one: pick one counter, or booths only', { field: 'positions', reason: 'counter_alone' });
    }
    if (positions.length > MAX_BOOTHS_PER_OFFICER) {
      throw new QueueError('invalid', `one officer serves at most ${MAX_BOOTHS_PER_OFFICER} booths at once (got ${positions.length})`, {
        field: 'positions',
        reason: 'too_many_booths',
        params: { max: MAX_BOOTHS_PER_OFFICER, count: positions.length },
      });
    }
    const now = ctx.clock();
    const sessions = ctx.store.activeSessions();
    for (const s of sessions) {
      if (s.officerId === officerId || (deviceId !== null && s.deviceId === deviceId)) endSession(ctx, s, now);
    }
    for (const s of ctx.store.activeSessions()) {
      const taken = positions.find((p) => s.positions.includes(p.id));
      if (taken) {
        throw new QueueError('conflict', `${taken.label} is served by ${s.officerName} now`, {
          field: 'positions',
          reason: 'position_taken',
          params: { position: taken.label, officer: s.officerName },
        });
      }
    }
    const session = { id: crypto.randomUUID(), officerId, deviceId, startedAt: now, positions: positions.map((p) => p.id) };
    ctx.store.insertSession(session);
    ctx.store.appendEvent('officer.signed_in', { sessionId: session.id, officerId, officerName: officer.name, positions: session.positions }, now);
    return { ...session, officerName: officer.name };
  });
}

/** Who ended a session: the officer at their console, or the supervisor (with their reason; null when the supervisor disabled the officer). */
export type SessionEnding = { by: 'officer' } | { by: 'supervisor'; reason: string | null };

/** Ends a session that holds no called or serving ticket; one that still does is refused. */
export function endSession(ctx: QueueContext, session: OfficerSession, now: number, ending: SessionEnding = { by: 'officer' }): void {
  const open = ctx.store.activeTickets().filter((t) => t.sessionId === session.id);
  if (open.length > 0) {
    throw new QueueError('conflict', `${session.officerName} still has ${open.map((t) => `${t.displayNumber} (${t.status})`).join(', ')}: finish or transfer them first`, {
      field: 'sessionId',
      reason: 'officer_has_open_tickets',
      params: { officer: session.officerName, tickets: open.map((t) => t.displayNumber).join(', ') },
    });
  }
  ctx.store.endSession(session.id, now);
  const reason = ending.by === 'supervisor' ? ending.reason : null;
  ctx.store.appendEvent('officer.signed_out', { sessionId: session.id, officerId: session.officerId, by: ending.by, reason }, now);
}

export function signOut(ctx: QueueContext, sessionId: string): void {
  ctx.store.transaction(() => {
    const session = ctx.store.activeSessions().find((s) => s.id === sessionId);
    if (!session) throw new QueueError('not_found', 'this officer session has already ended', { field: 'sessionId', reason: 'session_ended' });
    endSession(ctx, session, ctx.clock());
  });
}

export function sessionOfDevice(ctx: QueueContext, deviceId: string): OfficerSession | undefined {
  return ctx.store.activeSessions().find((s) => s.deviceId === deviceId);
}
