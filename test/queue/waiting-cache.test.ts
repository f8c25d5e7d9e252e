import { afterEach, describe, expect, it } from 'vitest';
import { createTestBranch, type TestBranch } from '../support/branch-fixture.js';

/**
 * The in-memory copy of the waiting queue that the wait estimate and callNext read must never
 * differ from the database: not after another connection writes, not after a rolled-back
 * transaction, not after a call.
 */

const AT = '2025-03-10T09:00:00+07:00';
let b: TestBranch;
afterEach(() => b?.close());

describe('waiting queue kept in memory', () => {
  it('sees tickets another connection issued, in the wait estimate and in callNext', () => {
    b = createTestBranch({ start: AT });
    const staff = b.staffCounter({ services: ['JHT'] });
    const mine = b.queue.issueTicket({ serviceCode: 'JHT' });
    expect(b.queue.waitOf(mine.ticket.id)?.peopleAhead).toBe(0);

    const other = b.connect();
    b.clock.advance(1000);
    const theirs = other.queue.issueTicket({ serviceCode: 'JHT' });
    b.clock.advance(1000);
    const later = b.queue.issueTicket({ serviceCode: 'JHT' });
    // The other connection's ticket is ahead of the later one.
    expect(b.queue.waitOf(later.ticket.id)?.peopleAhead).toBe(2);

    const first = b.queue.callNext(staff.acting, staff.positionId);
    expect(first?.id).toBe(mine.ticket.id);
    b.queue.finishTicket(staff.acting, first!.id, 'completed');
    const second = b.queue.callNext(staff.acting, staff.positionId);
    expect(second?.id).toBe(theirs.ticket.id);
  });

  it('forgets a ticket whose transaction rolled back', () => {
    b = createTestBranch({ start: AT });
    const before = b.queue.issueTicket({ serviceCode: 'JHT' });
    expect(b.queue.waitOf(before.ticket.id)?.peopleAhead).toBe(0);
    expect(() =>
      b.queue.store.transaction(() => {
        b.queue.issueTicket({ serviceCode: 'JHT' });
        throw new Error('power cut before commit');
      }),
    ).toThrow('power cut');
    const after = b.queue.issueTicket({ serviceCode: 'JHT' });
    expect(b.queue.waitOf(after.ticket.id)?.peopleAhead).toBe(1);
    expect(b.queue.store.waitingForPolicy(b.queue.today(), 'JHT').map((t) => t.id)).toEqual([before.ticket.id, after.ticket.id]);
  });

  it('drops a called, cancelled or transferred ticket from the queue it left', () => {
    b = createTestBranch({ start: AT });
    const staff = b.staffCounter({ services: ['JHT'] });
    const a = b.queue.issueTicket({ serviceCode: 'JHT' });
    const c = b.queue.issueTicket({ serviceCode: 'JHT' });
    const d = b.queue.issueTicket({ serviceCode: 'JHT' });
    const e = b.queue.issueTicket({ serviceCode: 'JHT' });
    expect(b.queue.waitOf(e.ticket.id)?.peopleAhead).toBe(3);
    b.queue.callNext(staff.acting, staff.positionId);
    b.queue.cancelTicket(c.ticket.id, 'left the branch');
    b.queue.transferTicket(d.ticket.id, 'INFO');
    expect(b.queue.waitOf(e.ticket.id)?.peopleAhead).toBe(0);
    expect(b.queue.waitOf(a.ticket.id)).toBeNull();
    expect(b.queue.waitOf(d.ticket.id)?.peopleAhead).toBe(0);
  });

  it('neither keeps nor doubles rows read inside a transaction, committed or rolled back', () => {
    b = createTestBranch({ start: AT });
    const staff = b.staffCounter({ services: ['JHT'] });
    const day = b.queue.today();
    expect(() =>
      b.queue.store.transaction(() => {
        b.queue.issueTicket({ serviceCode: 'JHT' });
        expect(b.queue.store.waitingForPolicy(day, 'JHT')).toHaveLength(1);
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(b.queue.callNext(staff.acting, staff.positionId)).toBeNull();

    b.queue.store.transaction(() => {
      b.queue.issueTicket({ serviceCode: 'JHT' });
      b.queue.store.waitingForPolicy(day, 'JHT');
    });
    const next = b.queue.issueTicket({ serviceCode: 'JHT' });
    expect(b.queue.waitOf(next.ticket.id)?.peopleAhead).toBe(1);
    expect(b.queue.store.waitingForPolicy(day, 'JHT')).toHaveLength(2);
  });
});
