import { afterEach, describe, expect, it } from 'vitest';
import { expectError, issue, signIn, STANDARD_SEED, startTestHub, type HubFixture } from '../support/hub-fixture.js';

/**
 * The supervisor manages officers and positions through the API, so a branch needs the profile's
 * seed only on its first day: officers added, renamed, disabled and enabled without retyping
 * their PIN; positions added, renamed, given services and deactivated, never out from under a
 * ticket or an officer signed in to them. Every refusal carries a reason and changes nothing.
 */
let fx: HubFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

async function staff(f: HubFixture) {
  const res = await f.api('GET', '/staff', { token: f.tokens.supervisor });
  expect(res.status).toBe(200);
  return res.body as {
    officers: { id: string; name: string; active: boolean; failedPins: number; lockedAt: number | null; onDuty: { positions: string[]; since: number; deviceId: string | null } | null }[];
    positions: { id: string; kind: string; label: string; active: boolean; services: string[]; staffedBy: string | null; holding: { displayNumber: string; status: string } | null }[];
  };
}

const officerOf = async (f: HubFixture, id: string) => (await staff(f)).officers.find((o) => o.id === id);
const positionOf = async (f: HubFixture, id: string) => (await staff(f)).positions.find((p) => p.id === id);

/** A refused change: the status, code, field and reason, and no event appended. */
async function refused(f: HubFixture, method: string, path: string, body: unknown, status: number, code: string, field: string, reason: string) {
  const events = f.eventCount();
  const error = expectError(await f.api(method, path, { token: f.tokens.supervisor, body }), status, code, field);
  expect(error.reason).toBe(reason);
  expect(f.eventCount()).toBe(events);
  return error;
}

describe('the staff list', () => {
  it('shows officers with their state and positions with their services, who serves them and what they hold; only to the supervisor', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    await issue(fx, 'JHT');
    await signIn(fx, 'siti', '1234', ['counter-1']);
    await fx.api('POST', '/positions/counter-1/call-next', { token: fx.tokens.console });

    const list = await staff(fx);
    expect(list.officers).toEqual([
      { id: 'budi', name: 'Budi Santoso', active: true, failedPins: 0, lockedAt: null, onDuty: null },
      { id: 'siti', name: 'Siti Rahmawati', active: true, failedPins: 0, lockedAt: null, onDuty: { positions: ['counter-1'], since: fx.clock.now(), deviceId: fx.deviceIds.console } },
    ]);
    expect(list.positions.find((p) => p.id === 'counter-1')).toMatchObject({
      kind: 'counter', label: 'Loket 1', active: true, staffedBy: 'Siti Rahmawati', holding: { displayNumber: 'A001', status: 'called' },
    });
    expect([...list.positions.find((p) => p.id === 'counter-1')!.services].sort()).toEqual(['INFO', 'JHT']);
    expect(list.positions.find((p) => p.id === 'booth-1')).toMatchObject({ staffedBy: null, holding: null });
    expect(JSON.stringify(list)).not.toMatch(/scrypt|pinHash|1234/);

    expectError(await fx.api('GET', '/staff', { token: fx.tokens.console }), 403, 'forbidden');
    expectError(await fx.api('GET', '/staff', { token: fx.tokens.display }), 403, 'forbidden');
  });
});

describe('officers', () => {
  it('adds an officer with a PIN; without one it is refused', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    await refused(fx, 'PUT', '/officers/rina', { name: 'Rina Wati' }, 400, 'invalid', 'pin', 'pin_required');
    expect(await officerOf(fx, 'rina')).toBeUndefined();

    const added = await fx.api('PUT', '/officers/rina', { token: fx.tokens.supervisor, body: { name: 'Rina Wati', pin: '908172' } });
    expect(added.body).toEqual({ officer: { id: 'rina', name: 'Rina Wati', active: true } });
    expect((await signIn(fx, 'rina', '908172', ['booth-1'])).officerId).toBe('rina');
  });

  it('renames without a PIN: the PIN and the active state stay as they were', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    const sup = fx.tokens.supervisor;
    expect((await fx.api('PUT', '/officers/budi', { token: sup, body: { name: 'Budi Santoso', active: false } })).status).toBe(200);
    const renamed = await fx.api('PUT', '/officers/budi', { token: sup, body: { name: 'Budi S.' } });
    expect(renamed.body).toEqual({ officer: { id: 'budi', name: 'Budi S.', active: false } });

    expect((await fx.api('PUT', '/officers/budi', { token: sup, body: { name: 'Budi S.', active: true } })).status).toBe(200);
    const session = await signIn(fx, 'budi', '2345', ['booth-1']);
    expect(session).toMatchObject({ officerName: 'Budi S.' });
  });

  it('disables an officer: one signed in and idle is signed out; one holding a ticket is refused', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    const con = fx.tokens.console;
    const stream = await fx.openStream(con);
    await issue(fx, 'JHT');
    await signIn(fx, 'siti', '1234', ['counter-1']);
    const called = await fx.api('POST', '/positions/counter-1/call-next', { token: con });

    const busy = await refused(fx, 'PUT', '/officers/siti', { name: 'Siti Rahmawati', active: false }, 409, 'conflict', 'active', 'officer_busy');
    expect(busy.params).toEqual({ officer: 'Siti Rahmawati', tickets: 'A001' });
    expect(await officerOf(fx, 'siti')).toMatchObject({ active: true, onDuty: { positions: ['counter-1'] } });

    await fx.api('POST', `/tickets/${called.body.ticket.id}/no-show`, { token: con });
    const disabled = await fx.api('PUT', '/officers/siti', { token: fx.tokens.supervisor, body: { name: 'Siti Rahmawati', active: false } });
    expect(disabled.body).toEqual({ officer: { id: 'siti', name: 'Siti Rahmawati', active: false } });
    expect((await stream.nextEvent('officer.signed_out')).payload).toMatchObject({ officerId: 'siti' });
    expect((await fx.api('GET', '/sessions/current', { token: con })).body).toEqual({ session: null });
    expect(await officerOf(fx, 'siti')).toMatchObject({ active: false, onDuty: null });

    // A disabled officer cannot sign in, not even with the right PIN; enabled again, they can.
    expectError(await fx.api('POST', '/sessions', { token: con, body: { officerId: 'siti', pin: '1234', positions: ['counter-1'] } }), 401, 'bad_credentials', 'pin');
    expect((await fx.api('GET', '/officers', { token: con })).body.officers).toContainEqual({ id: 'siti', name: 'Siti Rahmawati', active: false });
    await fx.api('PUT', '/officers/siti', { token: fx.tokens.supervisor, body: { name: 'Siti Rahmawati', active: true } });
    expect((await signIn(fx, 'siti', '1234', ['counter-1'])).officerId).toBe('siti');
  });

  it('resets a PIN without a name; unknown officers are 404 with a reason', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    const reset = await fx.api('PUT', '/officers/budi/pin', { token: fx.tokens.supervisor, body: { pin: '5550123' } });
    expect(reset.body).toEqual({ officer: { id: 'budi', name: 'Budi Santoso', active: true } });
    expectError(await fx.api('POST', '/sessions', { token: fx.tokens.console, body: { officerId: 'budi', pin: '2345', positions: ['booth-1'] } }), 401, 'bad_credentials', 'pin');
    expect((await signIn(fx, 'budi', '5550123', ['booth-1'])).officerId).toBe('budi');

    await refused(fx, 'PUT', '/officers/nobody/pin', { pin: '1111' }, 404, 'not_found', 'officerId', 'officer_unknown');
    await refused(fx, 'POST', '/officers/nobody/unlock', undefined, 404, 'not_found', 'officerId', 'officer_unknown');
    await refused(fx, 'PUT', '/officers/budi/pin', { pin: '12' }, 400, 'invalid', 'pin', 'invalid_input');
    // Unlocking an officer who is not locked changes nothing.
    const events = fx.eventCount();
    expect((await fx.api('POST', '/officers/siti/unlock', { token: fx.tokens.supervisor })).status).toBe(200);
    expect(fx.eventCount()).toBe(events);
  });
});

describe('positions', () => {
  it('adds a counter and a booth, renames and reassigns services, keeping whether it is active', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    const sup = fx.tokens.supervisor;
    const counter = await fx.api('PUT', '/positions/loket-2', { token: sup, body: { kind: 'counter', label: 'Loket 2', services: ['INFO', 'DROP'] } });
    expect(counter.body.position).toMatchObject({ id: 'loket-2', kind: 'counter', label: 'Loket 2', active: true });
    const booth = await fx.api('PUT', '/positions/bilik-3', { token: sup, body: { kind: 'booth', label: 'Bilik 3', services: ['JKM'] } });
    expect(booth.body.position).toMatchObject({ kind: 'booth', active: true, services: ['JKM'] });

    await fx.api('PUT', '/positions/bilik-3', { token: sup, body: { kind: 'booth', label: 'Bilik 3', services: ['JKM'], active: false } });
    const renamed = await fx.api('PUT', '/positions/bilik-3', { token: sup, body: { kind: 'booth', label: 'Bilik Tiga', services: ['JKM', 'JP'] } });
    expect(renamed.body.position).toMatchObject({ label: 'Bilik Tiga', active: false });
    expect([...renamed.body.position.services].sort()).toEqual(['JKM', 'JP']);

    await refused(fx, 'PUT', '/positions/bilik-3', { kind: 'booth', label: 'Bilik 3', services: ['NOPE'] }, 404, 'not_found', 'services', 'service_unknown');
    await refused(fx, 'PUT', '/positions/bilik-3', { kind: 'booth', label: 'Bilik 3', services: [] }, 400, 'invalid', 'services', 'invalid_input');

    // An inactive position cannot be signed in to; the lobby learns of the new counter.
    expectError(await fx.api('POST', '/sessions', { token: fx.tokens.console, body: { officerId: 'siti', pin: '1234', positions: ['bilik-3'] } }), 404, 'not_found', 'positions');
    const lobby = await fx.api('GET', '/state', { token: fx.tokens.display });
    expect(lobby.body.positions).toContainEqual(expect.objectContaining({ id: 'loket-2', label: 'Loket 2' }));
  });

  it('is not deactivated while it holds a ticket or an officer is signed in to it', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    const con = fx.tokens.console;
    const deactivate = { kind: 'counter', label: 'Loket 1', services: ['JHT', 'INFO'], active: false };
    await issue(fx, 'JHT');
    await signIn(fx, 'siti', '1234', ['counter-1']);
    const called = await fx.api('POST', '/positions/counter-1/call-next', { token: con });

    const busy = await refused(fx, 'PUT', '/positions/counter-1', deactivate, 409, 'conflict', 'positionId', 'position_busy');
    expect(busy.params).toEqual({ position: 'Loket 1', ticket: 'A001', status: 'called' });
    await fx.api('POST', `/tickets/${called.body.ticket.id}/start`, { token: con });
    expect((await refused(fx, 'PUT', '/positions/counter-1', deactivate, 409, 'conflict', 'positionId', 'position_busy')).params).toMatchObject({ status: 'serving' });

    await fx.api('POST', `/tickets/${called.body.ticket.id}/finish`, { token: con, body: { outcome: 'completed' } });
    const staffed = await refused(fx, 'PUT', '/positions/counter-1', deactivate, 409, 'conflict', 'active', 'position_staffed');
    expect(staffed.params).toEqual({ position: 'Loket 1', officer: 'Siti Rahmawati' });
    // Nor turned into a booth under the officer's feet; a rename is fine.
    await refused(fx, 'PUT', '/positions/counter-1', { ...deactivate, kind: 'booth', active: true }, 409, 'conflict', 'kind', 'position_staffed');
    expect((await fx.api('PUT', '/positions/counter-1', { token: fx.tokens.supervisor, body: { ...deactivate, label: 'Loket Satu', active: true } })).status).toBe(200);
    expect(await positionOf(fx, 'counter-1')).toMatchObject({ label: 'Loket Satu', active: true, staffedBy: 'Siti Rahmawati' });

    await fx.api('DELETE', '/sessions/current', { token: con });
    const done = await fx.api('PUT', '/positions/counter-1', { token: fx.tokens.supervisor, body: deactivate });
    expect(done.body.position).toMatchObject({ active: false });
  });
});
