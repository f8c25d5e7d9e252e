import { describe, expect, it } from 'vitest';
import type { Position } from '../../main/wire/schemas.js';
import { heldBy, MAX_BOOTHS, pickablePositions, pickIsFull, togglePosition } from '../../renderer/console/position-choice.js';

const position = (id: string, kind: Position['kind'], label: string, active = true): Position => ({ id, kind, label, active, services: ['JHT'] });
const counter = position('counter-1', 'counter', 'Loket 1');
const booths = Array.from({ length: 8 }, (_, i) => position(`booth-${i + 1}`, 'booth', `Bilik ${i + 1}`));
const all = [counter, ...booths];

describe("the console's pick of positions", () => {
  it('lists active counters and booths apart, in label order with numbers read as numbers', () => {
    const mixed = [position('b10', 'booth', 'Bilik 10'), position('b2', 'booth', 'Bilik 2'), position('off', 'booth', 'Bilik 3', false), counter];
    const groups = pickablePositions(mixed);
    expect(groups.counters.map((p) => p.id)).toEqual(['counter-1']);
    expect(groups.booths.map((p) => p.label)).toEqual(['Bilik 2', 'Bilik 10']);
  });

  it('takes a counter alone: it replaces booths, and a booth replaces it', () => {
    expect(togglePosition(['booth-1', 'booth-2'], counter, all)).toEqual(['counter-1']);
    expect(togglePosition(['counter-1'], booths[0]!, all)).toEqual(['booth-1']);
  });

  it('adds booths up to six and no further', () => {
    let picked: string[] = [];
    for (const booth of booths) picked = togglePosition(picked, booth, all);
    expect(picked).toHaveLength(MAX_BOOTHS);
    expect(picked).not.toContain('booth-7');
    expect(pickIsFull(picked, booths[6]!, all)).toBe(true);
    expect(pickIsFull(picked, booths[0]!, all)).toBe(false);
    expect(pickIsFull(picked, counter, all)).toBe(false);
  });

  it('removes a position ticked twice', () => {
    expect(togglePosition(['booth-1', 'booth-2'], booths[0]!, all)).toEqual(['booth-2']);
  });

  it("names another officer serving a position, but not the officer's own earlier session", () => {
    const sessions = [{ officerId: 'budi', officerName: 'Budi Santoso', positions: ['booth-1'] }];
    expect(heldBy('booth-1', sessions, 'siti')).toBe('Budi Santoso');
    expect(heldBy('booth-1', sessions, null)).toBe('Budi Santoso');
    expect(heldBy('booth-1', sessions, 'budi')).toBeNull();
    expect(heldBy('booth-2', sessions, 'siti')).toBeNull();
  });
});
