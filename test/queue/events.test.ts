import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { EVENT_TYPES, eventPayloadSchemas, type BranchEvent, type EventType } from '../../main/queue/events.js';
import { createTestBranch, MINUTE, refusal, type TestBranch } from '../support/branch-fixture.js';

let branch: TestBranch | undefined;
afterEach(() => {
  branch?.close();
  branch = undefined;
});

function open(): TestBranch {
  branch = createTestBranch({ timeZone: 'Asia/Jakarta', start: '2025-03-10T09:00:00+07:00' });
  return branch;
}

function checkEvent(event: BranchEvent): void {
  expect(EVENT_TYPES).toContain(event.type);
  const schema = eventPayloadSchemas[event.type] as { safeParse(v: unknown): { success: boolean; error?: unknown } };
  const parsed = schema.safeParse(event.payload);
  expect(parsed.success, `${event.type} payload ${JSON.stringify(event.payload)}: ${String(parsed.error)}`).toBe(true);
  expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
}

/** Runs a command and expects exactly one new event of the given type, stamped with the clock's time. */
function expectOneEvent<T>(b: TestBranch, type: EventType, command: () => T): T {
  const before = b.queue.store.lastSeq();
  b.clock.advance(MINUTE);
  const result = command();
  const added = b.queue.store.eventsAfter(before, 100);
  expect(added.map((e) => e.type), `events of the ${type} command`).toEqual([type]);
  expect(added[0]!.seq).toBeGreaterThan(before);
  expect(added[0]!.at).toBe(b.clock.now());
  checkEvent(added[0]!);
  return result;
}

function expectNoEvent(b: TestBranch, command: () => unknown): void {
  const before = b.queue.store.lastSeq();
  const count = b.eventCount();
  refusal(command);
  expect(b.queue.store.lastSeq()).toBe(before);
  expect(b.eventCount()).toBe(count);
}

describe('the event log', () => {
  it('gets exactly one event per command, with increasing seq, a unique id, a type and a valid payload', () => {
    const b = open();
    const q = b.queue;
    const at = (hhmm: string) => Date.parse(`2025-03-10T${hhmm}:00+07:00`);

    expectOneEvent(b, 'service.updated', () => q.saveService({ ...q.store.service('JP')!, labelEn: 'Pension' }));
    expectOneEvent(b, 'service.updated', () => q.setServiceOpen('JKM', false));
    expectOneEvent(b, 'service.quota_set', () => q.setTodaysQuota('JHT', 150));
    expectOneEvent(b, 'settings.updated', () => q.setTicker('Selamat datang'));
    expectOneEvent(b, 'settings.updated', () => q.setPolicy({ maxRecalls: 1 }));
    expectOneEvent(b, 'booking.imported', () =>
      q.importBookings([{ code: 'BK-1', serviceCode: 'JHT', slotStart: at('09:30'), slotEnd: at('09:45'), nikMasked: '************4321', status: 'booked' }]),
    );
    expectOneEvent(b, 'position.updated', () => b.addCounter('counter-1', ['JHT', 'INFO']));
    expectOneEvent(b, 'officer.updated', () => b.addOfficer('budi', 'Budi'));
    const staff = expectOneEvent(b, 'officer.signed_in', () => b.signIn('budi', ['counter-1'], 'console-1'));

    const a1 = expectOneEvent(b, 'ticket.issued', () => q.issueTicket({ serviceCode: 'JHT' })).ticket;
    const booked = expectOneEvent(b, 'ticket.issued', () => q.checkInBooking({ bookingCode: 'BK-1' })).ticket;
    const e1 = expectOneEvent(b, 'ticket.issued', () => q.issueTicket({ serviceCode: 'INFO' })).ticket;
    const g1 = expectOneEvent(b, 'ticket.issued', () => q.issueTicket({ serviceCode: 'KOLEKTIF', source: 'collective', claimCount: 4 })).ticket;

    expectOneEvent(b, 'ticket.called', () => q.callNext(staff.acting, 'counter-1'));
    expectOneEvent(b, 'ticket.recalled', () => q.recall(staff.acting, booked.id));
    expectOneEvent(b, 'ticket.no_show', () => q.recall(staff.acting, booked.id)); // maxRecalls is 1
    expectOneEvent(b, 'ticket.called', () => q.callTicket(staff.acting, 'counter-1', a1.id));
    expectOneEvent(b, 'ticket.serving', () => q.startServing(staff.acting, a1.id));
    expectOneEvent(b, 'ticket.transferred', () => q.transferTicket(a1.id, 'INFO', staff.acting));
    expectOneEvent(b, 'ticket.called', () => q.callNext(staff.acting, 'counter-1'));
    expectOneEvent(b, 'ticket.done', () => q.finishTicket(staff.acting, a1.id, 'referred'));
    expectOneEvent(b, 'ticket.called', () => q.callNext(staff.acting, 'counter-1'));
    expectOneEvent(b, 'ticket.no_show', () => q.markNoShow(staff.acting, e1.id));
    expectOneEvent(b, 'ticket.cancelled', () => q.cancelTicket(g1.id, 'company sent the wrong person'));
    expectOneEvent(b, 'officer.signed_out', () => q.signOut(staff.session.id));

    const events = b.events();
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    for (const e of events) checkEvent(e);
    expect(b.queue.snapshot().seq).toBe(seqs.at(-1));
  });

  it('ticket.issued carries the ticket as the lobby shows it', () => {
    const b = open();
    const { ticket } = b.queue.issueTicket({ serviceCode: 'JHT', priority: 'elderly' });
    const event = b.events().at(-1)!;
    expect(event).toMatchObject({
      type: 'ticket.issued',
      payload: { ticket: { id: ticket.id, displayNumber: 'A001', serviceCode: 'JHT', priority: 'elderly', status: 'waiting', arrivedAt: b.clock.now() } },
    });
    // The phone status code is the participant's secret: it is not broadcast.
    expect(JSON.stringify(event.payload)).not.toContain(ticket.statusCode);
  });

  it('gets nothing from a refused command', () => {
    const b = open();
    const staff = b.staffCounter({ services: ['JHT'] });
    b.queue.setTodaysQuota('JKK', 0);
    b.queue.setServiceOpen('JKM', false);
    const { ticket } = b.queue.issueTicket({ serviceCode: 'JHT' });

    expectNoEvent(b, () => b.queue.issueTicket({ serviceCode: 'JKK' })); // quota_full
    expectNoEvent(b, () => b.queue.issueTicket({ serviceCode: 'JKM' })); // service_closed
    expectNoEvent(b, () => b.queue.issueTicket({ serviceCode: 'NOPE' })); // not_found
    expectNoEvent(b, () => b.queue.issueTicket({ serviceCode: 'KOLEKTIF', source: 'collective' })); // invalid
    expectNoEvent(b, () => b.queue.checkInBooking({ bookingCode: 'NOPE' }));
    expectNoEvent(b, () => b.queue.startServing(staff.acting, ticket.id)); // not called yet
    expectNoEvent(b, () => b.queue.transferTicket(ticket.id, 'JHT'));
    expectNoEvent(b, () => b.queue.setTodaysQuota('JHT', 0)); // below what was issued
    expectNoEvent(b, () => b.signIn('nobody', [staff.positionId]));
    expectNoEvent(b, () => b.queue.saveService({ ...b.queue.store.service('INFO')!, prefix: 'A' })); // prefix clash
    b.queue.callNext(staff.acting, staff.positionId);
    expectNoEvent(b, () => b.queue.callNext(staff.acting, staff.positionId)); // position busy
    expectNoEvent(b, () => b.queue.signOut(staff.session.id)); // open ticket
  });

  it('gets nothing from a replayed issue', () => {
    const b = open();
    b.queue.issueTicket({ serviceCode: 'JHT', requestId: 'kiosk-1-0001' });
    const count = b.eventCount();
    expect(b.queue.issueTicket({ serviceCode: 'JHT', requestId: 'kiosk-1-0001' }).replayed).toBe(true);
    expect(b.eventCount()).toBe(count);
  });

  it('never holds an unmasked national ID number, and neither does any table or the database file', () => {
    const b = open();
    const nik = '3201234567890001';
    const staff = b.staffCounter({ services: ['JHT', 'INFO'] });
    const { ticket } = b.queue.issueTicket({ serviceCode: 'JHT', nik });
    expect(ticket.nikMasked).toBe('************0001');
    expect(ticket.nikMasked!.endsWith('0001')).toBe(true);
    // Move the ticket through every state so every ticket event is in the log.
    b.queue.callNext(staff.acting, staff.positionId);
    b.queue.recall(staff.acting, ticket.id);
    b.queue.startServing(staff.acting, ticket.id);
    b.queue.transferTicket(ticket.id, 'INFO', staff.acting);
    b.queue.callNext(staff.acting, staff.positionId);
    b.queue.finishTicket(staff.acting, ticket.id, 'completed');
    expect(b.eventCount()).toBeGreaterThan(5);

    const rows = b.db.prepare('SELECT seq, id, type, payload, at FROM events').all() as Record<string, unknown>[];
    for (const row of rows) expect(JSON.stringify(row)).not.toContain(nik);
    // Nothing in the events of this ticket carries even the masked form: pages do not need it.
    for (const row of rows) expect(String(row.payload)).not.toContain(ticket.nikMasked!);

    const tables = (b.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    for (const table of tables) {
      const dump = JSON.stringify(b.db.prepare(`SELECT * FROM "${table}"`).all());
      expect(dump, table).not.toContain(nik);
    }
    b.db.pragma('wal_checkpoint(TRUNCATE)');
    for (const file of fs.readdirSync(b.dir)) {
      expect(fs.readFileSync(`${b.dir}/${file}`).includes(Buffer.from(nik)), file).toBe(false);
    }
  });
});
