import type { BranchEvent } from '../queue/events.js';
import type { BranchSnapshot } from '../queue/types.js';
import type { StateDelta } from '../wire/schemas.js';

/** The snapshot's sections a delta replaces whole (the queues go one service at a time). */
const SECTIONS = ['branch', 'businessDay', 'ticker', 'active', 'recentCalls', 'positions', 'sessions'] as const;

/**
 * Events that change nothing in the snapshot: print jobs and printers, devices, bookings not yet
 * checked in, an officer's PIN and lock. A batch of only these costs no read of the state.
 */
export function changesState(event: BranchEvent): boolean {
  const { type } = event;
  if (type.startsWith('print.') || type.startsWith('printer.') || type.startsWith('device.') || type.startsWith('booking.')) return false;
  return type !== 'officer.pin_reset' && type !== 'officer.locked' && type !== 'officer.unlocked';
}

/** Each section's (and each queue's) serialised form: compared, not walked, to find what changed. */
function fingerprints(snapshot: BranchSnapshot): Map<string, string> {
  const prints = new Map<string, string>();
  for (const key of SECTIONS) prints.set(key, JSON.stringify(snapshot[key]));
  for (const queue of snapshot.queues) prints.set(`queue:${queue.service.code}`, JSON.stringify(queue));
  prints.set('serviceCodes', snapshot.queues.map((q) => q.service.code).join('\n'));
  return prints;
}

/** The whole snapshot as a delta: what a client that resumes after missing events is sent. */
export function wholeState(snapshot: BranchSnapshot): StateDelta {
  const { seq: _seq, queues, ...sections } = snapshot;
  return { ...sections, queues, serviceCodes: queues.map((q) => q.service.code) };
}

/**
 * The state pages draw, as the stream last sent it, and what changed since. The hub reads the
 * state once per batch of events for every page (instead of every page reloading it), and sends
 * only the sections whose value changed: a call moves one queue, the active tickets and the calls.
 */
export function createStateTracker(read: () => BranchSnapshot) {
  let current: BranchSnapshot | null = null;
  let prints = new Map<string, string>();
  let seq = -1;

  return {
    /** The sequence the tracked state reflects; -1 before the first read. */
    get seq(): number {
      return seq;
    },

    /** Reads the state now: the sections that differ from the last read (all of them the first time), or null when none do. */
    advance(): StateDelta | null {
      const next = read();
      const nextPrints = fingerprints(next);
      const previous = current;
      const before = prints;
      current = next;
      prints = nextPrints;
      seq = next.seq;
      if (!previous) return wholeState(next);
      const delta: StateDelta = { now: next.now };
      let changed = false;
      for (const key of SECTIONS) {
        if (nextPrints.get(key) === before.get(key)) continue;
        Object.assign(delta, { [key]: next[key] });
        changed = true;
      }
      const queues = next.queues.filter((q) => nextPrints.get(`queue:${q.service.code}`) !== before.get(`queue:${q.service.code}`));
      if (queues.length > 0) {
        delta.queues = queues;
        changed = true;
      }
      if (nextPrints.get('serviceCodes') !== before.get('serviceCodes')) {
        delta.serviceCodes = next.queues.map((q) => q.service.code);
        changed = true;
      }
      return changed ? delta : null;
    },

    /** Events up to `to` changed nothing a page draws: the tracked state stands for them too. */
    skipTo(to: number): void {
      if (current) seq = to;
    },

    /** The tracked state whole, for a client catching up; null before the first read. */
    whole(): StateDelta | null {
      return current ? wholeState(current) : null;
    },
  };
}

export type StateTracker = ReturnType<typeof createStateTracker>;
