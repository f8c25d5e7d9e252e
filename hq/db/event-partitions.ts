import type { HqDatabase } from './hq-database.js';

/** "2026-12" for the month, in UTC, that an event time falls in. */
export const monthOf = (at: number): string => new Date(at).toISOString().slice(0, 7);

const partitionName = (month: string) => `hq_events_${month.replace('-', '_')}`;

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * hq_events gets a partition per month when the first event of that month arrives. The months
 * this process has seen are remembered; another process making the same one at the same moment
 * waits on the advisory lock and then finds it made.
 */
export function createEventPartitions(db: HqDatabase) {
  const known = new Set<string>();
  return async function ensureMonths(ats: readonly number[]): Promise<void> {
    const missing = [...new Set(ats.map(monthOf))].filter((m) => !known.has(m));
    if (missing.length === 0) return;
    await db.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock(hashtext('antre-hq-event-partitions'))");
      for (const month of missing) {
        await tx.exec(
          `CREATE TABLE IF NOT EXISTS ${partitionName(month)} PARTITION OF hq_events FOR VALUES FROM ('${month}-01 00:00:00+00') TO ('${nextMonth(month)}-01 00:00:00+00')`,
        );
      }
    });
    for (const month of missing) known.add(month);
  };
}

export type EnsureEventMonths = ReturnType<typeof createEventPartitions>;
