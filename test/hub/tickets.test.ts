import { afterEach, describe, expect, it } from 'vitest';
import { expectError, issue, startTestHub, type HubFixture } from '../support/hub-fixture.js';

let fx: HubFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

async function ticketsToday(hub: HubFixture): Promise<{ id: string; displayNumber: string; serviceCode: string; status: string }[]> {
  const res = await hub.api('GET', '/tickets', { token: hub.tokens.supervisor });
  expect(res.status).toBe(200);
  return res.body.tickets;
}

describe('issuing tickets over HTTP', () => {
  it('a kiosk gets 201 with the number to print, the status code and the wait', async () => {
    fx = await startTestHub();
    const res = await fx.api('POST', '/tickets', { token: fx.tokens.kiosk, body: { serviceCode: 'JHT' } });
    expect(res.status).toBe(201);
    expect(res.body.ticket).toMatchObject({ displayNumber: 'A001', serviceCode: 'JHT', status: 'waiting', source: 'walk_in', priority: 'none', businessDay: '2025-03-10' });
    expect(res.body.statusCode).toMatch(/^[a-z2-9]{16}$/);
    expect(res.body.replayed).toBe(false);
    expect(res.body.nikMasked).toBeNull();
    expect(res.body).toHaveProperty('wait');

    const second = await issue(fx, 'JHT');
    expect(second.ticket.displayNumber).toBe('A002');
    expect(second.statusCode).not.toBe(res.body.statusCode);
    const other = await issue(fx, 'JKK');
    expect(other.ticket.displayNumber).toBe('B001');
    expect((await ticketsToday(fx)).map((t) => t.displayNumber)).toEqual(['A001', 'A002', 'B001']);
  });

  it('a retry with the same requestId returns the same ticket and issues nothing new', async () => {
    fx = await startTestHub();
    const body = { serviceCode: 'JHT', requestId: 'kiosk-1-tap-000042' };
    const first = await fx.api('POST', '/tickets', { token: fx.tokens.kiosk, body });
    expect(first.status).toBe(201);
    expect(first.body.replayed).toBe(false);
    const events = fx.eventCount();

    const retry = await fx.api('POST', '/tickets', { token: fx.tokens.kiosk, body });
    expect(retry.status).toBe(201);
    expect(retry.body.replayed).toBe(true);
    expect(retry.body.ticket.id).toBe(first.body.ticket.id);
    expect(retry.body.ticket.displayNumber).toBe('A001');
    expect(retry.body.statusCode).toBe(first.body.statusCode);
    expect(fx.eventCount()).toBe(events);
    expect(await ticketsToday(fx)).toHaveLength(1);

    // A new tap gets the next number.
    expect((await issue(fx, 'JHT', { requestId: 'kiosk-1-tap-000043' })).ticket.displayNumber).toBe('A002');
  });

  it("today's quota used up: 409 quota_full with alternatives, and nothing is issued", async () => {
    fx = await startTestHub();
    const quota = await fx.api('PUT', '/services/JKK/quota-today', { token: fx.tokens.supervisor, body: { quota: 1 } });
    expect(quota.status).toBe(200);
    expect(quota.body).toEqual({ serviceCode: 'JKK', businessDay: '2025-03-10', quota: 1 });
    await issue(fx, 'JKK');
    const events = fx.eventCount();

    const full = await fx.api('POST', '/tickets', { token: fx.tokens.kiosk, body: { serviceCode: 'JKK' } });
    const err = expectError(full, 409, 'quota_full', 'serviceCode');
    expect(err.alternatives).toEqual(expect.arrayContaining(['book_online']));
    expect(err.quota).toBe(1);
    expect(fx.eventCount()).toBe(events);
    expect(await ticketsToday(fx)).toHaveLength(1);
    // Other services are unaffected.
    expect((await issue(fx, 'JHT')).ticket.displayNumber).toBe('A001');
  });

  it('a closed service: 409 service_closed with alternatives; reopened it issues again', async () => {
    fx = await startTestHub();
    expect((await fx.api('PUT', '/services/JKM/open', { token: fx.tokens.supervisor, body: { isOpen: false } })).body.service.isOpen).toBe(false);
    const err = expectError(await fx.api('POST', '/tickets', { token: fx.tokens.kiosk, body: { serviceCode: 'JKM' } }), 409, 'service_closed', 'serviceCode');
    expect(err.alternatives).toEqual(expect.arrayContaining(['book_online']));
    expect(fx.ticketCount()).toBe(0);

    await fx.api('PUT', '/services/JKM/open', { token: fx.tokens.supervisor, body: { isOpen: true } });
    expect((await issue(fx, 'JKM')).ticket.displayNumber).toBe('C001');
  });

  it('an unknown service is 404 naming serviceCode', async () => {
    fx = await startTestHub();
    const before = fx.eventCount();
    const err = expectError(await fx.api('POST', '/tickets', { token: fx.tokens.kiosk, body: { serviceCode: 'NOPE' } }), 404, 'not_found', 'serviceCode');
    expect(err.message).toContain('NOPE');
    expect(fx.ticketCount()).toBe(0);
    expect(fx.eventCount()).toBe(before);
  });

  it('the phone status page works without a token and shows no ID number', async () => {
    fx = await startTestHub();
    const nik = '3171012345678901';
    const issued = await issue(fx, 'JHT', { nik });
    expect(issued.nikMasked).toBe('************8901');
    expect(JSON.stringify(issued)).not.toContain(nik);

    const status = await fx.api('GET', `/tickets/status/${issued.statusCode}`);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ displayNumber: 'A001', serviceCode: 'JHT', status: 'waiting', position: null });
    const text = JSON.stringify(status.body);
    expect(text).not.toContain(nik);
    expect(text).not.toContain('8901');
    expect(text.toLowerCase()).not.toContain('nik');

    expectError(await fx.api('GET', '/tickets/status/abcdefghjkmnpqrs'), 404, 'not_found', 'statusCode');
    expectError(await fx.api('GET', '/tickets/status/A001'), 400, 'invalid', 'statusCode');
  });

  it('a NIK is only ever kept masked: response, officer view, event log and database', async () => {
    fx = await startTestHub();
    const stream = await fx.openStream(fx.tokens.supervisor);
    const nik = '3273019876543210';
    const res = await fx.api('POST', '/tickets', { token: fx.tokens.kiosk, body: { serviceCode: 'INFO', nik } });
    expect(res.status).toBe(201);
    expect(res.body.nikMasked).toBe('************3210');
    expect(JSON.stringify(res.body)).not.toContain(nik);

    const officerView = await fx.api('GET', `/tickets/${res.body.ticket.id}`, { token: fx.tokens.console });
    expect(officerView.status).toBe(200);
    expect(officerView.body.nikMasked).toBe('************3210');
    expect(JSON.stringify(officerView.body)).not.toContain(nik);

    const event = await stream.nextEvent('ticket.issued');
    expect(JSON.stringify(event)).not.toContain('3210');

    const rows = JSON.stringify(fx.hub.db.prepare('SELECT * FROM tickets').all()) + JSON.stringify(fx.hub.db.prepare('SELECT * FROM events').all());
    expect(rows).not.toContain(nik);
  });

  it('a collective claim needs its number of files; a walk-in may not carry one', async () => {
    fx = await startTestHub();
    expectError(await fx.api('POST', '/tickets', { token: fx.tokens.kiosk, body: { serviceCode: 'KOLEKTIF', source: 'collective' } }), 400, 'invalid', 'claimCount');
    expectError(await fx.api('POST', '/tickets', { token: fx.tokens.kiosk, body: { serviceCode: 'JHT', claimCount: 3 } }), 400, 'invalid', 'claimCount');
    expect(fx.ticketCount()).toBe(0);
    const ok = await fx.api('POST', '/tickets', { token: fx.tokens.kiosk, body: { serviceCode: 'KOLEKTIF', source: 'collective', claimCount: 12 } });
    expect(ok.status).toBe(201);
    expect(ok.body.ticket).toMatchObject({ displayNumber: 'G001', source: 'collective', claimCount: 12 });
  });

  it('numbers start again at 001 on the next business day in the branch zone', async () => {
    fx = await startTestHub({ timeZone: 'Asia/Makassar', start: '2025-03-10T23:50:00+08:00' });
    expect((await issue(fx)).ticket.displayNumber).toBe('A001');
    expect((await issue(fx)).ticket.displayNumber).toBe('A002');
    fx.clock.set('2025-03-11T00:05:00+08:00'); // still 10 March in UTC and in Jakarta
    const next = await fx.api('POST', '/tickets', { token: fx.tokens.kiosk, body: { serviceCode: 'JHT' } });
    expect(next.body.ticket).toMatchObject({ displayNumber: 'A001', businessDay: '2025-03-11' });
  });
});
