import { pickNext, type CallReason, type Reservation } from './calling-policy.js';
import { interleaveState, policyConfig, type QueueContext } from './context.js';
import { QueueError, serviceParams } from './errors.js';
import type { Outcome, OfficerSession, Position, Service, Ticket } from './types.js';
import { reservationOf, setReservation, waitingOfferedTo } from './transfer-targets.js';
import { concurrencyOf } from './wait-estimate.js';

/** The officer session a console command acts for. */
export interface Acting {
  sessionId: string;
}

function activeSession(ctx: QueueContext, sessionId: string): OfficerSession {
  const session = ctx.store.activeSessions().find((s) => s.id === sessionId);
  if (!session) throw new QueueError('conflict', 'no officer is signed in on this console: sign in first', { field: 'sessionId', reason: 'not_signed_in' });
  return session;
}

function staffedPosition(ctx: QueueContext, acting: Acting, positionId: string): { position: Position; session: OfficerSession } {
  const session = activeSession(ctx, acting.sessionId);
  const position = ctx.store.position(positionId);
  if (!position) throw new QueueError('not_found', `unknown position "${positionId}"`, { field: 'positionId', reason: 'position_unknown', params: { position: positionId } });
  if (!session.positions.includes(positionId)) {
    throw new QueueError('conflict', `${position.label} is not one of the positions ${session.officerName} serves now`, {
      field: 'positionId',
      reason: 'position_not_yours',
      params: { position: position.label, officer: session.officerName },
    });
  }
  return { position, session };
}

/** Refuses while the position holds a called or serving ticket (calling another, deactivating it). */
export function ensurePositionFree(ctx: QueueContext, position: Position): void {
  const busy = ctx.store.activeTickets().find((t) => t.positionId === position.id);
  if (busy) {
    throw new QueueError('conflict', `${position.label} still has ticket ${busy.displayNumber} (${busy.status}): finish it, mark it a no-show or transfer it first`, {
      field: 'positionId',
      ticketId: busy.id,
      reason: 'position_busy',
      params: { position: position.label, ticket: busy.displayNumber, status: busy.status },
    });
  }
}

/** A ticket's service as a refusal names it: its code alone if the service is gone from the catalogue. */
function serviceOf(ctx: QueueContext, code: string) {
  const service = ctx.store.service(code);
  return service ? serviceParams(service) : { service: code };
}

function ticketOf(ctx: QueueContext, ticketId: string): Ticket {
  const ticket = ctx.store.ticket(ticketId);
  if (!ticket) throw new QueueError('not_found', `unknown ticket "${ticketId}"`, { field: 'ticketId', reason: 'ticket_unknown' });
  return ticket;
}

/** A ticket the acting officer called, in one of the allowed states, with the officer's session (refused otherwise). */
export function ownTicket(ctx: QueueContext, acting: Acting, ticketId: string, allowed: readonly Ticket['status'][]): { ticket: Ticket; session: OfficerSession } {
  const session = activeSession(ctx, acting.sessionId);
  const ticket = ticketOf(ctx, ticketId);
  if (!allowed.includes(ticket.status)) {
    throw new QueueError('conflict', `ticket ${ticket.displayNumber} is ${ticket.status.replace('_', '-')}, not ${allowed.join(' or ')}`, {
      field: 'ticketId',
      reason: 'ticket_wrong_status',
      params: { ticket: ticket.displayNumber, status: ticket.status, allowed: allowed.join(',') },
    });
  }
  if (ticket.sessionId !== acting.sessionId) {
    throw new QueueError('conflict', `ticket ${ticket.displayNumber} was called by another officer`, { field: 'ticketId', reason: 'ticket_other_officer', params: { ticket: ticket.displayNumber } });
  }
  return { ticket, session };
}

/** What the lobby needs to announce a call: the number and where to go. */
function callOf(ticket: Ticket, position: Position) {
  return {
    ticketId: ticket.id,
    displayNumber: ticket.displayNumber,
    serviceCode: ticket.serviceCode,
    positionId: position.id,
    positionLabel: position.label,
    positionKind: position.kind,
  };
}

function noShow(ctx: QueueContext, { ticket, session }: { ticket: Ticket; session: OfficerSession }, reason: 'officer' | 'recall_limit'): Ticket {
  const now = ctx.clock();
  ctx.store.updateTicket(ticket.id, { status: 'no_show', finished_at: now });
  ctx.store.appendEvent('ticket.no_show', { ticketId: ticket.id, positionId: ticket.positionId!, officerId: session.officerId, reason }, now);
  return ctx.store.ticket(ticket.id)!;
}

function markCalled(ctx: QueueContext, ticket: Ticket, position: Position, session: OfficerSession, reason: CallReason | 'chosen'): Ticket {
  const now = ctx.clock();
  ctx.store.updateTicket(ticket.id, {
    status: 'called',
    called_at: now,
    position_id: position.id,
    session_id: session.id,
    session_position_count: session.positions.length,
    recall_count: 0,
  });
  ctx.store.appendEvent('ticket.called', { ...callOf(ticket, position), officerId: session.officerId, reason }, now);
  return ctx.store.ticket(ticket.id)!;
}

/** Calls the ticket the policy picks for this position; null when nobody waits for its services. */
export function callNext(ctx: QueueContext, acting: Acting, positionId: string): Ticket | null {
  return ctx.store.transaction(() => {
    const { position, session } = staffedPosition(ctx, acting, positionId);
    ensurePositionFree(ctx, position);
    const waiting = waitingOfferedTo(ctx, position, session.officerId);
    const config = policyConfig(ctx);
    const state = interleaveState(ctx, position.services, config);
    const next = pickNext(waiting, ctx.clock(), config, state);
    return next ? markCalled(ctx, ticketOf(ctx, next.ticket.id), position, session, next.reason) : null;
  });
}

/** Calls a ticket the officer chose, out of the policy's order. */
export function callTicket(ctx: QueueContext, acting: Acting, positionId: string, ticketId: string): Ticket {
  return ctx.store.transaction(() => {
    const { position, session } = staffedPosition(ctx, acting, positionId);
    ensurePositionFree(ctx, position);
    const ticket = ticketOf(ctx, ticketId);
    if (ticket.status !== 'waiting') {
      throw new QueueError('conflict', `ticket ${ticket.displayNumber} is not waiting (it is ${ticket.status})`, {
        field: 'ticketId',
        reason: 'ticket_not_waiting',
        params: { ticket: ticket.displayNumber, status: ticket.status },
      });
    }
    if (!position.services.includes(ticket.serviceCode)) {
      throw new QueueError('conflict', `${position.label} does not serve ${ticket.serviceCode}: transfer the ticket first`, {
        field: 'ticketId',
        reason: 'position_wrong_service',
        params: { position: position.label, ticket: ticket.displayNumber, ...serviceOf(ctx, ticket.serviceCode) },
      });
    }
    const reserved = reservationOf(ctx, ticket.id);
    if (reserved && reserved.positionId !== position.id && reserved.officerId !== session.officerId) {
      throw new QueueError('conflict', `ticket ${ticket.displayNumber} was transferred to ${reservedName(ctx, reserved)} and waits for them`, {
        field: 'ticketId',
        reason: 'ticket_reserved',
        params: { ticket: ticket.displayNumber, ...(reserved.positionId ? { position: reservedName(ctx, reserved) } : { officer: reservedName(ctx, reserved) }) },
      });
    }
    return markCalled(ctx, ticket, position, session, 'chosen');
  });
}

/** A reservation's position label or officer name, as a refusal names it. */
function reservedName(ctx: QueueContext, to: Reservation): string {
  if (to.positionId) return ctx.store.position(to.positionId)?.label ?? to.positionId;
  return ctx.store.officer(to.officerId!)?.name ?? to.officerId!;
}

/** Announces the call again; past the configured number of recalls the ticket becomes a no-show. */
export function recall(ctx: QueueContext, acting: Acting, ticketId: string): Ticket {
  return ctx.store.transaction(() => {
    const own = ownTicket(ctx, acting, ticketId, ['called']);
    const { ticket, session } = own;
    if (ticket.recallCount >= policyConfig(ctx).maxRecalls) return noShow(ctx, own, 'recall_limit');
    const position = ctx.store.position(ticket.positionId!)!;
    ctx.store.updateTicket(ticket.id, { recall_count: ticket.recallCount + 1 });
    ctx.store.appendEvent('ticket.recalled', { ...callOf(ticket, position), officerId: session.officerId, recallCount: ticket.recallCount + 1 }, ctx.clock());
    return ctx.store.ticket(ticket.id)!;
  });
}

export function markNoShow(ctx: QueueContext, acting: Acting, ticketId: string): Ticket {
  return ctx.store.transaction(() => noShow(ctx, ownTicket(ctx, acting, ticketId, ['called']), 'officer'));
}

/** The participant has arrived at the position and service begins. */
export function startServing(ctx: QueueContext, acting: Acting, ticketId: string): Ticket {
  return ctx.store.transaction(() => {
    const { ticket, session } = ownTicket(ctx, acting, ticketId, ['called']);
    const now = ctx.clock();
    ctx.store.updateTicket(ticket.id, { status: 'serving', serving_at: now });
    ctx.store.appendEvent('ticket.serving', { ticketId: ticket.id, positionId: ticket.positionId!, officerId: session.officerId }, now);
    return ctx.store.ticket(ticket.id)!;
  });
}

export function finishTicket(ctx: QueueContext, acting: Acting, ticketId: string, outcome: Outcome, notes?: string): Ticket {
  return ctx.store.transaction(() => {
    const { ticket, session } = ownTicket(ctx, acting, ticketId, ['called', 'serving']);
    const now = ctx.clock();
    const calledAt = ticket.calledAt!;
    const overlapping = ctx.store.sessionIntervals(ticket.sessionId!, calledAt, now);
    ctx.store.updateTicket(ticket.id, {
      status: 'done',
      outcome,
      finished_at: now,
      serving_at: ticket.servingAt ?? calledAt,
      concurrency: concurrencyOf({ calledAt, finishedAt: now }, overlapping),
      notes: notes ?? ticket.notes,
    });
    ctx.store.appendEvent(
      'ticket.done',
      { ticketId: ticket.id, serviceCode: ticket.serviceCode, positionId: ticket.positionId!, officerId: session.officerId, outcome, serviceSeconds: (now - calledAt) / 1000 },
      now,
    );
    return ctx.store.ticket(ticket.id)!;
  });
}

/** Who a transfer addresses within the target service: one position or one officer, or anyone (null). */
export type TransferTo = { positionId: string } | { officerId: string } | null;

/**
 * Sends a ticket to another service's queue, or within its own to a specific position or officer
 * (a colleague who handles the case), who then alone are offered it. It keeps its number and its
 * original arrival time, so the participant does not start again at the back.
 */
export function transferTicket(ctx: QueueContext, ticketId: string, toService: string, acting?: Acting, to: TransferTo = null): Ticket {
  return ctx.store.transaction(() => {
    // An officer may move any waiting ticket (someone in the wrong queue), but only their own called one.
    const found = ticketOf(ctx, ticketId);
    if (acting) activeSession(ctx, acting.sessionId);
    const ticket = acting && found.status !== 'waiting' ? ownTicket(ctx, acting, ticketId, ['called', 'serving']).ticket : found;
    if (!['waiting', 'called', 'serving'].includes(ticket.status)) {
      throw new QueueError('conflict', `ticket ${ticket.displayNumber} is ${ticket.status} and can no longer be transferred`, {
        field: 'ticketId',
        reason: 'ticket_not_transferable',
        params: { ticket: ticket.displayNumber, status: ticket.status },
      });
    }
    const target = ctx.store.service(toService);
    if (!target) throw new QueueError('not_found', `unknown service "${toService}"`, { field: 'toService', reason: 'service_unknown', params: { service: toService } });
    if (target.code === ticket.serviceCode && !to) {
      throw new QueueError('invalid', `ticket ${ticket.displayNumber} is already in ${target.code}`, {
        field: 'toService',
        reason: 'transfer_same_service',
        params: { ticket: ticket.displayNumber, ...serviceParams(target) },
      });
    }
    if (!target.isOpen) throw new QueueError('service_closed', `${target.labelEn} (${target.code}) is closed`, { field: 'toService', reason: 'service_closed', params: serviceParams(target) });
    const reservation = to && reservationFor(ctx, to, target);
    const now = ctx.clock();
    ctx.store.updateTicket(ticket.id, {
      service_code: target.code,
      status: 'waiting',
      called_at: null,
      serving_at: null,
      position_id: null,
      session_id: null,
      session_position_count: null,
      recall_count: 0,
    });
    setReservation(ctx, ticket.id, reservation);
    ctx.store.appendEvent(
      'ticket.transferred',
      { ticketId: ticket.id, fromService: ticket.serviceCode, toService: target.code, toPositionId: reservation?.positionId ?? null, toOfficerId: reservation?.officerId ?? null },
      now,
    );
    return ctx.store.ticket(ticket.id)!;
  });
}

/**
 * The reservation a transfer to a position or officer makes, refused when nobody there could call
 * the ticket: a position that does not serve the service or that nobody staffs, an officer who is
 * not signed in at a position serving it. A ticket sent there would wait unseen.
 */
function reservationFor(ctx: QueueContext, to: NonNullable<TransferTo>, target: Service): Reservation {
  const sessions = ctx.store.activeSessions();
  if ('positionId' in to) {
    const position = ctx.store.position(to.positionId);
    if (!position || !position.active) {
      throw new QueueError('not_found', `unknown position "${to.positionId}"`, { field: 'toPositionId', reason: 'position_unknown', params: { position: to.positionId } });
    }
    if (!position.services.includes(target.code)) {
      throw new QueueError('conflict', `${position.label} does not serve ${target.code}`, {
        field: 'toPositionId',
        reason: 'transfer_position_wrong_service',
        params: { position: position.label, ...serviceParams(target) },
      });
    }
    if (!sessions.some((s) => s.positions.includes(position.id))) {
      throw new QueueError('conflict', `nobody serves at ${position.label} now`, { field: 'toPositionId', reason: 'transfer_position_unstaffed', params: { position: position.label } });
    }
    return { positionId: position.id, officerId: null };
  }
  const officer = ctx.store.officer(to.officerId);
  if (!officer || !officer.active) {
    throw new QueueError('not_found', `unknown officer "${to.officerId}"`, { field: 'toOfficerId', reason: 'officer_unknown', params: { officer: to.officerId } });
  }
  const session = sessions.find((s) => s.officerId === officer.id);
  if (!session) throw new QueueError('conflict', `${officer.name} is not signed in`, { field: 'toOfficerId', reason: 'transfer_officer_off_duty', params: { officer: officer.name } });
  if (!session.positions.some((id) => ctx.store.position(id)?.services.includes(target.code))) {
    throw new QueueError('conflict', `${officer.name} serves no position of ${target.code} now`, {
      field: 'toOfficerId',
      reason: 'transfer_officer_wrong_service',
      params: { officer: officer.name, ...serviceParams(target) },
    });
  }
  return { positionId: null, officerId: officer.id };
}

/** A supervisor withdraws a ticket that has not been served. */
export function cancelTicket(ctx: QueueContext, ticketId: string, reason: string): Ticket {
  return ctx.store.transaction(() => {
    const ticket = ticketOf(ctx, ticketId);
    if (ticket.status !== 'waiting' && ticket.status !== 'called') {
      throw new QueueError('conflict', `ticket ${ticket.displayNumber} is ${ticket.status} and can no longer be cancelled`, {
        field: 'ticketId',
        reason: 'ticket_not_cancellable',
        params: { ticket: ticket.displayNumber, status: ticket.status },
      });
    }
    const now = ctx.clock();
    ctx.store.updateTicket(ticket.id, { status: 'cancelled', finished_at: now });
    ctx.store.appendEvent('ticket.cancelled', { ticketId: ticket.id, reason }, now);
    return ctx.store.ticket(ticket.id)!;
  });
}
