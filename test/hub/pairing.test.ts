import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectError, MINUTE, startTestHub, type HubFixture } from '../support/hub-fixture.js';

let fx: HubFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

interface PairingRequest {
  deviceId: string;
  code: string;
  claimSecret: string;
  expiresAt: number;
}

async function requestPairing(hub: HubFixture, name = 'Kiosk lantai 2'): Promise<PairingRequest> {
  const res = await hub.api('POST', '/pairing', { body: { name } });
  expect(res.status).toBe(201);
  return res.body as PairingRequest;
}

describe('pairing a new device', () => {
  it('code, pending claim, approval, one-time token that works', async () => {
    fx = await startTestHub();
    const request = await requestPairing(fx);
    expect(request.code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    expect(request.claimSecret.length).toBeGreaterThanOrEqual(32);
    expect(request.expiresAt).toBeGreaterThan(fx.clock.now());

    const pending = await fx.api('POST', `/pairing/${request.deviceId}/claim`, { body: { claimSecret: request.claimSecret } });
    expect(pending.status).toBe(200);
    expect(pending.body).toEqual({ status: 'pending' });

    // The supervisor sees the waiting device with its code.
    const waiting = await fx.api('GET', '/devices', { token: fx.tokens.supervisor });
    expect(waiting.body.devices.find((d: { id: string }) => d.id === request.deviceId)).toMatchObject({ status: 'pending', pairingCode: request.code, role: null });

    // The code is typed in lower case with spaces around it; the hub still finds it.
    const approved = await fx.api('POST', '/devices/approve', { token: fx.tokens.supervisor, body: { code: ` ${request.code.toLowerCase()} `, role: 'kiosk' } });
    expect(approved.status).toBe(200);
    expect(approved.body.device).toMatchObject({ id: request.deviceId, role: 'kiosk', status: 'approved', name: 'Kiosk lantai 2' });

    const claimed = await fx.api('POST', `/pairing/${request.deviceId}/claim`, { body: { claimSecret: request.claimSecret } });
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ status: 'active', role: 'kiosk' });
    const token = claimed.body.token as string;
    expect(token.length).toBeGreaterThanOrEqual(32);

    const again = await fx.api('POST', `/pairing/${request.deviceId}/claim`, { body: { claimSecret: request.claimSecret } });
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(again.body.token).toBeUndefined();
    expect(JSON.stringify(again.body)).not.toContain(token);

    const ticket = await fx.api('POST', '/tickets', { token, body: { serviceCode: 'JHT' } });
    expect(ticket.status).toBe(201);
    expect(ticket.body.ticket.displayNumber).toBe('A001');
    // It is a kiosk, nothing more.
    expectError(await fx.api('GET', '/devices', { token }), 403, 'forbidden');

    const listed = await fx.api('GET', '/devices', { token: fx.tokens.supervisor });
    expect(listed.body.devices.find((d: { id: string }) => d.id === request.deviceId)).toMatchObject({ status: 'active', role: 'kiosk', pairingCode: null });
    expect(JSON.stringify(listed.body)).not.toContain(token);
  });

  it('stores only hashes: neither the token nor the claim secret is in the database file', async () => {
    fx = await startTestHub();
    const request = await requestPairing(fx);
    await fx.api('POST', '/devices/approve', { token: fx.tokens.supervisor, body: { code: request.code, role: 'display' } });
    const claimed = await fx.api('POST', `/pairing/${request.deviceId}/claim`, { body: { claimSecret: request.claimSecret } });
    const token = claimed.body.token as string;
    expect(token).toBeTruthy();

    const rows = fx.hub.db.prepare('SELECT * FROM devices').all();
    const dump = JSON.stringify([rows, fx.hub.db.prepare('SELECT * FROM device_tokens').all()]);
    expect(rows.length).toBe(6);
    expect(dump).not.toContain(token);
    expect(dump).not.toContain(request.claimSecret);
    for (const preset of Object.values(fx.tokens)) expect(dump).not.toContain(preset);

    // Nor anywhere in the files a copied data folder would hold (the database and its WAL).
    for (const file of fs.readdirSync(fx.dataDir).filter((f) => fs.statSync(path.join(fx!.dataDir, f)).isFile())) {
      const bytes = fs.readFileSync(path.join(fx.dataDir, file)).toString('latin1');
      expect(bytes.includes(token), `${file} holds the raw token`).toBe(false);
      expect(bytes.includes(request.claimSecret), `${file} holds the raw claim secret`).toBe(false);
    }
  });

  it('a wrong claim secret gets nothing', async () => {
    fx = await startTestHub();
    const request = await requestPairing(fx);
    await fx.api('POST', '/devices/approve', { token: fx.tokens.supervisor, body: { code: request.code, role: 'supervisor' } });
    const wrong = await fx.api('POST', `/pairing/${request.deviceId}/claim`, { body: { claimSecret: 'x'.repeat(43) } });
    expectError(wrong, 404, 'not_found', 'claimSecret');
    expect(wrong.body.token).toBeUndefined();
    // The real device can still collect its token.
    const right = await fx.api('POST', `/pairing/${request.deviceId}/claim`, { body: { claimSecret: request.claimSecret } });
    expect(right.body).toMatchObject({ status: 'active', role: 'supervisor' });
  });

  it('approving an unknown code is 404 naming the code; a malformed code is 400', async () => {
    fx = await startTestHub();
    const request = await requestPairing(fx);
    const unknown = request.code === 'ZZZZZZ' ? 'YYYYYY' : 'ZZZZZZ';
    const before = fx.eventCount();
    const err = expectError(await fx.api('POST', '/devices/approve', { token: fx.tokens.supervisor, body: { code: unknown, role: 'kiosk' } }), 404, 'not_found', 'code');
    expect(err.message).toContain(unknown);
    expectError(await fx.api('POST', '/devices/approve', { token: fx.tokens.supervisor, body: { code: 'AB', role: 'kiosk' } }), 400, 'invalid', 'code');
    expectError(await fx.api('POST', '/devices/approve', { token: fx.tokens.supervisor, body: { code: request.code, role: 'admin' } }), 400, 'invalid', 'role');
    expect(fx.eventCount()).toBe(before);
    // A kiosk cannot approve anything.
    expectError(await fx.api('POST', '/devices/approve', { token: fx.tokens.kiosk, body: { code: request.code, role: 'supervisor' } }), 403, 'forbidden');
    const claim = await fx.api('POST', `/pairing/${request.deviceId}/claim`, { body: { claimSecret: request.claimSecret } });
    expect(claim.body).toEqual({ status: 'pending' });
  });

  it('a code not approved within 30 minutes can no longer be approved', async () => {
    fx = await startTestHub();
    const request = await requestPairing(fx);
    fx.clock.advance(31 * MINUTE);
    expectError(await fx.api('POST', '/devices/approve', { token: fx.tokens.supervisor, body: { code: request.code, role: 'kiosk' } }), 404, 'not_found', 'code');
    // Another device asking later does not revive it either.
    await requestPairing(fx, 'Another kiosk');
    expectError(await fx.api('POST', '/devices/approve', { token: fx.tokens.supervisor, body: { code: request.code, role: 'kiosk' } }), 404, 'not_found', 'code');
    const claim = await fx.api('POST', `/pairing/${request.deviceId}/claim`, { body: { claimSecret: request.claimSecret } });
    expect(claim.status).toBeGreaterThanOrEqual(400);
    expect(claim.body.token).toBeUndefined();
  });

  it('a device whose code expired is told to start again instead of waiting forever', async () => {
    fx = await startTestHub();
    const request = await requestPairing(fx);
    fx.clock.advance(31 * MINUTE);
    // The supervisor tries the code shown on the device: it has expired.
    expectError(await fx.api('POST', '/devices/approve', { token: fx.tokens.supervisor, body: { code: request.code, role: 'kiosk' } }), 404, 'not_found', 'code');
    // The device keeps polling its claim; it must learn that its request is over.
    const claim = await fx.api('POST', `/pairing/${request.deviceId}/claim`, { body: { claimSecret: request.claimSecret } });
    expect(claim.body, 'an expired pairing request still answers "pending"').not.toEqual({ status: 'pending' });
    expect(claim.status).toBeGreaterThanOrEqual(400);
    const listed = await fx.api('GET', '/devices', { token: fx.tokens.supervisor });
    expect(listed.body.devices.find((d: { id: string }) => d.id === request.deviceId).status).not.toBe('pending');
  });

  it('pairing events reach a supervisor stream but not a display', async () => {
    fx = await startTestHub();
    const supervisor = await fx.openStream(fx.tokens.supervisor);
    const display = await fx.openStream(fx.tokens.display);
    await Promise.all([supervisor.sync(), display.sync()]);

    const request = await requestPairing(fx, 'TV lobby 2');
    const requested = await supervisor.nextEvent('device.pairing_requested');
    // The code is a key, not a fact: it stays out of the log, and so out of every stream.
    expect(requested.payload).toEqual({ deviceId: request.deviceId, name: 'TV lobby 2', role: null, kind: 'page' });

    await fx.api('POST', '/devices/approve', { token: fx.tokens.supervisor, body: { code: request.code, role: 'display' } });
    expect((await supervisor.nextEvent('device.approved')).payload).toMatchObject({ deviceId: request.deviceId, role: 'display' });

    // A later ticket reaches both; by then the display would have had the device events.
    await fx.api('POST', '/tickets', { token: fx.tokens.kiosk, body: { serviceCode: 'JHT' } });
    await display.nextEvent('ticket.issued');
    await supervisor.nextEvent('ticket.issued');
    expect(display.events().filter((e) => e.type.startsWith('device.'))).toEqual([]);
    expect(JSON.stringify(display.messages)).not.toContain(request.code);
  });

  it("the supervisor sees each device's last contact, also after a restart", async () => {
    fx = await startTestHub();
    const issuedAt = fx.clock.now();
    await fx.api('POST', '/tickets', { token: fx.tokens.kiosk, body: { serviceCode: 'JHT' } });
    fx.clock.advance(5 * MINUTE);
    await fx.restart();
    const list = await fx.api('GET', '/devices', { token: fx.tokens.supervisor });
    const byRole = (role: string) => list.body.devices.find((d: { role: string }) => d.role === role);
    expect(byRole('kiosk').lastSeenAt).toBe(issuedAt);
    expect(byRole('booth').lastSeenAt).toBeNull();
    expect(byRole('supervisor').lastSeenAt).toBe(issuedAt + 5 * MINUTE);
  });

  it('rejects bad pairing input without creating a device', async () => {
    fx = await startTestHub();
    const before = fx.eventCount();
    expectError(await fx.api('POST', '/pairing', { body: { name: '' } }), 400, 'invalid', 'name');
    expectError(await fx.api('POST', '/pairing', { body: { name: 'x', role: 'admin' } }), 400, 'invalid', 'role');
    expectError(await fx.api('POST', '/pairing', { body: { name: 'x', kind: 'printer' } }), 400, 'invalid', 'kind');
    expectError(await fx.api('POST', '/pairing/not-a-uuid/claim', { body: { claimSecret: 'x'.repeat(43) } }), 400, 'invalid', 'deviceId');
    expect(fx.eventCount()).toBe(before);
    expect((fx.hub.db.prepare('SELECT count(*) AS n FROM devices').get() as { n: number }).n).toBe(5);
  });
});
