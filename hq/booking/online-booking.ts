import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { idSchema, serviceCodeSchema } from '../../main/wire/schemas.js';
import type { BranchRegistry } from '../branches/branch-registry.js';
import type { HqDatabase } from '../db/hq-database.js';
import { sqlState } from '../db/hq-database.js';
import { HqError } from '../http/hq-error.js';
import type { HqKey } from '../secrets/hq-key.js';
import { msToTime, timeToMs } from '../db/sql-time.js';

/**
 * The booking site's API: a participant books a slot of a service at a branch, in one call of
 * hq_book (hq/migrations/002). Under a rush the slot's row lock and its CHECK keep bookings within
 * capacity, and hq_nik_days' primary key keeps one booking per NIK per day across all branches;
 * whoever loses is told which.
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

/** Formatters per time zone: making one costs more than a booking's own work. */
const formatters = new Map<string, { day: Intl.DateTimeFormat; clock: Intl.DateTimeFormat }>();
const formattersOf = (timeZone: string) => {
  let f = formatters.get(timeZone);
  if (!f) {
    f = {
      day: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
      clock: new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }),
    };
    formatters.set(timeZone, f);
  }
  return f;
};
export const businessDayIn = (timeZone: string, at: number): string => formattersOf(timeZone).day.format(at);
const clockIn = (timeZone: string, at: number): string => formattersOf(timeZone).clock.format(at);

export function createOnlineBooking(db: HqDatabase, registry: BranchRegistry, key: HqKey) {
  const branchOf = async (id: string) => {
    const branch = await registry.keysOf(id);
    if (!branch || branch.disabled) throw new HqError(404, 'not_found', `no branch ${id} takes bookings`, { reason: 'branch_unknown', field: 'branch', params: { branch: id } });
    return branch;
  };

  const attempt = async (req: z.output<typeof bookingRequest>, timeZone: string, code: string): Promise<OnlineBooking> => {
    const day = businessDayIn(timeZone, req.slotStart);
    const nikMasked = `${'*'.repeat(12)}${req.nik.slice(-4)}`;
    const [result] = (await db.query<{ outcome: string; slot_end: number | null; slot_capacity: number | null }>(
      `SELECT outcome, ${timeToMs('slot_end')} AS slot_end, slot_capacity FROM hq_book($1, $2, $3, ${msToTime('$4')}, $5, $6, $7)`,
      [req.branch, code, req.service, req.slotStart, day, key.nikHash(req.nik), nikMasked],
    )) as [{ outcome: string; slot_end: number | null; slot_capacity: number | null }];
    const params = { branch: req.branch, service: req.service, day, slot: clockIn(timeZone, req.slotStart) };
    switch (result.outcome) {
      case 'booked':
        return { code, branch: req.branch, service: req.service, slotStart: req.slotStart, slotEnd: result.slot_end!, businessDay: day, nikMasked };
      case 'nik_already_booked':
        throw new HqError(409, 'conflict', `this NIK has a booking on ${day} already: one booking per person per day`, { reason: 'nik_already_booked', field: 'nik', params: { day } });
      case 'slot_full':
        throw new HqError(409, 'quota_full', `the ${req.service} slot at ${params.slot} on ${day} at ${req.branch} is full (${result.slot_capacity} bookings)`, {
          reason: 'slot_full',
          field: 'slotStart',
          params: { ...params, quota: result.slot_capacity },
        });
      default:
        throw new HqError(404, 'not_found', `${req.branch} offers no ${req.service} slot at ${params.slot} on ${day}`, { reason: 'slot_unknown', field: 'slotStart', params });
    }
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
