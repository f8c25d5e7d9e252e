import { afterEach, describe, expect, it } from 'vitest';
import { expectError, startTestHub, STANDARD_SEED, type HubFixture } from '../support/hub-fixture.js';

/**
 * Devices are bound to what they serve when the supervisor approves them: a booth screen to its
 * booth, a kiosk to its printer. A kiosk's page and its device agent are one device.
 */

let fx: HubFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

interface PairingRequest {
  deviceId: string;
  code: string;
  claimSecret: string;
}

async function request(hub: HubFixture, body: Record<string, unknown>): Promise<PairingRequest> {
  const res = await hub.api('POST', '/pairing', { body });
  expect(res.status).toBe(201);
  return res.body as PairingRequest;
}

const approve = (hub: HubFixture, body: Record<string, unknown>) => hub.api('POST', '/devices/approve', { token: hub.tokens.supervisor, body });

async function claimToken(hub: HubFixture, r: PairingRequest): Promise<{ token: string; deviceId: string }> {
  const res = await hub.api('POST', `/pairing/${r.deviceId}/claim`, { body: { claimSecret: r.claimSecret } });
  expect(res.status).toBe(200);
  expect(res.body.status).toBe('active');
  return { token: res.body.token, deviceId: res.body.deviceId };
}

describe('a booth screen is bound to its booth', () => {
  it('needs a booth, refuses a counter or a booth that has a screen, and tells the screen which booth it is', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    const first = await request(fx, { name: 'Layar bilik', role: 'booth' });
    const missing = expectError(await approve(fx, { code: first.code, role: 'booth' }), 400, 'invalid', 'positionId');
    expect(missing.reason).toBe('booth_position_required');
    const counter = expectError(await approve(fx, { code: first.code, role: 'booth', positionId: 'counter-1' }), 400, 'invalid', 'positionId');
    expect(counter).toMatchObject({ reason: 'position_not_booth', params: { position: 'Loket 1' } });

    expect((await approve(fx, { code: first.code, role: 'booth', positionId: 'booth-1', name: 'Bilik 1 layar' })).status).toBe(200);
    const booth = await claimToken(fx, first);
    const me = await fx.api('GET', '/devices/current', { token: booth.token });
    expect(me.body.device).toMatchObject({ role: 'booth', positionId: 'booth-1', name: 'Bilik 1 layar' });

    const second = await request(fx, { name: 'Layar lain', role: 'booth' });
    const taken = expectError(await approve(fx, { code: second.code, role: 'booth', positionId: 'booth-1' }), 409, 'conflict', 'positionId');
    expect(taken).toMatchObject({ reason: 'booth_position_taken', params: { position: 'Bilik 1', device: 'Bilik 1 layar' } });
    // Nothing changed: the request still waits for a decision.
    const waiting = await fx.api('GET', '/devices', { token: fx.tokens.supervisor });
    expect(waiting.body.devices.find((d: { id: string }) => d.id === second.deviceId)).toMatchObject({ status: 'pending', requestedRole: 'booth', requestedKind: 'page' });

    // Once the first screen is revoked, its booth is free again.
    await fx.api('POST', `/devices/${booth.deviceId}/revoke`, { token: fx.tokens.supervisor });
    expect((await approve(fx, { code: second.code, role: 'booth', positionId: 'booth-1' })).status).toBe(200);
  });

  it('the supervisor moves a booth screen to another booth; other roles take no booth or printer', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    const r = await request(fx, { name: 'Layar bilik', role: 'booth' });
    await approve(fx, { code: r.code, role: 'booth', positionId: 'booth-1' });
    const booth = await claimToken(fx, r);
    const moved = await fx.api('PUT', `/devices/${booth.deviceId}/binding`, { token: fx.tokens.supervisor, body: { positionId: 'booth-2' } });
    expect(moved.status).toBe(200);
    expect((await fx.api('GET', '/devices/current', { token: booth.token })).body.device.positionId).toBe('booth-2');

    const tv = await request(fx, { name: 'TV', role: 'display' });
    expect(expectError(await approve(fx, { code: tv.code, role: 'display', positionId: 'booth-1' }), 400, 'invalid', 'positionId').reason).toBe('position_only_for_booth');
    expect(expectError(await approve(fx, { code: tv.code, role: 'display', printer: 'agent' }), 400, 'invalid', 'printer').reason).toBe('printer_only_for_kiosk');
    expect(expectError(await fx.api('PUT', `/devices/${booth.deviceId}/binding`, { token: fx.tokens.console, body: { positionId: 'booth-1' } }), 403, 'forbidden').field).toBe('token');
  });
});

describe("a kiosk's page and its device agent are one device", () => {
  it('the agent joins the kiosk page: tickets the page issues are the agent\'s to print, and one revoke ends both', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    const page = await request(fx, { name: 'Kios', role: 'kiosk' });
    expect((await approve(fx, { code: page.code, role: 'kiosk', name: 'Kios lobi', printer: 'agent' })).status).toBe(200);
    const kiosk = await claimToken(fx, page);

    // Until its agent is paired, the supervisor sees a kiosk whose printer nobody runs.
    let listed = (await fx.api('GET', '/devices', { token: fx.tokens.supervisor })).body.devices.find((d: { id: string }) => d.id === kiosk.deviceId);
    expect(listed).toMatchObject({ printer: 'agent', hasPage: true, hasAgent: false });

    const agentRequest = await request(fx, { name: 'Kiosk 1', role: 'kiosk', kind: 'agent' });
    const joined = await approve(fx, { code: agentRequest.code, role: 'kiosk', joinDeviceId: kiosk.deviceId });
    expect(joined.status).toBe(200);
    const agent = await claimToken(fx, agentRequest);
    expect(agent.deviceId).toBe(kiosk.deviceId);
    expect(agent.token).not.toBe(kiosk.token);

    listed = (await fx.api('GET', '/devices', { token: fx.tokens.supervisor })).body.devices;
    expect(listed.filter((d: { name: string }) => d.name === 'Kios lobi')).toHaveLength(1);
    expect(listed.find((d: { id: string }) => d.id === agentRequest.deviceId)).toBeUndefined();
    expect(listed.find((d: { id: string }) => d.id === kiosk.deviceId)).toMatchObject({ hasPage: true, hasAgent: true });

    const issued = await fx.api('POST', '/tickets', { token: kiosk.token, body: { serviceCode: 'JHT' } });
    expect(issued.status).toBe(201);
    const jobs = await fx.api('GET', '/print-jobs', { token: agent.token });
    expect(jobs.status).toBe(200);
    expect(jobs.body.jobs.map((j: { job: { id: string } }) => j.job.id)).toEqual([issued.body.printJobId]);

    await fx.api('POST', `/devices/${kiosk.deviceId}/revoke`, { token: fx.tokens.supervisor });
    expect((await fx.api('GET', '/devices/current', { token: kiosk.token })).status).toBe(401);
    expect((await fx.api('GET', '/print-jobs', { token: agent.token })).status).toBe(401);
  });

  it("a rebuilt kiosk PC's new page replaces the old page's token and keeps the kiosk's printer", async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    const first = await request(fx, { name: 'Kios', role: 'kiosk' });
    await approve(fx, { code: first.code, role: 'kiosk', printer: 'agent' });
    const kiosk = await claimToken(fx, first);
    const again = await request(fx, { name: 'Kios', role: 'kiosk' });
    await approve(fx, { code: again.code, role: 'kiosk', joinDeviceId: kiosk.deviceId });
    const replaced = await claimToken(fx, again);
    expect(replaced.deviceId).toBe(kiosk.deviceId);
    expect((await fx.api('GET', '/devices/current', { token: kiosk.token })).status).toBe(401);
    expect((await fx.api('GET', '/devices/current', { token: replaced.token })).body.device.id).toBe(kiosk.deviceId);
  });

  it('a request joins only a device of the same role, and an agent approved alone prints for its own kiosk', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    const agentRequest = await request(fx, { name: 'Kiosk 2', role: 'kiosk', kind: 'agent' });
    const wrong = expectError(await approve(fx, { code: agentRequest.code, role: 'kiosk', joinDeviceId: fx.deviceIds.display }), 400, 'invalid', 'joinDeviceId');
    expect(wrong).toMatchObject({ reason: 'join_wrong_role', params: { device: 'Test display', role: 'display' } });
    const approved = await approve(fx, { code: agentRequest.code, role: 'kiosk' });
    expect(approved.body.device).toMatchObject({ printer: 'agent', requestedKind: 'agent' });
    const agent = await claimToken(fx, agentRequest);
    const listed = (await fx.api('GET', '/devices', { token: fx.tokens.supervisor })).body.devices.find((d: { id: string }) => d.id === agent.deviceId);
    expect(listed).toMatchObject({ hasAgent: true, hasPage: false });
  });

  it('a kiosk bound to a printer the hub does not run is refused, with the name in the answer', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    const r = await request(fx, { name: 'Kios', role: 'kiosk' });
    const unknown = expectError(await approve(fx, { code: r.code, role: 'kiosk', printer: 'hub:Printer lantai 2' }), 400, 'invalid', 'printer');
    expect(unknown).toMatchObject({ reason: 'printer_unknown', params: { printer: 'Printer lantai 2' } });
    expectError(await approve(fx, { code: r.code, role: 'kiosk', printer: 'usb' }), 400, 'invalid', 'printer');
  });
});

describe('pairing codes are keys, not facts', () => {
  it('the event log never holds a pairing code', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    const r = await request(fx, { name: 'Kios', role: 'kiosk' });
    await approve(fx, { code: r.code, role: 'kiosk' });
    await claimToken(fx, r);
    const payloads = (fx.hub.db.prepare('SELECT payload FROM events').pluck().all() as string[]).join('\n');
    expect(payloads).not.toContain(r.code);
    expect(payloads).not.toContain(r.claimSecret);
  });
});
