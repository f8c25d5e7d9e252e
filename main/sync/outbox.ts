import type Database from 'better-sqlite3';
import type { PullFeedName } from '../wire/sync.js';
import { epochsOf, type Epoch } from './log-identity.js';

/**
 * The branch log read as headquarters' outbox, and the sync cursors. Reads are single statements
 * outside any write transaction, and each cursor move is one short write, so the queue's commands
 * never wait on sync.
 */

export interface OutboxEvent {
  seq: number;
  id: string;
  type: string;
  v: number;
  at: number;
  payload: unknown;
}

/** Events of one epoch, in seq order, starting right after what headquarters acknowledged. */
export interface OutboxBatch {
  epoch: Epoch;
  events: OutboxEvent[];
}

interface EventRow {
  seq: number;
  id: string;
  type: string;
  v: number;
  at: number;
  payload: string;
}

/** Where each epoch's events end: the seq before the next epoch that holds any, or none for the last. */
function withEnds(epochs: Epoch[]): { epoch: Epoch; end: number }[] {
  return epochs.map((epoch, i) => {
    const next = epochs.slice(i + 1).find((e) => e.firstSeq > epoch.firstSeq);
    return { epoch, end: next ? next.firstSeq - 1 : Number.MAX_SAFE_INTEGER };
  });
}

export function createOutbox(db: Database.Database) {
  const q = {
    events: db.prepare('SELECT seq, id, type, v, at, payload FROM events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?'),
    lastSeq: db.prepare('SELECT coalesce(max(seq), 0) FROM events').pluck(),
    cursor: db.prepare('SELECT seq, cursor FROM sync_cursors WHERE direction = ?'),
    setPush: db.prepare(`INSERT INTO sync_cursors (direction, seq, cursor, updated_at) VALUES ('push', ?, NULL, ?)
      ON CONFLICT (direction) DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at`),
    setPull: db.prepare(`INSERT INTO sync_cursors (direction, seq, cursor, updated_at) VALUES (?, NULL, ?, ?)
      ON CONFLICT (direction) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`),
  };

  /** The epoch a seq belongs to: the last (by first seq, then age) starting at or before it. */
  const epochOf = (seq: number) => {
    const all = withEnds(epochsOf(db));
    return all.filter((e) => e.epoch.firstSeq <= seq).at(-1) ?? null;
  };

  const outbox = {
    /**
     * The highest seq headquarters has acknowledged holding without a gap. Before the first
     * answer: just before the first epoch (events from before sync stay at the branch).
     */
    pushCursor(): number {
      return outbox.acknowledgedThrough() ?? epochsOf(db)[0]!.firstSeq - 1;
    },

    /** What headquarters has answered it holds, without a gap; null before its first answer. */
    acknowledgedThrough(): number | null {
      return (q.cursor.get('push') as { seq: number } | undefined)?.seq ?? null;
    },

    /** The next events to push: at most `limit`, all of one epoch. Null when headquarters has everything. */
    nextBatch(limit: number): OutboxBatch | null {
      const from = outbox.pushCursor() + 1;
      const span = epochOf(from);
      if (!span) return null;
      const rows = q.events.all(from - 1, span.end, limit) as EventRow[];
      if (rows.length === 0) return null;
      return { epoch: span.epoch, events: rows.map((r) => ({ seq: r.seq, id: r.id, type: r.type, v: r.v, at: r.at, payload: JSON.parse(r.payload) as unknown })) };
    },

    /**
     * Headquarters' answer for an epoch: the highest seq it holds without a gap. The cursor moves
     * to it, within that epoch's events in this file; an answer below the cursor (headquarters
     * lost some) moves it back, so the missing events are sent again.
     */
    acknowledge(epoch: string, heldThrough: number, at: number): number {
      const span = withEnds(epochsOf(db)).find((e) => e.epoch.epoch === epoch);
      if (!span) return outbox.pushCursor();
      const last = Math.min(span.end, q.lastSeq.get() as number);
      const cursor = Math.max(span.epoch.firstSeq - 1, Math.min(heldThrough, last));
      q.setPush.run(cursor, at);
      return cursor;
    },

    /** Events headquarters has not acknowledged yet. */
    waiting(): number {
      return Math.max(0, (q.lastSeq.get() as number) - outbox.pushCursor());
    },

    lastSeq: () => q.lastSeq.get() as number,

    /** Headquarters' cursor of a pull feed; null before the first pull. */
    pullCursor(feed: PullFeedName): string | null {
      return (q.cursor.get(feed) as { cursor: string } | undefined)?.cursor ?? null;
    },

    setPullCursor(feed: PullFeedName, cursor: string, at: number): void {
      q.setPull.run(feed, cursor, at);
    },
  };
  return outbox;
}

export type Outbox = ReturnType<typeof createOutbox>;
