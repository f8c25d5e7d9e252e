import { afterEach, describe, expect, it } from 'vitest';
import { expectError, issue, MINUTE, signIn, startTestHub, STANDARD_SEED, type HubFixture } from '../support/hub-fixture.js';

/**
 * What the hub tells a participant's own screens: the kiosk's booking check before any question,
 * the drop-box code on the kiosk's answer, and the phone page's status with the branch's clock,
 * a transfer, and the documents to bring.
 */
let fx: HubFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const at = (time: string) => Date.parse(`2025-03-10T${time}:00+07:00`);

async function importBookings(hub: HubFixture, bookings: { code: string; serviceCode: string; slotStart: number; status?: 'booked' | 'cancelled'; nikMasked?: string }[]) {
  const res = await hub.api('POST', '/bookings', { token: hub.tokens.supervisor, body: { bookings: bookings.map((b) => ({ ...b, slotEnd: b.slotStart + 30 * MINUTE })) } });
  expect(res.status).toBe(200);
}

const check = (hub: HubFixture, bookingCode: unknown, token: string | null = hub.tokens.kiosk) => hub.api('POST', '/tickets/check-in/check', { token, body: { bookingCode } });

describe('checking a booking code before the priority question', () => {
  it('answers the service and whether it is late, with nothing personal, and issues nothing', async () => {
    fx = await startTestHub();
    await importBookings(fx, [
      { code: 'BK-0900', serviceCode: 'JP', slotStart: at('09:00'), nikMasked: '************4321' },
      { code: 'BK-0830', serviceCode: 'JHT', slotStart: at('08:30') },
    ]);
    const events = fx.eventCount();
    const onTime = await check(fx, 'bk-0900');
    expect(onTime.status).toBe(200);
    // Exactly these fields: no masked NIK, no slot, no ticket.
    expect(onTime.body).toEqual({ bookingCode: 'BK-0900', serviceCode: 'JP', late: false });
    expect((await check(fx, 'BK-0830')).body).toEqual({ bookingCode: 'BK-0830', serviceCode: 'JHT', late: true });
    expect(fx.eventCount()).toBe(events);
    expect(fx.ticketCount()).toBe(0);
    // The check took nothing away: the booking still checks in.
    expect((await fx.api('POST', '/tickets/check-in', { token: fx.tokens.kiosk, body: { bookingCode: 'BK-0900' } })).status).toBe(201);
  });

  it('refuses with the same reasons as the check-in: unknown, used, cancelled, too early, wrong day', async () => {
    fx = await startTestHub();
    await importBookings(fx, [
      { code: 'USED-1', serviceCode: 'JHT', slotStart: at('09:00') },
      { code: 'GONE-1', serviceCode: 'JHT', slotStart: at('09:00'), status: 'cancelled' },
      { code: 'LATER-1', serviceCode: 'JHT', slotStart: at('11:00') },
      { code: 'NEXT-1', serviceCode: 'JHT', slotStart: Date.parse('2025-03-11T10:00:00+07:00') },
    ]);
    expect((await fx.api('POST', '/tickets/check-in', { token: fx.tokens.kiosk, body: { bookingCode: 'USED-1' } })).status).toBe(201);
    const cases = [
      ['NOPE-404', 404, 'not_found', 'booking_unknown', { booking: 'NOPE-404' }],
      ['USED-1', 409, 'booking_used', 'booking_used', { booking: 'USED-1' }],
      ['GONE-1', 409, 'booking_cancelled', 'booking_cancelled', { booking: 'GONE-1' }],
      ['LATER-1', 409, 'booking_too_early', 'booking_too_early', { booking: 'LATER-1', slot: '11:00', opens: '10:30' }],
      ['NEXT-1', 409, 'booking_wrong_day', 'booking_wrong_day', { booking: 'NEXT-1', day: '2025-03-11', today: '2025-03-10' }],
    ] as const;
    for (const [code, status, coarse, reason, params] of cases) {
      const checked = expectError(await check(fx, code), status, coarse, 'bookingCode');
      const checkedIn = expectError(await fx.api('POST', '/tickets/check-in', { token: fx.tokens.kiosk, body: { bookingCode: code } }), status, coarse, 'bookingCode');
      expect(checked.reason, code).toBe(reason);
      expect(checked.params, code).toEqual(params);
      expect({ ...checked, message: '' }, code).toEqual({ ...checkedIn, message: '' });
    }
    expect(fx.ticketCount()).toBe(1);
  });

  it('is for kiosks only, and refuses a malformed code naming the field', async () => {
    fx = await startTestHub();
    expectError(await check(fx, 'BK-0900', fx.tokens.console), 403, 'forbidden');
    expectError(await check(fx, 'BK-0900', null), 401, 'unauthorized');
    expectError(await check(fx, 'a b'), 400, 'invalid', 'bookingCode');
    expectError(await fx.api('POST', '/tickets/check-in/check', { token: fx.tokens.kiosk, body: { bookingCode: 'BK-0900', priority: 'elderly' } }), 400, 'invalid');
  });
});

describe('the online booking site', () => {
  it("reaches the kiosk in the branch's state when the profile names one, and is absent when it does not", async () => {
    fx = await startTestHub({ bookingSiteUrl: 'https://antrean.example.go.id' });
    expect((await fx.api('GET', '/state', { token: fx.tokens.kiosk })).body.branch.bookingSiteUrl).toBe('https://antrean.example.go.id');
    await fx.close();
    fx = await startTestHub();
    expect((await fx.api('GET', '/state', { token: fx.tokens.kiosk })).body.branch).not.toHaveProperty('bookingSiteUrl');
  });
});

describe("the kiosk's answer for a drop-box envelope", () => {
  it('carries the code the envelope gets, the same as printed; other tickets carry none', async () => {
    fx = await startTestHub();
    const drop = await fx.api('POST', '/tickets', { token: fx.tokens.kiosk, body: { serviceCode: 'DROP', source: 'drop_box' } });
    expect(drop.status).toBe(201);
    expect(drop.body.trackingCode).toBe('20250310-F001');
    expect((await fx.api('POST', '/tickets', { token: fx.tokens.kiosk, body: { serviceCode: 'JHT' } })).body.trackingCode).toBeNull();
  });
});

describe("the phone's status answer", () => {
  it("gives the hub's clock and the branch's zone, the documents to bring, and where a ticket was moved from", async () => {
    fx = await startTestHub({ seed: STANDARD_SEED, timeZone: 'Asia/Makassar', start: '2025-03-10T09:00:00+08:00' });
    const mine = await issue(fx, 'JHT');
    const status = async () => (await fx!.api('GET', `/tickets/status/${mine.statusCode}`)).body;
    const before = await status();
    expect(before).toMatchObject({ displayNumber: 'A001', serviceCode: 'JHT', source: 'walk_in', timeZone: 'Asia/Makassar', now: Date.parse('2025-03-10T09:00:00+08:00'), transferredFrom: null });
    expect(before.documents.map((d: { id: string }) => d.id)).toEqual(['ktp', 'kpj', 'termination', 'bank_book', 'kk', 'claim_form', 'npwp']);
    expect(before.documents[0]).toEqual({ id: 'ktp', labelId: 'KTP (kartu tanda penduduk)', labelEn: 'ID card (KTP)' });

    // The officer sends it to Information: same number, another service, and the phone learns from where.
    await signIn(fx, 'siti', '1234', ['counter-1']);
    expect((await fx.api('POST', `/tickets/${mine.ticket.id}/transfer`, { token: fx.tokens.console, body: { toService: 'INFO' } })).status).toBe(200);
    fx.clock.advance(2 * MINUTE);
    const after = await status();
    expect(after).toMatchObject({
      displayNumber: 'A001',
      serviceCode: 'INFO',
      serviceLabelId: 'Informasi & Pengaduan',
      status: 'waiting',
      transferredFrom: { serviceCode: 'JHT', labelId: 'Klaim JHT', labelEn: 'Old-age savings claim' },
      documents: [],
      now: Date.parse('2025-03-10T09:02:00+08:00'),
    });
    // Back to where it started: no longer "moved".
    expect((await fx.api('POST', `/tickets/${mine.ticket.id}/transfer`, { token: fx.tokens.console, body: { toService: 'JHT' } })).status).toBe(200);
    expect((await status()).transferredFrom).toBeNull();
  });

  it('says a drop-box envelope is one', async () => {
    fx = await startTestHub();
    const drop = await issue(fx, 'DROP', { source: 'drop_box' });
    expect((await fx.api('GET', `/tickets/status/${drop.statusCode}`)).body).toMatchObject({ source: 'drop_box', displayNumber: 'F001' });
  });
});
