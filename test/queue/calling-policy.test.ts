import { afterEach, describe, expect, it } from 'vitest';
import { orderQueue, pickNext, policyStateFromRecentCalls, type QueuedTicket } from '../../main/queue/calling-policy.js';
import { DEFAULT_POLICY, type PolicyConfig, type Priority } from '../../main/queue/types.js';
import { createTestBranch, HOUR, MINUTE, refusal, type Staff, type TestBranch } from '../support/branch-fixture.js';

// ---------------------------------------------------------------------------------------------
// The pure policy
// ---------------------------------------------------------------------------------------------

const T0 = Date.parse('2025-03-10T08:00:00+07:00');

function q(id: string, minutesAfterT0: number, extra: Partial<QueuedTicket> = {}): QueuedTicket {
  return { id, serviceCode: 'JHT', priority: 'none', source: 'walk_in', arrivedAt: T0 + minutesAfterT0 * MINUTE, number: 0, bookingSlotStart: null, ...extra };
}
const prio = (id: string, minutes: number, priority: Priority = 'elderly') => q(id, minutes, { priority });
const booking = (id: string, minutes: number, slotMinutesAfterT0: number) =>
  q(id, minutes, { source: 'booking', bookingSlotStart: T0 + slotMinutesAfterT0 * MINUTE });

const ids = (order: { ticket: QueuedTicket }[]) => order.map((o) => o.ticket.id);
const fresh = { normalsSinceLastPriority: 0 };

describe('orderQueue / pickNext (pure)', () => {
  const now = T0 + 30 * MINUTE;

  it('calls nobody when nobody waits', () => {
    expect(pickNext([], now, DEFAULT_POLICY, fresh)).toBeNull();
    expect(orderQueue([], now, DEFAULT_POLICY, fresh)).toEqual([]);
  });

  it('orders plain walk-ins by arrival, whatever order they are handed in', () => {
    const order = orderQueue([q('c', 3), q('a', 1), q('b', 2)], now, DEFAULT_POLICY, fresh);
    expect(ids(order)).toEqual(['a', 'b', 'c']);
    expect(order.every((o) => o.reason === 'arrival')).toBe(true);
  });

  it('puts bookings inside their window first, earliest slot first, ahead of earlier walk-ins and priority tickets', () => {
    const waiting = [q('walk', 0), prio('prio', 1), booking('slot-10', 20, 40), booking('slot-9', 25, 30)];
    const order = orderQueue(waiting, now, DEFAULT_POLICY, { normalsSinceLastPriority: 5 });
    expect(ids(order).slice(0, 2)).toEqual(['slot-9', 'slot-10']);
    expect(order.slice(0, 2).map((o) => o.reason)).toEqual(['booking', 'booking']);
    expect(pickNext(waiting, now, DEFAULT_POLICY, fresh)!.ticket.id).toBe('slot-9');
  });

  it('ranks a booking whose window has not opened yet by its arrival, like a walk-in', () => {
    // Slot at T0+120min: the window opens 30 minutes before, at T0+90min; now is T0+30min.
    const order = orderQueue([q('walk', 0), booking('early', 5, 120), q('later', 10)], now, DEFAULT_POLICY, fresh);
    expect(ids(order)).toEqual(['walk', 'early', 'later']);
    expect(order[1]!.reason).toBe('arrival');
  });

  it('interleaves one priority ticket after every two normal ones by default', () => {
    const waiting = [prio('p1', 0), prio('p2', 1), q('n1', 2), q('n2', 3), q('n3', 4), q('n4', 5), q('n5', 6)];
    const order = orderQueue(waiting, now, DEFAULT_POLICY, fresh);
    expect(ids(order)).toEqual(['n1', 'n2', 'p1', 'n3', 'n4', 'p2', 'n5']);
    expect(order.filter((o) => o.reason === 'priority').map((o) => o.ticket.id)).toEqual(['p1', 'p2']);
  });

  it('follows a configured ratio: one priority after every three normal ones', () => {
    const config: PolicyConfig = { ...DEFAULT_POLICY, normalsPerPriority: 3 };
    const waiting = [prio('p1', 0), prio('p2', 1), ...[1, 2, 3, 4, 5, 6, 7].map((i) => q(`n${i}`, 1 + i))];
    expect(ids(orderQueue(waiting, now, config, fresh))).toEqual(['n1', 'n2', 'n3', 'p1', 'n4', 'n5', 'n6', 'p2', 'n7']);
  });

  it('continues the interleave from the state of earlier calls', () => {
    const waiting = [prio('p1', 0), q('n1', 1), q('n2', 2), q('n3', 3)];
    expect(ids(orderQueue(waiting, now, DEFAULT_POLICY, { normalsSinceLastPriority: 2 }))).toEqual(['p1', 'n1', 'n2', 'n3']);
    expect(ids(orderQueue(waiting, now, DEFAULT_POLICY, { normalsSinceLastPriority: 1 }))).toEqual(['n1', 'p1', 'n2', 'n3']);
    expect(pickNext(waiting, now, DEFAULT_POLICY, { normalsSinceLastPriority: 2 })!.ticket.id).toBe('p1');
    expect(pickNext(waiting, now, DEFAULT_POLICY, { normalsSinceLastPriority: 0 })!.ticket.id).toBe('n1');
  });

  it('calls priority tickets in arrival order, back to back when no normal ticket waits', () => {
    const order = orderQueue([prio('p2', 5, 'pregnant'), prio('p1', 1, 'disabled')], now, DEFAULT_POLICY, fresh);
    expect(ids(order)).toEqual(['p1', 'p2']);
    expect(order.map((o) => o.reason)).toEqual(['priority', 'priority']);
  });

  it('calls anyone who waited longer than the ceiling first, longest wait first, whatever their class', () => {
    const late = T0 + 95 * MINUTE; // n-old arrived at T0, 95 minutes ago; n-older at T0-10
    const waiting = [booking('booked', 80, 100), prio('prio', 70), q('n-old', 0), q('n-older', -10), q('n-new', 60)];
    const order = orderQueue(waiting, late, DEFAULT_POLICY, fresh);
    expect(ids(order).slice(0, 3)).toEqual(['n-older', 'n-old', 'booked']);
    expect(order.slice(0, 2).map((o) => o.reason)).toEqual(['overdue', 'overdue']);
  });

  it('applies the ceiling strictly: exactly maxWaitMinutes is not yet overdue, one millisecond more is', () => {
    const waiting = [booking('booked', 89, 95), q('walk', 0)];
    const atCeiling = T0 + DEFAULT_POLICY.maxWaitMinutes * MINUTE;
    expect(pickNext(waiting, atCeiling, DEFAULT_POLICY, fresh)!.ticket.id).toBe('booked');
    const past = pickNext(waiting, atCeiling + 1, DEFAULT_POLICY, fresh)!;
    expect([past.ticket.id, past.reason]).toEqual(['walk', 'overdue']);
  });

  it('uses a configured ceiling', () => {
    const config = { ...DEFAULT_POLICY, maxWaitMinutes: 20 };
    const waiting = [prio('p', 20), q('walk', 0), q('n2', 21)];
    const next = pickNext(waiting, T0 + 21 * MINUTE, config, { normalsSinceLastPriority: 2 })!;
    expect([next.ticket.id, next.reason]).toEqual(['walk', 'overdue']);
  });
});

describe('policyStateFromRecentCalls', () => {
  it('counts the normal calls since the newest priority call', () => {
    expect(policyStateFromRecentCalls(['none', 'none', 'elderly', 'none', 'none', 'none'], DEFAULT_POLICY)).toEqual({ normalsSinceLastPriority: 2 });
    expect(policyStateFromRecentCalls(['pregnant', 'none'], DEFAULT_POLICY)).toEqual({ normalsSinceLastPriority: 0 });
  });

  it('makes a priority ticket due when no priority call is among the recent ones, as at opening time', () => {
    expect(policyStateFromRecentCalls([], DEFAULT_POLICY)).toEqual({ normalsSinceLastPriority: DEFAULT_POLICY.normalsPerPriority });
    expect(policyStateFromRecentCalls(['none'], { ...DEFAULT_POLICY, normalsPerPriority: 3 })).toEqual({ normalsSinceLastPriority: 3 });
    expect(policyStateFromRecentCalls(['none', 'none', 'none'], DEFAULT_POLICY)).toEqual({ normalsSinceLastPriority: 2 });
  });
});

// ---------------------------------------------------------------------------------------------
// The policy through the real queue
// ---------------------------------------------------------------------------------------------

let branch: TestBranch | undefined;
afterEach(() => {
  branch?.close();
  branch = undefined;
});

/** Calls the next ticket at the staff's counter and finishes it at once; returns [displayNumber, reason of the call event]. */
function serveNext(b: TestBranch, staff: Staff): [string, string] | null {
  b.clock.advance(MINUTE);
  const ticket = b.queue.callNext(staff.acting, staff.positionId);
  if (!ticket) return null;
  const called = b.events().filter((e) => e.type === 'ticket.called').at(-1)!;
  b.clock.advance(MINUTE);
  b.queue.finishTicket(staff.acting, ticket.id, 'completed');
  return [ticket.displayNumber, (called.payload as { reason: string }).reason];
}

function serveAll(b: TestBranch, staff: Staff): [string, string][] {
  const served: [string, string][] = [];
  for (let next = serveNext(b, staff); next; next = serveNext(b, staff)) served.push(next);
  return served;
}

describe('bookings through the queue', () => {
  const day = '2025-03-10';
  const at = (hhmm: string) => Date.parse(`${day}T${hhmm}:00+07:00`);

  function setUp(): { b: TestBranch; staff: Staff } {
    const b = createTestBranch({ timeZone: 'Asia/Jakarta', start: at('08:55') });
    branch = b;
    b.queue.importBookings([
      { code: 'BK-0930', serviceCode: 'JHT', slotStart: at('09:30'), slotEnd: at('09:45'), nikMasked: '************1111', status: 'booked' },
      { code: 'BK-1000', serviceCode: 'JHT', slotStart: at('10:00'), slotEnd: at('10:15'), nikMasked: null, status: 'booked' },
      { code: 'BK-0900', serviceCode: 'JHT', slotStart: at('09:00'), slotEnd: at('09:15'), nikMasked: null, status: 'booked' },
      { code: 'BK-1100', serviceCode: 'JHT', slotStart: at('11:00'), slotEnd: at('11:15'), nikMasked: null, status: 'booked' },
      { code: 'BK-TOMORROW', serviceCode: 'JHT', slotStart: Date.parse('2025-03-11T09:00:00+07:00'), slotEnd: Date.parse('2025-03-11T09:15:00+07:00'), nikMasked: null, status: 'booked' },
      { code: 'BK-YESTERDAY', serviceCode: 'JHT', slotStart: Date.parse('2025-03-09T09:00:00+07:00'), slotEnd: Date.parse('2025-03-09T09:15:00+07:00'), nikMasked: null, status: 'booked' },
    ]);
    return { b, staff: b.staffCounter({ services: ['JHT'] }) };
  }

  it('calls bookings that checked in within their window first, in slot order, then the walk-ins by arrival', () => {
    const { b, staff } = setUp();
    b.clock.set(at('09:00'));
    b.queue.issueTicket({ serviceCode: 'JHT' }); // A001 walk-in at 09:00
    b.clock.set(at('09:31'));
    const for10 = b.queue.checkInBooking({ bookingCode: 'BK-1000' }); // 29 minutes early: inside the 30-minute window
    b.clock.set(at('09:32'));
    const for930 = b.queue.checkInBooking({ bookingCode: 'BK-0930' });
    b.clock.set(at('09:33'));
    b.queue.issueTicket({ serviceCode: 'JHT', priority: 'elderly' }); // A004

    expect(for10.lateBooking).toBe(false);
    expect(for10.ticket.source).toBe('booking');
    expect([for10.ticket.displayNumber, for930.ticket.displayNumber]).toEqual(['A002', 'A003']);
    // Bookings are normal calls for the interleave: after the two bookings the priority ticket is due.
    expect(serveAll(b, staff)).toEqual([
      ['A003', 'booking'],
      ['A002', 'booking'],
      ['A004', 'priority'],
      ['A001', 'arrival'],
    ]);
  });

  it('serves a booking that checks in after the late tolerance as a walk-in, by its arrival', () => {
    const { b, staff } = setUp();
    b.clock.set(at('09:10'));
    b.queue.issueTicket({ serviceCode: 'JHT' }); // A001
    b.clock.set(at('09:16')); // slot 09:00 + 15 minutes tolerance = 09:15: late
    const late = b.queue.checkInBooking({ bookingCode: 'BK-0900' });
    b.clock.set(at('09:17'));
    b.queue.issueTicket({ serviceCode: 'JHT' }); // A003

    expect(late.lateBooking).toBe(true);
    expect(late.ticket.source).toBe('booking');
    expect(late.ticket.bookingSlotStart).toBeNull();
    expect(serveAll(b, staff)).toEqual([
      ['A001', 'arrival'],
      ['A002', 'arrival'],
      ['A003', 'arrival'],
    ]);
  });

  it('still ranks a booking as a booking at exactly the end of the late tolerance', () => {
    const { b, staff } = setUp();
    b.clock.set(at('09:10'));
    b.queue.issueTicket({ serviceCode: 'JHT' });
    b.clock.set(at('09:15'));
    const onTime = b.queue.checkInBooking({ bookingCode: 'BK-0900' });
    expect(onTime.lateBooking).toBe(false);
    expect(serveNext(b, staff)).toEqual(['A002', 'booking']);
  });

  it('refuses a check-in before the window opens with booking_too_early, telling when it opens; at the opening it works', () => {
    const { b } = setUp();
    b.clock.set(at('10:29'));
    const before = b.eventCount();
    const error = refusal(() => b.queue.checkInBooking({ bookingCode: 'BK-1100' }));
    expect(error.code).toBe('booking_too_early');
    expect(error.details.field).toBe('bookingCode');
    expect(error.details.opensAt).toBe(at('10:30'));
    expect(error.details.alternatives).toEqual(['come_back_later']);
    expect(error.message).toContain('10:30');
    expect(b.eventCount()).toBe(before);
    expect(b.ticketCount()).toBe(0);

    b.clock.set(at('10:30'));
    expect(b.queue.checkInBooking({ bookingCode: 'BK-1100' }).ticket.bookingCode).toBe('BK-1100');
  });

  it('refuses a booking for another day with booking_wrong_day', () => {
    const { b } = setUp();
    b.clock.set(at('09:00'));
    const tomorrow = refusal(() => b.queue.checkInBooking({ bookingCode: 'BK-TOMORROW' }));
    expect(tomorrow.code).toBe('booking_wrong_day');
    expect(tomorrow.details.slotDay).toBe('2025-03-11');
    expect(tomorrow.details.alternatives).toEqual(['come_back_later']);
    const yesterday = refusal(() => b.queue.checkInBooking({ bookingCode: 'BK-YESTERDAY' }));
    expect(yesterday.code).toBe('booking_wrong_day');
    expect(yesterday.details.slotDay).toBe('2025-03-09');
    expect(yesterday.details.alternatives).toEqual(['book_online', 'ask_officer']);
    expect(b.ticketCount()).toBe(0);
  });

  it('lets a 00:10 slot check in at 23:50, inside its early window, but not at 23:30', () => {
    const { b } = setUp();
    b.queue.importBookings([
      { code: 'BK-MIDNIGHT', serviceCode: 'JHT', slotStart: Date.parse('2025-03-11T00:10:00+07:00'), slotEnd: Date.parse('2025-03-11T00:25:00+07:00'), nikMasked: null, status: 'booked' },
    ]);
    b.clock.set(at('23:30'));
    expect(refusal(() => b.queue.checkInBooking({ bookingCode: 'BK-MIDNIGHT' })).code).toBe('booking_too_early');
    b.clock.set(at('23:50'));
    expect(b.queue.checkInBooking({ bookingCode: 'BK-MIDNIGHT' }).ticket.source).toBe('booking');
  });

  it('refuses an unknown booking with not_found and a used one with booking_used naming the ticket', () => {
    const { b } = setUp();
    b.clock.set(at('09:20'));
    const unknown = refusal(() => b.queue.checkInBooking({ bookingCode: 'NOPE' }));
    expect(unknown.code).toBe('not_found');
    expect(unknown.details.field).toBe('bookingCode');

    const first = b.queue.checkInBooking({ bookingCode: 'BK-0930' });
    const eventsAfterFirst = b.eventCount();
    b.clock.advance(MINUTE);
    const used = refusal(() => b.queue.checkInBooking({ bookingCode: 'BK-0930' }));
    expect(used.code).toBe('booking_used');
    expect(used.message).toContain(first.ticket.displayNumber);
    expect(b.ticketCount()).toBe(1);
    expect(b.eventCount()).toBe(eventsAfterFirst);
  });

  it('refuses a cancelled booking with booking_cancelled', () => {
    const { b } = setUp();
    b.queue.importBookings([{ code: 'BK-X', serviceCode: 'JHT', slotStart: at('09:30'), slotEnd: at('09:45'), nikMasked: null, status: 'cancelled' }]);
    b.clock.set(at('09:30'));
    expect(refusal(() => b.queue.checkInBooking({ bookingCode: 'BK-X' })).code).toBe('booking_cancelled');
  });

  it('keeps the masked NIK of the booking on its ticket', () => {
    const { b } = setUp();
    b.clock.set(at('09:20'));
    expect(b.queue.checkInBooking({ bookingCode: 'BK-0930' }).ticket.nikMasked).toBe('************1111');
  });
});

describe('priority interleave through the queue', () => {
  function setUp(): { b: TestBranch; staff: Staff } {
    const b = createTestBranch({ timeZone: 'Asia/Jakarta', start: '2025-03-10T08:00:00+07:00' });
    branch = b;
    return { b, staff: b.staffCounter({ services: ['JHT'] }) };
  }

  function issueAll(b: TestBranch, priorities: Priority[]): void {
    for (const priority of priorities) {
      b.queue.issueTicket({ serviceCode: 'JHT', priority });
      b.clock.advance(MINUTE);
    }
  }

  it('calls one priority ticket after every two normal ones by default', () => {
    const { b, staff } = setUp();
    // A001, A002 priority; A003..A007 normal.
    issueAll(b, ['elderly', 'disabled', 'none', 'none', 'none', 'none', 'none']);
    // No priority call yet today, so the first priority ticket is due at once.
    expect(serveAll(b, staff)).toEqual([
      ['A001', 'priority'],
      ['A003', 'arrival'],
      ['A004', 'arrival'],
      ['A002', 'priority'],
      ['A005', 'arrival'],
      ['A006', 'arrival'],
      ['A007', 'arrival'],
    ]);
  });

  it('follows setPolicy({ normalsPerPriority: 3 })', () => {
    const { b, staff } = setUp();
    expect(b.queue.setPolicy({ normalsPerPriority: 3 }).normalsPerPriority).toBe(3);
    expect(b.queue.policy().normalsPerPriority).toBe(3);
    issueAll(b, ['pregnant', 'none', 'none', 'none', 'none', 'elderly', 'none', 'none']);
    expect(serveAll(b, staff).map(([n]) => n)).toEqual(['A001', 'A002', 'A003', 'A004', 'A006', 'A005', 'A007', 'A008']);
  });

  it('keeps the interleave across calls and across a restart: the state comes from the day\'s recent calls', () => {
    const { b, staff } = setUp();
    issueAll(b, ['none', 'none', 'none']); // A001..A003
    expect(serveNext(b, staff)).toEqual(['A001', 'arrival']);
    expect(serveNext(b, staff)).toEqual(['A002', 'arrival']);
    // Two normals have been called; a priority ticket arriving now is due next, even for a fresh process.
    issueAll(b, ['elderly']); // A004
    const restarted = b.connect();
    b.clock.advance(MINUTE);
    const next = restarted.queue.callNext(staff.acting, staff.positionId)!;
    expect(next.displayNumber).toBe('A004');
    b.clock.advance(MINUTE);
    restarted.queue.finishTicket(staff.acting, next.id, 'completed');
    expect(serveNext(b, staff)).toEqual(['A003', 'arrival']);
  });

  it('counts calls made by any position of the service for the interleave', () => {
    const { b, staff } = setUp();
    const second = b.staffCounter({ services: ['JHT'] });
    issueAll(b, ['elderly', 'none', 'none', 'none', 'elderly']); // A001 and A005 priority
    expect(serveNext(b, staff)).toEqual(['A001', 'priority']);
    expect(serveNext(b, second)).toEqual(['A002', 'arrival']);
    expect(serveNext(b, staff)).toEqual(['A003', 'arrival']);
    // Two normal calls, one at each counter: the next priority ticket is due at either.
    expect(serveNext(b, second)).toEqual(['A005', 'priority']);
  });

  it('calls an overdue ticket first, ahead of bookings and priority tickets', () => {
    const { b, staff } = setUp();
    b.queue.issueTicket({ serviceCode: 'JHT' }); // A001 at 08:00
    b.clock.set('2025-03-10T09:30:00+07:00');
    b.queue.importBookings([
      { code: 'BK', serviceCode: 'JHT', slotStart: Date.parse('2025-03-10T09:45:00+07:00'), slotEnd: Date.parse('2025-03-10T10:00:00+07:00'), nikMasked: null, status: 'booked' },
    ]);
    b.queue.checkInBooking({ bookingCode: 'BK' }); // A002
    b.queue.issueTicket({ serviceCode: 'JHT', priority: 'elderly' }); // A003
    // serveNext advances one minute first: 09:31, A001 has waited 91 minutes.
    expect(serveAll(b, staff)).toEqual([
      ['A001', 'overdue'],
      ['A002', 'booking'],
      ['A003', 'priority'],
    ]);
  });

  it('does not call a ticket over the ceiling early: at 89 minutes the booking still goes first', () => {
    const { b, staff } = setUp();
    b.queue.issueTicket({ serviceCode: 'JHT' });
    b.clock.set('2025-03-10T09:28:00+07:00');
    b.queue.importBookings([
      { code: 'BK', serviceCode: 'JHT', slotStart: Date.parse('2025-03-10T09:45:00+07:00'), slotEnd: Date.parse('2025-03-10T10:00:00+07:00'), nikMasked: null, status: 'booked' },
    ]);
    b.queue.checkInBooking({ bookingCode: 'BK' });
    expect(serveNext(b, staff)).toEqual(['A002', 'booking']); // called at 09:29
  });

  it('uses a configured ceiling', () => {
    const { b, staff } = setUp();
    b.queue.setPolicy({ maxWaitMinutes: 10 });
    b.queue.issueTicket({ serviceCode: 'JHT' }); // A001 at 08:00
    b.clock.advance(10 * MINUTE);
    b.queue.issueTicket({ serviceCode: 'JHT', priority: 'elderly' }); // A002
    b.queue.setPolicy({ normalsPerPriority: 0 }); // every call would be a priority one ...
    expect(serveNext(b, staff)).toEqual(['A001', 'overdue']); // ... but A001 has waited 11 minutes
  });

  it('calls in arrival order when nothing else applies, and calls nobody when nobody waits', () => {
    const { b, staff } = setUp();
    expect(serveNext(b, staff)).toBeNull();
    issueAll(b, ['none', 'none', 'none']);
    expect(serveAll(b, staff).map(([n]) => n)).toEqual(['A001', 'A002', 'A003']);
  });

  it('only calls tickets of the services the position serves', () => {
    const { b, staff } = setUp();
    b.queue.issueTicket({ serviceCode: 'INFO' });
    b.clock.advance(HOUR);
    b.queue.issueTicket({ serviceCode: 'JHT' });
    expect(serveAll(b, staff).map(([n]) => n)).toEqual(['A001']);
  });
});
