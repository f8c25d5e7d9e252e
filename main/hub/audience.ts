import type { BranchEvent } from '../queue/events.js';
import type { BranchSnapshot } from '../queue/types.js';
import type { DeviceRole } from '../wire/schemas.js';

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

export function snapshotFor(viewer: Viewer, snapshot: BranchSnapshot): BranchSnapshot {
  if (isStaff(viewer)) return snapshot;
  // The branch and its positions, no ticket: a participant at a booth sees only their own call.
  if (viewer?.role === 'booth') return { ...snapshot, queues: [], active: [], recentCalls: [], sessions: [] };
  return {
    ...snapshot,
    queues: snapshot.queues.map((q) => ({ ...q, waiting: q.waiting.map(coarse) })),
    active: snapshot.active.map(coarse),
    sessions: snapshot.sessions.map((s) => ({ ...s, officerId: '', officerName: '' })),
  };
}
