import { afterEach, describe, expect, it } from 'vitest';
import { expectError, startTestHub, STANDARD_SEED, type HubFixture } from '../support/hub-fixture.js';

/**
 * A booking's slot is checked when it is imported: a time JavaScript's Date cannot hold (past
 * the year 275760), one before 2000 or after 2100, or a slot longer than half a day is a corrupt
 * booking, refused naming the field, instead of a check-in that fails later with a 500.
 */
let fx: HubFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const NINE_FIFTEEN = Date.parse('2025-03-10T09:15:00+07:00');
const HALF_HOUR = 30 * 60_000;

const booking = (slotStart: number, slotEnd: number, code = 'BK-0001') => ({ code, serviceCode: 'JHT', slotStart, slotEnd });

describe('importing bookings', () => {
  const impossible: [string, number, number, string][] = [
    ['a slot far past the year 275760', 9e15, 9e15 + HALF_HOUR, 'bookings.0.slotStart'],
    ['a slot end Date cannot hold', NINE_FIFTEEN, 8.64e15 + 1, 'bookings.0.slotEnd'],
    ['a slot in 1970', 1000, 2000, 'bookings.0.slotStart'],
    ['a slot before 2000', Date.parse('1999-12-31T10:00:00Z'), Date.parse('1999-12-31T10:30:00Z'), 'bookings.0.slotStart'],
    ['a slot after 2100', Date.parse('2100-01-02T10:00:00Z'), Date.parse('2100-01-02T10:30:00Z'), 'bookings.0.slotStart'],
    ['a slot longer than 12 hours', NINE_FIFTEEN, NINE_FIFTEEN + 13 * 3600_000, 'bookings.0.slotEnd'],
    ['a slot that ends before it starts', NINE_FIFTEEN, NINE_FIFTEEN - HALF_HOUR, 'bookings.0.slotEnd'],
    ['a slot time with a fraction', NINE_FIFTEEN + 0.5, NINE_FIFTEEN + HALF_HOUR, 'bookings.0.slotStart'],
  ];
  for (const [name, slotStart, slotEnd, field] of impossible) {
    it(`refuses ${name}, naming ${field}, and imports none of the list`, async () => {
      fx = await startTestHub({ seed: STANDARD_SEED });
      const events = fx.eventCount();
      const good = booking(NINE_FIFTEEN, NINE_FIFTEEN + HALF_HOUR, 'BK-GOOD');
      const res = await fx.api('POST', '/bookings', { token: fx.tokens.supervisor, body: { bookings: [booking(slotStart, slotEnd), good] } });
      expectError(res, 400, 'invalid', field);
      expect(fx.eventCount()).toBe(events);
      // Neither the bad booking nor the good one beside it was imported.
      for (const code of ['BK-0001', 'BK-GOOD']) {
        expectError(await fx.api('POST', '/tickets/check-in', { token: fx.tokens.kiosk, body: { bookingCode: code } }), 404, 'not_found', 'bookingCode');
      }
    });
  }

  it('accepts sane slots, and they check in as before', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    const bookings = [
      booking(NINE_FIFTEEN, NINE_FIFTEEN + HALF_HOUR, 'BK-0001'),
      // A long collective session, still within half a day.
      booking(NINE_FIFTEEN, NINE_FIFTEEN + 12 * 3600_000, 'BK-0002'),
    ];
    const imported = await fx.api('POST', '/bookings', { token: fx.tokens.supervisor, body: { bookings } });
    expect(imported.body).toEqual({ imported: 2 });
    for (const code of ['BK-0001', 'BK-0002']) {
      const checkIn = await fx.api('POST', '/tickets/check-in', { token: fx.tokens.kiosk, body: { bookingCode: code } });
      expect(checkIn.status).toBe(201);
      expect(checkIn.body).toMatchObject({ ticket: { source: 'booking', serviceCode: 'JHT' }, lateBooking: false });
    }
  });
});
