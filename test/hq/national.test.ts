import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTestBranch, startTestHq, VIEW_TOKEN, type TestHq } from './support/hq-fixture.js';

/** The national view, fed from the events the branches pushed. */

let hq: TestHq;
beforeAll(async () => {
  hq = await startTestHq();
}, 120_000);
afterAll(async () => hq?.close());

const dayIn = (zone: string, at: number) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

function branchLog(zone: string) {
  const now = Date.now();
  const today = dayIn(zone, now);
  const events: { seq: number; id: string; type: string; v: number; at: number; payload: Record<string, unknown> }[] = [];
  const add = (type: string, payload: Record<string, unknown>, at = now - 60_000 + events.length) =>
    events.push({ seq: events.length + 1, id: crypto.randomUUID(), type, v: 1, at, payload });
  const ticket = (id: string, serviceCode: string, businessDay = today) => ({
    ticket: { id, businessDay, displayNumber: 'A001', serviceCode, source: 'walk_in', priority: 'normal', claimCount: null, status: 'waiting', outcome: null, arrivedAt: now, issuedAt: now, calledAt: null, positionId: null, recallCount: 0 },
  });
  const call = (ticketId: string) => ({ ticketId, displayNumber: 'A001', serviceCode: 'JHT', positionId: 'b1', positionLabel: 'Bilik 1', positionKind: 'booth', officerId: 'o1', reason: 'arrival' });
  return { today, events, add, ticket, call };
}

describe('national view', () => {
  it("shows each branch's last sync, waiting, served today and claims by service", async () => {
    const jkt = await addTestBranch(hq, 'nat-jkt');
    await addTestBranch(hq, 'nat-quiet', 'Asia/Jayapura');
    const log = branchLog('Asia/Jakarta');
    // Yesterday's ticket, served yesterday: counts for nothing today.
    log.add('ticket.issued', log.ticket('t0', 'JHT', '2000-01-01'), Date.now() - 30 * 3600_000);
    log.add('ticket.done', { ticketId: 't0', serviceCode: 'JHT', positionId: 'b1', officerId: 'o1', outcome: 'completed', serviceSeconds: 600 }, Date.now() - 30 * 3600_000);
    for (const [id, service] of [['t1', 'JHT'], ['t2', 'JHT'], ['t3', 'JKK'], ['t4', 'JKK'], ['t5', 'JP'], ['t6', 'JHT']] as const) log.add('ticket.issued', log.ticket(id, service));
    log.add('ticket.called', log.call('t1'));
    log.add('ticket.serving', { ticketId: 't1', positionId: 'b1', officerId: 'o1' });
    log.add('ticket.done', { ticketId: 't1', serviceCode: 'JHT', positionId: 'b1', officerId: 'o1', outcome: 'completed', serviceSeconds: 600 });
    log.add('ticket.called', log.call('t2'));
    log.add('ticket.called', log.call('t4'));
    log.add('ticket.transferred', { ticketId: 't4', fromService: 'JKK', toService: 'JHT' });
    log.add('ticket.cancelled', { ticketId: 't5', reason: 'left' });
    log.add('ticket.called', log.call('t6'));
    log.add('ticket.done', { ticketId: 't6', serviceCode: 'JHT', positionId: 'b1', officerId: 'o1', outcome: 'documents_incomplete', serviceSeconds: 300 });
    expect((await jkt.push(crypto.randomUUID(), 1, log.events)).status).toBe(200);

    const res = await fetch(`${hq.url}/api/v1/national`, { headers: { authorization: `Bearer ${VIEW_TOKEN}` } });
    expect(res.status).toBe(200);
    const view = (await res.json()) as { branches: Record<string, unknown>[]; totals: Record<string, unknown> };
    const jakarta = view.branches.find((b) => b.branchId === 'nat-jkt')!;
    // Waiting: t3 (never called) and t4 (transferred back to a queue); t2 is called, t5 cancelled.
    expect(jakarta).toMatchObject({ name: 'Cabang nat-jkt', timeZone: 'Asia/Jakarta', businessDay: log.today, waiting: 2, servedToday: 2, claimsByService: { JHT: 2 } });
    expect(jakarta.lastSyncAt).toBeGreaterThan(Date.now() - 60_000);
    expect(jakarta.lastPushAt).toBeGreaterThan(Date.now() - 60_000);
    const quiet = view.branches.find((b) => b.branchId === 'nat-quiet')!;
    expect(quiet).toMatchObject({ lastSyncAt: null, lastPushAt: null, waiting: 0, servedToday: 0, claimsByService: {}, businessDay: dayIn('Asia/Jayapura', Date.now()) });
    expect(view.totals).toMatchObject({ branches: 2, waiting: 2, servedToday: 2, claimsByService: { JHT: 2 } });
  });

  it('is closed without the view token', async () => {
    const res = await fetch(`${hq.url}/api/v1/national`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: unknown }).error).toMatchObject({ reason: 'token_invalid', field: 'authorization' });
  });
});
