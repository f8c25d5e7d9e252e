import { policyConfig, type QueueContext } from './context.js';
import { previewPicks } from './queue-view.js';
import type { PolicyConfig, PolicyPreview } from './types.js';


/**
 * What every active position would call next under a draft of the calling policy, before the
 * supervisor saves it. Changes nothing.
 */
export function previewPolicy(ctx: QueueContext, draft: Partial<PolicyConfig>, count: number): PolicyPreview {
  return ctx.store.read(() => {
    const policy = { ...policyConfig(ctx), ...draft };
    const positions = ctx.store
      .positions()
      .filter((p) => p.active)
      .map((p) => ({ positionId: p.id, label: p.label, kind: p.kind, picks: previewPicks(ctx, p.id, count, policy) }));
    return { policy, positions };
  });
}
