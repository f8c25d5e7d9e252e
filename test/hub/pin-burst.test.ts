import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { expectError, MINUTE, signIn, STANDARD_SEED, startTestHub, type ApiResponse, type HubFixture } from '../support/hub-fixture.js';

/**
 * Guessing an officer's PIN with a burst of parallel requests: every attempt is counted before
 * its PIN is hashed, so a burst gets no more PINs checked than a person typing; ten wrong PINs in
 * a row lock the officer in the database until a supervisor unlocks them or gives a new PIN.
 */
let fx: HubFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

/** Attempts the hub lets through before a console or officer must wait. */
const FREE_ATTEMPTS = 5;
const LOCK_AFTER = 10;
/** Longer than the limiter's longest wait, so the next attempt is checked. */
const PAST_ANY_WAIT = 16 * MINUTE;

const attempt = (f: HubFixture, pin: string, token = f.tokens.console, officerId = 'siti') =>
  f.api('POST', '/sessions', { token, body: { officerId, pin, positions: ['counter-1'] } });

/** The officer as the supervisor sees them: wrong PINs in a row and the lock. */
async function officer(f: HubFixture, id = 'siti') {
  const staff = await f.api('GET', '/staff', { token: f.tokens.supervisor });
  expect(staff.status).toBe(200);
  return staff.body.officers.find((o: { id: string }) => o.id === id) as { id: string; failedPins: number; lockedAt: number | null; onDuty: unknown };
}

function tally(responses: ApiResponse[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const r of responses) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}

/** Wrong PINs one at a time, each past the limiter's wait, until the officer has `count` in a row. */
async function wrongPinsUntil(f: HubFixture, count: number): Promise<ApiResponse> {
  let last: ApiResponse | undefined;
  while ((await officer(f)).failedPins < count) {
    f.clock.advance(PAST_ANY_WAIT);
    last = await attempt(f, '0000');
  }
  return last!;
}

describe('a burst of PIN guesses', () => {
  it('from one console gets only the free attempts checked; the rest are turned away unchecked', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    const guesses = Array.from({ length: 400 }, (_, i) => String(5000 + i));
    const responses = await Promise.all(guesses.map((pin) => attempt(fx!, pin)));

    const counts = tally(responses);
    expect(counts[401]).toBe(FREE_ATTEMPTS);
    expect(counts[429]).toBe(400 - FREE_ATTEMPTS);
    for (const r of responses.filter((r) => r.status === 429)) expect(r.body.error).toMatchObject({ code: 'too_many_attempts', field: 'pin', reason: 'too_many_pin_attempts' });
    // Only the checked PINs count as wrong in the database.
    expect((await officer(fx)).failedPins).toBe(FREE_ATTEMPTS);
    expect((await officer(fx)).lockedAt).toBeNull();

    // The IT person's log has each checked guess, with the console it came from and never the PIN.
    const lines = readFileSync(fx.hub.log.file!, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const wrong = lines.filter((l) => l.event === 'officer.wrong_pin');
    expect(wrong).toHaveLength(FREE_ATTEMPTS);
    expect(wrong.at(-1)).toMatchObject({ officerId: 'siti', failedPins: FREE_ATTEMPTS, locked: false, deviceId: fx.deviceIds.console });
    const written = new Set(lines.flatMap((l) => Object.values(l)).map(String));
    expect(guesses.filter((pin) => written.has(pin))).toEqual([]);
  });

  it('spread over many consoles is still limited per officer', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    const consoles = Array.from({ length: 40 }, (_, i) => fx!.hub.devices.preparePaired(`Console ${i}`, 'console').token);
    const responses = await Promise.all(Array.from({ length: 400 }, (_, i) => attempt(fx!, String(5000 + i), consoles[i % consoles.length])));

    const counts = tally(responses);
    expect(counts[401]).toBe(FREE_ATTEMPTS);
    expect(counts[429]).toBe(400 - FREE_ATTEMPTS);
    expect((await officer(fx)).failedPins).toBe(FREE_ATTEMPTS);

    // Another officer is not held up by the guesses at Siti from the other consoles.
    expect((await fx.api('POST', '/sessions', { token: fx.tokens.console, body: { officerId: 'budi', pin: '2345', positions: ['booth-1'] } })).status).toBe(201);
  });
});

describe('an officer locked after ten wrong PINs in a row', () => {
  it('cannot sign in even with the right PIN until the supervisor unlocks them; staff see it, the lobby does not', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    const staff = await fx.openStream(fx.tokens.supervisor);
    const lobby = await fx.openStream(fx.tokens.display);

    const locking = await wrongPinsUntil(fx, LOCK_AFTER);
    // The guess that locks is told so.
    expect(expectError(locking, 409, 'conflict', 'officerId')).toMatchObject({ reason: 'officer_locked', params: { officer: 'Siti Rahmawati' } });
    const locked = await officer(fx);
    expect(locked).toMatchObject({ failedPins: LOCK_AFTER, lockedAt: fx.clock.now() });
    expect((await staff.nextEvent('officer.locked')).payload).toEqual({ officerId: 'siti', failedPins: LOCK_AFTER });

    // Locked is locked: the right PIN, long after any wait, from any console. Nothing is counted any more.
    fx.clock.advance(PAST_ANY_WAIT);
    expect(expectError(await attempt(fx, '1234'), 409, 'conflict', 'officerId').reason).toBe('officer_locked');
    const otherConsole = fx.hub.devices.preparePaired('Console 2', 'console').token;
    expect(expectError(await attempt(fx, '1234', otherConsole), 409, 'conflict', 'officerId').reason).toBe('officer_locked');
    const burst = await Promise.all(Array.from({ length: 50 }, () => attempt(fx!, '0000')));
    expect(tally(burst)).toEqual({ 409: 50 });
    expect((await officer(fx)).failedPins).toBe(LOCK_AFTER);

    // The supervisor unlocks; the officer signs in at once on the console that was guessed on.
    const unlocked = await fx.api('POST', '/officers/siti/unlock', { token: fx.tokens.supervisor });
    expect(unlocked.status).toBe(200);
    expect((await staff.nextEvent('officer.unlocked')).payload).toEqual({ officerId: 'siti' });
    expect(await officer(fx)).toMatchObject({ failedPins: 0, lockedAt: null });
    const session = await signIn(fx, 'siti', '1234', ['counter-1']);
    expect(session.officerId).toBe('siti');

    await staff.sync();
    await lobby.sync();
    expect(lobby.events().filter((e) => e.type.startsWith('officer.'))).toEqual([]);
  });

  it('a new PIN from the supervisor unlocks too; the old PIN no longer works', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    await wrongPinsUntil(fx, LOCK_AFTER);
    expect((await officer(fx)).lockedAt).not.toBeNull();

    const reset = await fx.api('PUT', '/officers/siti/pin', { token: fx.tokens.supervisor, body: { pin: '864209' } });
    expect(reset.status).toBe(200);
    expect(await officer(fx)).toMatchObject({ failedPins: 0, lockedAt: null });
    expectError(await attempt(fx, '1234'), 401, 'bad_credentials', 'pin');
    expect((await attempt(fx, '864209')).status).toBe(201);
  });

  it('a right PIN starts the count afresh, so wrong PINs spread over a day never lock', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    await wrongPinsUntil(fx, LOCK_AFTER - 1);
    fx.clock.advance(PAST_ANY_WAIT);
    await signIn(fx, 'siti', '1234', ['counter-1']);
    expect((await officer(fx)).failedPins).toBe(0);

    await wrongPinsUntil(fx, LOCK_AFTER - 1);
    expect((await officer(fx)).lockedAt).toBeNull();
  });

  it('stays locked across a hub restart', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    await wrongPinsUntil(fx, LOCK_AFTER);
    await fx.restart();
    // The test's HTTP client may first pick a pooled connection to the stopped hub; any answer will do.
    await fx.api('GET', '/health').catch(() => undefined);
    expect(expectError(await attempt(fx, '1234'), 409, 'conflict', 'officerId').reason).toBe('officer_locked');
  });
});
