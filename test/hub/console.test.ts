import { afterEach, describe, expect, it } from 'vitest';
import { expectError, issue, MINUTE, SECOND, signIn, STANDARD_SEED, startTestHub, type HubFixture } from '../support/hub-fixture.js';

let fx: HubFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

describe('an officer at a console', () => {
  it('sets up positions and officers as supervisor, then signs in only with the right PIN', async () => {
    fx = await startTestHub();
    const sup = fx.tokens.supervisor;
    const position = await fx.api('PUT', '/positions/loket-3', { token: sup, body: { kind: 'counter', label: 'Loket 3', services: ['JHT', 'INFO'] } });
    expect(position.status).toBe(200);
    expect(position.body.position).toMatchObject({ id: 'loket-3', kind: 'counter', label: 'Loket 3', active: true });
    expect([...position.body.position.services].sort()).toEqual(['INFO', 'JHT']);

    const officer = await fx.api('PUT', '/officers/rina', { token: sup, body: { name: 'Rina Wati', pin: '908172' } });
    expect(officer.status).toBe(200);
    expect(officer.body.officer).toEqual({ id: 'rina', name: 'Rina Wati', active: true });

    // Nobody learns the PIN or its hash back.
    const officers = await fx.api('GET', '/officers', { token: fx.tokens.console });
    expect(officers.body.officers).toEqual([{ id: 'rina', name: 'Rina Wati', active: true }]);
    expect(JSON.stringify(officers.body)).not.toMatch(/908172|scrypt|pin/i);

    const events = fx.eventCount();
    const wrong = await fx.api('POST', '/sessions', { token: fx.tokens.console, body: { officerId: 'rina', pin: '111111', positions: ['loket-3'] } });
    expectError(wrong, 401, 'bad_credentials', 'pin');
    expectError(await fx.api('POST', '/sessions', { token: fx.tokens.console, body: { officerId: 'nobody', pin: '908172', positions: ['loket-3'] } }), 401, 'bad_credentials', 'pin');
    expect(fx.eventCount()).toBe(events);
    expect((await fx.api('GET', '/sessions/current', { token: fx.tokens.console })).body).toEqual({ session: null });

    const right = await fx.api('POST', '/sessions', { token: fx.tokens.console, body: { officerId: 'rina', pin: '908172', positions: ['loket-3'] } });
    expect(right.status).toBe(201);
    expect(right.body.session).toMatchObject({ officerId: 'rina', officerName: 'Rina Wati', positions: ['loket-3'] });
    expect((await fx.api('GET', '/sessions/current', { token: fx.tokens.console })).body.session.id).toBe(right.body.session.id);

    // The lobby sees that the counter is staffed, not by whom; the supervisor sees who.
    const state = await fx.api('GET', '/state', { token: fx.tokens.display });
    expect(state.body.sessions).toEqual([expect.objectContaining({ officerId: '', officerName: '', positions: ['loket-3'] })]);
    expect(JSON.stringify(state.body)).not.toContain('Rina');
    expect(JSON.stringify(state.body.sessions)).not.toContain(fx.deviceIds.console);
    const staffView = await fx.api('GET', '/state', { token: fx.tokens.supervisor });
    expect(staffView.body.sessions).toEqual([expect.objectContaining({ officerId: 'rina', positions: ['loket-3'] })]);
  });

  it('calls, recalls, starts and finishes a ticket, and the lobby display follows', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    const display = await fx.openStream(fx.tokens.display);
    const first = await issue(fx, 'JHT');
    fx.clock.advance(30 * SECOND);
    const second = await issue(fx, 'INFO');
    await signIn(fx, 'siti', '1234', ['counter-1']);
    const con = fx.tokens.console;

    fx.clock.advance(2 * MINUTE);
    const called = await fx.api('POST', '/positions/counter-1/call-next', { token: con });
    expect(called.status).toBe(200);
    expect(called.body.ticket).toMatchObject({ id: first.ticket.id, displayNumber: 'A001', status: 'called', positionId: 'counter-1', recallCount: 0 });
    const callEvent = await display.nextEvent('ticket.called');
    expect(callEvent.payload).toMatchObject({ ticketId: first.ticket.id, displayNumber: 'A001', positionLabel: 'Loket 1', positionKind: 'counter' });

    // The person's phone shows where to go.
    const phone = await fx.api('GET', `/tickets/status/${first.statusCode}`);
    expect(phone.body).toMatchObject({ status: 'called', position: { label: 'Loket 1', kind: 'counter' } });

    // The counter is busy: no second call until this one is dealt with.
    expectError(await fx.api('POST', '/positions/counter-1/call-next', { token: con }), 409, 'conflict', 'positionId');

    const recalled = await fx.api('POST', `/tickets/${first.ticket.id}/recall`, { token: con });
    expect(recalled.status).toBe(200);
    expect(recalled.body.ticket).toMatchObject({ status: 'called', recallCount: 1 });
    expect((await display.nextEvent('ticket.recalled')).payload).toMatchObject({ displayNumber: 'A001', recallCount: 1 });

    const started = await fx.api('POST', `/tickets/${first.ticket.id}/start`, { token: con });
    expect(started.body.ticket.status).toBe('serving');
    await display.nextEvent('ticket.serving');

    fx.clock.advance(12 * MINUTE);
    const finished = await fx.api('POST', `/tickets/${first.ticket.id}/finish`, { token: con, body: { outcome: 'documents_incomplete', notes: 'paklaring belum ada' } });
    expect(finished.status).toBe(200);
    expect(finished.body.ticket).toMatchObject({ status: 'done', outcome: 'documents_incomplete' });
    expect((await display.nextEvent('ticket.done')).payload).toMatchObject({ ticketId: first.ticket.id, outcome: 'documents_incomplete' });
    const detail = await fx.api('GET', `/tickets/${first.ticket.id}`, { token: con });
    expect(detail.body.notes).toBe('paklaring belum ada');

    // Finishing twice is refused.
    expectError(await fx.api('POST', `/tickets/${first.ticket.id}/finish`, { token: con, body: { outcome: 'completed' } }), 409, 'conflict', 'ticketId');

    const next = await fx.api('POST', '/positions/counter-1/call-next', { token: con });
    expect(next.body.ticket).toMatchObject({ id: second.ticket.id, displayNumber: 'E001' });
    await fx.api('POST', `/tickets/${second.ticket.id}/finish`, { token: con, body: { outcome: 'completed' } });

    const empty = await fx.api('POST', '/positions/counter-1/call-next', { token: con });
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ ticket: null });
  });

  it('tickets issued in the same millisecond are called in the order they were issued', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    // A surge: ten taps that the hub's millisecond clock cannot tell apart.
    const issued = [];
    for (let i = 0; i < 10; i++) issued.push((await issue(fx, 'JHT')).ticket.displayNumber);
    expect(issued).toEqual(['A001', 'A002', 'A003', 'A004', 'A005', 'A006', 'A007', 'A008', 'A009', 'A010']);
    fx.clock.advance(MINUTE);
    await signIn(fx, 'siti', '1234', ['counter-1']);
    const called = [];
    for (let i = 0; i < 10; i++) {
      const res = await fx.api('POST', '/positions/counter-1/call-next', { token: fx.tokens.console });
      called.push(res.body.ticket.displayNumber as string);
      await fx.api('POST', `/tickets/${res.body.ticket.id}/finish`, { token: fx.tokens.console, body: { outcome: 'completed' } });
    }
    expect(called, 'the order the counter called them in').toEqual(issued);
  });

  it('a position outside the session is 409; an unknown one 404; without a session 409', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    await issue(fx, 'JHT');
    const con = fx.tokens.console;
    const noSession = expectError(await fx.api('POST', '/positions/counter-1/call-next', { token: con }), 409, 'conflict', 'session');
    expect(noSession.message).toMatch(/sign in/);

    await signIn(fx, 'siti', '1234', ['counter-1']);
    const events = fx.eventCount();
    const outside = expectError(await fx.api('POST', '/positions/booth-1/call-next', { token: con }), 409, 'conflict', 'positionId');
    expect(outside.message).toContain('Bilik 1');
    expectError(await fx.api('POST', '/positions/nowhere/call-next', { token: con }), 404, 'not_found', 'positionId');
    expect(fx.eventCount()).toBe(events);
  });

  it("one officer serves several booths; another officer cannot touch that officer's ticket", async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    const otherConsole = fx.hub.devices.preparePaired('Console 2', 'console').token;
    await issue(fx, 'JKK');
    await signIn(fx, 'siti', '1234', ['booth-1', 'booth-2']);
    await signIn(fx, 'budi', '2345', ['counter-1'], otherConsole);

    const called = await fx.api('POST', '/positions/booth-2/call-next', { token: fx.tokens.console });
    expect(called.body.ticket).toMatchObject({ displayNumber: 'B001', positionId: 'booth-2' });

    const err = expectError(await fx.api('POST', `/tickets/${called.body.ticket.id}/start`, { token: otherConsole }), 409, 'conflict', 'ticketId');
    expect(err.message).toMatch(/another officer/);
    // Budi cannot take Siti's booth either.
    expectError(await fx.api('POST', '/sessions', { token: otherConsole, body: { officerId: 'budi', pin: '2345', positions: ['booth-1'] } }), 409, 'conflict', 'positions');
  });

  it('signing out is refused while a ticket is still called', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    const { ticket } = await issue(fx, 'JHT');
    await signIn(fx, 'siti', '1234', ['counter-1']);
    await fx.api('POST', '/positions/counter-1/call-next', { token: fx.tokens.console });
    expectError(await fx.api('DELETE', '/sessions/current', { token: fx.tokens.console }), 409, 'conflict');
    await fx.api('POST', `/tickets/${ticket.id}/no-show`, { token: fx.tokens.console });
    const out = await fx.api('DELETE', '/sessions/current', { token: fx.tokens.console });
    expect(out.status).toBe(200);
    expect(out.body).toEqual({ session: null });
  });
});
