import { orderQueue, policyStateFromRecentCalls, type CallReason } from './calling-policy.js';
import { policyConfig, today, type QueueContext } from './context.js';
import type { TicketView } from './events.js';
import { toTicketView } from './ticket-view.js';
import type { OfficerSession, Position, Service, Ticket } from './types.js';
import {
  averageServiceSeconds,
  capacityFor,
  CONCURRENCY_WINDOW,
  DURATION_WINDOW,
  estimateWait,
  parallelism,
  type SessionCapacity,
  type WaitEstimate,
} from './wait-estimate.js';

/** Today's waiting tickets: a ticket left waiting from an earlier day is not called into today's queue. */
export function waitingToday(ctx: QueueContext): Ticket[] {
  return ctx.store.waitingTickets(today(ctx));
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

export interface QueuedTicketView extends TicketView {
  wait: WaitEstimate;
  reason: CallReason;
}

export interface ServiceQueue {
  service: Service;
  quotaToday: number;
  issuedToday: number;
  waiting: QueuedTicketView[];
  /** What a participant taking a ticket now would be told. */
  nextArrival: WaitEstimate;
  capacity: number;
}

/**
 * Every open service's queue in calling order with each ticket's estimated wait. Each service is
 * ordered on its own; a position serving several services interleaves them, which the per-service
 * order approximates.
 */
export function serviceQueues(ctx: QueueContext, only?: string): ServiceQueue[] {
  const { store } = ctx;
  const now = ctx.clock();
  const day = today(ctx, now);
  const config = policyConfig(ctx);
  const waiting = waitingToday(ctx);
  const waitingByService = new Map<string, number>();
  for (const t of waiting) waitingByService.set(t.serviceCode, (waitingByService.get(t.serviceCode) ?? 0) + 1);
  const capacities = sessionCapacities(ctx, store.activeSessions(), store.positions());

  const services = store.services().filter((s) => only === undefined || s.code === only);
  return services.map((service) => {
    const mine = waiting.filter((t) => t.serviceCode === service.code);
    const state = policyStateFromRecentCalls(store.recentCallPriorities(day, new Set([service.code])));
    const durations = store.recentServices(service.code, DURATION_WINDOW).map((s) => (s.finishedAt - s.calledAt) / 1000);
    const duration = averageServiceSeconds(durations, service.defaultServiceSeconds);
    const capacity = capacityFor(service.code, capacities, waitingByService);
    const ordered = orderQueue(mine, now, config, state).map(({ ticket, reason }, index) => ({
      ...toTicketView(ticket),
      reason,
      wait: estimateWait(index, duration, capacity),
    }));
    return {
      service,
      quotaToday: store.quotaFor(service, day),
      issuedToday: store.countIssued(service.code, day),
      waiting: ordered,
      nextArrival: estimateWait(ordered.length, duration, capacity),
      capacity,
    };
  });
}

/** The estimated wait of one waiting ticket, or null when it no longer waits. */
export function waitOf(ctx: QueueContext, ticketId: string): WaitEstimate | null {
  const ticket = ctx.store.ticket(ticketId);
  if (!ticket || ticket.status !== 'waiting') return null;
  const queue = serviceQueues(ctx, ticket.serviceCode)[0];
  return queue?.waiting.find((t) => t.id === ticketId)?.wait ?? null;
}
