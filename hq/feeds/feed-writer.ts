import { z } from 'zod';
import { catalogueFeedItem, quotaFeedItem } from '../../main/wire/sync.js';
import { serviceCodeSchema } from '../../main/wire/schemas.js';
import type { HqDatabase } from '../db/hq-database.js';
import { takeFeedVersions } from './feed-versions.js';
import { msToTime } from '../db/sql-time.js';

/**
 * What headquarters publishes to a branch: its service catalogue, its daily ticket quotas, and
 * the online booking slots the booking site offers. Each write stamps its rows with new feed
 * versions in the same transaction, so branches pull them in order.
 */

export const slotInput = z.strictObject({
  serviceCode: serviceCodeSchema,
  slotStart: z.number().int(),
  slotEnd: z.number().int(),
  capacity: z.number().int().min(0).max(10_000),
}).refine((s) => s.slotEnd > s.slotStart, { message: 'slotEnd must be after slotStart', path: ['slotEnd'] });

export const publication = z.strictObject({
  services: z.array(catalogueFeedItem).max(100).default([]),
  quotas: z.array(quotaFeedItem).max(5000).default([]),
  slots: z.array(slotInput).max(10_000).default([]),
});
export type Publication = z.input<typeof publication>;

export function createFeedWriter(db: HqDatabase) {
  return {
    /** Publishes services, quotas and slots to one branch in one transaction; returns how many of each. */
    async publish(branch: string, input: Publication): Promise<{ services: number; quotas: number; slots: number }> {
      const { services, quotas, slots } = publication.parse(input);
      await db.transaction(async (tx) => {
        // Slots first: they take no feed lock, so the feed counters are held only for the rows below.
        if (slots.length > 0) {
          await tx.query(
            `INSERT INTO hq_slots (branch_id, service_code, slot_start, slot_end, capacity)
             SELECT $1, s."serviceCode", ${msToTime('s."slotStart"')}, ${msToTime('s."slotEnd"')}, s.capacity
             FROM jsonb_to_recordset($2::jsonb) AS s("serviceCode" text, "slotStart" bigint, "slotEnd" bigint, capacity integer)
             ON CONFLICT (branch_id, service_code, slot_start) DO UPDATE SET slot_end = excluded.slot_end, capacity = greatest(excluded.capacity, hq_slots.booked)`,
            [branch, JSON.stringify(slots)],
          );
        }
        if (services.length > 0) {
          const first = await takeFeedVersions(tx, branch, 'catalogue', services.length);
          const rows = services.map((s, i) => ({ code: s.code, service: s, version: first + i }));
          await tx.query(
            `INSERT INTO hq_services (branch_id, code, service, version)
             SELECT $1, r.code, r.service, r.version FROM jsonb_to_recordset($2::jsonb) AS r(code text, service jsonb, version bigint)
             ON CONFLICT (branch_id, code) DO UPDATE SET service = excluded.service, version = excluded.version, updated_at = now()`,
            [branch, JSON.stringify(rows)],
          );
        }
        if (quotas.length > 0) {
          const first = await takeFeedVersions(tx, branch, 'quotas', quotas.length);
          const rows = quotas.map((q, i) => ({ ...q, version: first + i }));
          await tx.query(
            `INSERT INTO hq_quotas (branch_id, service_code, business_day, quota, version)
             SELECT $1, r."serviceCode", r."businessDay", r.quota, r.version FROM jsonb_to_recordset($2::jsonb) AS r("serviceCode" text, "businessDay" date, quota integer, version bigint)
             ON CONFLICT (branch_id, service_code, business_day) DO UPDATE SET quota = excluded.quota, version = excluded.version`,
            [branch, JSON.stringify(rows)],
          );
        }
      });
      return { services: services.length, quotas: quotas.length, slots: slots.length };
    },
  };
}

export type FeedWriter = ReturnType<typeof createFeedWriter>;
