import { afterEach, describe, expect, it } from 'vitest';
import { expectError, signIn, startTestHub, STANDARD_SEED, type HubFixture } from '../support/hub-fixture.js';

/** Guessing an officer's PIN or flooding the pairing list is slowed down, and the right PIN still works afterwards. */
let fx: HubFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const attempt = (f: HubFixture, pin: string) =>
  f.api('POST', '/sessions', { token: f.tokens.console, body: { officerId: 'siti', pin, positions: ['counter-1'] } });

describe('limits on guessing', () => {
  it('makes a console wait after repeated wrong PINs, even with the right one, then lets it in', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    for (let i = 0; i < 5; i++) expectError(await attempt(fx, '0000'), 401, 'bad_credentials', 'pin');
    const locked = expectError(await attempt(fx, '1234'), 429, 'too_many_attempts', 'pin');
    expect(locked.message).toMatch(/try again in 30 seconds/);
    fx.clock.advance(31_000);
    const session = await signIn(fx, 'siti', '1234', ['counter-1']);
    expect(session.officerId).toBe('siti');
  });

  it('doubles the wait with every further wrong PIN', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    for (let i = 0; i < 5; i++) await attempt(fx, '0000');
    fx.clock.advance(31_000);
    expectError(await attempt(fx, '0000'), 401, 'bad_credentials', 'pin');
    const locked = expectError(await attempt(fx, '1234'), 429, 'too_many_attempts', 'pin');
    expect(locked.retryAfterSeconds).toBe(60);
  });

  it('refuses an eleventh pairing request from one address within a minute', async () => {
    fx = await startTestHub({});
    for (let i = 0; i < 10; i++) expect((await fx.api('POST', '/pairing', { body: { name: `Kiosk ${i}` } })).status).toBe(201);
    expectError(await fx.api('POST', '/pairing', { body: { name: 'Kiosk 11' } }), 429, 'too_many_attempts');
    fx.clock.advance(61_000);
    expect((await fx.api('POST', '/pairing', { body: { name: 'Kiosk 12' } })).status).toBe(201);
  });
});
