import { afterEach, describe, expect, it } from 'vitest';
import { QueueError } from '../../main/queue/errors.js';
import { OUTCOMES, type Ticket } from '../../main/queue/types.js';
import { createTestBranch, HOUR, MINUTE, refusal, type Staff, type TestBranch } from '../support/branch-fixture.js';

let branch: TestBranch | undefined;
afterEach(() => {
  branch?.close();
  branch = undefined;
});

function setUp(services = ['JHT']): { b: TestBranch; staff: Staff } {
  const b = createTestBranch({ timeZone: 'Asia/Jakarta', start: '2025-03-10T08:00:00+07:00' });
  branch = b;
  return { b, staff: b.staffCounter({ services, positionId: 'counter-1' }) };
}

const issue = (b: TestBranch, serviceCode = 'JHT'): Ticket => {
  const { ticket } = b.queue.issueTicket({ serviceCode });
  b.clock.advance(MINUTE);
  return ticket;
};

const lastEvent = (b: TestBranch) => b.events().at(-1)!;

/** Expects a refusal with code conflict on field ticketId that changed neither the ticket nor the event log. */
function expectStateConflict(b: TestBranch, ticketId: string, command: () => unknown): QueueError {
  const events = b.eventCount();
  const ticket = b.queue.store.ticket(ticketId);
  const error = refusal(command);
  expect(error).toBeInstanceOf(QueueError);
  expect(error.code).toBe('conflict');
  expect(error.details.field).toBe('ticketId');
  expect(b.eventCount()).toBe(events);
  expect(b.queue.store.ticket(ticketId)).toEqual(ticket);
  return error;
}

describe('calling', () => {
  it('callNext marks the ticket called at the position, at the clock\'s time, and announces it', () => {
    const { b, staff } = setUp();
    const t = issue(b);
    const called = b.queue.callNext(staff.acting, staff.positionId)!;
    expect(called).toMatchObject({ id: t.id, status: 'called', positionId: 'counter-1', sessionId: staff.session.id, calledAt: b.clock.now(), recallCount: 0 });
    expect(lastEvent(b)).toMatchObject({
      type: 'ticket.called',
      at: b.clock.now(),
      payload: { ticketId: t.id, displayNumber: 'A001', serviceCode: 'JHT', positionId: 'counter-1', positionLabel: 'counter-1', positionKind: 'counter', reason: 'arrival' },
    });
  });

  it('returns null and appends nothing when nobody waits', () => {
    const { b, staff } = setUp();
    const events = b.eventCount();
    expect(b.queue.callNext(staff.acting, staff.positionId)).toBeNull();
    expect(b.eventCount()).toBe(events);
  });

  it('refuses to call while the position still has a ticket (conflict on positionId)', () => {
    const { b, staff } = setUp();
    issue(b);
    const second = issue(b);
    const first = b.queue.callNext(staff.acting, staff.positionId)!;
    const events = b.eventCount();
    const error = refusal(() => b.queue.callNext(staff.acting, staff.positionId));
    expect(error.code).toBe('conflict');
    expect(error.details.field).toBe('positionId');
    expect(error.details.ticketId).toBe(first.id);
    expect(b.eventCount()).toBe(events);
    expect(b.queue.store.ticket(second.id)!.status).toBe('waiting');
  });

  it('refuses a position the officer is not signed in on, and a console with no session', () => {
    const { b, staff } = setUp();
    b.addCounter('counter-2', ['JHT']);
    issue(b);
    const notMine = refusal(() => b.queue.callNext(staff.acting, 'counter-2'));
    expect([notMine.code, notMine.details.field]).toEqual(['conflict', 'positionId']);
    const noSession = refusal(() => b.queue.callNext({ sessionId: 'no-such-session' }, staff.positionId));
    expect([noSession.code, noSession.details.field]).toEqual(['conflict', 'sessionId']);
  });

  it('keeps serving a ticket still waiting at midnight, ahead of the new day\'s tickets', () => {
    const { b, staff } = setUp();
    b.clock.set('2025-03-10T23:50:00+07:00');
    const beforeMidnight = issue(b);
    b.clock.set('2025-03-11T00:05:00+07:00');
    const afterMidnight = issue(b);
    expect(afterMidnight.displayNumber).toBe('A001');
    const first = b.queue.callNext(staff.acting, staff.positionId)!;
    expect(first.id).toBe(beforeMidnight.id);
    b.queue.finishTicket(staff.acting, first.id, 'completed');
    expect(b.queue.callNext(staff.acting, staff.positionId)!.id).toBe(afterMidnight.id);
  });

  it('does not call a ticket left waiting from two days before', () => {
    const { b, staff } = setUp();
    b.clock.set('2025-03-09T15:00:00+07:00');
    const old = issue(b);
    b.clock.set('2025-03-11T08:00:00+07:00');
    expect(b.queue.callNext(staff.acting, staff.positionId)).toBeNull();
    expect(b.queue.store.ticket(old.id)!.status).toBe('waiting');
  });

  it('callTicket calls a chosen ticket out of order, only a waiting one of a service the position serves', () => {
    const { b, staff } = setUp();
    issue(b);
    const chosen = issue(b);
    const info = issue(b, 'INFO');
    const called = b.queue.callTicket(staff.acting, staff.positionId, chosen.id);
    expect(called.status).toBe('called');
    expect(lastEvent(b).payload).toMatchObject({ ticketId: chosen.id, reason: 'chosen' });
    b.queue.finishTicket(staff.acting, chosen.id, 'completed');

    expectStateConflict(b, chosen.id, () => b.queue.callTicket(staff.acting, staff.positionId, chosen.id));
    expectStateConflict(b, info.id, () => b.queue.callTicket(staff.acting, staff.positionId, info.id));
  });
});

describe('recall', () => {
  it('announces the call again up to maxRecalls times; the next recall makes it a no-show (recall_limit)', () => {
    const { b, staff } = setUp();
    const t = issue(b);
    b.queue.callNext(staff.acting, staff.positionId);

    const first = b.queue.recall(staff.acting, t.id);
    expect([first.status, first.recallCount]).toEqual(['called', 1]);
    expect(lastEvent(b)).toMatchObject({ type: 'ticket.recalled', payload: { ticketId: t.id, recallCount: 1, positionId: 'counter-1' } });
    const second = b.queue.recall(staff.acting, t.id);
    expect([second.status, second.recallCount]).toEqual(['called', 2]);

    b.clock.advance(MINUTE);
    const third = b.queue.recall(staff.acting, t.id);
    expect(third.status).toBe('no_show');
    expect(third.finishedAt).toBe(b.clock.now());
    expect(lastEvent(b)).toMatchObject({ type: 'ticket.no_show', payload: { ticketId: t.id, positionId: 'counter-1', reason: 'recall_limit' } });
    expect(b.events().filter((e) => e.type === 'ticket.recalled')).toHaveLength(2);
    // The position is free again.
    const next = issue(b);
    expect(b.queue.callNext(staff.acting, staff.positionId)!.id).toBe(next.id);
  });

  it('follows a configured maxRecalls', () => {
    const { b, staff } = setUp();
    b.queue.setPolicy({ maxRecalls: 0 });
    const t = issue(b);
    b.queue.callNext(staff.acting, staff.positionId);
    expect(b.queue.recall(staff.acting, t.id).status).toBe('no_show');
  });

  it('refuses a recall of a ticket that is not called', () => {
    const { b, staff } = setUp();
    const t = issue(b);
    expectStateConflict(b, t.id, () => b.queue.recall(staff.acting, t.id));
  });
});

describe('no-show, start, finish, cancel', () => {
  it('markNoShow ends a called ticket as no_show (reason officer) and frees the position', () => {
    const { b, staff } = setUp();
    const t = issue(b);
    b.queue.callNext(staff.acting, staff.positionId);
    const noShow = b.queue.markNoShow(staff.acting, t.id);
    expect(noShow.status).toBe('no_show');
    expect(noShow.finishedAt).toBe(b.clock.now());
    expect(lastEvent(b)).toMatchObject({ type: 'ticket.no_show', payload: { ticketId: t.id, reason: 'officer' } });
    expect(b.queue.store.activeTickets()).toEqual([]);
  });

  it('startServing moves a called ticket to serving at the clock\'s time', () => {
    const { b, staff } = setUp();
    const t = issue(b);
    b.queue.callNext(staff.acting, staff.positionId);
    b.clock.advance(2 * MINUTE);
    const serving = b.queue.startServing(staff.acting, t.id);
    expect(serving.status).toBe('serving');
    expect(serving.servingAt).toBe(b.clock.now());
    expect(lastEvent(b)).toMatchObject({ type: 'ticket.serving', payload: { ticketId: t.id, positionId: 'counter-1' } });
  });

  it.each(OUTCOMES)('finishTicket with outcome %s ends the ticket as done with that outcome and the service time', (outcome) => {
    const { b, staff } = setUp();
    const t = issue(b);
    const called = b.queue.callNext(staff.acting, staff.positionId)!;
    b.clock.advance(MINUTE);
    b.queue.startServing(staff.acting, t.id);
    b.clock.advance(11 * MINUTE);
    const done = b.queue.finishTicket(staff.acting, t.id, outcome, 'note from the officer');
    expect(done).toMatchObject({ status: 'done', outcome, finishedAt: b.clock.now(), notes: 'note from the officer' });
    expect(lastEvent(b)).toMatchObject({
      type: 'ticket.done',
      payload: { ticketId: t.id, positionId: 'counter-1', outcome, serviceSeconds: (b.clock.now() - called.calledAt!) / 1000 },
    });
    expect((lastEvent(b).payload as { serviceSeconds: number }).serviceSeconds).toBe(12 * 60);
  });

  it('finishes a called ticket that was never started, counting service from the call', () => {
    const { b, staff } = setUp();
    const t = issue(b);
    const called = b.queue.callNext(staff.acting, staff.positionId)!;
    b.clock.advance(4 * MINUTE);
    const done = b.queue.finishTicket(staff.acting, t.id, 'documents_incomplete');
    expect(done.status).toBe('done');
    expect(done.servingAt).toBe(called.calledAt);
  });

  it('cancelTicket withdraws a waiting or a called ticket, with the reason', () => {
    const { b, staff } = setUp();
    const waiting = issue(b);
    const called = issue(b);
    b.queue.callTicket(staff.acting, staff.positionId, called.id);
    expect(b.queue.cancelTicket(waiting.id, 'duplicate').status).toBe('cancelled');
    expect(lastEvent(b)).toMatchObject({ type: 'ticket.cancelled', payload: { ticketId: waiting.id, reason: 'duplicate' } });
    expect(b.queue.cancelTicket(called.id, 'left').status).toBe('cancelled');
    expect(b.queue.serviceQueues().find((q) => q.service.code === 'JHT')!.waiting).toEqual([]);
    expect(b.queue.store.activeTickets()).toEqual([]);
  });

  it('refuses an unknown ticket with not_found', () => {
    const { b, staff } = setUp();
    for (const command of [
      () => b.queue.recall(staff.acting, 'nope'),
      () => b.queue.startServing(staff.acting, 'nope'),
      () => b.queue.finishTicket(staff.acting, 'nope', 'completed'),
      () => b.queue.cancelTicket('nope', 'x'),
      () => b.queue.transferTicket('nope', 'INFO'),
    ]) {
      const error = refusal(command);
      expect([error.code, error.details.field]).toEqual(['not_found', 'ticketId']);
    }
  });
});

describe('state errors are conflicts on ticketId and change nothing', () => {
  it('a waiting ticket cannot be recalled, marked no-show, started or finished', () => {
    const { b, staff } = setUp();
    const t = issue(b);
    expectStateConflict(b, t.id, () => b.queue.recall(staff.acting, t.id));
    expectStateConflict(b, t.id, () => b.queue.markNoShow(staff.acting, t.id));
    expectStateConflict(b, t.id, () => b.queue.startServing(staff.acting, t.id));
    expectStateConflict(b, t.id, () => b.queue.finishTicket(staff.acting, t.id, 'completed'));
  });

  it('a serving ticket cannot be recalled, marked no-show, started again or cancelled', () => {
    const { b, staff } = setUp();
    const t = issue(b);
    b.queue.callNext(staff.acting, staff.positionId);
    b.queue.startServing(staff.acting, t.id);
    expectStateConflict(b, t.id, () => b.queue.recall(staff.acting, t.id));
    expectStateConflict(b, t.id, () => b.queue.markNoShow(staff.acting, t.id));
    expectStateConflict(b, t.id, () => b.queue.startServing(staff.acting, t.id));
    expectStateConflict(b, t.id, () => b.queue.cancelTicket(t.id, 'changed mind'));
  });

  it('a finished ticket cannot be finished again, recalled, cancelled or transferred', () => {
    const { b, staff } = setUp();
    const t = issue(b);
    b.queue.callNext(staff.acting, staff.positionId);
    b.queue.finishTicket(staff.acting, t.id, 'completed');
    expectStateConflict(b, t.id, () => b.queue.finishTicket(staff.acting, t.id, 'rejected'));
    expectStateConflict(b, t.id, () => b.queue.recall(staff.acting, t.id));
    expectStateConflict(b, t.id, () => b.queue.cancelTicket(t.id, 'x'));
    expectStateConflict(b, t.id, () => b.queue.transferTicket(t.id, 'INFO'));
  });

  it('no-show and cancelled tickets are final', () => {
    const { b, staff } = setUp();
    const noShow = issue(b);
    b.queue.callNext(staff.acting, staff.positionId);
    b.queue.markNoShow(staff.acting, noShow.id);
    expectStateConflict(b, noShow.id, () => b.queue.markNoShow(staff.acting, noShow.id));
    expectStateConflict(b, noShow.id, () => b.queue.finishTicket(staff.acting, noShow.id, 'completed'));
    expectStateConflict(b, noShow.id, () => b.queue.cancelTicket(noShow.id, 'x'));

    const cancelled = issue(b);
    b.queue.cancelTicket(cancelled.id, 'x');
    expectStateConflict(b, cancelled.id, () => b.queue.cancelTicket(cancelled.id, 'again'));
    expectStateConflict(b, cancelled.id, () => b.queue.callTicket(staff.acting, staff.positionId, cancelled.id));
    expectStateConflict(b, cancelled.id, () => b.queue.transferTicket(cancelled.id, 'INFO'));
  });

  it('an officer cannot act on a ticket another officer called', () => {
    const { b, staff } = setUp();
    const other = b.staffCounter({ services: ['JHT'], positionId: 'counter-2' });
    const t = issue(b);
    b.queue.callNext(other.acting, other.positionId);
    const error = expectStateConflict(b, t.id, () => b.queue.startServing(staff.acting, t.id));
    expect(error.message).toContain('another officer');
    expectStateConflict(b, t.id, () => b.queue.recall(staff.acting, t.id));
    expectStateConflict(b, t.id, () => b.queue.finishTicket(staff.acting, t.id, 'completed'));
    expectStateConflict(b, t.id, () => b.queue.transferTicket(t.id, 'INFO', staff.acting));
  });
});

describe('transfer', () => {
  it('keeps the original arrival time: the ticket is ordered there ahead of later arrivals', () => {
    const { b } = setUp(['INFO']);
    const jht = issue(b, 'JHT'); // A001 at 08:00
    const e1 = issue(b, 'INFO'); // E001 at 08:01
    b.clock.advance(30 * MINUTE);
    const moved = b.queue.transferTicket(jht.id, 'INFO');
    const e2 = issue(b, 'INFO'); // E002 at 08:32

    expect(moved).toMatchObject({ serviceCode: 'INFO', status: 'waiting', arrivedAt: jht.arrivedAt, displayNumber: 'A001' });
    expect(b.events().filter((e) => e.type === 'ticket.transferred').at(-1)!.payload).toEqual({ ticketId: jht.id, fromService: 'JHT', toService: 'INFO', toPositionId: null, toOfficerId: null });
    const info = b.queue.serviceQueues().find((q) => q.service.code === 'INFO')!;
    expect(info.waiting.map((t) => t.id)).toEqual([jht.id, e1.id, e2.id]);
    expect(b.queue.waitOf(e1.id)!.peopleAhead).toBe(1);
  });

  it('by the officer serving it puts it back in the other queue, where it is called by arrival, not at the back', () => {
    const { b, staff } = setUp(['JHT']);
    const info = b.staffCounter({ services: ['INFO'], positionId: 'counter-info' });
    const a1 = issue(b, 'JHT'); // 08:00
    const e1 = issue(b, 'INFO'); // 08:01
    issue(b, 'INFO'); // 08:02
    b.queue.callNext(staff.acting, staff.positionId);
    b.queue.startServing(staff.acting, a1.id);
    b.clock.advance(10 * MINUTE);
    const moved = b.queue.transferTicket(a1.id, 'INFO', staff.acting);
    expect(moved).toMatchObject({ status: 'waiting', positionId: null, sessionId: null, calledAt: null, recallCount: 0 });
    // The JHT counter is free again.
    expect(b.queue.store.activeTickets()).toEqual([]);
    expect(b.queue.callNext(info.acting, info.positionId)!.id).toBe(a1.id);
    b.queue.finishTicket(info.acting, a1.id, 'completed');
    expect(b.queue.callNext(info.acting, info.positionId)!.id).toBe(e1.id);
  });

  it('can be done by an officer for a waiting ticket (waiting is among the states the code allows)', () => {
    // transferTicket lists 'waiting' as transferable with an acting officer, but ownTicket also requires the
    // ticket's session to be the officer's, which a waiting ticket never has.
    const { b, staff } = setUp(['JHT']);
    const a1 = issue(b, 'JHT');
    const moved = b.queue.transferTicket(a1.id, 'INFO', staff.acting);
    expect(moved).toMatchObject({ serviceCode: 'INFO', status: 'waiting' });
  });

  it('refuses the same service (invalid), an unknown one (not_found) and a closed one (service_closed)', () => {
    const { b } = setUp();
    const t = issue(b);
    b.queue.setServiceOpen('JKM', false);
    const events = b.eventCount();
    expect([refusal(() => b.queue.transferTicket(t.id, 'JHT')).code, refusal(() => b.queue.transferTicket(t.id, 'JHT')).details.field]).toEqual(['invalid', 'toService']);
    expect(refusal(() => b.queue.transferTicket(t.id, 'NOPE')).code).toBe('not_found');
    expect(refusal(() => b.queue.transferTicket(t.id, 'JKM')).code).toBe('service_closed');
    expect(b.eventCount()).toBe(events);
    expect(b.queue.store.ticket(t.id)!.serviceCode).toBe('JHT');
  });

  it('of a long-waiting ticket makes it overdue in its new queue by its original arrival', () => {
    const { b } = setUp(['INFO']);
    const info = b.staffCounter({ services: ['INFO'], positionId: 'counter-info' });
    const a1 = issue(b, 'JHT'); // 08:00
    b.clock.set('2025-03-10T09:35:00+07:00');
    b.queue.issueTicket({ serviceCode: 'INFO', priority: 'elderly' });
    b.queue.setPolicy({ normalsPerPriority: 0 });
    b.queue.transferTicket(a1.id, 'INFO');
    b.clock.advance(HOUR / 12); // 09:40: A001 has been in the branch 100 minutes
    const next = b.queue.callNext(info.acting, info.positionId)!;
    expect(next.id).toBe(a1.id);
    expect(lastEvent(b).payload).toMatchObject({ reason: 'overdue' });
  });
});
