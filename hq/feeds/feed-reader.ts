import type { PullFeedName, PullPage } from '../../main/wire/sync.js';
import type { HqDatabase } from '../db/hq-database.js';
import { timeToMs } from '../db/sql-time.js';

/**
 * One page of a branch's feed after a cursor (docs/sync-contract.md, section 3): rows in version
 * order, read in one statement (one snapshot), the cursor being the last version returned.
 */
const PAGES: Record<PullFeedName, string> = {
  catalogue: `SELECT version, service || jsonb_build_object('code', code) AS item
              FROM hq_services WHERE branch_id = $1 AND version > $2 ORDER BY version LIMIT $3`,
  quotas: `SELECT version, jsonb_build_object('serviceCode', service_code, 'businessDay', to_char(business_day, 'YYYY-MM-DD'), 'quota', quota) AS item
           FROM hq_quotas WHERE branch_id = $1 AND version > $2 ORDER BY version LIMIT $3`,
  bookings: `SELECT version, jsonb_build_object(
               'code', code, 'serviceCode', service_code,
               'slotStart', ${timeToMs('slot_start')}, 'slotEnd', ${timeToMs('slot_end')},
               'nikMasked', nik_masked, 'status', status) AS item
             FROM hq_bookings WHERE branch_id = $1 AND version > $2 ORDER BY version LIMIT $3`,
};

export async function readFeed<F extends PullFeedName>(db: HqDatabase, branch: string, feed: F, after: number, limit: number): Promise<PullPage<F>> {
  // One row more than asked says whether another page follows.
  const rows = await db.query<{ version: number; item: unknown }>(PAGES[feed], [branch, after, limit + 1]);
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => r.item),
    cursor: String(page.at(-1)?.version ?? after),
    more: rows.length > limit,
  } as PullPage<F>;
}
