import type { PushAnswer, PushBody, SyncEvent } from '../../main/wire/sync.js';
import type { EnsureEventMonths } from '../db/event-partitions.js';
import type { HqDatabase, HqQuery } from '../db/hq-database.js';
import { HqError } from '../http/hq-error.js';
import { msToTime } from '../db/sql-time.js';
import { claimNonce } from './signed-request.js';

interface EpochRow {
  first_seq: number;
  held_through: number;
  max_seq: number;
}

/** Seqs read per step when stored events beyond a batch close a gap. */
const WALK_PAGE = 10_000;

const INSERT_EVENTS = `
  INSERT INTO hq_events (branch_id, epoch, seq, event_id, type, v, at, payload)
  SELECT $1, $2, e.seq, e.id, e.type, e.v, ${msToTime('e.at')}, e.payload
  FROM jsonb_to_recordset($3::jsonb) AS e(seq bigint, id uuid, type text, v integer, at bigint, payload jsonb)`;

/** The events of a batch as one JSON document, for one INSERT of them all. */
export const eventRowsJson = (events: readonly SyncEvent[]): string => JSON.stringify(events);
export { INSERT_EVENTS };

/**
 * Stores a branch's push (docs/sync-contract.md, section 2). Everything happens under the lock of
 * the epoch's row, so pushes of one epoch take turns, whichever process they reach: each checks
 * what is held already, inserts only what is new, and moves held_through over every seq now held
 * without a gap, including events an earlier, reordered batch left beyond a hole.
 */
export function createEventIntake(db: HqDatabase, ensureMonths: EnsureEventMonths) {
  const heldIds = async (tx: HqQuery, branch: string, batch: PushBody) => {
    const rows = await tx.query<{ seq: number; event_id: string }>(
      'SELECT seq, event_id FROM hq_events WHERE branch_id = $1 AND epoch = $2 AND seq BETWEEN $3 AND $4',
      [branch, batch.epoch, batch.events[0]!.seq, batch.events.at(-1)!.seq],
    );
    return new Map(rows.map((r) => [r.seq, r.event_id]));
  };

  /** The highest seq held with no gap, from `from` on, reading stored seqs past it. */
  const walk = async (tx: HqQuery, branch: string, epoch: string, from: number, maxSeq: number): Promise<number> => {
    let held = from;
    while (held < maxSeq) {
      const rows = await tx.query<{ seq: number }>('SELECT seq FROM hq_events WHERE branch_id = $1 AND epoch = $2 AND seq > $3 ORDER BY seq LIMIT $4', [branch, epoch, held, WALK_PAGE]);
      const start = held;
      for (const { seq } of rows) {
        if (seq !== held + 1) break;
        held = seq;
      }
      if (held - start < WALK_PAGE) break;
    }
    return held;
  };

  /** Stores a verified push; `nonce` is the request's, claimed in the same transaction. */
  return async function takeBatch(branch: string, nonce: string, batch: PushBody): Promise<PushAnswer> {
    await ensureMonths(batch.events.map((e) => e.at));
    return db.transaction(async (tx) => {
      await claimNonce(tx, branch, nonce);
      await tx.query('INSERT INTO hq_epochs (branch_id, epoch, first_seq, held_through, max_seq) VALUES ($1, $2, $3::bigint, $3::bigint - 1, $3::bigint - 1) ON CONFLICT DO NOTHING', [branch, batch.epoch, batch.firstSeq]);
      const [epoch] = (await tx.query<EpochRow>('SELECT first_seq, held_through, max_seq FROM hq_epochs WHERE branch_id = $1 AND epoch = $2 FOR UPDATE', [branch, batch.epoch])) as [EpochRow];
      if (epoch.first_seq !== batch.firstSeq) {
        throw new HqError(409, 'conflict', `epoch ${batch.epoch} starts at seq ${epoch.first_seq} at headquarters, not ${batch.firstSeq}`, {
          reason: 'epoch_mismatch',
          field: 'firstSeq',
          params: { epoch: batch.epoch, held: epoch.first_seq, sent: batch.firstSeq },
        });
      }

      let fresh = batch.events;
      // Only a batch reaching below the highest seq held can meet events held already.
      if (batch.events[0]!.seq <= epoch.max_seq) {
        const held = await heldIds(tx, branch, batch);
        for (const e of batch.events) {
          const id = held.get(e.seq);
          if (id !== undefined && id !== e.id) {
            throw new HqError(409, 'conflict', `seq ${e.seq} of epoch ${batch.epoch} is event ${id} at headquarters, not ${e.id}`, {
              reason: 'event_conflict',
              field: 'events',
              params: { seq: e.seq, held: id, sent: e.id },
            });
          }
        }
        fresh = batch.events.filter((e) => !held.has(e.seq));
      }
      if (fresh.length > 0) await tx.query(INSERT_EVENTS, [branch, batch.epoch, eventRowsJson(fresh)]);

      const inBatch = new Set(batch.events.map((e) => e.seq));
      let heldThrough = epoch.held_through;
      while (inBatch.has(heldThrough + 1)) heldThrough++;
      const maxSeq = Math.max(epoch.max_seq, batch.events.at(-1)!.seq);
      heldThrough = await walk(tx, branch, batch.epoch, heldThrough, maxSeq);
      await tx.query('UPDATE hq_epochs SET held_through = $3, max_seq = $4, last_push_at = now() WHERE branch_id = $1 AND epoch = $2', [branch, batch.epoch, heldThrough, maxSeq]);
      return { epoch: batch.epoch, heldThrough, stored: fresh.length };
    });
  };
}

export type EventIntake = ReturnType<typeof createEventIntake>;
