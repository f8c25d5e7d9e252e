import type { PushAnswer, PushBody } from '../../main/wire/sync.js';
import type { EnsureEventMonths } from '../db/event-partitions.js';
import type { HqDatabase } from '../db/hq-database.js';
import { HqError } from '../http/hq-error.js';
import { SIGNATURE_HEADERS } from '../../main/wire/sync.js';

interface PushRow {
  outcome: 'stored' | 'signature_replayed' | 'epoch_mismatch' | 'event_conflict';
  held_through: number | null;
  stored: number | null;
  held_first: number | null;
  conflict_seq: number | null;
  held_id: string | null;
  sent_id: string | null;
}

/**
 * Stores a branch's push (docs/sync-contract.md, section 2) in one call of hq_push
 * (hq/migrations/003): under the lock of the epoch's row, so pushes of one epoch take turns
 * whichever process they reach, it checks what is held already, inserts only what is new, and
 * moves held_through over every seq now held without a gap, including events an earlier,
 * reordered batch left beyond a hole. The request's nonce is claimed in the same transaction, so
 * an accepted push is never replayed and a refused one leaves nothing.
 */
export function createEventIntake(db: HqDatabase, ensureMonths: EnsureEventMonths) {
  return async function takeBatch(branch: string, nonce: string, batch: PushBody): Promise<PushAnswer> {
    await ensureMonths(batch.events.map((e) => e.at));
    const [row] = (await db.query<PushRow>('SELECT * FROM hq_push($1, $2, $3, $4, $5::jsonb)', [branch, nonce, batch.epoch, batch.firstSeq, JSON.stringify(batch.events)])) as [PushRow];
    switch (row.outcome) {
      case 'stored':
        return { epoch: batch.epoch, heldThrough: row.held_through!, stored: row.stored! };
      case 'signature_replayed':
        throw new HqError(401, 'unauthorized', `nonce ${nonce} was used already: a request is accepted once`, { reason: 'signature_replayed', field: SIGNATURE_HEADERS.nonce, params: { branch } });
      case 'epoch_mismatch':
        throw new HqError(409, 'conflict', `epoch ${batch.epoch} starts at seq ${row.held_first} at headquarters, not ${batch.firstSeq}`, {
          reason: 'epoch_mismatch',
          field: 'firstSeq',
          params: { epoch: batch.epoch, held: row.held_first, sent: batch.firstSeq },
        });
      case 'event_conflict':
        throw new HqError(409, 'conflict', `seq ${row.conflict_seq} of epoch ${batch.epoch} is event ${row.held_id} at headquarters, not ${row.sent_id}`, {
          reason: 'event_conflict',
          field: 'events',
          params: { seq: row.conflict_seq, held: row.held_id, sent: row.sent_id },
        });
    }
  };
}

export type EventIntake = ReturnType<typeof createEventIntake>;
