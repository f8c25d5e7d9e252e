import { afterEach, describe, expect, it } from 'vitest';
import { createTestBranch, HOUR, MINUTE, refusal, type TestBranch } from '../support/branch-fixture.js';

let branch: TestBranch | undefined;
afterEach(() => {
  branch?.close();
  branch = undefined;
});

function open(start = '2025-03-10T08:00:00+07:00'): TestBranch {
  branch = createTestBranch({ timeZone: 'Asia/Jakarta', start });
  return branch;
}

/** Gives a default-catalogue service another daily quota. */
function withDailyQuota(b: TestBranch, code: string, dailyQuota: number): void {
  const service = b.queue.store.service(code)!;
  b.queue.saveService({ ...service, dailyQuota });
}

/**
 * A day on which a service's prefix already gave out numbers up to `last`: the ticket that took the
 * last one, cancelled so it waits in no queue (the ones before it need not be in this test's database).
 */
function numbersGivenOut(b: TestBranch, code: string, last: number): void {
  const { prefix } = b.queue.store.service(code)!;
  const at = b.clock.now();
  b.db
    .prepare(`INSERT INTO tickets (id, status_code, business_day, prefix, number, display_number, service_code, source, status, arrived_at, issued_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, 'walk_in', 'cancelled', ?, ?)`)
    .run(crypto.randomUUID(), `given${prefix}${last}`, b.queue.today(), prefix, last, `${prefix}${last}`, code, at, at);
}

const queueOf = (b: TestBranch, code: string) => b.queue.serviceQueues().find((q) => q.service.code === code)!;

describe('issuing a walk-in ticket', () => {
  it('returns a waiting ticket of the service with its number, arrival time and wait', () => {
    const b = open();
    const issued = b.queue.issueTicket({ serviceCode: 'INFO' });
    expect(issued.replayed).toBe(false);
    expect(issued.ticket).toMatchObject({
      serviceCode: 'INFO',
      displayNumber: 'E001',
      businessDay: '2025-03-10',
      source: 'walk_in',
      priority: 'none',
      status: 'waiting',
      arrivedAt: b.clock.now(),
      issuedAt: b.clock.now(),
    });
    expect(issued.wait).toMatchObject({ peopleAhead: 0, seconds: 0 });
    expect(issued.ticket.statusCode).toMatch(/^[a-z2-9]{16}$/);
  });

  it('gives every ticket its own unguessable status code', () => {
    const b = open();
    const codes = Array.from({ length: 20 }, () => b.queue.issueTicket({ serviceCode: 'INFO' }).ticket.statusCode);
    expect(new Set(codes).size).toBe(20);
  });

  it('refuses an unknown service with not_found and changes nothing', () => {
    const b = open();
    const before = b.eventCount();
    const error = refusal(() => b.queue.issueTicket({ serviceCode: 'NOPE' }));
    expect(error.code).toBe('not_found');
    expect(error.details.field).toBe('serviceCode');
    expect(b.eventCount()).toBe(before);
    expect(b.ticketCount()).toBe(0);
  });

  it('refuses a closed service with service_closed, offering to book online or use the drop box; reopened it starts at 001', () => {
    const b = open();
    b.queue.setServiceOpen('JKM', false);
    const before = b.eventCount();
    const error = refusal(() => b.queue.issueTicket({ serviceCode: 'JKM' }));
    expect(error.code).toBe('service_closed');
    expect(error.details.field).toBe('serviceCode');
    expect(error.details.alternatives).toEqual(['book_online', 'drop_box']);
    expect(b.eventCount()).toBe(before);
    expect(b.ticketCount()).toBe(0);

    b.queue.setServiceOpen('JKM', true);
    expect(b.queue.issueTicket({ serviceCode: 'JKM' }).ticket.displayNumber).toBe('C001');
  });

  it('does not send people from a closed drop box to the drop box', () => {
    const b = open();
    b.queue.setServiceOpen('DROP', false);
    const error = refusal(() => b.queue.issueTicket({ serviceCode: 'DROP', source: 'drop_box' }));
    expect(error.code).toBe('service_closed');
    expect(error.details.alternatives).not.toContain('drop_box');
  });

  it('keeps the priority class the participant chose', () => {
    const b = open();
    expect(b.queue.issueTicket({ serviceCode: 'JHT', priority: 'pregnant' }).ticket.priority).toBe('pregnant');
  });
});

describe('collective claims', () => {
  it('need the number of claim files (field claimCount)', () => {
    const b = open();
    const error = refusal(() => b.queue.issueTicket({ serviceCode: 'KOLEKTIF', source: 'collective' }));
    expect(error.code).toBe('invalid');
    expect(error.details.field).toBe('claimCount');
    expect(b.ticketCount()).toBe(0);
    expect(b.queue.issueTicket({ serviceCode: 'KOLEKTIF', source: 'collective', claimCount: 1 }).ticket.displayNumber).toBe('G001');
  });

  it('carry the number of claim files on the ticket', () => {
    const b = open();
    const { ticket } = b.queue.issueTicket({ serviceCode: 'KOLEKTIF', source: 'collective', claimCount: 37 });
    expect(ticket.source).toBe('collective');
    expect(ticket.claimCount).toBe(37);
    const issued = b.events().find((e) => e.type === 'ticket.issued')!;
    expect((issued.payload as { ticket: { claimCount: number } }).ticket.claimCount).toBe(37);
  });

  it('are the only tickets with a number of claim files', () => {
    const b = open();
    const error = refusal(() => b.queue.issueTicket({ serviceCode: 'JHT', claimCount: 3 }));
    expect(error.code).toBe('invalid');
    expect(error.details.field).toBe('claimCount');
    expect(b.ticketCount()).toBe(0);
  });
});

describe('daily quota', () => {
  it('refuses the ticket past the quota with quota_full and alternatives, and changes nothing', () => {
    const b = open();
    withDailyQuota(b, 'JKK', 2);
    b.queue.issueTicket({ serviceCode: 'JKK' });
    b.queue.issueTicket({ serviceCode: 'JKK' });
    const events = b.eventCount();

    const error = refusal(() => b.queue.issueTicket({ serviceCode: 'JKK' }));
    expect(error.code).toBe('quota_full');
    expect(error.details.field).toBe('serviceCode');
    expect(error.details.quota).toBe(2);
    expect(error.details.alternatives).toEqual(expect.arrayContaining(['book_online', 'drop_box']));
    expect(b.eventCount()).toBe(events);
    expect(b.ticketCount()).toBe(2);
    expect(queueOf(b, 'JKK')).toMatchObject({ quotaToday: 2, issuedToday: 2 });
  });

  it('does not consume a number on refusal: after raising today\'s quota the next ticket has the next number', () => {
    const b = open();
    withDailyQuota(b, 'JKK', 2);
    b.queue.issueTicket({ serviceCode: 'JKK' });
    b.queue.issueTicket({ serviceCode: 'JKK' });
    refusal(() => b.queue.issueTicket({ serviceCode: 'JKK' }));
    refusal(() => b.queue.issueTicket({ serviceCode: 'JKK' }));

    const raised = b.queue.setTodaysQuota('JKK', 3);
    expect(raised).toEqual({ serviceCode: 'JKK', businessDay: '2025-03-10', quota: 3 });
    expect(b.queue.issueTicket({ serviceCode: 'JKK' }).ticket.displayNumber).toBe('B003');
    expect(refusal(() => b.queue.issueTicket({ serviceCode: 'JKK' })).code).toBe('quota_full');
  });

  it('raised with setTodaysQuota holds for today only: the next business day is back to the daily quota', () => {
    const b = open('2025-03-10T15:00:00+07:00');
    withDailyQuota(b, 'JKK', 2);
    b.queue.setTodaysQuota('JKK', 4);
    for (let i = 0; i < 4; i++) b.queue.issueTicket({ serviceCode: 'JKK' });
    expect(refusal(() => b.queue.issueTicket({ serviceCode: 'JKK' })).code).toBe('quota_full');

    b.clock.set('2025-03-11T00:00:00+07:00');
    expect(queueOf(b, 'JKK')).toMatchObject({ quotaToday: 2, issuedToday: 0 });
    expect(b.queue.issueTicket({ serviceCode: 'JKK' }).ticket.displayNumber).toBe('B001');
    expect(b.queue.issueTicket({ serviceCode: 'JKK' }).ticket.displayNumber).toBe('B002');
    const error = refusal(() => b.queue.issueTicket({ serviceCode: 'JKK' }));
    expect(error.code).toBe('quota_full');
    expect(error.details.quota).toBe(2);
  });

  it('starts afresh every business day', () => {
    const b = open('2025-03-10T16:00:00+07:00');
    withDailyQuota(b, 'JKK', 1);
    b.queue.issueTicket({ serviceCode: 'JKK' });
    expect(refusal(() => b.queue.issueTicket({ serviceCode: 'JKK' })).code).toBe('quota_full');
    b.clock.advance(8 * HOUR); // 00:00 the next day
    expect(b.queue.issueTicket({ serviceCode: 'JKK' }).ticket.businessDay).toBe('2025-03-11');
  });

  it('is per service: a full JKK does not stop JHT', () => {
    const b = open();
    withDailyQuota(b, 'JKK', 1);
    b.queue.issueTicket({ serviceCode: 'JKK' });
    expect(refusal(() => b.queue.issueTicket({ serviceCode: 'JKK' })).code).toBe('quota_full');
    expect(b.queue.issueTicket({ serviceCode: 'JHT' }).ticket.displayNumber).toBe('A001');
  });

  it('cannot be set below what was already issued today', () => {
    const b = open();
    b.queue.issueTicket({ serviceCode: 'JKK' });
    b.queue.issueTicket({ serviceCode: 'JKK' });
    const events = b.eventCount();
    const error = refusal(() => b.queue.setTodaysQuota('JKK', 1));
    expect(error.code).toBe('invalid');
    expect(error.details.field).toBe('quota');
    expect(b.eventCount()).toBe(events);
    expect(queueOf(b, 'JKK').quotaToday).toBe(30);
  });

  it('of zero closes issuing for the day', () => {
    const b = open();
    b.queue.setTodaysQuota('INFO', 0);
    expect(refusal(() => b.queue.issueTicket({ serviceCode: 'INFO' })).code).toBe('quota_full');
  });

  it('refuses an unknown service for setTodaysQuota with not_found', () => {
    const b = open();
    expect(refusal(() => b.queue.setTodaysQuota('NOPE', 10)).code).toBe('not_found');
  });

  it('sends a full drop box to booking online or coming back, not to the drop box', () => {
    const b = open();
    b.queue.setTodaysQuota('DROP', 0);
    const error = refusal(() => b.queue.issueTicket({ serviceCode: 'DROP', source: 'drop_box' }));
    expect(error.code).toBe('quota_full');
    expect(error.details.alternatives).toEqual(['book_online', 'come_back_later']);
  });

  it('refuses with quota_full once all 999 numbers of a prefix are used, whatever the quota', () => {
    const b = open();
    b.queue.setTodaysQuota('JHT', 999);
    numbersGivenOut(b, 'JHT', 998);
    expect(b.queue.issueTicket({ serviceCode: 'JHT' }).ticket.displayNumber).toBe('A999');
    const events = b.eventCount();
    const error = refusal(() => b.queue.issueTicket({ serviceCode: 'JHT' }));
    expect(error.code).toBe('quota_full');
    expect(b.eventCount()).toBe(events);
    expect(b.ticketCount()).toBe(2);
    expect(queueOf(b, 'JHT').issuedToday).toBe(999);
  });

  it('does not send people to the drop box when the drop box itself has used all its numbers', () => {
    // Cancelled tickets give their quota place back but not their number, so the 999 numbers can run out first.
    const b = open();
    b.queue.setTodaysQuota('DROP', 999);
    numbersGivenOut(b, 'DROP', 999);
    const error = refusal(() => b.queue.issueTicket({ serviceCode: 'DROP', source: 'drop_box' }));
    expect(error.code).toBe('quota_full');
    expect(error.details.alternatives).not.toContain('drop_box');
  });
});

describe('idempotent issuing', () => {
  it('returns the same ticket with replayed=true for a retry with the same requestId, and appends one event', () => {
    const b = open();
    const before = b.eventCount();
    const first = b.queue.issueTicket({ serviceCode: 'JHT', requestId: 'kiosk-1-tap-0001' });
    b.clock.advance(MINUTE);
    const retry = b.queue.issueTicket({ serviceCode: 'JHT', requestId: 'kiosk-1-tap-0001' });

    expect(first.replayed).toBe(false);
    expect(retry.replayed).toBe(true);
    expect(retry.ticket.id).toBe(first.ticket.id);
    expect(retry.ticket.displayNumber).toBe('A001');
    expect(retry.ticket.statusCode).toBe(first.ticket.statusCode);
    expect(retry.ticket.arrivedAt).toBe(first.ticket.arrivedAt);
    expect(b.ticketCount()).toBe(1);
    expect(b.eventCount()).toBe(before + 1);
    expect(b.events().filter((e) => e.type === 'ticket.issued')).toHaveLength(1);
    // The retry did not use up a number either.
    expect(b.queue.issueTicket({ serviceCode: 'JHT', requestId: 'kiosk-1-tap-0002' }).ticket.displayNumber).toBe('A002');
  });

  it('replays from another connection too (the retry may reach another hub process)', () => {
    const b = open();
    const first = b.queue.issueTicket({ serviceCode: 'JHT', requestId: 'kiosk-2-tap-0001' });
    const other = b.connect();
    const retry = other.queue.issueTicket({ serviceCode: 'JHT', requestId: 'kiosk-2-tap-0001' });
    expect(retry).toMatchObject({ replayed: true, ticket: { id: first.ticket.id } });
    expect(b.ticketCount()).toBe(1);
  });

  it('replays a ticket even after the quota has filled up since', () => {
    const b = open();
    withDailyQuota(b, 'JKK', 1);
    const first = b.queue.issueTicket({ serviceCode: 'JKK', requestId: 'kiosk-3-tap-0001' });
    expect(refusal(() => b.queue.issueTicket({ serviceCode: 'JKK' })).code).toBe('quota_full');
    const retry = b.queue.issueTicket({ serviceCode: 'JKK', requestId: 'kiosk-3-tap-0001' });
    expect(retry.replayed).toBe(true);
    expect(retry.ticket.id).toBe(first.ticket.id);
  });

  it('replays a booking check-in with the same requestId instead of answering booking_used', () => {
    const b = open('2025-03-10T09:00:00+07:00');
    b.queue.importBookings([
      { code: 'BK-1', serviceCode: 'JHT', slotStart: Date.parse('2025-03-10T09:15:00+07:00'), slotEnd: Date.parse('2025-03-10T09:30:00+07:00'), nikMasked: null, status: 'booked' },
    ]);
    const before = b.eventCount();
    const first = b.queue.checkInBooking({ bookingCode: 'BK-1', requestId: 'kiosk-4-tap-0001' });
    const retry = b.queue.checkInBooking({ bookingCode: 'BK-1', requestId: 'kiosk-4-tap-0001' });
    expect(retry.replayed).toBe(true);
    expect(retry.ticket.id).toBe(first.ticket.id);
    expect(b.eventCount()).toBe(before + 1);
  });

  it('reports the current wait of a replayed ticket', () => {
    const b = open();
    b.queue.issueTicket({ serviceCode: 'INFO' });
    b.clock.advance(MINUTE);
    const mine = b.queue.issueTicket({ serviceCode: 'INFO', requestId: 'kiosk-5-tap-0001' });
    expect(mine.wait?.peopleAhead).toBe(1);
    const staff = b.staffCounter({ services: ['INFO'] });
    b.queue.callNext(staff.acting, staff.positionId);
    const retry = b.queue.issueTicket({ serviceCode: 'INFO', requestId: 'kiosk-5-tap-0001' });
    expect(retry.wait?.peopleAhead).toBe(0);
  });
});

describe('the answer to an issue', () => {
  /** What anyone reading the branch afresh, on another connection, says of a ticket. */
  function freshRead(b: TestBranch, ticketId: string) {
    const other = b.connect();
    try {
      const jobs = other.queue.store.printJobsOfTicket(ticketId);
      const jht = other.queue.serviceQueues().find((q) => q.service.code === 'JHT')!;
      return {
        wait: other.queue.waitOf(ticketId),
        place: jht.waiting.findIndex((t) => t.id === ticketId),
        printJobId: jobs[jobs.length - 1]?.id ?? null,
      };
    } finally {
      other.close();
    }
  }

  it('gives the people ahead, the wait and the print job that a fresh read of the branch gives', () => {
    const b = open();
    const staff = b.staffBooths({ services: ['JHT'], count: 2 });
    // Learned durations and a priority ticket that the policy puts first, so every figure is earned.
    for (let i = 0; i < 3; i++) {
      const { ticket } = b.queue.issueTicket({ serviceCode: 'JHT' });
      b.queue.callTicket(staff.acting, staff.positionId, ticket.id);
      b.queue.startServing(staff.acting, ticket.id);
      b.clock.advance(7 * MINUTE);
      b.queue.finishTicket(staff.acting, ticket.id, 'completed');
    }
    for (let i = 0; i < 3; i++) {
      b.queue.issueTicket({ serviceCode: 'JHT' });
      b.clock.advance(MINUTE);
    }
    b.queue.issueTicket({ serviceCode: 'JHT', priority: 'elderly' });
    b.clock.advance(MINUTE);

    const issued = b.queue.issueTicket({ serviceCode: 'JHT', requestId: 'kiosk-1-tap-9', deviceId: 'kiosk-1', printOn: 'kiosk-1' });
    const fresh = freshRead(b, issued.ticket.id);
    expect(issued.wait).toEqual(fresh.wait);
    expect(issued.wait).toMatchObject({ peopleAhead: 4, staffed: true, basis: 'learned' });
    expect(issued.wait!.seconds).toBeGreaterThan(0);
    expect(issued.wait!.peopleAhead).toBe(fresh.place);
    expect(issued.printJobId).not.toBeNull();
    expect(issued.printJobId).toBe(fresh.printJobId);

    // A retry after the queue moved and the ticket was reprinted answers with the branch as it is now.
    b.queue.callNext(staff.acting, staff.positionId);
    b.queue.finishPrint(issued.printJobId!, 'kiosk-1', { printed: false, reason: 'paper_out' });
    const reprint = b.queue.reprintTicket(issued.ticket.id);
    const retry = b.queue.issueTicket({ serviceCode: 'JHT', requestId: 'kiosk-1-tap-9', deviceId: 'kiosk-1', printOn: 'kiosk-1' });
    const now = freshRead(b, issued.ticket.id);
    expect(retry).toMatchObject({ replayed: true, printJobId: reprint.id, wait: now.wait });
    expect(retry.wait!.peopleAhead).toBe(3);
    expect(retry.wait!.peopleAhead).toBe(now.place);
  });

  it('has no print job when the ticket is printed nowhere', () => {
    const b = open();
    expect(b.queue.issueTicket({ serviceCode: 'INFO' }).printJobId).toBeNull();
  });
});

describe('national ID numbers', () => {
  it('keep only the last four digits on the ticket', () => {
    const b = open();
    const { ticket } = b.queue.issueTicket({ serviceCode: 'JHT', nik: '3201234567890001' });
    expect(ticket.nikMasked).toBe('************0001');
    const stored = b.db.prepare('SELECT nik_masked FROM tickets WHERE id = ?').get(ticket.id) as { nik_masked: string };
    expect(stored.nik_masked).toBe('************0001');
  });

  it('does not give a quota place back when a ticket is transferred to another service', () => {
    const b = createTestBranch({ start: '2025-03-10T09:00:00+07:00' });
    try {
      b.queue.setTodaysQuota('JHT', 2);
      const first = b.queue.issueTicket({ serviceCode: 'JHT' });
      b.queue.issueTicket({ serviceCode: 'JHT' });
      b.queue.transferTicket(first.ticket.id, 'INFO');
      expect(refusal(() => b.queue.issueTicket({ serviceCode: 'JHT' })).code).toBe('quota_full');
    } finally {
      b.close();
    }
  });
});
