import { startOfBusinessDay } from './business-day.js';
import { policyConfig, today, type QueueContext } from './context.js';
import type { DayBookings } from './types.js';


const DAY_MS = 24 * 3_600_000;

/** The online bookings whose slot falls on a business day, with whether and as which ticket each checked in. */
export function dayBookings(ctx: QueueContext, day: string = today(ctx)): DayBookings {
  const tz = ctx.branch.timeZone;
  // Noon UTC of the day plus a day is the next calendar day in every zone.
  const nextDay = new Date(Date.parse(`${day}T12:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
  return ctx.store.read(() => ({
    businessDay: day,
    now: ctx.clock(),
    lateMinutes: policyConfig(ctx).bookingLateMinutes,
    bookings: ctx.store.bookingsBetween(startOfBusinessDay(day, tz), startOfBusinessDay(nextDay, tz)),
  }));
}
