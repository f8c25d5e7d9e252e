import { afterEach, describe, expect, it } from 'vitest';
import type { BranchEvent } from '../../main/queue/events.js';
import type { ServerMessage } from '../../main/wire/schemas.js';
import { expectError, issue, MINUTE, signIn, startTestHub, type HubFixture, type SeedInput } from '../support/hub-fixture.js';

/**
 * An officer's console went offline with five booths signed in and five tickets called: the
 * supervisor signs them out with a reason, and the tickets wait again at their place in the queue.
 */
let fx: HubFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const FIVE_BOOTHS: SeedInput = {
  positions: [1, 2, 3, 4, 5].map((n) => ({ id: `booth-${n}`, kind: 'booth' as const, label: `Bilik ${n}`, services: ['JHT', 'JKK'] })),
  officers: [
    { id: 'budi', name: 'Budi Santoso', pin: '2345' },
    { id: 'siti', name: 'Siti Rahmawati', pin: '1234' },
  ],
};
const BOOTHS = ['booth-1', 'booth-2', 'booth-3', 'booth-4', 'booth-5'];

interface Waiting {
  id: string;
  displayNumber: string;
  arrivedAt: number;
  status: string;
}

async function jhtQueue(f: HubFixture): Promise<Waiting[]> {
  const state = await f.api('GET', '/state', { token: f.tokens.supervisor });
  return state.body.queues.find((q: { service: { code: string } }) => q.service.code === 'JHT').waiting;
}

/** Budi at five booths with A001–A005 called (A002 in service), and A006–A008 waiting behind them. */
async function budiHoldsFive(f: HubFixture) {
  for (let i = 0; i < 8; i++) {
    await issue(f, 'JHT');
    f.clock.advance(MINUTE);
  }
  const before = await jhtQueue(f);
  await signIn(f, 'budi', '2345', BOOTHS);
  for (const booth of BOOTHS) {
    const called = await f.api('POST', `/positions/${booth}/call-next`, { token: f.tokens.console });
    expect(called.status).toBe(200);
  }
  const serving = before.find((t) => t.displayNumber === 'A002')!;
  expect((await f.api('POST', `/tickets/${serving.id}/start`, { token: f.tokens.console })).status).toBe(200);
  f.clock.advance(10 * MINUTE);
  return before;
}

describe('the supervisor signs out an officer whose console went offline', () => {
  it('puts the called and serving tickets back at their place, with their number and arrival time, and ends the session', async () => {
    fx = await startTestHub({ seed: FIVE_BOOTHS });
    const before = await budiHoldsFive(fx);
    expect((await jhtQueue(fx)).map((t) => t.displayNumber)).toEqual(['A006', 'A007', 'A008']);
    const staff = await fx.api('GET', '/staff', { token: fx.tokens.supervisor });
    expect(staff.body.officers.find((o: { id: string }) => o.id === 'budi').onDuty).toMatchObject({ positions: BOOTHS, deviceId: fx.deviceIds.console });
    expect(staff.body.positions.find((p: { id: string }) => p.id === 'booth-2').holding).toMatchObject({ displayNumber: 'A002', status: 'serving', calledAt: expect.any(Number), servingAt: expect.any(Number) });

    const staffStream = await fx.openStream(fx.tokens.supervisor, fx.hub.queue.store.lastSeq());
    const lobby = await fx.openStream(fx.tokens.display, fx.hub.queue.store.lastSeq());
    const res = await fx.api('POST', '/officers/budi/sign-out', { token: fx.tokens.supervisor, body: { reason: 'Konsol Bilik mati listrik' } });
    expect(res.status).toBe(200);
    expect(res.body.requeued.map((t: Waiting) => t.displayNumber)).toEqual(['A001', 'A002', 'A003', 'A004', 'A005']);

    // Back in the queue ahead of those who came after them: same numbers, same arrival times.
    const after = await jhtQueue(fx);
    expect(after.map((t) => [t.displayNumber, t.arrivedAt, t.status])).toEqual(before.map((t) => [t.displayNumber, t.arrivedAt, 'waiting']));
    const state = await fx.api('GET', '/state', { token: fx.tokens.supervisor });
    expect(state.body.sessions).toEqual([]);
    expect(state.body.active).toEqual([]);

    // The record says who put each ticket back and why, then that the supervisor ended the session.
    const events: BranchEvent[] = [];
    for (let i = 0; i < 6; i++) events.push(await staffStream.nextEvent());
    expect(events.slice(0, 5).map((e) => e.type)).toEqual(Array(5).fill('ticket.requeued'));
    expect(events.find((e) => e.type === 'ticket.requeued' && e.payload.wasStatus === 'serving')?.payload).toMatchObject({
      ticketId: before[1]!.id, positionId: 'booth-2', officerId: 'budi', reason: 'Konsol Bilik mati listrik',
    });
    expect(events[5]).toMatchObject({ type: 'officer.signed_out', v: 2, payload: { officerId: 'budi', by: 'supervisor', reason: 'Konsol Bilik mati listrik' } });
    // The lobby learns that the numbers wait again, not who held them or why.
    const seen = await lobby.nextEvent('ticket.requeued');
    expect(seen.payload).not.toHaveProperty('officerId');
    expect(seen.payload).toMatchObject({ reason: '' });

    // Budi's console, when it comes back, is signed out: it can call nobody.
    expect((await fx.api('GET', '/sessions/current', { token: fx.tokens.console })).body).toEqual({ session: null });
    expectError(await fx.api('POST', '/positions/booth-1/call-next', { token: fx.tokens.console }), 409, 'conflict');

    // The booths are free: the next officer calls A001 first, then A002.
    const other = fx.hub.devices.preparePaired('Konsol cadangan', 'console').token;
    await signIn(fx, 'siti', '1234', ['booth-1', 'booth-2'], other);
    const first = await fx.api('POST', '/positions/booth-1/call-next', { token: other });
    const second = await fx.api('POST', '/positions/booth-2/call-next', { token: other });
    expect([first.body.ticket.displayNumber, second.body.ticket.displayNumber]).toEqual(['A001', 'A002']);
    expect(first.body.ticket.arrivedAt).toBe(before[0]!.arrivedAt);
  });

  it('signs out an officer who holds no ticket, and says what is wrong with every request that makes no sense, changing nothing', async () => {
    fx = await startTestHub({ seed: FIVE_BOOTHS });
    await signIn(fx, 'siti', '1234', ['booth-3']);
    const events = fx.eventCount();
    const supervisor = fx.tokens.supervisor;

    const notIn = expectError(await fx.api('POST', '/officers/budi/sign-out', { token: supervisor, body: { reason: 'Pulang' } }), 409, 'conflict', 'officerId');
    expect(notIn).toMatchObject({ reason: 'officer_not_signed_in', params: { officer: 'Budi Santoso' } });
    expect(expectError(await fx.api('POST', '/officers/nobody/sign-out', { token: supervisor, body: { reason: 'Pulang' } }), 404, 'not_found', 'officerId').reason).toBe('officer_unknown');
    expectError(await fx.api('POST', '/officers/siti/sign-out', { token: supervisor, body: {} }), 400, 'invalid', 'reason');
    expectError(await fx.api('POST', '/officers/siti/sign-out', { token: supervisor, body: { reason: '   ' } }), 400, 'invalid', 'reason');
    expectError(await fx.api('POST', '/officers/siti/sign-out', { token: fx.tokens.console, body: { reason: 'Pulang' } }), 403, 'forbidden');
    expect(fx.eventCount()).toBe(events);
    expect((await fx.api('GET', '/sessions/current', { token: fx.tokens.console })).body.session).toMatchObject({ officerId: 'siti' });

    const res = await fx.api('POST', '/officers/siti/sign-out', { token: supervisor, body: { reason: 'Lupa keluar' } });
    expect(res.body).toMatchObject({ requeued: [] });
    expect((await fx.api('GET', '/sessions/current', { token: fx.tokens.console })).body).toEqual({ session: null });
  });

  it('refuses to put back a ticket of a day the queue no longer serves: the supervisor cancels it first', async () => {
    fx = await startTestHub({ seed: FIVE_BOOTHS });
    const ticket = await issue(fx, 'JKK');
    await signIn(fx, 'budi', '2345', ['booth-1']);
    expect((await fx.api('POST', '/positions/booth-1/call-next', { token: fx.tokens.console })).status).toBe(200);
    // Two days on, the officer is still "signed in" with the ticket called.
    fx.clock.advance(2 * 24 * 60 * MINUTE);
    const refused = expectError(await fx.api('POST', '/officers/budi/sign-out', { token: fx.tokens.supervisor, body: { reason: 'Sesi lama' } }), 409, 'conflict', 'officerId');
    expect(refused).toMatchObject({ reason: 'requeue_day_over', params: { officer: 'Budi Santoso', ticket: 'B001', day: '2025-03-10' } });
    expect((await fx.api('GET', `/tickets/${ticket.ticket.id}`, { token: fx.tokens.supervisor })).body.ticket.status).toBe('called');

    expect((await fx.api('POST', `/tickets/${ticket.ticket.id}/cancel`, { token: fx.tokens.supervisor, body: { reason: 'Sudah lewat hari' } })).status).toBe(200);
    expect((await fx.api('POST', '/officers/budi/sign-out', { token: fx.tokens.supervisor, body: { reason: 'Sesi lama' } })).status).toBe(200);
  });

  it("sends the booth screens back to 'please wait' at once: their participants wait in the queue again", async () => {
    fx = await startTestHub({ seed: FIVE_BOOTHS });
    const screen = fx.hub.devices.preparePaired('Layar Bilik 3', 'booth', { positionId: 'booth-3' });
    await budiHoldsFive(fx);
    const booth = await fx.openStream(screen.token);
    type Shown = Extract<ServerMessage, { type: 'booth' }>;
    expect(((await booth.next((m) => m.type === 'booth')) as Shown).booth.phase).toBe('called');

    expect((await fx.api('POST', '/officers/budi/sign-out', { token: fx.tokens.supervisor, body: { reason: 'Konsol mati' } })).status).toBe(200);
    const after = (await booth.next((m) => m.type === 'booth' && m.booth.phase === 'idle', 5_000)) as Shown;
    expect(after.booth).toEqual({ position: { id: 'booth-3', label: 'Bilik 3' }, phase: 'idle', visit: null });
  });
});
