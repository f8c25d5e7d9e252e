import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, issue, signIn, STANDARD_SEED, startTestHub, type HubFixture } from '../support/hub-fixture.js';

/**
 * Refusals over real HTTP carry a stable reason and the params a page words them from, next to the
 * coarse code and the English message (kept for logs and programs).
 */
let fx: HubFixture;

beforeAll(async () => {
  fx = await startTestHub({ seed: STANDARD_SEED });
});
afterAll(async () => {
  await fx?.close();
});

describe('refusals name their reason and its params', () => {
  it('a booth still holding a called ticket: the position label, the ticket number and its status', async () => {
    await signIn(fx, 'siti', '1234', ['booth-1', 'booth-2']);
    await issue(fx, 'JKK');
    await issue(fx, 'JKK');
    const first = await fx.api('POST', '/positions/booth-2/call-next', { token: fx.tokens.console });
    expect(first.status).toBe(200);
    const events = fx.eventCount();
    const again = expectError(await fx.api('POST', '/positions/booth-2/call-next', { token: fx.tokens.console }), 409, 'conflict', 'positionId');
    expect(again).toMatchObject({ reason: 'position_busy', params: { position: 'Bilik 2', ticket: first.body.ticket.displayNumber, status: 'called' } });
    expect(again.message).toMatch(/Bilik 2 still has ticket/);
    expect(fx.eventCount()).toBe(events);
  });

  it('a used-up quota and a closed service: the service code with both its labels', async () => {
    const sup = fx.tokens.supervisor;
    expect((await fx.api('PUT', '/services/JKM/quota-today', { token: sup, body: { quota: 1 } })).status).toBe(200);
    await issue(fx, 'JKM');
    const full = expectError(await fx.api('POST', '/tickets', { token: fx.tokens.kiosk, body: { serviceCode: 'JKM' } }), 409, 'quota_full', 'serviceCode');
    expect(full).toMatchObject({ reason: 'quota_full', params: { service: 'JKM', serviceLabelId: 'Klaim JKM', serviceLabelEn: 'Death benefit claim', quota: 1 } });
    expect((await fx.api('PUT', '/services/JP/open', { token: sup, body: { isOpen: false } })).status).toBe(200);
    const closed = expectError(await fx.api('POST', '/tickets', { token: fx.tokens.kiosk, body: { serviceCode: 'JP' } }), 409, 'service_closed', 'serviceCode');
    expect(closed).toMatchObject({ reason: 'service_closed', params: { service: 'JP', serviceLabelId: 'Klaim JP' }, alternatives: ['book_online', 'drop_box'] });
  });

  it('bad input: invalid_input with the field, unknown_field, and the body refusals Fastify makes', async () => {
    const sup = fx.tokens.supervisor;
    const bad = expectError(await fx.api('PUT', '/settings/ticker', { token: sup, body: { text: 5 } }), 400, 'invalid', 'text');
    expect(bad).toMatchObject({ reason: 'invalid_input', params: { field: 'text' } });
    expect(bad.issues).toEqual([expect.objectContaining({ path: 'text' })]);
    const extra = expectError(await fx.api('PUT', '/settings/ticker', { token: sup, body: { text: 'x', colour: 'red' } }), 400, 'invalid', 'colour');
    expect(extra).toMatchObject({ reason: 'unknown_field', params: { field: 'colour' } });
    const json = { 'content-type': 'application/json' };
    expect(expectError(await fx.api('POST', '/tickets', { token: fx.tokens.kiosk, raw: '{"serviceCode":', headers: json }), 400, 'invalid').reason).toBe('body_malformed');
    expect(expectError(await fx.api('POST', '/tickets', { token: fx.tokens.kiosk, raw: '', headers: json }), 400, 'invalid').reason).toBe('body_empty');
    const big = JSON.stringify({ serviceCode: 'JHT', requestId: 'r'.repeat(200 * 1024) });
    expect(expectError(await fx.api('POST', '/tickets', { token: fx.tokens.kiosk, raw: big, headers: json }), 413, 'too_large').reason).toBe('body_too_large');
    const form = { token: fx.tokens.kiosk, raw: 'serviceCode=JHT', headers: { 'content-type': 'application/x-www-form-urlencoded' } };
    expect(expectError(await fx.api('POST', '/tickets', form), 415, 'unsupported_media_type').reason).toBe('body_not_json');
    const route = expectError(await fx.api('GET', '/no-such-thing', { token: sup }), 404, 'not_found', 'url');
    expect(route).toMatchObject({ reason: 'route_unknown', params: { method: 'GET', path: '/api/v1/no-such-thing' } });
  });

  it('access: not paired, a revoked or unknown token, and a role that may not, with the role it needs', async () => {
    expect(expectError(await fx.api('POST', '/tickets', { token: null, body: { serviceCode: 'JHT' } }), 401, 'unauthorized', 'token').reason).toBe('not_paired');
    expect(expectError(await fx.api('POST', '/tickets', { token: 'not-a-token', body: { serviceCode: 'JHT' } }), 401, 'unauthorized', 'token').reason).toBe('token_revoked');
    const forbidden = expectError(await fx.api('PUT', '/settings/ticker', { token: fx.tokens.kiosk, body: { text: 'x' } }), 403, 'forbidden', 'token');
    expect(forbidden).toMatchObject({ reason: 'role_forbidden', params: { role: 'kiosk', needs: 'supervisor' } });
  });

  it('a wrong pairing code, as the supervisor types it', async () => {
    const wrong = await fx.api('POST', '/devices/approve', { token: fx.tokens.supervisor, body: { code: 'ZZZZZZ', role: 'display' } });
    expect(wrong.status).toBe(404);
    expect(wrong.body.error).toMatchObject({ code: 'not_found', reason: 'pairing_code_unknown', params: { code: 'ZZZZZZ' } });
  });
});
