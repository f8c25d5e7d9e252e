import { businessDay, startOfBusinessDay } from './business-day.js';
import { policyStateFromRecentCalls, recentCallsNeeded, type PolicyState, type QueuedTicket } from './calling-policy.js';
import type { QueueStore } from './queue-store.js';
import { DEFAULT_POLICY, type BranchIdentity, type Clock, type PolicyConfig } from './types.js';

/** What every queue command works with: the store, the clock and the branch it runs in. */
export interface QueueContext {
  store: QueueStore;
  clock: Clock;
  branch: BranchIdentity;
}

export function today(ctx: QueueContext, at: number = ctx.clock()): string {
  return businessDay(at, ctx.branch.timeZone);
}

/**
 * The business days whose waiting tickets are still served: today and the day before, so that a
 * participant still waiting when an evening surge runs past local midnight keeps their place.
 */
export function queueDays(ctx: QueueContext, at: number = ctx.clock()): [string, string] {
  const day = today(ctx, at);
  return [businessDay(startOfBusinessDay(day, ctx.branch.timeZone) - 1, ctx.branch.timeZone), day];
}

/** The waiting tickets the policy reads for some services, across the days still served. */
export function waitingFor(ctx: QueueContext, services: readonly string[], at: number = ctx.clock()): QueuedTicket[] {
  const days = queueDays(ctx, at);
  return services.flatMap((code) => days.flatMap((day) => ctx.store.waitingForPolicy(day, code)));
}

/** Where the priority interleave stands at these services today, from their latest calls. */
export function interleaveState(ctx: QueueContext, services: readonly string[], config: PolicyConfig): PolicyState {
  return policyStateFromRecentCalls(ctx.store.recentCallPriorities(today(ctx), new Set(services), recentCallsNeeded(config)), config);
}

export function policyConfig(ctx: QueueContext): PolicyConfig {
  return { ...DEFAULT_POLICY, ...ctx.store.setting<Partial<PolicyConfig>>('policy') };
}

