/**
 * Headquarters misbehaving, between the branch and the real headquarters service: an answer lost
 * after headquarters stored a push, a server error, garbage, an answer that trickles in, a
 * signature refused. The branch keeps serving, backs off, logs why, shows the supervisor, and once
 * headquarters answers properly nothing is missing or doubled.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SyncFailureReason } from '../../main/wire/schemas.js';
import { startHeadquarters, type Headquarters, type HqFault, type HqUnderTest } from '../sync/hq-under-test.js';
import { branchEvents, eventually, expectHeldExactlyOnce, startSyncedBranch, type SyncedBranch } from '../sync/sync-fixture.js';

let headquarters: Headquarters;
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
});

const issue = async (b: SyncedBranch) => {
  const res = await b.api('POST', '/tickets', b.kiosk, { serviceCode: 'JHT' });
  expect(res.status).toBe(201);
  return res.body as { ticket: { id: string; displayNumber: string } };
};

const syncLog = (b: SyncedBranch) =>
  fs
    .readFileSync(path.join(b.dataDir, 'logs', 'hub.log'), 'utf8')
    .split('\n')
    .filter((l) => l.includes('"event":"sync.'))
    .map((l) => JSON.parse(l) as { level: string; event: string; reason?: string; detail?: string; retryInMs?: number; tries?: number });

const issuedIds = async (hq: HqUnderTest) => (await hq.stored()).filter((e) => e.type === 'ticket.issued').map((e) => (e.payload as { ticket: { id: string } }).ticket.id);

/** While tries fail: a ticket is issued all the same, the supervisor sees why, and the log says why each time. */
async function expectServingWhileFailing(b: SyncedBranch, hq: HqUnderTest, reason: SyncFailureReason) {
  await eventually(() => expect(b.hub.sync!.status().failure?.tries).toBeGreaterThanOrEqual(3));
  const during = await issue(b);
  const status = (await b.overview()).sync!;
  expect(status).toMatchObject({ connected: false, failure: { reason, tries: expect.any(Number) } });
  expect(status.waiting).toBeGreaterThanOrEqual(1);
  expect(status.nextTryAt).toBeGreaterThanOrEqual(status.failure!.at);
  const failures = syncLog(b).filter((l) => l.event === 'sync.failed');
  expect(failures.length).toBeGreaterThanOrEqual(3);
  expect(failures.every((l) => l.reason === reason && l.level === 'warn' && typeof l.detail === 'string')).toBe(true);
  // Backing off: after the third failure the wait is at least half of 4 × 50 ms.
  expect(failures[2]!.retryInMs!).toBeGreaterThanOrEqual(100);
  expect(fs.readFileSync(path.join(b.dataDir, 'logs', 'hub.log'), 'utf8')).not.toContain(hq.secret);
  return during;
}

describe('a push whose answer is lost after headquarters stored it', { timeout: 120_000 }, () => {
  it('is sent again and stored once', async () => {
    const hq = await headquarters.branch();
    const b = (branch = await startSyncedBranch(hq));
    await eventually(() => expect(b.hub.sync!.status()).toMatchObject({ connected: true, waiting: 0 }));
    hq.fault = 'lose_response';
    for (let i = 0; i < 3; i++) await issue(b);
    await eventually(() => expect(b.hub.sync!.status().failure).toMatchObject({ reason: 'unreachable' }));
    // Headquarters holds the tickets; the branch, without the answer, still counts them as waiting.
    await eventually(async () => expect(await issuedIds(hq)).toHaveLength(3));
    expect(b.hub.sync!.status().waiting).toBeGreaterThan(0);

    hq.fault = 'none';
    await eventually(() => expect(b.hub.sync!.status()).toMatchObject({ connected: true, waiting: 0 }));
    expectHeldExactlyOnce(await hq.stored(), branchEvents(b.hub.db));
    expect(await issuedIds(hq)).toHaveLength(3);
  });
});

describe('headquarters answering wrongly', { timeout: 120_000 }, () => {
  const cases: [HqFault, SyncFailureReason][] = [
    ['error_500', 'server_error'],
    ['garbage', 'bad_answer'],
    ['trickle', 'timeout'],
  ];
  for (const [fault, reason] of cases) {
    it(`${fault}: backs off, logs ${reason}, keeps issuing tickets, and catches up once it answers properly`, async () => {
      const hq = await headquarters.branch();
      const b = (branch = await startSyncedBranch(hq, { settings: { requestTimeoutMs: 600 } }));
      await eventually(() => expect(b.hub.sync!.status()).toMatchObject({ connected: true, waiting: 0 }));
      hq.fault = fault;
      const first = await issue(b);
      const during = await expectServingWhileFailing(b, hq, reason);
      expect(during.ticket.displayNumber).toBe('A002');

      hq.fault = 'none';
      await eventually(() => expect(b.hub.sync!.status()).toMatchObject({ connected: true, waiting: 0, failure: null }));
      expectHeldExactlyOnce(await hq.stored(), branchEvents(b.hub.db));
      expect(await issuedIds(hq)).toEqual(expect.arrayContaining([first.ticket.id, during.ticket.id]));
      expect(syncLog(b).some((l) => l.event === 'sync.recovered')).toBe(true);
    });
  }

  it("a wrong branch secret: refused (signature_invalid), the branch serves on, and catches up once the profile has headquarters' secret", async () => {
    const hq = await headquarters.branch();
    const b = (branch = await startSyncedBranch({ ...hq, secret: `${hq.secret}-typo` }));
    const first = await issue(b);
    const during = await expectServingWhileFailing(b, hq, 'signature_refused');
    expect(b.hub.sync!.status().failure!.detail).toContain('signature_invalid');
    expect(await hq.stored()).toEqual([]);

    // The branch's IT person puts the right secret in the profile and restarts the hub.
    const profile = JSON.parse(fs.readFileSync(b.profileFile, 'utf8')) as { hub: { hq: { secret: string } } };
    profile.hub.hq.secret = hq.secret;
    fs.writeFileSync(b.profileFile, JSON.stringify(profile));
    await b.restart();
    await eventually(() => expect(b.hub.sync!.status()).toMatchObject({ connected: true, waiting: 0 }));
    expectHeldExactlyOnce(await hq.stored(), branchEvents(b.hub.db));
    expect(await issuedIds(hq)).toEqual([first.ticket.id, during.ticket.id]);
  });
});
