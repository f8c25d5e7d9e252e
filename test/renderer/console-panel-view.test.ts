import { describe, expect, it } from 'vitest';
import type { Position, ServiceQueue, TicketView } from '../../main/wire/schemas.js';
import { callTarget, checklistTally, queuesFor, recallStanding, shortcutOf, shownTicket, stillAtPosition, ticketAt, tileGrid } from '../../renderer/console/panel-view.js';

const ticket = (id: string, status: TicketView['status'], positionId: string | null): TicketView => ({
  id,
  businessDay: '2025-03-10',
  displayNumber: `A00${id}`,
  serviceCode: 'JHT',
  source: 'walk_in',
  priority: 'none',
  claimCount: null,
  status,
  outcome: null,
  arrivedAt: 0,
  issuedAt: 0,
  calledAt: null,
  positionId,
  recallCount: 0,
});

const queue = (code: string, sortOrder: number) => ({ service: { code, sortOrder } }) as unknown as ServiceQueue;
const position = (id: string, services: string[]): Position => ({ id, kind: 'booth', label: id, active: true, services });

describe("a position panel's view of the branch", () => {
  it('finds the ticket called or in service at a position', () => {
    const active = [ticket('1', 'called', 'booth-1'), ticket('2', 'serving', 'booth-2')];
    expect(ticketAt(active, 'booth-2')?.id).toBe('2');
    expect(ticketAt(active, 'booth-3')).toBeNull();
  });

  it('drops a ticket that an action ended or moved away', () => {
    expect(stillAtPosition(ticket('1', 'serving', 'booth-1'))?.id).toBe('1');
    for (const status of ['done', 'no_show', 'waiting'] as const) expect(stillAtPosition(ticket('1', status, null))).toBeNull();
    expect(stillAtPosition(null)).toBeNull();
  });

  it("shows an action's answer until a newer snapshot arrives, then the snapshot", () => {
    const answered = ticket('1', 'serving', 'booth-1');
    const stale = ticket('1', 'called', 'booth-1');
    expect(shownTicket(10, stale, { ticket: answered, seq: 10 })).toBe(answered);
    expect(shownTicket(11, stale, { ticket: answered, seq: 10 })).toBe(stale);
    expect(shownTicket(10, stale, { ticket: null, seq: 10 })).toBeNull();
    expect(shownTicket(10, stale, null)).toBe(stale);
  });

  it("puts the queues of the officer's services first, each group in catalogue order", () => {
    const queues = [queue('INFO', 5), queue('JKK', 2), queue('JHT', 1), queue('JP', 4)];
    const { mine, others } = queuesFor(queues, [position('booth-1', ['JKK', 'JHT']), position('booth-2', ['JHT'])]);
    expect(mine.map((q) => q.service.code)).toEqual(['JHT', 'JKK']);
    expect(others.map((q) => q.service.code)).toEqual(['JP', 'INFO']);
  });

  it("sends a chosen ticket to the selected position, or a free one of the officer's that serves its service", () => {
    const b1 = position('booth-1', ['JHT', 'JKK']);
    const b2 = position('booth-2', ['JHT']);
    const b3 = position('booth-3', ['JKK']);
    const mine = [b1, b2, b3];
    expect(callTarget('JHT', b1, mine, new Set())?.id).toBe('booth-1');
    expect(callTarget('JHT', b1, mine, new Set(['booth-1']))?.id).toBe('booth-2');
    expect(callTarget('JHT', b3, mine, new Set())?.id).toBe('booth-1');
    expect(callTarget('INFO', b1, mine, new Set())).toBeNull();
  });

  it('never offers a call into a booth that holds a ticket; a busy counter is still offered, and the hub says what to finish first', () => {
    const b1 = position('booth-1', ['JHT']);
    const b2 = position('booth-2', ['JHT']);
    expect(callTarget('JHT', b1, [b1, b2], new Set(['booth-1', 'booth-2']))).toBeNull();
    const counter: Position = { ...position('counter-1', ['JHT']), kind: 'counter' };
    expect(callTarget('JHT', counter, [counter], new Set(['counter-1']))?.id).toBe('counter-1');
  });

  it('warns before the recall that makes a no-show', () => {
    expect(recallStanding(1, 2).nextIsNoShow).toBe(false);
    expect(recallStanding(2, 2).nextIsNoShow).toBe(true);
    expect(recallStanding(0, 0).nextIsNoShow).toBe(true);
  });

  it('lays the tiles out wide: one, two per row up to four, three per row up to six', () => {
    expect(tileGrid(1)).toEqual({ columns: 1, rows: 1 });
    expect(tileGrid(2)).toEqual({ columns: 2, rows: 1 });
    expect(tileGrid(4)).toEqual({ columns: 2, rows: 2 });
    expect(tileGrid(5)).toEqual({ columns: 3, rows: 2 });
    expect(tileGrid(6)).toEqual({ columns: 3, rows: 2 });
    expect(tileGrid(0)).toEqual({ columns: 1, rows: 1 });
  });

  it('tallies only the documents the service still requires', () => {
    expect(checklistTally(['ktp', 'kpj', 'kk'], ['ktp', 'npwp'])).toEqual({ done: 1, total: 3, missing: 2 });
    expect(checklistTally([], [])).toEqual({ done: 0, total: 0, missing: 0 });
  });

  it('reads the shortcuts from physical keys with Alt alone', () => {
    const key = (code: string, mods: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }> = {}) => ({
      code,
      altKey: true,
      ctrlKey: false,
      metaKey: false,
      shiftKey: false,
      ...mods,
    });
    expect(shortcutOf(key('Digit3'))).toEqual({ kind: 'select', index: 2 });
    expect(shortcutOf(key('Digit7'))).toBeNull();
    expect(shortcutOf(key('KeyN'))).toEqual({ kind: 'call-next' });
    expect(shortcutOf(key('KeyU'))).toEqual({ kind: 'recall' });
    expect(shortcutOf(key('KeyN', { altKey: false }))).toBeNull();
    expect(shortcutOf(key('KeyN', { ctrlKey: true }))).toBeNull();
  });
});
