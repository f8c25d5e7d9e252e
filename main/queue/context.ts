import { businessDay } from './business-day.js';
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

export function policyConfig(ctx: QueueContext): PolicyConfig {
  return { ...DEFAULT_POLICY, ...ctx.store.setting<Partial<PolicyConfig>>('policy') };
}

