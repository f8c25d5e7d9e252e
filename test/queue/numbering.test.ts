import { afterEach, describe, expect, it } from 'vitest';
import { businessDay, startOfBusinessDay } from '../../main/queue/business-day.js';
import { createTestBranch, MINUTE, SECOND, type TestBranch } from '../support/branch-fixture.js';

/** Indonesia's zones with their fixed offsets (none of them observes daylight saving). */
const ZONES = [
  { timeZone: 'Asia/Jakarta', offset: '+07:00', rolloverUtc: '17:00:00' },
  { timeZone: 'Asia/Makassar', offset: '+08:00', rolloverUtc: '16:00:00' },
  { timeZone: 'Asia/Jayapura', offset: '+09:00', rolloverUtc: '15:00:00' },
] as const;

let branch: TestBranch | undefined;
afterEach(() => {
  branch?.close();
  branch = undefined;
});

function open(timeZone: string, start: string): TestBranch {
  branch = createTestBranch({ timeZone, start });
  return branch;
}

const issue = (b: TestBranch, serviceCode = 'JHT') => b.queue.issueTicket({ serviceCode }).ticket;

describe('ticket numbers', () => {
  it('count A001, A002, A003 ... within one business day, zero-padded to three digits', () => {
    const b = open('Asia/Jakarta', '2025-03-10T08:00:00+07:00');
    const numbers: string[] = [];
    for (let i = 0; i < 12; i++) {
      numbers.push(issue(b).displayNumber);
      b.clock.advance(MINUTE);
    }
    expect(numbers).toEqual(['A001', 'A002', 'A003', 'A004', 'A005', 'A006', 'A007', 'A008', 'A009', 'A010', 'A011', 'A012']);
  });

  it('count per prefix: JHT (A) and INFO (E) each start at 001 and do not take numbers from each other', () => {
    const b = open('Asia/Jakarta', '2025-03-10T08:00:00+07:00');
    const sequence = ['JHT', 'INFO', 'JHT', 'INFO', 'INFO', 'JKK', 'JHT'].map((code) => issue(b, code).displayNumber);
    expect(sequence).toEqual(['A001', 'E001', 'A002', 'E002', 'E003', 'B001', 'A003']);
  });

  it('are never reused within the day, not even after a cancellation', () => {
    const b = open('Asia/Jakarta', '2025-03-10T08:00:00+07:00');
    issue(b);
    const second = issue(b);
    b.queue.cancelTicket(second.id, 'left the branch');
    expect(issue(b).displayNumber).toBe('A003');
  });

  it('continue where they were after the hub restarts (a new connection on the same file)', () => {
    const b = open('Asia/Jakarta', '2025-03-10T08:00:00+07:00');
    issue(b);
    issue(b);
    const other = b.connect();
    expect(other.queue.issueTicket({ serviceCode: 'JHT' }).ticket.displayNumber).toBe('A003');
    expect(issue(b).displayNumber).toBe('A004');
  });

  it('stay with a transferred ticket: it keeps A001 in INFO, and neither prefix counter moves', () => {
    const b = open('Asia/Jakarta', '2025-03-10T08:00:00+07:00');
    const a1 = issue(b, 'JHT');
    b.clock.advance(MINUTE);
    const moved = b.queue.transferTicket(a1.id, 'INFO');
    expect(moved.serviceCode).toBe('INFO');
    expect(moved.displayNumber).toBe('A001');
    expect(moved.number).toBe(1);
    b.clock.advance(MINUTE);
    expect(issue(b, 'INFO').displayNumber).toBe('E001');
    expect(issue(b, 'JHT').displayNumber).toBe('A002');
    // The lobby's queue for INFO shows the transferred ticket under its original number.
    const info = b.queue.serviceQueues().find((q) => q.service.code === 'INFO')!;
    expect(info.waiting.map((t) => t.displayNumber)).toEqual(['A001', 'E001']);
  });

  describe.each(ZONES)('reset at local midnight in $timeZone', ({ timeZone, offset }) => {
    it('a ticket at 23:59 local is day D, one at 00:00 local is D+1 and starts again at 001', () => {
      const b = open(timeZone, `2025-03-10T23:58:00${offset}`);
      const first = issue(b);
      b.clock.set(`2025-03-10T23:59:00${offset}`);
      const late = issue(b);
      b.clock.set(`2025-03-10T23:59:59.999${offset}`);
      const last = issue(b);
      b.clock.set(`2025-03-11T00:00:00${offset}`);
      const midnight = issue(b);
      const next = issue(b);

      expect([first, late, last].map((t) => [t.businessDay, t.displayNumber])).toEqual([
        ['2025-03-10', 'A001'],
        ['2025-03-10', 'A002'],
        ['2025-03-10', 'A003'],
      ]);
      expect([midnight, next].map((t) => [t.businessDay, t.displayNumber])).toEqual([
        ['2025-03-11', 'A001'],
        ['2025-03-11', 'A002'],
      ]);
      expect(b.queue.today()).toBe('2025-03-11');
    });

    it('does not reset at UTC midnight: 23:59Z and 00:00Z are the same local day', () => {
      // 23:59Z and 00:01Z are 06:59/07:01 (WIB), 07:59/08:01 (WITA), 08:59/09:01 (WIT) on the same local date.
      const b = open(timeZone, '2025-03-10T23:59:00Z');
      const before = issue(b);
      b.clock.set('2025-03-11T00:01:00Z');
      const after = issue(b);
      expect(before.businessDay).toBe('2025-03-11');
      expect(after.businessDay).toBe('2025-03-11');
      expect(after.displayNumber).toBe('A002');
    });
  });

  it('16:59:59Z and 17:00Z are different days in Jakarta (UTC+7) ...', () => {
    const b = open('Asia/Jakarta', '2025-03-10T16:59:59Z');
    const before = issue(b);
    b.clock.set('2025-03-10T17:00:00Z');
    const after = issue(b);
    expect(before.businessDay).toBe('2025-03-10');
    expect(after.businessDay).toBe('2025-03-11');
    expect([before.displayNumber, after.displayNumber]).toEqual(['A001', 'A001']);
  });

  it('... but the same day in Jayapura (UTC+9), whose day already rolled over at 15:00Z', () => {
    const b = open('Asia/Jayapura', '2025-03-10T14:59:59Z');
    const previousDay = issue(b);
    b.clock.set('2025-03-10T16:59:59Z');
    const before = issue(b);
    b.clock.set('2025-03-10T17:00:00Z');
    const after = issue(b);
    expect(previousDay.businessDay).toBe('2025-03-10');
    expect(before.businessDay).toBe('2025-03-11');
    expect(after.businessDay).toBe('2025-03-11');
    expect([previousDay.displayNumber, before.displayNumber, after.displayNumber]).toEqual(['A001', 'A001', 'A002']);
  });

  it('each zone rolls over at its own UTC instant', () => {
    for (const { timeZone, rolloverUtc } of ZONES) {
      const rollover = Date.parse(`2025-03-10T${rolloverUtc}Z`);
      expect(businessDay(rollover - 1, timeZone), timeZone).toBe('2025-03-10');
      expect(businessDay(rollover, timeZone), timeZone).toBe('2025-03-11');
      expect(startOfBusinessDay('2025-03-11', timeZone), timeZone).toBe(rollover);
    }
  });

  it('do not depend on the time zone of the machine the hub runs on', () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'America/Los_Angeles';
      const b = open('Asia/Makassar', '2025-03-10T15:59:59Z');
      const before = issue(b);
      b.clock.advance(SECOND);
      const after = issue(b);
      expect([before.businessDay, before.displayNumber]).toEqual(['2025-03-10', 'A001']);
      expect([after.businessDay, after.displayNumber]).toEqual(['2025-03-11', 'A001']);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
