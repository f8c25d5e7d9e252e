/**
 * The hub's sync with headquarters in normal operation: the outbox drains shortly after commits,
 * in order and once; bookings, catalogue and quotas from headquarters are taken in through the
 * queue's own commands; the supervisor sees the state; the cursors survive a restart.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeHq, type FakeHq } from './fake-hq.js';
import { branchEvents, eventually, expectHeldExactlyOnce, startSyncedBranch, type SyncedBranch } from './sync-fixture.js';

let hq: FakeHq | undefined;
let branch: SyncedBranch | undefined;
afterEach(async () => {
  await branch?.close();
  branch = undefined;
  await hq?.close();
  hq = undefined;
});

const slot = (hhmm: string) => Date.parse(`2025-03-10T${hhmm}:00+07:00`);

describe('the sync worker', () => {
  it('pushes every event once, in order, soon after it is committed, and the supervisor sees it connected', async () => {
    hq = await startFakeHq();
    const b = (branch = await startSyncedBranch(hq));
    for (let i = 0; i < 5; i++) expect((await b.api('POST', '/tickets', b.kiosk, { serviceCode: 'JHT' })).status).toBe(201);
    await eventually(() => expect(hq!.stored.length).toBe(branchEvents(b.hub.db).length));
    expectHeldExactlyOnce(hq.stored, branchEvents(b.hub.db));
    expect(hq.stored.map((e) => e.seq)).toEqual([...hq.stored.map((e) => e.seq)].sort((x, y) => x - y));
    expect(hq.stored.filter((e) => e.type === 'ticket.issued')).toHaveLength(5);

    await eventually(async () => expect((await b.overview()).sync).toMatchObject({ hq: hq!.url, connected: true, waiting: 0, failure: null, lastSuccessAt: b.clock.now() }));
  });

  it('takes in the catalogue, quotas and bookings headquarters publishes: a kiosk checks the booking in', async () => {
    hq = await startFakeHq();
    const b = (branch = await startSyncedBranch(hq));
    const jht = b.hub.queue.store.service('JHT')!;
    hq.publish('catalogue', [{ ...jht, labelEn: 'Old-age savings (JHT) claim', dailyQuota: 300 }]);
    hq.publish('quotas', [{ serviceCode: 'JKK', businessDay: '2025-03-10', quota: 12 }, { serviceCode: 'JKK', businessDay: '2025-03-09', quota: 1 }]);
    hq.publish('bookings', [{ code: 'HQ-0930', serviceCode: 'JHT', slotStart: slot('09:30'), slotEnd: slot('10:00'), nikMasked: '************4321', status: 'booked' }]);
    await eventually(() => expect(b.hub.queue.store.booking('HQ-0930')).toBeDefined());
    expect(b.hub.queue.store.service('JHT')).toMatchObject({ labelEn: 'Old-age savings (JHT) claim', dailyQuota: 300 });
    expect(b.hub.queue.store.quotaFor(b.hub.queue.store.service('JKK')!, '2025-03-10')).toBe(12);

    b.clock.set('2025-03-10T09:25:00+07:00');
    const checkIn = await b.api('POST', '/tickets/check-in', b.kiosk, { bookingCode: 'HQ-0930' });
    expect(checkIn.status).toBe(201);
    expect(checkIn.body.ticket).toMatchObject({ serviceCode: 'JHT', source: 'booking' });

    // The changes were taken in as events like a supervisor's, and go back to headquarters.
    await eventually(() => expect(hq!.stored.map((e) => e.type)).toEqual(expect.arrayContaining(['service.updated', 'service.quota_set', 'booking.imported', 'ticket.issued'])));
    // A page pulled again changes nothing and appends nothing.
    const seq = b.hub.queue.store.lastSeq();
    await b.hub.sync!.syncNow();
    expect(b.hub.queue.store.lastSeq()).toBe(seq);
  });

  it('keeps its cursors across a restart: nothing is pushed or pulled twice', async () => {
    hq = await startFakeHq();
    const b = (branch = await startSyncedBranch(hq));
    hq.publish('bookings', [{ code: 'HQ-1000', serviceCode: 'JHT', slotStart: slot('10:00'), slotEnd: slot('10:30'), nikMasked: null, status: 'booked' }]);
    await b.api('POST', '/tickets', b.kiosk, { serviceCode: 'JHT' });
    await eventually(() => expect(b.hub.sync!.status()).toMatchObject({ waiting: 0, connected: true }));
    await eventually(() => expect(b.hub.queue.store.booking('HQ-1000')).toBeDefined());
    const pushes = hq.requests.push;
    const imported = b.hub.queue.store.eventsAfter(0, 10_000).filter((e) => e.type === 'booking.imported').length;

    await b.restart();
    await b.hub.sync!.syncNow();
    expect(b.hub.queue.store.eventsAfter(0, 10_000).filter((e) => e.type === 'booking.imported')).toHaveLength(imported);
    // Only the new pairing events of the restart's devices are pushed.
    await eventually(() => expect(b.hub.sync!.status().waiting).toBe(0));
    expectHeldExactlyOnce(hq.stored, branchEvents(b.hub.db));
    expect(hq.requests.push).toBeGreaterThan(pushes);
  });

  it('shows the supervisor no sync at all when the profile has no headquarters', async () => {
    const { startTestHub } = await import('../support/hub-fixture.js');
    const fx = await startTestHub();
    try {
      expect((await fx.api('GET', '/supervisor/overview', { token: fx.tokens.supervisor })).body.sync).toBeNull();
      expect(fx.hub.sync).toBeNull();
    } finally {
      await fx.close();
    }
  });
});
