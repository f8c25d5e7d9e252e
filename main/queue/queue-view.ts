import { orderQueue, type CallReason, type PolicyState } from './calling-policy.js';
import { interleaveState, policyConfig, queueDays, today, waitingFor, type QueueContext } from './context.js';
import { standingReservations, waitingOfferedTo } from './transfer-targets.js';
import { QueueError } from './errors.js';
import type { TicketView } from './events.js';
import { toTicketView } from './ticket-view.js';
import type { OfficerSession, PolicyConfig, Position, Service, ServiceQueue, Ticket } from './types.js';
import {
  averageServiceSeconds,
  capacityFor,
  CONCURRENCY_WINDOW,
  DURATION_WINDOW,
  estimateWait,
  parallelism,
  type DurationEstimate,
  type SessionCapacity,
  type WaitEstimate,
} from './wait-estimate.js';

/** The waiting tickets still served (see queueDays), in arrival order. */
export function waitingNow(ctx: QueueContext): Ticket[] {
  return queueDays(ctx)
    .flatMap((day) => ctx.store.waitingTickets(day))
    .sort((a, b) => a.arrivedAt - b.arrivedAt);
}

function sessionCapacities(ctx: QueueContext, sessions: readonly OfficerSession[], positions: readonly Position[]): SessionCapacity[] {
  const byId = new Map(positions.map((p) => [p.id, p]));
  const learned = new Map<number, number>();
  return sessions.map((s) => {
    const services = [...new Set(s.positions.flatMap((id) => byId.get(id)?.services ?? []))];
    const count = s.positions.length;
    let factor = learned.get(count);
    if (factor === undefined) {
      factor = parallelism(count, ctx.store.concurrencySamples(count, CONCURRENCY_WINDOW));
      learned.set(count, factor);
    }
    return { positionCount: count, services, parallelism: factor };
  });
}


interface ServiceOutlook {
  state: PolicyState;
  duration: DurationEstimate;
  capacity: number;
}

/** What the branch as a whole contributes to every service's estimates: counts and staffing. */
function branchLoad(ctx: QueueContext, day: string, config: PolicyConfig) {
  const capacities = sessionCapacities(ctx, ctx.store.activeSessions(), ctx.store.positions());
  // Shares between services matter only to an officer serving several of them.
  const waitingByService = new Map<string, number>();
  if (capacities.some((c) => c.services.length > 1)) {
    for (const d of queueDays(ctx)) for (const [code, n] of ctx.store.waitingCounts(d)) waitingByService.set(code, (waitingByService.get(code) ?? 0) + n);
  }
  return (service: Service): ServiceOutlook => {
    const durations = ctx.store.recentServices(service.code, DURATION_WINDOW).map((s) => (s.finishedAt - s.calledAt) / 1000);
    return {
      state: interleaveState(ctx, [service.code], config),
      duration: averageServiceSeconds(durations, service.defaultServiceSeconds),
      capacity: capacityFor(service.code, capacities, waitingByService),
    };
  };
}

/**
 * Every service's queue in calling order with each ticket's estimated wait. Each service is
 * ordered on its own; a position serving several services interleaves them, which the per-service
 * order approximates.
 */
export function serviceQueues(ctx: QueueContext): ServiceQueue[] {
  const { store } = ctx;
  const now = ctx.clock();
  const day = today(ctx, now);
  const config = policyConfig(ctx);
  const waiting = waitingNow(ctx);
  const outlook = branchLoad(ctx, day, config);
  const reservations = standingReservations(ctx);
  return store.services().map((service) => {
    const { state, duration, capacity } = outlook(service);
    const mine = waiting.filter((t) => t.serviceCode === service.code);
    const ordered = orderQueue(mine, now, config, state).map(({ ticket, reason }, index) => ({
      ...toTicketView(ticket),
      reason,
      wait: estimateWait(index, duration, capacity),
      reservedFor: reservations.get(ticket.id) ?? null,
    }));
    return {
      service,
      quotaToday: store.quotaFor(service, day),
      issuedToday: store.numbersIssued(service, day),
      waiting: ordered,
      nextArrival: estimateWait(ordered.length, duration, capacity),
      capacity,
    };
  });
}

/**
 * The estimated wait of one waiting ticket, or null when it no longer waits. It orders only the
 * ticket's own service, from the few columns the policy reads: this runs on every ticket issued.
 */
export function waitOf(ctx: QueueContext, ticketId: string): WaitEstimate | null {
  const ticket = ctx.store.ticket(ticketId);
  const service = ticket && ctx.store.service(ticket.serviceCode);
  return ticket && service ? waitOfTicket(ctx, ticket, service, ctx.clock()) : null;
}

/** waitOf for a ticket and its service already in hand, as the issuing transaction has them. */
export function waitOfTicket(ctx: QueueContext, ticket: Ticket, service: Service, now: number): WaitEstimate | null {
  if (ticket.status !== 'waiting' || !queueDays(ctx, now).includes(ticket.businessDay)) return null;
  const config = policyConfig(ctx);
  const { state, duration, capacity } = branchLoad(ctx, today(ctx, now), config)(service);
  const queued = waitingFor(ctx, [service.code], now);
  const ahead = orderQueue(queued, now, config, state).findIndex((o) => o.ticket.id === ticket.id);
  return ahead < 0 ? null : estimateWait(ahead, duration, capacity);
}

/** The next tickets the policy (the one in force, or a draft) would call to a position, for the console's and supervisor's preview. */
export function previewPicks(ctx: QueueContext, positionId: string, count: number, config: PolicyConfig = policyConfig(ctx)): { ticket: TicketView; reason: CallReason }[] {
  const position = ctx.store.position(positionId);
  if (!position) throw new QueueError('not_found', `unknown position "${positionId}"`, { field: 'positionId', reason: 'position_unknown', params: { position: positionId } });
  // What this position would be offered with the officer now at it: transfers sent elsewhere are not.
  const officerId = ctx.store.activeSessions().find((s) => s.positions.includes(position.id))?.officerId ?? null;
  const waiting = waitingOfferedTo(ctx, position, officerId);
  const state = interleaveState(ctx, position.services, config);
  return orderQueue(waiting, ctx.clock(), config, state)
    .slice(0, count)
    .map(({ ticket, reason }) => ({ ticket: toTicketView(ctx.store.ticket(ticket.id)!), reason }));
}
