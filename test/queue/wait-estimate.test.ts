import { afterEach, describe, expect, it } from 'vitest';
import {
  averageServiceSeconds,
  capacityFor,
  concurrencyOf,
  DURATION_WINDOW,
  estimateWait,
  MIN_CONCURRENCY_SAMPLES,
  MIN_DURATION_SAMPLES,
  parallelism,
} from '../../main/queue/wait-estimate.js';
import { createTestBranch, MINUTE, type Staff, type TestBranch } from '../support/branch-fixture.js';

// ---------------------------------------------------------------------------------------------
// The pure estimate
// ---------------------------------------------------------------------------------------------

describe('averageServiceSeconds', () => {
  it('uses the default until there are enough samples, then the mean of the newest window', () => {
    expect(MIN_DURATION_SAMPLES).toBe(3);
    expect(averageServiceSeconds([], 900)).toEqual({ seconds: 900, basis: 'default' });
    expect(averageServiceSeconds([100, 200], 900)).toEqual({ seconds: 900, basis: 'default' });
    expect(averageServiceSeconds([100, 200, 600], 900)).toEqual({ seconds: 300, basis: 'learned' });
    const newestFirst = [...Array.from({ length: DURATION_WINDOW }, () => 60), 6000, 6000];
    expect(averageServiceSeconds(newestFirst, 900)).toEqual({ seconds: 60, basis: 'learned' });
  });
});

describe('parallelism', () => {
  it('is 1 for a counter and adds 0.8 per extra booth before data', () => {
    expect(parallelism(1, [])).toBe(1);
    expect(parallelism(2, [])).toBeCloseTo(1.8);
    expect(parallelism(6, [])).toBeCloseTo(5);
  });

  it('is learned from enough overlap samples, kept between 1 and the number of booths', () => {
    expect(MIN_CONCURRENCY_SAMPLES).toBe(5);
    expect(parallelism(3, [3, 3, 3, 3])).toBeCloseTo(2.6); // too few: default
    expect(parallelism(3, [2, 2, 2, 3, 3])).toBeCloseTo(2.4);
    expect(parallelism(3, [9, 9, 9, 9, 9])).toBe(3);
    expect(parallelism(3, [0.5, 0.5, 0.5, 0.5, 0.5])).toBe(1);
    expect(parallelism(1, [4, 4, 4, 4, 4])).toBe(1);
  });
});

describe('concurrencyOf', () => {
  const m = (minutes: number) => minutes * MINUTE;
  it('is 1 for a service that ran alone and grows with the overlap of the session\'s other services', () => {
    const own = { calledAt: m(0), finishedAt: m(10) };
    expect(concurrencyOf(own, [own])).toBe(1);
    expect(concurrencyOf(own, [own, { calledAt: m(0), finishedAt: m(10) }, { calledAt: m(0), finishedAt: m(10) }])).toBe(3);
    expect(concurrencyOf(own, [own, { calledAt: m(5), finishedAt: m(20) }])).toBe(1.5);
    expect(concurrencyOf(own, [own, { calledAt: m(10), finishedAt: m(20) }])).toBe(1);
    expect(concurrencyOf({ calledAt: m(3), finishedAt: m(3) }, [])).toBe(1);
  });
});

describe('capacityFor and estimateWait', () => {
  it('shares a session among its services by how many wait for each', () => {
    const sessions = [
      { positionCount: 1, services: ['JHT', 'INFO'], parallelism: 1 },
      { positionCount: 2, services: ['JHT'], parallelism: 1.8 },
    ];
    const waiting = new Map([
      ['JHT', 3],
      ['INFO', 1],
    ]);
    expect(capacityFor('JHT', sessions, waiting)).toBeCloseTo(0.75 + 1.8);
    expect(capacityFor('INFO', sessions, waiting)).toBeCloseTo(0.25);
    expect(capacityFor('JKK', sessions, waiting)).toBe(0);
    // With nobody waiting anywhere, the next INFO arrival has the counter to itself.
    expect(capacityFor('INFO', sessions, new Map())).toBeCloseTo(1);
    expect(capacityFor('INFO', sessions, new Map([['JHT', 3]]))).toBeCloseTo(0.25);
  });

  it('is people ahead × duration / capacity, and assumes one counter when unstaffed', () => {
    expect(estimateWait(3, { seconds: 600, basis: 'learned' }, 2)).toEqual({ peopleAhead: 3, seconds: 900, staffed: true, basis: 'learned' });
    expect(estimateWait(3, { seconds: 600, basis: 'default' }, 0)).toEqual({ peopleAhead: 3, seconds: 1800, staffed: false, basis: 'default' });
    expect(estimateWait(0, { seconds: 600, basis: 'default' }, 1).seconds).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// Waits through the queue
// ---------------------------------------------------------------------------------------------

const opened: TestBranch[] = [];
afterEach(() => {
  for (const b of opened.splice(0)) b.close();
});

function open(): TestBranch {
  const b = createTestBranch({ timeZone: 'Asia/Jakarta', start: '2025-03-10T08:00:00+07:00' });
  opened.push(b);
  return b;
}

function issueMany(b: TestBranch, serviceCode: string, count: number) {
  const issued = [];
  for (let i = 0; i < count; i++) {
    issued.push(b.queue.issueTicket({ serviceCode }));
    b.clock.advance(1000);
  }
  return issued;
}

/** Serves one ticket at the position, from call to finish, taking `minutes`. */
function serveOne(b: TestBranch, staff: Staff, minutes: number, positionId = staff.positionId): void {
  const t = b.queue.callNext(staff.acting, positionId);
  if (!t) throw new Error('nobody to serve');
  b.clock.advance(minutes * MINUTE);
  b.queue.finishTicket(staff.acting, t.id, 'completed');
}

const queueOf = (b: TestBranch, code: string) => b.queue.serviceQueues().find((q) => q.service.code === code)!;

describe('estimated waits', () => {
  it('before any data: people ahead × the service\'s default duration / capacity', () => {
    const b = open();
    b.staffCounter({ services: ['JHT'] });
    b.staffCounter({ services: ['INFO'] });
    const jht = issueMany(b, 'JHT', 3);
    const info = issueMany(b, 'INFO', 3);
    expect(jht.map((i) => i.wait)).toEqual([0, 1, 2].map((n) => ({ peopleAhead: n, seconds: n * 15 * 60, staffed: true, basis: 'default' })));
    expect(info[2]!.wait).toEqual({ peopleAhead: 2, seconds: 2 * 8 * 60, staffed: true, basis: 'default' });
    expect(queueOf(b, 'JHT').nextArrival).toEqual({ peopleAhead: 3, seconds: 3 * 900, staffed: true, basis: 'default' });
  });

  it('uses the service\'s own default duration after a supervisor changes it', () => {
    const b = open();
    b.staffCounter({ services: ['JKK'] });
    b.queue.saveService({ ...b.queue.store.service('JKK')!, defaultServiceSeconds: 100 });
    const [, second] = issueMany(b, 'JKK', 2);
    expect(second!.wait!.seconds).toBe(100);
  });

  it('after three finished services uses the mean of their called→finished durations', () => {
    const b = open();
    const staff = b.staffCounter({ services: ['JHT'] });
    issueMany(b, 'JHT', 3);
    serveOne(b, staff, 5);
    serveOne(b, staff, 7);
    // Two samples: still the default.
    const early = issueMany(b, 'JHT', 2);
    expect(early[1]!.wait).toMatchObject({ peopleAhead: 2, seconds: 2 * 900, basis: 'default' });
    serveOne(b, staff, 9);
    // Three samples of 5, 7 and 9 minutes: 7 minutes each.
    const queue = queueOf(b, 'JHT');
    expect(queue.waiting).toHaveLength(2);
    expect(queue.waiting.map((t) => t.wait)).toEqual([
      { peopleAhead: 0, seconds: 0, staffed: true, basis: 'learned' },
      { peopleAhead: 1, seconds: 7 * 60, staffed: true, basis: 'learned' },
    ]);
    expect(queue.nextArrival).toMatchObject({ peopleAhead: 2, seconds: 2 * 7 * 60, basis: 'learned' });
  });

  it('learns per service: INFO data does not change the JHT estimate', () => {
    const b = open();
    const staff = b.staffCounter({ services: ['INFO'] });
    b.staffCounter({ services: ['JHT'] });
    issueMany(b, 'INFO', 3);
    for (let i = 0; i < 3; i++) serveOne(b, staff, 1);
    expect(queueOf(b, 'INFO').nextArrival.basis).toBe('learned');
    issueMany(b, 'JHT', 2);
    expect(queueOf(b, 'JHT').nextArrival).toMatchObject({ seconds: 2 * 900, basis: 'default' });
  });

  it('is a moving average: only the newest services count', () => {
    const b = open();
    const staff = b.staffCounter({ services: ['INFO'] });
    issueMany(b, 'INFO', 3 + DURATION_WINDOW);
    for (let i = 0; i < 3; i++) serveOne(b, staff, 30);
    for (let i = 0; i < DURATION_WINDOW; i++) serveOne(b, staff, 2);
    issueMany(b, 'INFO', 1);
    expect(queueOf(b, 'INFO').nextArrival).toMatchObject({ peopleAhead: 1, seconds: 120, basis: 'learned' });
  });

  it('an officer with five booths gives a larger capacity, so a shorter wait, than one with one counter', () => {
    const booths = open();
    booths.staffBooths({ services: ['JHT'], count: 5 });
    const counter = open();
    counter.staffCounter({ services: ['JHT'] });
    const viaBooths = issueMany(booths, 'JHT', 4).at(-1)!.wait!;
    const viaCounter = issueMany(counter, 'JHT', 4).at(-1)!.wait!;

    expect(queueOf(booths, 'JHT').capacity).toBeCloseTo(1 + 0.8 * 4);
    expect(queueOf(counter, 'JHT').capacity).toBe(1);
    expect(viaCounter.seconds).toBe(3 * 900);
    expect(viaBooths.seconds).toBe(Math.round((3 * 900) / (1 + 0.8 * 4)));
    expect(viaBooths.seconds).toBeLessThan(viaCounter.seconds);
  });

  it('adds up the capacity of every officer serving the service', () => {
    const b = open();
    b.staffCounter({ services: ['JHT'] });
    b.staffCounter({ services: ['JHT'] });
    const last = issueMany(b, 'JHT', 5).at(-1)!;
    expect(queueOf(b, 'JHT').capacity).toBe(2);
    expect(last.wait!.seconds).toBe((4 * 900) / 2);
  });

  it('learns an officer\'s real parallelism from the overlap once there are enough samples', () => {
    // Two booths, but the officer serves one participant at a time: no overlap, so capacity 1, not 1.8.
    const b = open();
    const staff = b.staffBooths({ services: ['JHT'], count: 2 });
    issueMany(b, 'JHT', 10);
    expect(queueOf(b, 'JHT').capacity).toBeCloseTo(1.8);
    for (let i = 0; i < MIN_CONCURRENCY_SAMPLES - 1; i++) serveOne(b, staff, 10);
    expect(queueOf(b, 'JHT').capacity).toBeCloseTo(1.8); // four samples: not enough
    serveOne(b, staff, 10);
    expect(queueOf(b, 'JHT').capacity).toBeCloseTo(1);
    const waiting = queueOf(b, 'JHT');
    expect(waiting.nextArrival.seconds).toBe(waiting.waiting.length * 600);
  });

  it('learns full overlap too: both booths busy at once gives capacity 2', () => {
    const b = open();
    const staff = b.staffBooths({ services: ['JHT'], count: 2 });
    issueMany(b, 'JHT', 10);
    for (let round = 0; round < 3; round++) {
      const first = b.queue.callNext(staff.acting, staff.positionIds[0]!)!;
      const second = b.queue.callNext(staff.acting, staff.positionIds[1]!)!;
      b.clock.advance(10 * MINUTE);
      b.queue.finishTicket(staff.acting, first.id, 'completed');
      b.queue.finishTicket(staff.acting, second.id, 'completed');
    }
    expect(queueOf(b, 'JHT').capacity).toBeCloseTo(2);
  });

  it('reports an unstaffed service as staffed=false, assuming one counter opens', () => {
    const b = open();
    const staff = b.staffCounter({ services: ['JHT'] });
    const info = issueMany(b, 'INFO', 3);
    const jht = issueMany(b, 'JHT', 3);
    expect(info[2]!.wait).toEqual({ peopleAhead: 2, seconds: 2 * 480, staffed: false, basis: 'default' });
    expect(jht[2]!.wait!.staffed).toBe(true);
    expect(queueOf(b, 'INFO')).toMatchObject({ capacity: 0, nextArrival: { staffed: false } });
    b.queue.signOut(staff.session.id);
    expect(queueOf(b, 'JHT').nextArrival.staffed).toBe(false);
  });

  it('still estimates a ticket issued before midnight, and none for one from two days before', () => {
    const b = open();
    b.staffCounter({ services: ['JHT'] });
    b.clock.set('2025-03-09T15:00:00+07:00');
    const old = b.queue.issueTicket({ serviceCode: 'JHT' }).ticket;
    b.clock.set('2025-03-10T23:50:00+07:00');
    const { ticket } = b.queue.issueTicket({ serviceCode: 'JHT' });
    b.clock.set('2025-03-11T00:10:00+07:00');
    const fresh = b.queue.issueTicket({ serviceCode: 'JHT' }).ticket;
    expect(b.queue.waitOf(ticket.id)).toMatchObject({ peopleAhead: 0 });
    expect(b.queue.waitOf(fresh.id)).toMatchObject({ peopleAhead: 1 });
    expect(queueOf(b, 'JHT').waiting.map((t) => t.id)).toEqual([ticket.id, fresh.id]);
    expect(b.queue.waitOf(old.id)).toBeNull();
  });

  it('no longer reports a wait for a ticket that has been called', () => {
    const b = open();
    const staff = b.staffCounter({ services: ['JHT'] });
    const [first, second] = issueMany(b, 'JHT', 2);
    b.queue.callNext(staff.acting, staff.positionId);
    expect(b.queue.waitOf(first!.ticket.id)).toBeNull();
    expect(b.queue.waitOf(second!.ticket.id)).toMatchObject({ peopleAhead: 0 });
  });
});
