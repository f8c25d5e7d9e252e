import { MINUTE, type CallReason, type PolicyConfig, type Priority, type TicketSource } from './types.js';

export type { CallReason };

/** What the calling policy needs to know of a waiting ticket. */
export interface QueuedTicket {
  id: string;
  serviceCode: string;
  priority: Priority;
  source: TicketSource;
  arrivedAt: number;
  /** The ticket's number: tickets arriving in the same millisecond are called in number order. */
  number: number;
  /** Slot start of a booking that checked in on time; null for everything else. */
  bookingSlotStart: number | null;
}

/** Where a transferred ticket was sent: one position or one officer (exactly one of the two is set). */
export interface Reservation {
  positionId: string | null;
  officerId: string | null;
}

/**
 * Whether a position, with this officer at it, may be offered a waiting ticket: one that was
 * transferred to another position or officer waits for them alone.
 */
export function offeredTo(reservations: ReadonlyMap<string, Reservation>, positionId: string, officerId: string | null) {
  return (ticket: QueuedTicket): boolean => {
    const to = reservations.get(ticket.id);
    return !to || to.positionId === positionId || (to.officerId !== null && to.officerId === officerId);
  };
}

export interface PolicyState {
  /** Normal tickets called since the last priority ticket at these services. */
  normalsSinceLastPriority: number;
}


export interface OrderedTicket<T extends QueuedTicket> {
  ticket: T;
  reason: CallReason;
}


const byArrival = (a: QueuedTicket, b: QueuedTicket): number =>
  a.arrivedAt - b.arrivedAt || a.number - b.number || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The order in which the waiting tickets would be called if nothing else arrived:
 * first anyone who has waited past the ceiling (longest first), then bookings inside their slot
 * window (earliest slot first), then priority tickets interleaved with normal ones at the
 * configured ratio, each class in arrival order. Every call that is not a priority ticket counts as
 * a normal one for the ratio, bookings included: the ratio bounds how many people a priority
 * participant waits behind. `pickNext` is the head of this list.
 */
export function orderQueue<T extends QueuedTicket>(waiting: readonly T[], now: number, config: PolicyConfig, state: PolicyState): OrderedTicket<T>[] {
  const overdue: T[] = [];
  const bookings: T[] = [];
  const priority: T[] = [];
  const normal: T[] = [];
  for (const t of waiting) {
    if (now - t.arrivedAt > config.maxWaitMinutes * MINUTE) overdue.push(t);
    else if (t.bookingSlotStart !== null && now >= t.bookingSlotStart - config.bookingEarlyMinutes * MINUTE) bookings.push(t);
    else if (t.priority !== 'none') priority.push(t);
    else normal.push(t);
  }
  overdue.sort(byArrival);
  bookings.sort((a, b) => a.bookingSlotStart! - b.bookingSlotStart! || byArrival(a, b));
  priority.sort(byArrival);
  normal.sort(byArrival);

  const order: OrderedTicket<T>[] = [];
  let normals = state.normalsSinceLastPriority;
  const take = (ticket: T, reason: CallReason): void => {
    order.push({ ticket, reason });
    normals = ticket.priority === 'none' ? normals + 1 : 0;
  };
  for (const t of overdue) take(t, 'overdue');
  for (const t of bookings) take(t, 'booking');
  let p = 0;
  let n = 0;
  while (p < priority.length || n < normal.length) {
    const priorityDue = normals >= config.normalsPerPriority || n >= normal.length;
    if (p < priority.length && priorityDue) take(priority[p++]!, 'priority');
    else take(normal[n++]!, 'arrival');
  }
  return order;
}

/** The ticket a position should call next, or null when nobody waits for its services. */
export function pickNext<T extends QueuedTicket>(waiting: readonly T[], now: number, config: PolicyConfig, state: PolicyState): OrderedTicket<T> | null {
  return orderQueue(waiting, now, config, state)[0] ?? null;
}

/** How many recent calls `policyStateFromRecentCalls` needs to see to derive the state. */
export function recentCallsNeeded(config: PolicyConfig): number {
  return config.normalsPerPriority + 1;
}

/**
 * Derives the interleave state from the priorities of today's recent calls, newest first. With no
 * priority call among them a priority ticket is due: at opening time an elderly participant who
 * came first is not made to wait behind two later walk-ins.
 */
export function policyStateFromRecentCalls(recentPriorities: readonly Priority[], config: PolicyConfig): PolicyState {
  const last = recentPriorities.findIndex((p) => p !== 'none');
  return { normalsSinceLastPriority: last < 0 ? config.normalsPerPriority : last };
}
