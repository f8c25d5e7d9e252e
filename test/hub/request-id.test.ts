import { afterEach, describe, expect, it } from 'vitest';
import { expectError, startTestHub, STANDARD_SEED, type HubFixture } from '../support/hub-fixture.js';

/**
 * A requestId belongs to the kiosk that sent it: its retry gets its ticket back, while another
 * kiosk using the same requestId (by accident or to fish) gets a ticket of its own and learns
 * nothing of the first kiosk's ticket.
 */
let fx: HubFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

async function twoKiosks() {
  fx = await startTestHub({ seed: STANDARD_SEED });
  return { first: fx.tokens.kiosk, second: fx.hub.devices.preparePaired('Kios 2', 'kiosk').token };
}

describe("a kiosk's requestId", () => {
  it("walk-in: another kiosk with the same requestId gets its own ticket, never the first kiosk's", async () => {
    const { first, second } = await twoKiosks();
    const body = { serviceCode: 'JHT', requestId: 'tap-000000000042' };
    const mine = await fx!.api('POST', '/tickets', { token: first, body });
    expect(mine.status).toBe(201);

    const theirs = await fx!.api('POST', '/tickets', { token: second, body });
    expect(theirs.status).toBe(201);
    expect(theirs.body).toMatchObject({ replayed: false, ticket: { displayNumber: 'A002' } });
    expect(theirs.body.ticket.id).not.toBe(mine.body.ticket.id);
    expect(theirs.body.statusCode).not.toBe(mine.body.statusCode);

    // A different request under the same requestId is not told whose ticket it was either.
    const other = await fx!.api('POST', '/tickets', { token: second, body: { serviceCode: 'JKK', requestId: 'tap-000000000043' } });
    expect(other.status).toBe(201);
    const fishing = await fx!.api('POST', '/tickets', { token: second, body: { serviceCode: 'INFO', requestId: 'tap-000000000042' } });
    expectError(fishing, 409, 'conflict', 'requestId');
    expect(JSON.stringify(fishing.body)).not.toContain('A001');

    // Each kiosk's retry still gets its own ticket back.
    const retryMine = await fx!.api('POST', '/tickets', { token: first, body });
    expect(retryMine.body).toMatchObject({ replayed: true, ticket: { id: mine.body.ticket.id }, statusCode: mine.body.statusCode });
    const retryTheirs = await fx!.api('POST', '/tickets', { token: second, body });
    expect(retryTheirs.body).toMatchObject({ replayed: true, ticket: { id: theirs.body.ticket.id } });
    expect(fx!.ticketCount()).toBe(3);
  });

  it("booking check-in: another kiosk's replay of the requestId does not return the checked-in ticket", async () => {
    const { first, second } = await twoKiosks();
    const nineFifteen = Date.parse('2025-03-10T09:15:00+07:00');
    const bookings = ['BK-0001', 'BK-0002'].map((code) => ({ code, serviceCode: 'JHT', slotStart: nineFifteen, slotEnd: nineFifteen + 30 * 60_000 }));
    expect((await fx!.api('POST', '/bookings', { token: fx!.tokens.supervisor, body: { bookings } })).status).toBe(200);

    const requestId = 'checkin-0000000001';
    const mine = await fx!.api('POST', '/tickets/check-in', { token: first, body: { bookingCode: 'BK-0001', requestId } });
    expect(mine.status).toBe(201);

    // The same requestId and booking from another kiosk is a second check-in of a used booking, not a replay.
    const replay = await fx!.api('POST', '/tickets/check-in', { token: second, body: { bookingCode: 'BK-0001', requestId } });
    expect(replay.status).toBe(409);
    expect(replay.body.error.reason).toBe('booking_used');
    expect(replay.body).not.toHaveProperty('ticket');

    // With another booking, the requestId is simply the second kiosk's own.
    const theirs = await fx!.api('POST', '/tickets/check-in', { token: second, body: { bookingCode: 'BK-0002', requestId } });
    expect(theirs.status).toBe(201);
    expect(theirs.body.ticket.id).not.toBe(mine.body.ticket.id);

    const retry = await fx!.api('POST', '/tickets/check-in', { token: first, body: { bookingCode: 'BK-0001', requestId } });
    expect(retry.body).toMatchObject({ replayed: true, ticket: { id: mine.body.ticket.id } });
  });
});
