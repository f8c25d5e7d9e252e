/**
 * Headquarters misbehaving: an answer lost after it stored a push, a server error, garbage, an
 * answer that trickles in, a signature refused. The branch keeps serving, backs off, logs why,
 * shows the supervisor, and once headquarters answers properly nothing is missing or doubled.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncFailureReason } from '../../main/wire/schemas.js';
import { startFakeHq, type FakeHq, type HqFault } from '../sync/fake-hq.js';
import { branchEvents, eventually, expectHeldExactlyOnce, startSyncedBranch, type SyncedBranch } from '../sync/sync-fixture.js';

let hq: FakeHq | undefined;
let branch: SyncedBranch | undefined;
afterEach(async () => {
  await branch?.close();
  branch = undefined;
  await hq?.close();
  hq = undefined;
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

describe('a push whose answer is lost after headquarters stored it', () => {
  it('is sent again and stored once', async () => {
    hq = await startFakeHq();
    const b = (branch = await startSyncedBranch(hq));
    await eventually(() => expect(b.hub.sync!.status()).toMatchObject({ connected: true, waiting: 0 }));
    hq.fault = 'lose_response';
    for (let i = 0; i < 3; i++) await issue(b);
    await eventually(() => expect(b.hub.sync!.status().failure).toMatchObject({ reason: 'unreachable' }));
    const storedWhileLost = hq.stored.length;
    expect(storedWhileLost).toBeGreaterThan(0);
    expect(b.hub.sync!.status().waiting).toBeGreaterThan(0);

    hq.fault = 'none';
    await eventually(() => expect(b.hub.sync!.status()).toMatchObject({ connected: true, waiting: 0 }));
    expectHeldExactlyOnce(hq.stored, branchEvents(b.hub.db));
    expect(hq.stored.filter((e) => e.type === 'ticket.issued')).toHaveLength(3);
  });
});

describe('headquarters answering wrongly', () => {
  const cases: [HqFault, SyncFailureReason][] = [
    ['error_500', 'server_error'],
    ['garbage', 'bad_answer'],
    ['trickle', 'timeout'],
    ['wrong_secret', 'signature_refused'],
  ];
  for (const [fault, reason] of cases) {
    it(`${fault}: backs off, logs ${reason}, keeps issuing tickets, and catches up once it answers properly`, async () => {
      hq = await startFakeHq();
      const b = (branch = await startSyncedBranch(hq, { settings: { requestTimeoutMs: 600 } }));
      await eventually(() => expect(b.hub.sync!.status()).toMatchObject({ connected: true, waiting: 0 }));
      hq.fault = fault;
      const first = await issue(b);
      await eventually(() => expect(b.hub.sync!.status().failure?.tries).toBeGreaterThanOrEqual(3), 15_000);

      // The branch serves while headquarters fails.
      const during = await issue(b);
      expect(during.ticket.displayNumber).toBe('A002');

      const status = (await b.overview()).sync!;
      expect(status).toMatchObject({ connected: false, failure: { reason, tries: expect.any(Number) } });
      expect(status.waiting).toBeGreaterThanOrEqual(2);
      expect(status.nextTryAt).toBeGreaterThanOrEqual(status.failure!.at);
      const failures = syncLog(b).filter((l) => l.event === 'sync.failed');
      expect(failures.length).toBeGreaterThanOrEqual(3);
      expect(failures.every((l) => l.reason === reason && l.level === 'warn' && typeof l.detail === 'string')).toBe(true);
      // Backing off: the waits grow between tries (up to the cap of 400 ms in these tests).
      expect(failures[2]!.retryInMs!).toBeGreaterThanOrEqual(100);
      // The branch secret never reaches the log.
      expect(fs.readFileSync(path.join(b.dataDir, 'logs', 'hub.log'), 'utf8')).not.toContain(hq.secret);

      hq.fault = 'none';
      await eventually(() => expect(b.hub.sync!.status()).toMatchObject({ connected: true, waiting: 0, failure: null }), 15_000);
      expectHeldExactlyOnce(hq.stored, branchEvents(b.hub.db));
      const issued = hq.stored.filter((e) => e.type === 'ticket.issued').map((e) => (e.payload as { ticket: { id: string } }).ticket.id);
      expect(issued).toEqual([first.ticket.id, during.ticket.id]);
      expect(syncLog(b).some((l) => l.event === 'sync.recovered')).toBe(true);
    });
  }
});
