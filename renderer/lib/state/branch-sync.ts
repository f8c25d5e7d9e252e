import type { BranchEvent, BranchSnapshot, StateDelta, StateFrame } from '../../../main/wire/schemas.js';

/** What a frame did: taken in, already known (older than the state), or out of reach (something before it was missed). */
export type FrameOutcome = { kind: 'applied'; events: BranchEvent[] } | { kind: 'stale' } | { kind: 'gap' };

/** The snapshot with a delta's sections in place, at the frame's sequence. */
export function applyDelta(snapshot: BranchSnapshot, seq: number, delta: StateDelta): BranchSnapshot {
  const { queues, serviceCodes, ...sections } = delta;
  let nextQueues = snapshot.queues;
  if (queues || serviceCodes) {
    const byCode = new Map(snapshot.queues.map((q) => [q.service.code, q]));
    for (const queue of queues ?? []) byCode.set(queue.service.code, queue);
    const order = serviceCodes ?? snapshot.queues.map((q) => q.service.code);
    nextQueues = order.flatMap((code) => byCode.get(code) ?? []);
  }
  return { ...snapshot, ...sections, queues: nextQueues, seq };
}

/**
 * The page's state and the sequence it reflects, kept in step with the stream: frames apply in
 * order, each from the `seq` the previous one ended at. A snapshot replaces the state only when it
 * is at least as new, so a slow reply can never put an older state over a newer one. Pure: the
 * page's reactive class wraps it.
 */
export class BranchSync {
  #snapshot: BranchSnapshot | null = null;
  #seq = -1;

  /** The state; the same object until a frame changes it (its own `seq` is that of the last change). */
  get snapshot(): BranchSnapshot | null {
    return this.#snapshot;
  }

  /** The sequence the state reflects, frames that changed nothing in it included; -1 before the first snapshot. */
  get seq(): number {
    return this.#seq;
  }

  /**
   * A snapshot from GET /state. Taken when it is not older than the state; `restart` (after the
   * hub's `reset`: its log is now shorter than what the page saw) takes it whatever its sequence.
   */
  takeSnapshot(snapshot: BranchSnapshot, restart = false): boolean {
    if (!restart && snapshot.seq < this.seq) return false;
    this.#snapshot = snapshot;
    this.#seq = snapshot.seq;
    return true;
  }

  /** A stream frame: its events this page has not seen, and its state changes, applied at its `seq`. */
  takeFrame(frame: StateFrame): FrameOutcome {
    const current = this.#snapshot;
    const seen = this.#seq;
    if (!current) return { kind: 'gap' };
    if (frame.seq <= seen) return { kind: 'stale' };
    if (frame.after > seen) return { kind: 'gap' };
    // A frame of events the page draws nothing from (a print job's progress) leaves the state untouched.
    if (frame.state) this.#snapshot = applyDelta(current, frame.seq, frame.state);
    this.#seq = frame.seq;
    return { kind: 'applied', events: frame.events.filter((e) => e.seq > seen) };
  }
}
