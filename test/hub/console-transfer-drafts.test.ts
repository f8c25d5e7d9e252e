import { afterEach, describe, expect, it } from 'vitest';
import { expectError, issue, MINUTE, signIn, STANDARD_SEED, startTestHub, type HubFixture } from '../support/hub-fixture.js';

let fx: HubFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

/** Siti at booth 1 on the fixture's console, Budi at booth 2 on a console of his own: their tokens. */
async function twoOfficersAtBooths(hub: HubFixture): Promise<{ siti: string; budi: string }> {
  const budi = hub.hub.devices.preparePaired('Console 2', 'console').token;
  await signIn(hub, 'siti', '1234', ['booth-1']);
  await signIn(hub, 'budi', '2345', ['booth-2'], budi);
  return { siti: hub.tokens.console, budi };
}

describe('a transfer to one position or officer', () => {
  it('is offered to that booth alone, and refused where nobody could call it', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    const { siti, budi } = await twoOfficersAtBooths(fx);
    const first = await issue(fx, 'JHT');
    fx.clock.advance(MINUTE);
    const second = await issue(fx, 'JHT');

    expect((await fx.api('POST', '/positions/booth-1/call-next', { token: siti })).body.ticket.id).toBe(first.ticket.id);
    expectError(await fx.api('POST', `/tickets/${first.ticket.id}/transfer`, { token: siti, body: { toService: 'JHT', toPositionId: 'counter-1' } }), 409, 'conflict', 'toPositionId');
    const sent = await fx.api('POST', `/tickets/${first.ticket.id}/transfer`, { token: siti, body: { toService: 'JHT', toPositionId: 'booth-2' } });
    expect(sent.status).toBe(200);
    expect(fx.hub.queue.store.eventsAfter(0, 1000).at(-1)).toMatchObject({ type: 'ticket.transferred', v: 2, payload: { toPositionId: 'booth-2', toOfficerId: null } });
    // Staff see whom it waits for; the lobby does not.
    const waitingIn = async (token: string | undefined) =>
      (await fx!.api('GET', '/state', { token })).body.queues.find((q: { service: { code: string } }) => q.service.code === 'JHT').waiting.map((w: { id: string; reservedFor: unknown }) => [w.id, w.reservedFor]);
    expect(await waitingIn(siti)).toEqual([[first.ticket.id, { positionId: 'booth-2', officerId: null }], [second.ticket.id, null]]);
    expect(await waitingIn(fx.tokens.display)).toEqual([[first.ticket.id, null], [second.ticket.id, null]]);

    // Booth 1 is not offered it, even though it came first; booth 2 is.
    expect((await fx.api('GET', '/positions/booth-1/preview?count=3', { token: siti })).body.picks.map((p: { ticket: { id: string } }) => p.ticket.id)).toEqual([second.ticket.id]);
    expectError(await fx.api('POST', '/positions/booth-1/call', { token: siti, body: { ticketId: first.ticket.id } }), 409, 'conflict', 'ticketId');
    expect((await fx.api('POST', '/positions/booth-1/call-next', { token: siti })).body.ticket.id).toBe(second.ticket.id);
    expect((await fx.api('POST', '/positions/booth-2/call-next', { token: budi })).body.ticket.id).toBe(first.ticket.id);
  });

  it('is not stranded when that officer signs out: it is offered to the whole service until they are back', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    const { siti, budi } = await twoOfficersAtBooths(fx);
    const t = await issue(fx, 'JHT');
    await fx.api('POST', '/positions/booth-1/call-next', { token: siti });
    expect((await fx.api('POST', `/tickets/${t.ticket.id}/transfer`, { token: siti, body: { toService: 'JHT', toOfficerId: 'budi' } })).status).toBe(200);
    const picks = async () => (await fx!.api('GET', '/positions/booth-1/preview?count=3', { token: siti })).body.picks.map((p: { ticket: { id: string } }) => p.ticket.id);
    expect(await picks()).toEqual([]);

    expect((await fx.api('DELETE', '/sessions/current', { token: budi })).status).toBe(200);
    expect(await picks()).toEqual([t.ticket.id]);

    await signIn(fx, 'budi', '2345', ['booth-2'], budi);
    expect(await picks()).toEqual([]);
    expectError(await fx.api('POST', '/positions/booth-1/call', { token: siti, body: { ticketId: t.ticket.id } }), 409, 'conflict', 'ticketId');
    expect((await fx.api('POST', '/positions/booth-2/call-next', { token: budi })).body.ticket.id).toBe(t.ticket.id);
  });

  it('to an officer not signed in is refused and changes nothing', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    await signIn(fx, 'siti', '1234', ['booth-1']);
    const t = await issue(fx, 'JHT');
    await fx.api('POST', '/positions/booth-1/call-next', { token: fx.tokens.console });
    const events = fx.eventCount();
    expectError(await fx.api('POST', `/tickets/${t.ticket.id}/transfer`, { token: fx.tokens.console, body: { toService: 'JHT', toOfficerId: 'budi' } }), 409, 'conflict', 'toOfficerId');
    expect(fx.eventCount()).toBe(events);
  });
});

describe("a service's draft", () => {
  it('keeps the checklist and notes for the serving officer only, refuses a NIK, and ends with the service', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    const { siti, budi } = await twoOfficersAtBooths(fx);
    const t = await issue(fx, 'JHT');
    await fx.api('POST', '/positions/booth-1/call-next', { token: siti });
    const draftUrl = `/tickets/${t.ticket.id}/draft`;
    expect((await fx.api('GET', draftUrl, { token: siti })).body).toEqual({ draft: { checked: [], notes: '' } });

    const events = fx.eventCount();
    const saved = await fx.api('PUT', draftUrl, { token: siti, body: { checked: ['ktp', 'kpj'], notes: 'Paklaring menyusul' } });
    expect(saved.status).toBe(200);
    expect(fx.eventCount()).toBe(events);
    expect((await fx.api('GET', draftUrl, { token: siti })).body.draft).toEqual({ checked: ['ktp', 'kpj'], notes: 'Paklaring menyusul' });

    expectError(await fx.api('GET', draftUrl, { token: budi }), 409, 'conflict', 'ticketId');
    expectError(await fx.api('PUT', draftUrl, { token: siti, body: { checked: [], notes: 'NIK 3174 0123 4567 8901' } }), 400, 'invalid', 'notes');
    expectError(await fx.api('PUT', draftUrl, { token: siti, body: { checked: ['nope'], notes: '' } }), 400, 'invalid', 'checked');

    await fx.api('POST', `/tickets/${t.ticket.id}/transfer`, { token: siti, body: { toService: 'INFO' } });
    expect(fx.hub.db.prepare('SELECT count(*) AS n FROM service_drafts').get()).toEqual({ n: 0 });
  });
});
