import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullPageSchemas } from '../../main/wire/sync.js';
import { addTestBranch, BOOKING_TOKEN, startTestHq, type Answer, type TestHq } from './support/hq-fixture.js';

/** The booking site's API: never more bookings than a slot holds, never two for one NIK on one day. */

let hq: TestHq;
beforeAll(async () => {
  hq = await startTestHq({ processes: 2 });
}, 120_000);
afterAll(async () => hq?.close());

// 2030-03-11 08:00 in Jakarta (WIB, UTC+7).
const DAY_START = Date.UTC(2030, 2, 11, 1, 0);
const HALF_HOUR = 30 * 60_000;

const nik = (n: number) => `3174${String(n).padStart(12, '0')}`;

async function book(body: unknown, url = hq.url, token = BOOKING_TOKEN): Promise<Answer> {
  const res = await fetch(`${url}/api/v1/bookings`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

async function openSlots(branch: string, service: string, count: number, capacity: number) {
  const slots = Array.from({ length: count }, (_, i) => ({ serviceCode: service, slotStart: DAY_START + i * HALF_HOUR, slotEnd: DAY_START + (i + 1) * HALF_HOUR, capacity }));
  await hq.hq.feeds.publish(branch, { slots });
  return slots;
}

describe('online booking', () => {
  it('books a slot and publishes the booking to its branch with the NIK masked', async () => {
    const branch = await addTestBranch(hq, 'book-one');
    await openSlots(branch.id, 'JHT', 2, 5);
    const answer = await book({ branch: branch.id, service: 'JHT', slotStart: DAY_START + HALF_HOUR, nik: nik(7) });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ branch: branch.id, service: 'JHT', slotStart: DAY_START + HALF_HOUR, slotEnd: DAY_START + 2 * HALF_HOUR, businessDay: '2030-03-11', nikMasked: '************0007' });
    expect(answer.body.code).toMatch(/^OL-[A-Z2-9]{8}$/);
    const feed = pullPageSchemas.bookings.parse((await branch.pull('bookings')).body);
    expect(feed.items).toEqual([{ code: answer.body.code, serviceCode: 'JHT', slotStart: DAY_START + HALF_HOUR, slotEnd: DAY_START + 2 * HALF_HOUR, nikMasked: '************0007', status: 'booked' }]);
    const stored = await hq.database.db.query<{ nik_hash: string }>('SELECT nik_hash FROM hq_bookings WHERE branch_id = $1', [branch.id]);
    expect(JSON.stringify(stored)).not.toContain(nik(7));
  });

  it('gives exactly 100 bookings to 1,000 people asking at once for 100 places, through two processes', async () => {
    const branch = await addTestBranch(hq, 'book-rush');
    const slots = await openSlots(branch.id, 'JHT', 10, 10);
    const answers = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => book({ branch: branch.id, service: 'JHT', slotStart: slots[i % 10]!.slotStart, nik: nik(10_000 + i) }, hq.urls[i % 2])),
    );
    const won = answers.filter((a) => a.status === 201);
    const lost = answers.filter((a) => a.status !== 201);
    expect(won).toHaveLength(100);
    expect(lost.every((a) => a.status === 409 && a.body.error.reason === 'slot_full')).toBe(true);
    expect(lost[0]!.body.error).toMatchObject({ code: 'quota_full', field: 'slotStart', params: { branch: branch.id, service: 'JHT', day: '2030-03-11', quota: 10 } });
    const perSlot = await hq.database.db.query<{ booked: number; n: number }>(
      `SELECT s.booked, (SELECT count(*)::int FROM hq_bookings b WHERE b.branch_id = s.branch_id AND b.slot_start = s.slot_start) AS n FROM hq_slots s WHERE s.branch_id = $1`,
      [branch.id],
    );
    expect(perSlot).toHaveLength(10);
    for (const s of perSlot) expect(s).toEqual({ booked: 10, n: 10 });
    expect(new Set(won.map((a) => a.body.code)).size).toBe(100);
  });

  it('never gives one NIK two bookings on one day, not even at two branches at the same moment', async () => {
    const a = await addTestBranch(hq, 'book-nik-a');
    const b = await addTestBranch(hq, 'book-nik-b');
    await openSlots(a.id, 'JHT', 4, 50);
    await openSlots(b.id, 'JKK', 4, 50);
    const person = nik(424242);
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => book({ branch: i % 2 ? a.id : b.id, service: i % 2 ? 'JHT' : 'JKK', slotStart: DAY_START + (i % 4) * HALF_HOUR, nik: person }, hq.urls[i % 2])),
    );
    expect(answers.filter((x) => x.status === 201)).toHaveLength(1);
    const refused = answers.filter((x) => x.status !== 201);
    expect(refused.every((x) => x.status === 409 && x.body.error.reason === 'nik_already_booked' && x.body.error.params.day === '2030-03-11')).toBe(true);
    // The next day is another day.
    const tomorrow = await book({ branch: a.id, service: 'JHT', slotStart: DAY_START + 86_400_000, nik: person });
    expect(tomorrow.body.error).toMatchObject({ reason: 'slot_unknown' });
    await hq.hq.feeds.publish(a.id, { slots: [{ serviceCode: 'JHT', slotStart: DAY_START + 86_400_000, slotEnd: DAY_START + 86_400_000 + HALF_HOUR, capacity: 1 }] });
    expect((await book({ branch: a.id, service: 'JHT', slotStart: DAY_START + 86_400_000, nik: person })).status).toBe(201);
  });

  it('frees the NIK for the day when its booking could not be made', async () => {
    const branch = await addTestBranch(hq, 'book-free');
    await openSlots(branch.id, 'JHT', 1, 1);
    expect((await book({ branch: branch.id, service: 'JHT', slotStart: DAY_START, nik: nik(1) })).status).toBe(201);
    expect((await book({ branch: branch.id, service: 'JHT', slotStart: DAY_START, nik: nik(2) })).body.error.reason).toBe('slot_full');
    await openSlots(branch.id, 'JHT', 1, 2);
    expect((await book({ branch: branch.id, service: 'JHT', slotStart: DAY_START, nik: nik(2) })).status).toBe(201);
  });

  it('lists a day\'s slots with the places left', async () => {
    const branch = await addTestBranch(hq, 'book-list', 'Asia/Jayapura');
    // 08:00 in Jayapura (WIT, UTC+9) on 2030-03-11.
    const start = Date.UTC(2030, 2, 10, 23, 0);
    await hq.hq.feeds.publish(branch.id, { slots: [{ serviceCode: 'JP', slotStart: start, slotEnd: start + HALF_HOUR, capacity: 3 }] });
    expect((await book({ branch: branch.id, service: 'JP', slotStart: start, nik: nik(99) })).body.businessDay).toBe('2030-03-11');
    const res = await fetch(`${hq.url}/api/v1/slots?branch=${branch.id}&service=JP&day=2030-03-11`, { headers: { authorization: `Bearer ${BOOKING_TOKEN}` } });
    expect(await res.json()).toEqual({ slots: [{ slotStart: start, slotEnd: start + HALF_HOUR, capacity: 3, left: 2 }] });
  });

  it('refuses bad input naming the field, an unknown branch, and a caller without the token', async () => {
    const branch = await addTestBranch(hq, 'book-bad');
    expect((await book({ branch: branch.id, service: 'JHT', slotStart: DAY_START, nik: '12345' })).body.error).toMatchObject({ code: 'invalid', reason: 'invalid_input', field: 'nik' });
    expect((await book({ branch: branch.id, service: 'JHT', slotStart: DAY_START, nik: nik(1), name: 'x' })).body.error).toMatchObject({ reason: 'unknown_field', field: 'name' });
    expect((await book({ branch: 'nowhere', service: 'JHT', slotStart: DAY_START, nik: nik(1) })).body.error).toMatchObject({ reason: 'branch_unknown', field: 'branch' });
    const noToken = await book({ branch: branch.id, service: 'JHT', slotStart: DAY_START, nik: nik(1) }, hq.url, 'guess');
    expect(noToken.status).toBe(401);
    expect(noToken.body.error.reason).toBe('token_invalid');
  });
});
