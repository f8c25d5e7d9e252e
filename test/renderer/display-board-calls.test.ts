import { describe, expect, it } from 'vitest';
import type { CallView, Position, TicketView } from '../../main/wire/schemas.js';
import { boardCalls } from '../../renderer/display/board-calls.js';

const positions: Position[] = [1, 2, 3].map((n) => ({ id: `booth-${n}`, kind: 'booth', label: `Bilik ${n}`, active: true, services: ['JHT'] }));

const call = (n: number, at: number, booth = n): CallView => ({
  ticketId: `t${n}`,
  displayNumber: `A00${n}`,
  serviceCode: 'JHT',
  positionId: `booth-${booth}`,
  positionLabel: `Bilik ${booth}`,
  positionKind: 'booth',
  at,
  recallCount: 0,
});

const active = (c: CallView, status: 'called' | 'serving' = 'called'): TicketView => ({
  id: c.ticketId,
  businessDay: '2025-03-10',
  displayNumber: c.displayNumber,
  serviceCode: c.serviceCode,
  source: 'walk_in',
  priority: 'none',
  claimCount: null,
  status,
  outcome: null,
  arrivedAt: 0,
  issuedAt: 0,
  calledAt: c.at,
  positionId: c.positionId,
  recallCount: c.recallCount,
});

const ids = (calls: CallView[]) => calls.map((c) => c.ticketId);
const none = new Set<string>();

describe('the calls on the lobby board', () => {
  it('shows every active call, newest first, and not the ones finished', () => {
    const [a, b, c] = [call(1, 100), call(2, 200), call(3, 300)];
    const shown = boardCalls([c, b, a], { now: 1000, active: [active(a), active(c, 'serving')], positions }, none);
    expect(ids(shown)).toEqual(['t3', 't1']);
  });

  it('keeps a call not yet announced, even once its ticket moved on', () => {
    const [a, b] = [call(1, 100), call(2, 200)];
    expect(ids(boardCalls([b, a], { now: 1000, active: [], positions }, new Set(['t1'])))).toEqual(['t1']);
  });

  it('shows a call newer than the snapshot: it is active, the snapshot has not seen it yet', () => {
    const a = call(1, 1500);
    expect(ids(boardCalls([a], { now: 1000, active: [], positions }, none))).toEqual(['t1']);
  });

  it('shows an active call older than the latest calls the page keeps, at its position', () => {
    const old = call(1, 50, 3);
    const shown = boardCalls([call(2, 200)], { now: 1000, active: [active(old), active(call(2, 200))], positions }, none);
    expect(ids(shown)).toEqual(['t2', 't1']);
    expect(shown[1]).toMatchObject({ displayNumber: 'A001', positionLabel: 'Bilik 3', positionKind: 'booth' });
  });

  it('shows a recalled ticket once, with its latest call', () => {
    const first = call(1, 100);
    const recalled = { ...first, at: 400, recallCount: 1 };
    const shown = boardCalls([recalled, call(2, 200), first], { now: 1000, active: [active(first), active(call(2, 200))], positions }, none);
    expect(shown.map((c) => [c.ticketId, c.recallCount])).toEqual([
      ['t1', 1],
      ['t2', 0],
    ]);
  });
});
