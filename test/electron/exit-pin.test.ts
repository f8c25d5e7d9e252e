import { afterEach, describe, expect, it } from 'vitest';
import { expectError, startTestHub, type HubFixture } from '../support/hub-fixture.js';

/** Leaving kiosk mode on a locked screen: the supervisor's PIN, checked by the hub. */
let fx: HubFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

describe("the supervisor's PIN for leaving kiosk mode", () => {
  it('is refused until the supervisor sets one, then opens the kiosk with it and never with another', async () => {
    fx = await startTestHub();
    const check = (pin: string, token = fx!.tokens.kiosk) => fx!.api('POST', '/devices/current/exit-check', { token, body: { pin } });
    expect(expectError(await check('4321'), 409, 'conflict', 'pin').reason).toBe('exit_pin_not_set');
    expect((await fx.api('PUT', '/settings/exit-pin', { token: fx.tokens.supervisor, body: { pin: '4321' } })).status).toBe(204);
    expect((await check('4321')).body).toEqual({ ok: true });
    expect(expectError(await check('1234'), 401, 'bad_credentials', 'pin').reason).toBe('exit_pin_wrong');
    expect((await check('4321', fx.tokens.booth)).status).toBe(200);
  });

  it('only the supervisor sets it; a console cannot ask; bad PINs are refused naming the field; the hash never reaches the event log', async () => {
    fx = await startTestHub();
    expectError(await fx.api('PUT', '/settings/exit-pin', { token: fx.tokens.kiosk, body: { pin: '4321' } }), 403, 'forbidden', 'token');
    expectError(await fx.api('PUT', '/settings/exit-pin', { token: fx.tokens.supervisor, body: { pin: '12' } }), 400, 'invalid', 'pin');
    await fx.api('PUT', '/settings/exit-pin', { token: fx.tokens.supervisor, body: { pin: '4321' } });
    expectError(await fx.api('POST', '/devices/current/exit-check', { token: fx.tokens.console, body: { pin: '4321' } }), 403, 'forbidden', 'token');
    expect(JSON.stringify(fx.hub.queue.store.eventsAfter(0, 10_000))).not.toMatch(/exitPin|4321/);
  });

  it('after five wrong PINs the screen waits, counted per device', async () => {
    fx = await startTestHub();
    await fx.api('PUT', '/settings/exit-pin', { token: fx.tokens.supervisor, body: { pin: '4321' } });
    for (let i = 0; i < 5; i++) expectError(await fx.api('POST', '/devices/current/exit-check', { token: fx.tokens.kiosk, body: { pin: '0000' } }), 401, 'bad_credentials', 'pin');
    const waiting = expectError(await fx.api('POST', '/devices/current/exit-check', { token: fx.tokens.kiosk, body: { pin: '4321' } }), 429, 'too_many_attempts', 'pin');
    expect(waiting.reason).toBe('too_many_pin_attempts');
    expect((await fx.api('POST', '/devices/current/exit-check', { token: fx.tokens.booth, body: { pin: '4321' } })).status).toBe(200);
  });
});
