import { queueDays, type QueueContext } from './context.js';
import { QueueError } from './errors.js';
import { endSession } from './staffing.js';
import type { OfficerSession, Ticket } from './types.js';

/** What the supervisor's sign-out did: the session it ended and the tickets it put back in their queues. */
export interface SessionRelease {
  session: OfficerSession;
  requeued: Ticket[];
}

/**
 * The supervisor signs out an officer who cannot do it themselves (their console went offline,
 * they left), putting every ticket they called or were serving back in its queue. A ticket keeps
 * its number and its arrival time, so the calling policy puts it back where it stood; the next
 * officer calls it like any other. The officer's console, when it comes back, finds its session
 * ended. Refused for an officer who is not signed in, and for a ticket of a day the queue no
 * longer serves (back in the queue it could never be called: the supervisor cancels it instead).
 */
export function releaseSession(ctx: QueueContext, officerId: string, reason: string): SessionRelease {
  return ctx.store.transaction(() => {
    const officer = ctx.store.officer(officerId);
    if (!officer) throw new QueueError('not_found', `unknown officer "${officerId}"`, { field: 'officerId', reason: 'officer_unknown', params: { officer: officerId } });
    const session = ctx.store.activeSessions().find((s) => s.officerId === officerId);
    if (!session) {
      throw new QueueError('conflict', `${officer.name} is not signed in at any console`, { field: 'officerId', reason: 'officer_not_signed_in', params: { officer: officer.name } });
    }
    const now = ctx.clock();
    const served = queueDays(ctx, now);
    const open = ctx.store.activeTickets().filter((t) => t.sessionId === session.id);
    const stale = open.find((t) => !served.includes(t.businessDay));
    if (stale) {
      throw new QueueError('conflict', `ticket ${stale.displayNumber} of ${stale.businessDay} can no longer be called: cancel it, then sign ${officer.name} out`, {
        field: 'officerId',
        ticketId: stale.id,
        reason: 'requeue_day_over',
        params: { officer: officer.name, ticket: stale.displayNumber, day: stale.businessDay },
      });
    }
    for (const ticket of open) {
      ctx.store.updateTicket(ticket.id, {
        status: 'waiting',
        called_at: null,
        serving_at: null,
        position_id: null,
        session_id: null,
        session_position_count: null,
        recall_count: 0,
      });
      ctx.store.appendEvent(
        'ticket.requeued',
        { ticketId: ticket.id, serviceCode: ticket.serviceCode, positionId: ticket.positionId!, officerId, wasStatus: ticket.status as 'called' | 'serving', reason },
        now,
      );
    }
    endSession(ctx, session, now, { by: 'supervisor', reason });
    return { session, requeued: open.map((t) => ctx.store.ticket(t.id)!) };
  });
}
