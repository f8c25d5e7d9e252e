import type { BranchSnapshot, CallView } from '../../main/wire/schemas.js';

/**
 * Which calls the lobby board shows: every call still active (its ticket called or being served
 * at its booth or counter), and every call not yet announced, even when its ticket has moved on
 * or newer calls came after it: nobody's number leaves the board before it was read out. Newest
 * first.
 */
export function boardCalls(
  calls: readonly CallView[],
  snapshot: Pick<BranchSnapshot, 'now' | 'active' | 'positions'>,
  unannounced: ReadonlySet<string>,
): CallView[] {
  const active = new Set(snapshot.active.map((t) => t.id));
  const shown = new Map<string, CallView>();
  for (const call of calls) {
    if (shown.has(call.ticketId)) continue;
    // A call newer than the snapshot is active: the snapshot just has not seen it yet.
    if (active.has(call.ticketId) || unannounced.has(call.ticketId) || call.at >= snapshot.now) shown.set(call.ticketId, call);
  }
  // Active tickets called before the latest calls the page keeps (a branch with many positions).
  const positions = new Map(snapshot.positions.map((p) => [p.id, p]));
  for (const ticket of snapshot.active) {
    const position = ticket.positionId === null ? undefined : positions.get(ticket.positionId);
    if (shown.has(ticket.id) || !position || ticket.calledAt === null) continue;
    shown.set(ticket.id, {
      ticketId: ticket.id,
      displayNumber: ticket.displayNumber,
      serviceCode: ticket.serviceCode,
      positionId: position.id,
      positionLabel: position.label,
      positionKind: position.kind,
      at: ticket.calledAt,
      recallCount: ticket.recallCount,
    });
  }
  return [...shown.values()].sort((a, b) => b.at - a.at);
}
