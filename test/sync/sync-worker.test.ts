/**
 * The hub's sync with the real headquarters service in normal operation: the outbox drains
 * shortly after commits, once; catalogue, quotas and bookings from headquarters are taken in
 * through the queue's own commands (a booking made on the booking site is checked in at the
 * kiosk); the supervisor sees the state; the cursors survive a restart.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub } from '../support/hub-fixture.js';
import { startHeadquarters, type Headquarters, type HqUnderTest } from './hq-under-test.js';
import { branchEvents, eventually, expectHeldExactlyOnce, startSyncedBranch, type SyncedBranch } from './sync-fixture.js';

let headquarters: Headquarters;
let hq: HqUnderTest | undefined;
let branch: SyncedBranch | undefined;
beforeAll(async () => {
  headquarters = await startHeadquarters();
}, 120_000);
afterAll(async () => {
  await headquarters?.close();
}, 60_000);
afterEach(async () => {
  await branch?.close();
  branch = undefined;
  await hq?.close();
  hq = undefined;
});

const slot = (hhmm: string) => Date.parse(`2025-03-10T${hhmm}:00+07:00`);

describe('the sync worker', { timeout: 120_000 }, () => {
  it('pushes every event once, soon after it is committed, and the supervisor sees it connected', async () => {
    hq = await headquarters.branch();
    const b = (branch = await startSyncedBranch(hq));
    for (let i = 0; i < 5; i++) expect((await b.api('POST', '/tickets', b.kiosk, { serviceCode: 'JHT' })).status).toBe(201);
    await eventually(async () => expect(await hq!.stored()).toHaveLength(branchEvents(b.hub.db).length));
    const stored = await hq.stored();
    expectHeldExactlyOnce(stored, branchEvents(b.hub.db));
    expect(stored.filter((e) => e.type === 'ticket.issued')).toHaveLength(5);
    await eventually(async () => expect((await b.overview()).sync).toMatchObject({ hq: hq!.url, connected: true, waiting: 0, failure: null, lastSuccessAt: b.clock.now() }));
  });

  it('takes in the catalogue, quotas and bookings headquarters publishes: the kiosk checks in a booking made online', async () => {
    hq = await headquarters.branch();
    const b = (branch = await startSyncedBranch(hq));
    const jht = b.hub.queue.store.service('JHT')!;
    await hq.publish({ services: [{ ...jht, labelEn: 'Old-age savings (JHT) claim', dailyQuota: 300 }], quotas: [{ serviceCode: 'JKK', businessDay: '2025-03-10', quota: 12 }, { serviceCode: 'JKK', businessDay: '2025-03-09', quota: 1 }] });
    const code = await hq.book('JHT', slot('09:30'), slot('10:00'), '3171234567890001');
    await eventually(() => expect(b.hub.queue.store.booking(code)).toMatchObject({ serviceCode: 'JHT', slotStart: slot('09:30'), nikMasked: '************0001', status: 'booked' }));
    // A pull already under way when they were published may bring the booking a cycle before them.
    await eventually(() => expect(b.hub.queue.store.service('JHT')).toMatchObject({ labelEn: 'Old-age savings (JHT) claim', dailyQuota: 300 }));
    await eventually(() => expect(b.hub.queue.store.quotaFor(b.hub.queue.store.service('JKK')!, '2025-03-10')).toBe(12));

    b.clock.set('2025-03-10T09:25:00+07:00');
    const checkIn = await b.api('POST', '/tickets/check-in', b.kiosk, { bookingCode: code });
    expect(checkIn.status).toBe(201);
    expect(checkIn.body.ticket).toMatchObject({ serviceCode: 'JHT', source: 'booking' });

    // Taken in as events like a supervisor's change, and sent back to headquarters.
    await eventually(async () => expect((await hq!.stored()).map((e) => e.type)).toEqual(expect.arrayContaining(['service.updated', 'service.quota_set', 'booking.imported', 'ticket.issued'])));
    // Pulling again changes nothing and appends nothing.
    const seq = b.hub.queue.store.lastSeq();
    await b.hub.sync!.syncNow();
    expect(b.hub.queue.store.lastSeq()).toBe(seq);
  });

  it('keeps its cursors across a restart: nothing is pulled or stored twice', async () => {
    hq = await headquarters.branch();
    const b = (branch = await startSyncedBranch(hq));
    const code = await hq.book('JHT', slot('10:00'), slot('10:30'), '3171234567890002');
    await b.api('POST', '/tickets', b.kiosk, { serviceCode: 'JHT' });
    await eventually(() => expect(b.hub.queue.store.booking(code)).toBeDefined());
    await eventually(() => expect(b.hub.sync!.status()).toMatchObject({ waiting: 0, connected: true }));
    const imported = () => b.hub.queue.store.eventsAfter(0, 10_000).filter((e) => e.type === 'booking.imported').length;
    const before = imported();

    await b.restart();
    await b.hub.sync!.syncNow();
    expect(imported()).toBe(before);
    await eventually(() => expect(b.hub.sync!.status().waiting).toBe(0));
    expectHeldExactlyOnce(await hq.stored(), branchEvents(b.hub.db));
  });

  it('shows the supervisor no sync at all when the profile has no headquarters', async () => {
    const fx = await startTestHub();
    try {
      expect((await fx.api('GET', '/supervisor/overview', { token: fx.tokens.supervisor })).body.sync).toBeNull();
      expect(fx.hub.sync).toBeNull();
    } finally {
      await fx.close();
    }
  });
});
