import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { idSchema, serviceCodeSchema } from '../../main/wire/schemas.js';
import type { BranchRegistry } from '../branches/branch-registry.js';
import type { HqDatabase } from '../db/hq-database.js';
import { sqlState } from '../db/hq-database.js';
import { HqError } from '../http/hq-error.js';
import type { HqKey } from '../secrets/hq-key.js';
import { takeFeedVersions } from '../feeds/feed-versions.js';
import { msToTime, timeToMs } from '../db/sql-time.js';

/**
 * The booking site's API: a participant books a slot of a service at a branch. Under a rush the
 * slot's row lock and its CHECK keep bookings within capacity, and hq_nik_days' primary key
 * keeps one booking per NIK per day across all branches; whoever loses is told which.
 */

export const bookingRequest = z.strictObject({
  branch: idSchema,
  service: serviceCodeSchema,
  slotStart: z.number().int().min(Date.UTC(2000, 0, 1)).max(Date.UTC(2100, 0, 1)),
  nik: z.string().regex(/^\d{16}$/, 'a NIK: 16 digits'),
});

export const slotsQuery = z.strictObject({
  branch: idSchema,
  service: serviceCodeSchema,
  day: z.iso.date(),
});

export interface OnlineBooking {
  code: string;
  branch: string;
  service: string;
  slotStart: number;
  slotEnd: number;
  businessDay: string;
  nikMasked: string;
}

/** Booking codes: no 0/O or 1/I, so one read out at a kiosk or over the phone is not misheard. */
const CODE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const newCode = () => `OL-${Array.from({ length: 8 }, () => CODE_LETTERS[randomInt(CODE_LETTERS.length)]).join('')}`;

export const businessDayIn = (timeZone: string, at: number): string => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
const clockIn = (timeZone: string, at: number): string => new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }).format(at);

export function createOnlineBooking(db: HqDatabase, registry: BranchRegistry, key: HqKey) {
  const branchOf = async (id: string) => {
    const branch = await registry.keysOf(id);
    if (!branch || branch.disabled) throw new HqError(404, 'not_found', `no branch ${id} takes bookings`, { reason: 'branch_unknown', field: 'branch', params: { branch: id } });
    return branch;
  };

  const attempt = async (req: z.output<typeof bookingRequest>, timeZone: string, code: string): Promise<OnlineBooking> => {
    const day = businessDayIn(timeZone, req.slotStart);
    const nikMasked = `${'*'.repeat(12)}${req.nik.slice(-4)}`;
    const nikHash = key.nikHash(req.nik);
    return db.transaction(async (tx) => {
      // The NIK first: a second request for the same person waits here for the first to end.
      const nik = await tx.query('INSERT INTO hq_nik_days (nik_hash, business_day, branch_id, booking_code) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1', [nikHash, day, req.branch, code]);
      if (nik.length === 0) {
        throw new HqError(409, 'conflict', `this NIK has a booking on ${day} already: one booking per person per day`, { reason: 'nik_already_booked', field: 'nik', params: { day } });
      }
      const [slot] = await tx.query<{ slot_end: number }>(
        `UPDATE hq_slots SET booked = booked + 1
         WHERE branch_id = $1 AND service_code = $2 AND slot_start = ${msToTime('$3')} AND booked < capacity
         RETURNING ${timeToMs('slot_end')} AS slot_end`,
        [req.branch, req.service, req.slotStart],
      );
      if (!slot) {
        const [exists] = await tx.query<{ capacity: number }>(`SELECT capacity FROM hq_slots WHERE branch_id = $1 AND service_code = $2 AND slot_start = ${msToTime('$3')}`, [
          req.branch,
          req.service,
          req.slotStart,
        ]);
        const params = { branch: req.branch, service: req.service, day, slot: clockIn(timeZone, req.slotStart) };
        if (!exists) throw new HqError(404, 'not_found', `${req.branch} offers no ${req.service} slot at ${params.slot} on ${day}`, { reason: 'slot_unknown', field: 'slotStart', params });
        throw new HqError(409, 'quota_full', `the ${req.service} slot at ${params.slot} on ${day} at ${req.branch} is full (${exists.capacity} bookings)`, {
          reason: 'slot_full',
          field: 'slotStart',
          params: { ...params, quota: exists.capacity },
        });
      }
      const version = await takeFeedVersions(tx, req.branch, 'bookings', 1);
      await tx.query(
        `INSERT INTO hq_bookings (branch_id, code, service_code, slot_start, slot_end, business_day, nik_hash, nik_masked, status, version)
         VALUES ($1, $2, $3, ${msToTime('$4')}, ${msToTime('$5')}, $6, $7, $8, 'booked', $9)`,
        [req.branch, code, req.service, req.slotStart, slot.slot_end, day, nikHash, nikMasked, version],
      );
      return { code, branch: req.branch, service: req.service, slotStart: req.slotStart, slotEnd: slot.slot_end, businessDay: day, nikMasked };
    });
  };

  return {
    async book(input: z.output<typeof bookingRequest>): Promise<OnlineBooking> {
      const branch = await branchOf(input.branch);
      for (let tries = 1; ; tries++) {
        try {
          return await attempt(input, branch.timeZone, newCode());
        } catch (err) {
          // Two bookings drew the same code at one branch (1 in 10^12): draw again.
          if (sqlState(err) === '23505' && tries < 3) continue;
          throw err;
        }
      }
    },

    /** A day's slots of a service at a branch, with the places left in each. */
    async slots(query: z.output<typeof slotsQuery>) {
      const branch = await branchOf(query.branch);
      const rows = await db.query<{ slot_start: number; slot_end: number; capacity: number; booked: number }>(
        `SELECT ${timeToMs('slot_start')} AS slot_start, ${timeToMs('slot_end')} AS slot_end, capacity, booked
         FROM hq_slots WHERE branch_id = $1 AND service_code = $2 AND (slot_start AT TIME ZONE $4)::date = $3::date ORDER BY slot_start`,
        [query.branch, query.service, query.day, branch.timeZone],
      );
      return rows.map((r) => ({ slotStart: r.slot_start, slotEnd: r.slot_end, capacity: r.capacity, left: r.capacity - r.booked }));
    },
  };
}

export type OnlineBookingApi = ReturnType<typeof createOnlineBooking>;
