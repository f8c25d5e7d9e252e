import { afterEach, describe, expect, it } from 'vitest';
import { expectError, issue, MINUTE, signIn, startTestHub, STANDARD_SEED, type HubFixture } from '../support/hub-fixture.js';

/**
 * What the supervisor reads beside the live queues: the end-of-day tables as spreadsheet files,
 * the day's online bookings, and the calling policy's next picks under a draft before it is saved.
 */
let fx: HubFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const at = (hhmm: string, day = '2025-03-10') => Date.parse(`${day}T${hhmm}:00+07:00`);

async function download(f: HubFixture, path: string) {
  const res = await fetch(`${f.url}/api/v1${path}`, { headers: { authorization: `Bearer ${f.tokens.supervisor}` } });
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), bytes: new Uint8Array(await res.arrayBuffer()) };
}

describe('the end-of-day report as spreadsheet files', () => {
  it('gives one table per file, in minutes, with headers in the chosen language, UTF-8 with a byte order mark and ; or , between cells', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    await signIn(fx, 'budi', '2345', ['booth-1']);
    await issue(fx, 'JKK');
    await issue(fx, 'JKK');
    fx.clock.advance(5.5 * MINUTE);
    const called = await fx.api('POST', '/positions/booth-1/call-next', { token: fx.tokens.console });
    fx.clock.advance(7 * MINUTE);
    expect((await fx.api('POST', `/tickets/${called.body.ticket.id}/finish`, { token: fx.tokens.console, body: { outcome: 'completed' } })).status).toBe(200);
    // A name with the separator and quotes in it stays one cell.
    expect((await fx.api('PUT', '/officers/budi', { token: fx.tokens.supervisor, body: { name: 'Budi; "Bos"' } })).status).toBe(200);

    const services = await download(fx, '/reports/day/services.csv?day=2025-03-10&lang=id&separator=semicolon');
    expect(services.status).toBe(200);
    expect(services.type).toBe('text/csv; charset=utf-8');
    expect(services.disposition).toBe('attachment; filename="antre-2025-03-10-layanan.csv"');
    expect([...services.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(services.bytes.slice(3)).split('\r\n');
    expect(lines[0]).toBe(
      'Tanggal;Kode layanan;Layanan;Tiket terbit;Menunggu;Sedang dilayani;Dilayani;Tuntas;Dokumen kurang;Ditolak;Dirujuk;Tidak hadir;Dibatalkan;Rata-rata tunggu (menit);Tunggu terlama (menit);Rata-rata layanan (menit)',
    );
    // The first JKK waited 5.5 minutes and took 7; the second is still waiting, 12.5 minutes now.
    expect(lines).toContain('2025-03-10;JKK;Klaim JKK;2;1;0;1;1;0;0;0;0;0;5,5;12,5;7');
    expect(lines).toContain('2025-03-10;JHT;Klaim JHT;0;0;0;0;0;0;0;0;0;0;;;');
    expect(lines.at(-1)).toBe('');
    expect(lines.some((l) => l.includes('Petugas') || l.includes('budi'))).toBe(false);

    const officers = await download(fx, '/reports/day/officers.csv?day=2025-03-10&lang=en&separator=comma');
    expect(officers.disposition).toBe('attachment; filename="antre-2025-03-10-officers.csv"');
    const officerLines = new TextDecoder().decode(officers.bytes).replace(/^\uFEFF/, '').split('\r\n');
    expect(officerLines[0]).toBe('Date,Officer ID,Officer,Served,Completed,Average service (min),Hours on duty,Services per hour');
    // 12.5 minutes on duty is 0.21 hours; too short for a rate.
    expect(officerLines[1]).toBe('2025-03-10,budi,"Budi; ""Bos""",1,1,7,0.21,');

    const english = new TextDecoder().decode((await download(fx, '/reports/day/services.csv?day=2025-03-10&lang=en&separator=comma')).bytes);
    expect(english).toContain('\r\n2025-03-10,JKK,Work accident claim,2,1,0,1,1,0,0,0,0,0,5.5,12.5,7\r\n');

    expectError(await fx.api('GET', '/reports/day/services.csv?lang=fr', { token: fx.tokens.supervisor }), 400, 'invalid', 'lang');
    expectError(await fx.api('GET', '/reports/day/services.csv?separator=tab', { token: fx.tokens.supervisor }), 400, 'invalid', 'separator');
    expectError(await fx.api('GET', '/reports/day/officers.csv', { token: fx.tokens.console }), 403, 'forbidden');
  });
});

describe("the day's online bookings", () => {
  it('lists the bookings of a day in slot order, with which checked in as which ticket and which were cancelled', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    const booking = (code: string, serviceCode: string, start: string, day?: string, status: 'booked' | 'cancelled' = 'booked') => ({
      code, serviceCode, slotStart: at(start, day), slotEnd: at(start, day) + 30 * MINUTE, nikMasked: '************4321', status,
    });
    const imported = await fx.api('POST', '/bookings', {
      token: fx.tokens.supervisor,
      body: { bookings: [booking('BK-1100', 'JKK', '11:00'), booking('BK-0930', 'JHT', '09:30'), booking('BK-1000', 'JHT', '10:00', undefined, 'cancelled'), booking('BK-TMRW', 'JHT', '09:00', '2025-03-11')] },
    });
    expect(imported.status).toBe(200);
    expect((await fx.api('POST', '/tickets/check-in', { token: fx.tokens.kiosk, body: { bookingCode: 'BK-0930' } })).status).toBe(201);

    const today = await fx.api('GET', '/bookings', { token: fx.tokens.supervisor });
    expect(today.status).toBe(200);
    expect(today.body).toMatchObject({ businessDay: '2025-03-10', now: fx.clock.now(), lateMinutes: 15 });
    expect(today.body.bookings.map((b: { code: string; status: string; ticket: unknown }) => [b.code, b.status, b.ticket])).toEqual([
      ['BK-0930', 'checked_in', { displayNumber: 'A001', status: 'waiting' }],
      ['BK-1000', 'cancelled', null],
      ['BK-1100', 'booked', null],
    ]);
    expect(today.body.bookings[0]).toMatchObject({ serviceCode: 'JHT', slotStart: at('09:30'), nikMasked: '************4321' });

    const tomorrow = await fx.api('GET', '/bookings?day=2025-03-11', { token: fx.tokens.supervisor });
    expect(tomorrow.body.bookings.map((b: { code: string }) => b.code)).toEqual(['BK-TMRW']);
    expectError(await fx.api('GET', '/bookings?day=11-03-2025', { token: fx.tokens.supervisor }), 400, 'invalid', 'day');
    expectError(await fx.api('GET', '/bookings', { token: fx.tokens.kiosk }), 403, 'forbidden');
  });
});

describe('the calling policy previewed before it is saved', () => {
  it("shows every active position's next picks under a draft, and saves nothing", async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    await issue(fx, 'JHT');
    fx.clock.advance(20 * MINUTE);
    await issue(fx, 'JHT', { priority: 'elderly' });
    const events = fx.eventCount();
    const preview = (policy: Record<string, number>) => fx!.api('POST', '/settings/policy/preview', { token: fx!.tokens.supervisor, body: { policy, count: 3 } });
    const picks = (body: { positions: { positionId: string; picks: { ticket: { displayNumber: string }; reason: string }[] }[] }, id: string) =>
      body.positions.find((p) => p.positionId === id)!.picks.map((p) => `${p.ticket.displayNumber} ${p.reason}`);

    // In force: the elderly participant goes first.
    const now = await preview({});
    expect(now.status).toBe(200);
    expect(now.body.positions.map((p: { positionId: string }) => p.positionId).sort()).toEqual(['booth-1', 'booth-2', 'counter-1']);
    expect(picks(now.body, 'counter-1')).toEqual(['A002 priority', 'A001 arrival']);
    // With a 10-minute ceiling, A001's 20 minutes make it overdue: it goes first.
    const draft = await preview({ maxWaitMinutes: 10 });
    expect(draft.body.policy).toMatchObject({ maxWaitMinutes: 10, normalsPerPriority: 2 });
    expect(picks(draft.body, 'booth-1')).toEqual(['A001 overdue', 'A002 priority']);

    expect((await fx.api('GET', '/settings/policy', { token: fx.tokens.supervisor })).body.policy.maxWaitMinutes).toBe(90);
    expect(fx.eventCount()).toBe(events);
    expectError(await preview({ maxWaitMinutes: 2 }), 400, 'invalid', 'policy.maxWaitMinutes');
    expectError(await fx.api('POST', '/settings/policy/preview', { token: fx.tokens.console, body: { policy: {} } }), 403, 'forbidden');
  });
});
