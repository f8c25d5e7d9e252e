import type { BranchEvent } from '../queue/events.js';
import type { BranchSnapshot } from '../queue/types.js';
import type { DeviceRole, StateDelta } from '../wire/schemas.js';

/**
 * What each kind of device may see. Staff (consoles, the supervisor) see everything they need to
 * work; the lobby, kiosks and booths are seen by the public, so they learn which number goes
 * where and how long the queue is, and nothing about who is in it: not why a ticket is a priority
 * one, not why it was cancelled, not which officer is on duty, no pairing or booking codes.
 */

/** Who looks: a paired device, or null for the token-free lobby display. */
export type Viewer = { id: string; role: DeviceRole } | null;

const isStaff = (viewer: Viewer): boolean => viewer?.role === 'console' || viewer?.role === 'supervisor';

/** A priority ticket stays recognisable as one (the lobby may mark it), without its reason. */
const coarse = <T extends { priority: string }>(ticket: T): T => (ticket.priority === 'none' ? ticket : { ...ticket, priority: 'other' });

export function eventFor(viewer: Viewer, event: BranchEvent): BranchEvent | null {
  // A booth screen learns what it shows from its own pushed view (main/booth): no ticket id, nobody else's call.
  if (viewer?.role === 'booth') return null;
  if (event.type.startsWith('device.') || event.type.startsWith('booking.')) return viewer?.role === 'supervisor' ? event : null;
  if (event.type.startsWith('officer.')) return isStaff(viewer) ? event : null;
  if (isStaff(viewer)) return event;
  if (event.type === 'ticket.issued') return { ...event, payload: { ticket: coarse(event.payload.ticket) } };
  if (event.type === 'ticket.cancelled') return { ...event, payload: { ...event.payload, reason: '' } };
  // Why the supervisor signed an officer out is staff business; the lobby learns only that the number waits again.
  if (event.type === 'ticket.requeued') {
    const { officerId: _officer, ...rest } = event.payload;
    return { ...event, payload: { ...rest, reason: '' } } as BranchEvent;
  }
  // Calls and finishes name the officer for the record; the lobby learns only the position.
  if ('officerId' in event.payload) {
    const { officerId: _officer, ...rest } = event.payload;
    return { ...event, payload: rest } as BranchEvent;
  }
  return event;
}

/**
 * The sections of a snapshot, or of a stream's state delta, that a viewer may see: staff see them
 * whole; the public sees priorities coarsened and sessions without the officer.
 */
function sectionsFor<T extends Partial<Pick<BranchSnapshot, 'queues' | 'active' | 'sessions' | 'recentCalls'>>>(viewer: Viewer, sections: T): T {
  if (isStaff(viewer)) return sections;
  // The branch and its positions, no ticket: a participant at a booth sees only their own call.
  if (viewer?.role === 'booth') {
    const { queues, active, recentCalls, sessions } = sections;
    return { ...sections, ...(queues && { queues: [] }), ...(active && { active: [] }), ...(recentCalls && { recentCalls: [] }), ...(sessions && { sessions: [] }) };
  }
  const { queues, active, sessions } = sections;
  return {
    ...sections,
    // Whom a transferred ticket waits for names an officer: staff business.
    ...(queues && { queues: queues.map((q) => ({ ...q, waiting: q.waiting.map((t) => ({ ...coarse(t), reservedFor: null })) })) }),
    ...(active && { active: active.map(coarse) }),
    ...(sessions && { sessions: sessions.map((s) => ({ ...s, officerId: '', officerName: '' })) }),
  };
}

export function snapshotFor(viewer: Viewer, snapshot: BranchSnapshot): BranchSnapshot {
  return sectionsFor(viewer, snapshot);
}

/** A stream's state delta as a viewer may see it, filtered exactly like its snapshot. */
export function stateFor(viewer: Viewer, delta: StateDelta): StateDelta {
  return sectionsFor(viewer, delta);
}
