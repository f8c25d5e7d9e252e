/**
 * Headquarters unreachable for a whole busy day: the branch issues and serves 5,000 tickets
 * without waiting for it, and once headquarters is back every event arrives there exactly once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadquarters, type Headquarters } from '../sync/hq-under-test.js';
import { branchEvents, eventually, expectHeldExactlyOnce, startSyncedBranch, type SyncedBranch } from '../sync/sync-fixture.js';

let headquarters: Headquarters;
let branch: SyncedBranch | undefined;
beforeAll(async () => {
  headquarters = await startHeadquarters();
}, 120_000);
afterAll(async () => {
  await branch?.close();
  await headquarters?.close();
}, 60_000);

const SERVICES = ['JHT', 'JKK', 'JKM', 'JP', 'INFO'];
const PER_DAY = 2500;

describe('headquarters down for a day of 5,000 tickets', () => {
  it('keeps the branch serving, then delivers every event exactly once', { timeout: 600_000 }, async () => {
    const hq = await headquarters.branch();
    await hq.down();
    const b = (branch = await startSyncedBranch(hq));
    const queue = b.hub.queue;
    const { id: sessionId } = queue.signIn('siti', ['counter-1'], null);
    const acting = { sessionId };

    let served = 0;
    for (const day of ['2025-03-10', '2025-03-11']) {
      b.clock.set(`${day}T08:00:00+07:00`);
      for (const code of SERVICES) queue.setTodaysQuota(code, 999);
      for (let i = 0; i < PER_DAY; i++) {
        b.clock.advance(1000);
        // One in fifty through the kiosk's HTTP route, as a participant would; the rest straight through the queue.
        if (i % 50 === 0) expect((await b.api('POST', '/tickets', b.kiosk, { serviceCode: SERVICES[i % 5] })).status).toBe(201);
        else queue.issueTicket({ serviceCode: SERVICES[i % 5]! });
        const called = queue.callNext(acting, 'counter-1')!;
        queue.finishTicket(acting, called.id, 'completed');
        served++;
        // The hub's other work (its HTTP connections, the sync worker's tries) runs between tickets.
        await new Promise((r) => setImmediate(r));
      }
      // Let the worker run its failing tries between the days.
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(served).toBe(5000);
    expect(b.hub.db.prepare("SELECT count(*) FROM tickets WHERE status = 'done'").pluck().get()).toBe(5000);

    const down = b.hub.sync!.status();
    expect(down).toMatchObject({ connected: false, failure: { reason: 'unreachable' } });
    expect(down.waiting).toBeGreaterThanOrEqual(15_000);
    expect(await hq.stored()).toHaveLength(0);
    const log = fs.readFileSync(path.join(b.dataDir, 'logs', 'hub.log'), 'utf8');
    expect(log).toMatch(/"event":"sync\.failed".*"reason":"unreachable"/);

    await hq.up();
    await eventually(() => expect(b.hub.sync!.status()).toMatchObject({ waiting: 0, connected: true }), 300_000);
    const stored = await hq.stored();
    expectHeldExactlyOnce(stored, branchEvents(b.hub.db));
    expect(stored.filter((e) => e.type === 'ticket.done')).toHaveLength(5000);
    expect(fs.readFileSync(path.join(b.dataDir, 'logs', 'hub.log'), 'utf8')).toContain('"event":"sync.recovered"');
  });
});
