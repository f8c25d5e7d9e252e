import { afterEach, describe, expect, it } from 'vitest';
import { expectError, issue, signIn, STANDARD_SEED, startTestHub, StreamRefused, type HubFixture } from '../support/hub-fixture.js';

let fx: HubFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

async function ticker(hub: HubFixture): Promise<string> {
  const res = await hub.api('GET', '/state', { token: hub.tokens.supervisor });
  expect(res.status).toBe(200);
  return res.body.ticker as string;
}

describe('who may do what', () => {
  it('a kiosk issues tickets but is refused supervisor and console routes', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    const { kiosk } = fx.tokens;

    const issued = await fx.api('POST', '/tickets', { token: kiosk, body: { serviceCode: 'JHT' } });
    expect(issued.status).toBe(201);
    expect(issued.body.ticket.displayNumber).toBe('A001');

    const before = fx.eventCount();
    const err = expectError(await fx.api('PUT', '/settings/ticker', { token: kiosk, body: { text: 'hacked' } }), 403, 'forbidden', 'token');
    expect(err.message).toMatch(/kiosk/);
    expect(await ticker(fx)).toBe('');

    expectError(await fx.api('POST', '/positions/counter-1/call-next', { token: kiosk }), 403, 'forbidden', 'token');
    expectError(await fx.api('GET', '/sessions/current', { token: kiosk }), 403, 'forbidden', 'token');
    expectError(await fx.api('POST', '/sessions', { token: kiosk, body: { officerId: 'siti', pin: '1234', positions: ['counter-1'] } }), 403, 'forbidden');
    expectError(await fx.api('GET', '/devices', { token: kiosk }), 403, 'forbidden');
    expect(fx.eventCount()).toBe(before);
  });

  it('a display reads the state but may not issue tickets', async () => {
    fx = await startTestHub();
    const state = await fx.api('GET', '/state', { token: fx.tokens.display });
    expect(state.status).toBe(200);
    expect(state.body.branch.id).toBe('test-branch');
    expect(state.body.queues.length).toBeGreaterThan(0);

    expectError(await fx.api('POST', '/tickets', { token: fx.tokens.display, body: { serviceCode: 'JHT' } }), 403, 'forbidden', 'token');
    expect(fx.ticketCount()).toBe(0);
  });

  it('a console with a signed-in officer calls the next ticket', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    const { ticket } = await issue(fx);
    await signIn(fx, 'siti', '1234', ['counter-1']);
    const called = await fx.api('POST', '/positions/counter-1/call-next', { token: fx.tokens.console });
    expect(called.status).toBe(200);
    expect(called.body.ticket).toMatchObject({ id: ticket.id, displayNumber: 'A001', status: 'called', positionId: 'counter-1' });
  });

  it('a supervisor sets the ticker the lobby shows; a console may not', async () => {
    fx = await startTestHub();
    const display = await fx.openStream(fx.tokens.display);
    await display.sync();

    expectError(await fx.api('PUT', '/settings/ticker', { token: fx.tokens.console, body: { text: 'nope' } }), 403, 'forbidden');
    const res = await fx.api('PUT', '/settings/ticker', { token: fx.tokens.supervisor, body: { text: 'Layanan gratis' } });
    expect(res.status).toBe(200);
    expect(await ticker(fx)).toBe('Layanan gratis');
    const event = await display.nextEvent('settings.updated');
    expect(event.payload).toEqual({ key: 'ticker', value: 'Layanan gratis' });
  });

  it('no token is 401 with a message that says to pair the device', async () => {
    fx = await startTestHub();
    const before = fx.eventCount();
    for (const [method, path, body] of [
      ['POST', '/tickets', { serviceCode: 'JHT' }],
      ['GET', '/state', undefined],
      ['PUT', '/settings/ticker', { text: 'x' }],
      ['GET', '/devices', undefined],
    ] as const) {
      const err = expectError(await fx.api(method, path, { body }), 401, 'unauthorized', 'token');
      expect(err.message).toMatch(/pair/);
    }
    expect(fx.eventCount()).toBe(before);
    expect(fx.ticketCount()).toBe(0);
  });

  it('an unknown token, or one given without "Bearer", is 401', async () => {
    fx = await startTestHub();
    expectError(await fx.api('GET', '/state', { token: 'not-a-real-token' }), 401, 'unauthorized', 'token');
    expectError(await fx.api('GET', '/state', { headers: { authorization: fx.tokens.display } }), 401, 'unauthorized', 'token');
  });

  it('a revoked token is refused at once', async () => {
    fx = await startTestHub();
    expect((await fx.api('POST', '/tickets', { token: fx.tokens.kiosk, body: { serviceCode: 'JHT' } })).status).toBe(201);

    const revoked = await fx.api('POST', `/devices/${fx.deviceIds.kiosk}/revoke`, { token: fx.tokens.supervisor });
    expect(revoked.status).toBe(200);

    const err = expectError(await fx.api('POST', '/tickets', { token: fx.tokens.kiosk, body: { serviceCode: 'JHT' } }), 401, 'unauthorized', 'token');
    expect(err.message).toMatch(/revoked/);
    expect(fx.ticketCount()).toBe(1);

    const list = await fx.api('GET', '/devices', { token: fx.tokens.supervisor });
    expect(list.body.devices.find((d: { id: string }) => d.id === fx!.deviceIds.kiosk).status).toBe('revoked');
    // Revoking again names the device.
    expectError(await fx.api('POST', `/devices/${fx.deviceIds.kiosk}/revoke`, { token: fx.tokens.supervisor }), 404, 'not_found', 'deviceId');
  });

  it('a revoked device stops receiving the stream it had open', async () => {
    fx = await startTestHub();
    const revokedDisplay = await fx.openStream(fx.tokens.display);
    const kioskStream = await fx.openStream(fx.tokens.kiosk);
    await revokedDisplay.sync();

    expect((await fx.api('POST', `/devices/${fx.deviceIds.display}/revoke`, { token: fx.tokens.supervisor })).status).toBe(200);
    const { ticket } = await issue(fx);
    await kioskStream.nextEvent('ticket.issued');

    // Either the hub closed the revoked display's socket, or at least it no longer sends it anything.
    if (revokedDisplay.ws.readyState === revokedDisplay.ws.OPEN) await revokedDisplay.sync().catch(() => undefined);
    const leaked = revokedDisplay.events().filter((e) => e.type === 'ticket.issued' && (e.payload as { ticket: { id: string } }).ticket.id === ticket.id);
    expect(leaked, 'a revoked display still receives new tickets on its open stream').toEqual([]);
  });
});

describe('the lobby display without a token', () => {
  it('publicDisplay=true: /state and the stream work without a token, issuing still needs one', async () => {
    fx = await startTestHub({ publicDisplay: true });
    const state = await fx.api('GET', '/state');
    expect(state.status).toBe(200);
    expect(state.body.seq).toBe(fx.eventCount());

    const stream = await fx.openStream(null);
    const hello = await stream.next();
    expect(hello).toEqual({ type: 'hello', seq: fx.eventCount(), role: 'display' });
    await stream.sync();

    expectError(await fx.api('POST', '/tickets', { body: { serviceCode: 'JHT' } }), 401, 'unauthorized', 'token');
    expectError(await fx.api('PUT', '/settings/ticker', { body: { text: 'x' } }), 401, 'unauthorized', 'token');
    expect(fx.ticketCount()).toBe(0);

    // The anonymous display sees tickets issued by a kiosk, but no pairing events.
    await fx.api('POST', '/pairing', { body: { name: 'New kiosk' } });
    const { ticket } = await issue(fx);
    const event = await stream.nextEvent('ticket.issued');
    expect((event.payload as { ticket: { id: string } }).ticket.id).toBe(ticket.id);
    expect(stream.events().some((e) => e.type.startsWith('device.'))).toBe(false);
  });

  it('publicDisplay=false: /state and the stream need a token; the WebSocket upgrade is refused', async () => {
    fx = await startTestHub({ publicDisplay: false });
    expectError(await fx.api('GET', '/state'), 401, 'unauthorized', 'token');

    const refused = await fx.openStream(null).then(
      () => null,
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(StreamRefused);
    expect((refused as StreamRefused).status).toBe(401);
    expect(JSON.parse((refused as StreamRefused).body).error).toMatchObject({ code: 'unauthorized', field: 'token' });

    const bogus = await fx.openStream('bogus-token').then(
      () => null,
      (err: unknown) => err,
    );
    expect((bogus as StreamRefused).status).toBe(401);

    const display = await fx.openStream(fx.tokens.display);
    expect(await display.next()).toMatchObject({ type: 'hello', role: 'display' });
    expect(fx.hub.stream.clientCount).toBe(1);
  });
});
