import type { PullFeedName } from '../../main/wire/sync.js';
import type { HqQuery } from '../db/hq-database.js';
import { HqError } from '../http/hq-error.js';

/**
 * Takes `count` new versions of a branch's feed, to stamp the rows this transaction writes. The
 * UPDATE keeps the counter's row locked until the transaction ends, so the next writer of this
 * feed gets higher versions only after these are committed (or rolled back): versions become
 * visible in the order they are given, and a pull past a cursor never skips one. Call it last in
 * a transaction, to hold the lock the shortest time.
 */
export async function takeFeedVersions(tx: HqQuery, branch: string, feed: PullFeedName, count: number): Promise<number> {
  const [row] = await tx.query<{ version: number }>('UPDATE hq_feed_versions SET version = version + $3 WHERE branch_id = $1 AND feed = $2 RETURNING version', [branch, feed, count]);
  if (!row) throw new HqError(404, 'not_found', `no branch ${branch}`, { reason: 'branch_unknown', field: 'branch', params: { branch } });
  return row.version - count + 1;
}
