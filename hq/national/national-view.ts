import type { HqDatabase } from '../db/hq-database.js';

/**
 * The national picture, computed from the branches' events as headquarters holds them: for each
 * branch its last contact and last push, the tickets waiting now, the tickets served today and
 * what was served by service, each "today" in the branch's own time zone. Events are read back
 * two days at most, over the time index, so the query's cost follows a day's traffic, not the log.
 */

export interface BranchPicture {
  branchId: string;
  name: string;
  timeZone: string;
  businessDay: string;
  /** The last signed request headquarters accepted from the branch. */
  lastSyncAt: number | null;
  /** The last push that reached headquarters. */
  lastPushAt: number | null;
  /** Today's tickets neither called nor finished, as far as the events headquarters holds tell. */
  waiting: number;
  servedToday: number;
  /** Tickets served today, by service code. */
  claimsByService: Record<string, number>;
}

export interface NationalView {
  generatedAt: number;
  branches: BranchPicture[];
  totals: { branches: number; waiting: number; servedToday: number; claimsByService: Record<string, number> };
}

const TICKET_EVENTS = ['ticket.issued', 'ticket.called', 'ticket.recalled', 'ticket.serving', 'ticket.done', 'ticket.no_show', 'ticket.cancelled', 'ticket.transferred'];

const VIEW = `
WITH b AS (
  SELECT branch_id, name, time_zone, to_char(now() AT TIME ZONE time_zone, 'YYYY-MM-DD') AS today, last_seen_at
  FROM hq_branches WHERE NOT disabled
),
recent AS (
  SELECT e.branch_id, e.seq, e.type, e.at, e.payload, b.today, to_char(e.at AT TIME ZONE b.time_zone, 'YYYY-MM-DD') AS day,
         coalesce(e.payload->>'ticketId', e.payload->'ticket'->>'id') AS ticket_id
  FROM hq_events e JOIN b USING (branch_id)
  WHERE e.at >= now() - interval '2 days' AND e.type = ANY($1::text[])
),
todays AS (
  SELECT branch_id, ticket_id FROM recent WHERE type = 'ticket.issued' AND payload->'ticket'->>'businessDay' = today
),
latest AS (
  SELECT DISTINCT ON (r.branch_id, r.ticket_id) r.branch_id, r.type
  FROM recent r JOIN todays t USING (branch_id, ticket_id)
  ORDER BY r.branch_id, r.ticket_id, r.at DESC, r.seq DESC
),
waiting AS (
  SELECT branch_id, count(*)::int AS n FROM latest WHERE type IN ('ticket.issued', 'ticket.transferred') GROUP BY branch_id
),
served AS (
  SELECT branch_id, payload->>'serviceCode' AS service, count(*)::int AS n
  FROM recent WHERE type = 'ticket.done' AND day = today GROUP BY branch_id, payload->>'serviceCode'
),
pushes AS (
  SELECT branch_id, max(last_push_at) AS last_push_at FROM hq_epochs GROUP BY branch_id
)
SELECT b.branch_id, b.name, b.time_zone, b.today,
       (extract(epoch FROM b.last_seen_at) * 1000)::bigint AS last_sync_at,
       (extract(epoch FROM p.last_push_at) * 1000)::bigint AS last_push_at,
       coalesce(w.n, 0) AS waiting,
       coalesce((SELECT jsonb_object_agg(s.service, s.n) FROM served s WHERE s.branch_id = b.branch_id), '{}'::jsonb) AS served
FROM b LEFT JOIN pushes p USING (branch_id) LEFT JOIN waiting w USING (branch_id)
ORDER BY b.branch_id`;

interface Row {
  branch_id: string;
  name: string;
  time_zone: string;
  today: string;
  last_sync_at: number | null;
  last_push_at: number | null;
  waiting: number;
  served: Record<string, number>;
}

export async function nationalView(db: HqDatabase, now: number = Date.now()): Promise<NationalView> {
  const rows = await db.query<Row>(VIEW, [TICKET_EVENTS]);
  const totals = { branches: rows.length, waiting: 0, servedToday: 0, claimsByService: {} as Record<string, number> };
  const branches = rows.map((r): BranchPicture => {
    const servedToday = Object.values(r.served).reduce((a, n) => a + n, 0);
    totals.waiting += r.waiting;
    totals.servedToday += servedToday;
    for (const [service, n] of Object.entries(r.served)) totals.claimsByService[service] = (totals.claimsByService[service] ?? 0) + n;
    return { branchId: r.branch_id, name: r.name, timeZone: r.time_zone, businessDay: r.today, lastSyncAt: r.last_sync_at, lastPushAt: r.last_push_at, waiting: r.waiting, servedToday, claimsByService: r.served };
  });
  return { generatedAt: now, branches, totals };
}
