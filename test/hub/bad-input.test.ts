import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, issue, signIn, STANDARD_SEED, startTestHub, type ApiOptions, type ApiResponse, type HubFixture } from '../support/hub-fixture.js';

/**
 * One hub for the whole file: every refusal below must leave it exactly as it was (same event
 * count, same tickets) and still healthy, so sharing it is part of what is being tested.
 */
let fx: HubFixture;
let waitingTicketId: string;

beforeAll(async () => {
  fx = await startTestHub({ seed: STANDARD_SEED });
  waitingTicketId = (await issue(fx, 'JHT')).ticket.id;
  await signIn(fx, 'siti', '1234', ['counter-1']);
});
afterAll(async () => {
  await fx?.close();
});

/** Sends a request that must be refused, and checks that the hub changed nothing and still answers. */
async function refused(method: string, path: string, options: ApiOptions): Promise<ApiResponse> {
  const events = fx.eventCount();
  const tickets = fx.ticketCount();
  const res = await fx.api(method, path, options);
  const health = await fx.api('GET', '/health');
  expect(health.status).toBe(200);
  expect(health.body).toMatchObject({ ok: true, seq: events });
  expect(fx.eventCount()).toBe(events);
  expect(fx.ticketCount()).toBe(tickets);
  const state = await fx.api('GET', `/tickets/${waitingTicketId}`, { token: fx.tokens.supervisor });
  expect(state.body.ticket.status).toBe('waiting');
  return res;
}

const json = (raw: string, token = fx.tokens.kiosk): ApiOptions => ({ token, raw, headers: { 'content-type': 'application/json' } });

describe('bad request bodies are refused, name the field, and change nothing', () => {
  const cases: [string, Record<string, unknown> | unknown[] | null, string][] = [
    ['serviceCode of the wrong type', { serviceCode: 123 }, 'serviceCode'],
    ['serviceCode missing', {}, 'serviceCode'],
    ['a lower-case service code', { serviceCode: 'jht' }, 'serviceCode'],
    ['an unknown extra field', { serviceCode: 'JHT', colour: 'red' }, 'colour'],
    ['an unknown priority', { serviceCode: 'JHT', priority: 'vip' }, 'priority'],
    ['a NIK that is not 16 digits', { serviceCode: 'JHT', nik: '12345' }, 'nik'],
    ['claimCount as a string', { serviceCode: 'KOLEKTIF', source: 'collective', claimCount: '3' }, 'claimCount'],
    ['claimCount above 1000', { serviceCode: 'KOLEKTIF', source: 'collective', claimCount: 1001 }, 'claimCount'],
    ['a requestId too short', { serviceCode: 'JHT', requestId: 'x' }, 'requestId'],
    ['an array instead of an object', [{ serviceCode: 'JHT' }], 'body'],
    ['null', null, 'body'],
  ];
  for (const [name, body, field] of cases) {
    it(`POST /tickets with ${name} → 400 naming ${field}`, async () => {
      const res = await refused('POST', '/tickets', json(JSON.stringify(body)));
      expectError(res, 400, 'invalid', field);
    });
  }

  it('an unknown service → 404 naming serviceCode', async () => {
    expectError(await refused('POST', '/tickets', { token: fx.tokens.kiosk, body: { serviceCode: 'ZZZ' } }), 404, 'not_found', 'serviceCode');
  });

  it('bad supervisor and console bodies name their fields', async () => {
    const sup = fx.tokens.supervisor;
    expectError(await refused('PUT', '/settings/ticker', { token: sup, body: { text: 5 } }), 400, 'invalid', 'text');
    expectError(await refused('PUT', '/settings/ticker', { token: sup, body: { text: 'x'.repeat(501) } }), 400, 'invalid', 'text');
    expectError(await refused('PUT', '/positions/booth-9', { token: sup, body: { kind: 'desk', label: 'Meja', services: ['JHT'] } }), 400, 'invalid', 'kind');
    expectError(await refused('PUT', '/positions/booth-9', { token: sup, body: { kind: 'booth', label: 'Bilik 9', services: ['NOPE'] } }), 404, 'not_found', 'services');
    expectError(await refused('PUT', '/positions/bad%20id', { token: sup, body: { kind: 'booth', label: 'Bilik 9', services: ['JHT'] } }), 400, 'invalid', 'positionId');
    expectError(await refused('PUT', '/settings/policy', { token: sup, body: { maxRecalls: 99 } }), 400, 'invalid', 'maxRecalls');
    expectError(await refused('PUT', '/services/JHT/quota-today', { token: sup, body: { quota: -1 } }), 400, 'invalid', 'quota');
    expectError(await refused('PUT', '/services/JHT/quota-today', { token: sup, body: { quota: 0 } }), 400, 'invalid', 'quota');
    expectError(
      await refused('POST', '/bookings', { token: sup, body: { bookings: [{ code: 'BK-1', serviceCode: 'JHT', slotStart: Date.parse('2025-03-10T10:00:00+07:00'), slotEnd: Date.parse('2025-03-10T09:30:00+07:00') }] } }),
      400,
      'invalid',
      'bookings.0.slotEnd',
    );
    expectError(await refused('POST', '/sessions', { token: fx.tokens.console, body: { officerId: 'siti', pin: '12', positions: ['counter-1'] } }), 400, 'invalid', 'pin');
    expectError(await refused('POST', '/sessions', { token: fx.tokens.console, body: { officerId: 'siti', pin: '1234', positions: [] } }), 400, 'invalid', 'positions');
    expectError(await refused('POST', `/tickets/${waitingTicketId}/finish`, { token: fx.tokens.console, body: { outcome: 'great' } }), 400, 'invalid', 'outcome');
  });

  it('a query with a bad or unknown parameter names it', async () => {
    expectError(await refused('GET', '/tickets?day=yesterday', { token: fx.tokens.supervisor }), 400, 'invalid', 'day');
    expectError(await refused('GET', '/tickets?limit=5', { token: fx.tokens.supervisor }), 400, 'invalid', 'limit');
  });
});

describe('malformed HTTP is refused and changes nothing', () => {
  it('malformed JSON → 400', async () => {
    const err = expectError(await refused('POST', '/tickets', json('{"serviceCode": "JHT"')), 400, 'invalid', 'body');
    expect(err.message).toMatch(/JSON/);
  });

  it('an empty JSON body → 400', async () => {
    expectError(await refused('POST', '/tickets', json('')), 400, 'invalid', 'body');
  });

  it('a __proto__ key → 400, and nothing is polluted', async () => {
    expect((await refused('POST', '/tickets', json('{"serviceCode":"JHT","__proto__":{"polluted":true}}'))).status).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a body over the limit (200 KB) → 413', async () => {
    const big = JSON.stringify({ serviceCode: 'JHT', requestId: 'r'.repeat(200 * 1024) });
    expectError(await refused('POST', '/tickets', json(big)), 413, 'too_large', 'body');
  });

  it('a form body → 415', async () => {
    const res = await refused('POST', '/tickets', { token: fx.tokens.kiosk, raw: 'serviceCode=JHT', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const err = expectError(res, 415, 'unsupported_media_type', 'body');
    expect(err.message).toMatch(/application\/json/);
  });

  it('a text/plain body → 415 "send the body as application/json"', async () => {
    const res = await refused('POST', '/tickets', { token: fx.tokens.kiosk, raw: '{"serviceCode":"JHT"}', headers: { 'content-type': 'text/plain' } });
    expectError(res, 415, 'unsupported_media_type', 'body');
  });

  it('a body on a route that takes none → 400 naming body, and the ticket is not called', async () => {
    const res = await refused('POST', '/positions/counter-1/call-next', { token: fx.tokens.console, body: { positionId: 'booth-1' } });
    expectError(res, 400, 'invalid', 'body');
  });

  it('an invalid UUID in a path → 400 naming ticketId', async () => {
    const err = expectError(await refused('POST', '/tickets/not-a-uuid/recall', { token: fx.tokens.console }), 400, 'invalid', 'ticketId');
    expect(err.message).toMatch(/ticketId/);
    expectError(await refused('GET', "/tickets/1'%20OR%201=1", { token: fx.tokens.supervisor }), 400, 'invalid', 'ticketId');
    expectError(await refused('POST', '/tickets/00000000-0000-4000-8000-000000000000/start', { token: fx.tokens.console }), 404, 'not_found', 'ticketId');
  });

  it('a path with broken %-encoding → 400 with the usual error body', async () => {
    const res = await refused('POST', '/tickets/%zz/recall', { token: fx.tokens.console });
    expect(res.status).toBe(400);
    expect(res.body, 'the error body of a malformed URL').toMatchObject({ error: { code: expect.any(String), message: expect.any(String), field: expect.any(String) } });
  });

  it('a malformed token cookie → 401, not a server error', async () => {
    const res = await refused('GET', '/state', { headers: { cookie: 'antre_token=%E0%A4%A' } });
    expectError(res, 401, 'unauthorized', 'token');
  });

  it('an unknown route → 404 naming the url', async () => {
    expectError(await refused('POST', '/tickets/bulk', { token: fx.tokens.kiosk, body: { serviceCode: 'JHT' } }), 404, 'not_found', 'url');
    expectError(await refused('DELETE', '/tickets', { token: fx.tokens.supervisor }), 404, 'not_found', 'url');
  });
});

describe('malformed stream frames', () => {
  it('non-JSON, binary and unknown messages get an error reply and the socket stays usable', async () => {
    const events = fx.eventCount();
    const stream = await fx.openStream(fx.tokens.display, events);
    await stream.next((m) => m.type === 'hello');

    stream.send('this is not json');
    expect(await stream.next()).toMatchObject({ type: 'error', message: expect.stringMatching(/ping/) });
    stream.send(Buffer.from([0xde, 0xad, 0xbe, 0xef]), { binary: true });
    expect(await stream.next()).toMatchObject({ type: 'error', message: expect.stringMatching(/binary/) });
    stream.send(JSON.stringify({ type: 'subscribe', topic: 'all' }));
    expect((await stream.next()).type).toBe('error');
    stream.send(JSON.stringify({ type: 'ping', extra: true }));
    expect((await stream.next()).type).toBe('error');
    stream.send('null');
    expect((await stream.next()).type).toBe('error');

    stream.send(JSON.stringify({ type: 'ping' }));
    expect(await stream.next()).toEqual({ type: 'pong' });
    expect(stream.ws.readyState).toBe(stream.ws.OPEN);
    expect(fx.eventCount()).toBe(events);

    // It still receives events.
    await fx.api('PUT', '/settings/ticker', { token: fx.tokens.supervisor, body: { text: 'masih hidup' } });
    expect((await stream.nextEvent('settings.updated')).payload).toEqual({ key: 'ticker', value: 'masih hidup' });
    await stream.close();
  });

  it('a client that keeps sending garbage is cut off (1008), others are not', async () => {
    const noisy = await fx.openStream(fx.tokens.display, fx.eventCount());
    const quiet = await fx.openStream(fx.tokens.display, fx.eventCount());
    for (let i = 0; i < 25; i++) noisy.send(`garbage ${i}`);
    expect((await noisy.closed).code).toBe(1008);
    await quiet.sync();
    expect(quiet.ws.readyState).toBe(quiet.ws.OPEN);
    await quiet.close();
  });

  it('an oversized frame (> 16 KiB) closes that socket with 1009 while the hub keeps serving others', async () => {
    const events = fx.eventCount();
    const big = await fx.openStream(fx.tokens.display, events);
    const other = await fx.openStream(fx.tokens.display, events);
    await Promise.all([big.sync(), other.sync()]);

    big.send(JSON.stringify({ type: 'ping', pad: 'x'.repeat(17 * 1024) }));
    expect((await big.closed).code).toBe(1009);

    expect((await fx.api('GET', '/health')).body.ok).toBe(true);
    await other.sync();
    await fx.api('PUT', '/settings/ticker', { token: fx.tokens.supervisor, body: { text: 'setelah frame besar' } });
    expect((await other.nextEvent('settings.updated')).payload).toMatchObject({ value: 'setelah frame besar' });
    const fresh = await fx.openStream(fx.tokens.display, fx.eventCount());
    await fresh.sync();
    await Promise.all([other.close(), fresh.close()]);
  });
});
