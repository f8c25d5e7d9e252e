import { describe, expect, it } from 'vitest';
import { callAnnouncement, type PhraseForm } from '../../renderer/display/announcement-phrase.js';
import { AnnouncementQueue, DECIDE_AHEAD_SECONDS } from '../../renderer/display/announcement-queue.js';
import { BETWEEN_ANNOUNCEMENTS_SECONDS, BETWEEN_SHORT_SECONDS, scheduleAnnouncement, START_LEAD_SECONDS } from '../../renderer/display/announcement-schedule.js';

/** Clip lengths as the committed manifest has them. */
const durations: Record<string, number> = {
  chime: 1.89, nomor: 0.558, antrean: 0.77, silakan: 0.774, menuju: 0.653, bilik: 0.515, loket: 0.562,
  nol: 0.447, satu: 0.53, dua: 0.417, tiga: 0.496, empat: 0.569, lima: 0.512, enam: 0.505,
  'huruf-a': 0.293, 'huruf-b': 0.333,
};
const durationOf = (clip: string) => durations[clip];

interface Call {
  number: string;
  booth: number;
}

interface Heard {
  call: Call;
  heard: number;
  /** Its chime, when it opened a run. */
  chime: { start: number; end: number } | null;
  form: PhraseForm;
  start: number;
  end: number;
  text: string;
}

/**
 * Plays arrivals through the queue the way the display's announcer does, on a simulated audio
 * clock: the chime when a call opens a run, then each turn chosen at its decision time (plus
 * `timerLate`, a page whose timers fire late).
 */
function simulate(arrivals: { at: number; call: Call }[], timerLate = 0): Heard[] {
  const queue = new AnnouncementQueue<Heard>();
  const done: Heard[] = [];
  const pending = [...arrivals].sort((a, b) => a.at - b.at);
  for (;;) {
    const decideAt = queue.decideAt();
    const decisionTime = decideAt === null ? Infinity : Math.max(decideAt + timerLate, 0);
    const next = pending[0];
    if (next && next.at <= decisionTime) {
      pending.shift();
      const heard: Heard = { call: next.call, heard: next.at, chime: null, form: 'full', start: NaN, end: NaN, text: '' };
      const chimeAt = queue.arrive(heard, next.at);
      if (chimeAt !== null) {
        heard.chime = { start: chimeAt, end: chimeAt + durations.chime! };
        queue.scheduled(heard.chime.end);
      }
      continue;
    }
    if (decisionTime === Infinity) return done;
    const turn = queue.nextTurn(decisionTime)!;
    const phrase = callAnnouncement({ displayNumber: turn.item.call.number, positionLabel: `Bilik ${turn.item.call.booth}`, positionKind: 'booth' }, turn.form);
    const schedule = scheduleAnnouncement(phrase.parts, turn.startAt, durationOf);
    queue.scheduled(schedule.end);
    Object.assign(turn.item, { form: turn.form, start: turn.item.chime?.start ?? schedule.start, end: schedule.end, text: phrase.text });
    if (turn.afterChime && timerLate === 0) expect(schedule.start).toBeCloseTo(turn.item.chime!.end, 9);
    done.push(turn.item);
  }
}

const burst = (count: number, within: number) =>
  Array.from({ length: count }, (_, i) => ({ at: 10 + (within * i) / Math.max(1, count - 1), call: { number: `A00${i + 1}`, booth: i + 1 } }));

/** Each starts after the one before ended, in the order the calls arrived. */
function expectInOrderWithoutOverlap(heard: Heard[], arrivals: { call: Call }[]) {
  expect(heard.map((h) => h.call.number)).toEqual(arrivals.map((a) => a.call.number));
  for (let i = 1; i < heard.length; i++) expect(heard[i]!.start).toBeGreaterThanOrEqual(heard[i - 1]!.end);
}

describe('a call heard alone', () => {
  it('opens with the chime at once, then the full words right after it', () => {
    const [only] = simulate([{ at: 5, call: { number: 'A001', booth: 1 } }]);
    expect(only!.chime!.start).toBeCloseTo(5 + START_LEAD_SECONDS, 9);
    expect(only!.form).toBe('full');
    expect(only!.text).toBe('Nomor antrean A nol nol satu, silakan menuju bilik satu');
    expect(only!.start - only!.heard).toBeCloseTo(START_LEAD_SECONDS, 9);
  });

  it('after silence opens a new run with its own chime, a breath after the last one', () => {
    const [first, second] = simulate([
      { at: 0, call: { number: 'A001', booth: 1 } },
      { at: 30, call: { number: 'A002', booth: 2 } },
    ]);
    expect(first!.chime).not.toBeNull();
    expect(second!.chime!.start).toBeCloseTo(30 + START_LEAD_SECONDS, 9);
    expect(second!.form).toBe('full');
  });
});

describe('a burst of calls', () => {
  it('six within a second: in order, never overlapping, short while others wait, the last in full', () => {
    const arrivals = burst(6, 1);
    const heard = simulate(arrivals);
    expectInOrderWithoutOverlap(heard, arrivals);
    expect(heard.map((h) => h.form)).toEqual(['short', 'short', 'short', 'short', 'short', 'full']);
    expect(heard.map((h) => h.text)).toEqual([
      'A nol nol satu, bilik satu',
      'A nol nol dua, bilik dua',
      'A nol nol tiga, bilik tiga',
      'A nol nol empat, bilik empat',
      'A nol nol lima, bilik lima',
      'Nomor antrean A nol nol enam, silakan menuju bilik enam',
    ]);
    // One chime for the run, not one per call.
    expect(heard.filter((h) => h.chime !== null)).toHaveLength(1);
  });

  it('keeps the voice about one short phrase per call behind the board, where full phrases fell 8 s further behind each', () => {
    const heard = simulate(burst(6, 1));
    const lags = heard.map((h) => h.start - h.heard);
    const short = heard[0]!.end - heard[0]!.chime!.end;
    expect(short).toBeLessThan(3.2);
    lags.forEach((lag, i) => expect(lag).toBeLessThanOrEqual(durations.chime! + START_LEAD_SECONDS + i * (short + BETWEEN_SHORT_SECONDS) + 0.05));
    expect(Math.max(...lags)).toBeLessThan(19);
    // All in full, one after the other, the sixth would have waited five full phrases (the board before).
    const full = scheduleAnnouncement(callAnnouncement({ displayNumber: 'A001', positionLabel: 'Bilik 1', positionKind: 'booth' }).parts, 0, durationOf).end + durations.chime!;
    expect(5 * (full + BETWEEN_ANNOUNCEMENTS_SECONDS)).toBeGreaterThan(40);
  });

  it('counts every call of the burst that arrived before the chime ends', () => {
    const chimeEnd = 10 + START_LEAD_SECONDS + durations.chime!;
    const heard = simulate([
      { at: 10, call: { number: 'A001', booth: 1 } },
      { at: chimeEnd - DECIDE_AHEAD_SECONDS - 0.01, call: { number: 'A002', booth: 2 } },
    ]);
    expect(heard.map((h) => h.form)).toEqual(['short', 'full']);
  });

  it('a call arriving while the voice still speaks waits its turn, without a chime, after a breath', () => {
    const heard = simulate([
      { at: 0, call: { number: 'A001', booth: 1 } },
      { at: 4, call: { number: 'B001', booth: 2 } },
    ]);
    expect(heard.map((h) => h.form)).toEqual(['full', 'full']);
    expect(heard[1]!.chime).toBeNull();
    expect(heard[1]!.start).toBeCloseTo(heard[0]!.end + BETWEEN_ANNOUNCEMENTS_SECONDS, 9);
  });

  it('never overlaps even when the page chooses turns late', () => {
    const arrivals = [...burst(4, 0.5), { at: 13, call: { number: 'B001', booth: 5 } }, { at: 13.2, call: { number: 'B002', booth: 6 } }];
    const heard = simulate(arrivals, 0.6);
    expectInOrderWithoutOverlap(heard, arrivals);
    for (const h of heard) expect(h.start).toBeGreaterThanOrEqual(h.heard);
  });
});

describe('when sound goes away', () => {
  it('drops what waits, so nothing is spoken later out of turn', () => {
    const queue = new AnnouncementQueue<string>();
    expect(queue.arrive('A001', 0)).not.toBeNull();
    queue.scheduled(2);
    expect(queue.arrive('A002', 0.1)).toBeNull();
    expect(queue.drop()).toEqual(['A001', 'A002']);
    expect(queue.decideAt()).toBeNull();
    expect(queue.nextTurn(3)).toBeNull();
  });
});
