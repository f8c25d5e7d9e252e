import { offeredTo, type QueuedTicket, type Reservation } from './calling-policy.js';
import { waitingFor, type QueueContext } from './context.js';
import type { QueueStore } from './queue-store.js';
import type { OfficerSession, Position } from './types.js';

/**
 * Tickets transferred to one position or one officer: while they wait, the queue offers them to
 * that position or officer alone. The table holds only the reservations still waiting (a trigger
 * ends each once its ticket is called or leaves the queue), so reading all of it is cheap.
 */

type Db = QueueStore['db'];

function statements(db: Db) {
  return {
    all: db.prepare('SELECT ticket_id AS ticketId, position_id AS positionId, officer_id AS officerId FROM ticket_reservations'),
    one: db.prepare('SELECT position_id AS positionId, officer_id AS officerId FROM ticket_reservations WHERE ticket_id = ?'),
    set: db.prepare(`INSERT INTO ticket_reservations (ticket_id, position_id, officer_id) VALUES (?, ?, ?)
      ON CONFLICT (ticket_id) DO UPDATE SET position_id = excluded.position_id, officer_id = excluded.officer_id`),
    clear: db.prepare('DELETE FROM ticket_reservations WHERE ticket_id = ?'),
  };
}

const prepared = new WeakMap<Db, ReturnType<typeof statements>>();
function sql(ctx: QueueContext) {
  let s = prepared.get(ctx.store.db);
  if (!s) prepared.set(ctx.store.db, (s = statements(ctx.store.db)));
  return s;
}

/**
 * Whether someone could still call a reserved ticket: its officer on duty, or its position staffed.
 * One who signed out (or was signed out) does not strand it: it is offered to every position of
 * its service again, and the reservation stands once they are back.
 */
function standing(sessions: readonly OfficerSession[]): (r: Reservation) => boolean {
  return (r) => sessions.some((s) => (r.officerId !== null ? s.officerId === r.officerId : r.positionId !== null && s.positions.includes(r.positionId)));
}

/** The ticket's reservation while someone could call it; null when it is open to its whole service. */
export function reservationOf(ctx: QueueContext, ticketId: string): Reservation | null {
  const reservation = (sql(ctx).one.get(ticketId) as Reservation | undefined) ?? null;
  return reservation && standing(ctx.store.activeSessions())(reservation) ? reservation : null;
}

/** Addresses a waiting ticket to a position or an officer; null opens it to every position of its service again. */
export function setReservation(ctx: QueueContext, ticketId: string, to: Reservation | null): void {
  if (to) sql(ctx).set.run(ticketId, to.positionId, to.officerId);
  else sql(ctx).clear.run(ticketId);
}

/** The reservations someone could act on now, by ticket id. */
export function standingReservations(ctx: QueueContext): ReadonlyMap<string, Reservation> {
  const rows = sql(ctx).all.all() as (Reservation & { ticketId: string })[];
  if (rows.length === 0) return new Map();
  const stands = standing(ctx.store.activeSessions());
  return new Map(rows.filter(stands).map(({ ticketId, ...r }) => [ticketId, r]));
}

/** The waiting tickets this position may call with this officer at it (null: nobody staffs it). */
export function waitingOfferedTo(ctx: QueueContext, position: Position, officerId: string | null): QueuedTicket[] {
  const waiting = waitingFor(ctx, position.services);
  const reservations = standingReservations(ctx);
  return reservations.size === 0 ? waiting : waiting.filter(offeredTo(reservations, position.id, officerId));
}
