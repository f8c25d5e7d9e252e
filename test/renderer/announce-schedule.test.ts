import { describe, expect, it } from 'vitest';
import { callAnnouncement } from '../../renderer/display/announcement-phrase.js';
import { BETWEEN_ANNOUNCEMENTS_SECONDS, nextStartTime, scheduleAnnouncement, START_LEAD_SECONDS } from '../../renderer/display/announcement-schedule.js';

/** Clip lengths as the decoded buffers report them. */
const durations: Record<string, number> = { nomor: 0.56, antrean: 0.77, 'huruf-a': 0.29, nol: 0.45, satu: 0.53, dua: 0.42, silakan: 0.77, menuju: 0.65, bilik: 0.52 };
const durationOf = (clip: string) => durations[clip];
const phrase = callAnnouncement({ displayNumber: 'A001', positionLabel: 'Bilik 1', positionKind: 'booth' });

describe('scheduling an announcement on the audio clock', () => {
  it('starts each clip exactly where the previous one ends, but for the comma pause', () => {
    const schedule = scheduleAnnouncement(phrase.parts, 10, durationOf);
    expect(schedule.clips.map((c) => c.clip)).toEqual(['nomor', 'antrean', 'huruf-a', 'nol', 'nol', 'satu', 'silakan', 'menuju', 'bilik', 'satu']);
    expect(schedule.clips[0]!.start).toBe(10);
    for (let i = 1; i < schedule.clips.length; i++) {
      const gap = schedule.clips[i]!.start - schedule.clips[i - 1]!.end;
      if (schedule.clips[i]!.clip === 'silakan') expect(gap).toBeCloseTo(0.25, 9);
      else expect(gap).toBe(0);
    }
    expect(schedule.end).toBe(schedule.clips.at(-1)!.end);
    const spoken = schedule.clips.reduce((sum, c) => sum + (c.end - c.start), 0);
    expect(schedule.end - schedule.start).toBeCloseTo(spoken + 0.25, 9);
  });

  it('skips a clip the manifest lacks and closes the gap', () => {
    const schedule = scheduleAnnouncement(phrase.parts, 0, (clip) => (clip === 'antrean' ? undefined : durations[clip]));
    expect(schedule.missing).toEqual(['antrean']);
    const nomor = schedule.clips.find((c) => c.clip === 'nomor')!;
    const letter = schedule.clips.find((c) => c.clip === 'huruf-a')!;
    expect(letter.start).toBe(nomor.end);
  });
});

describe('one announcement at a time', () => {
  it('starts right away when nothing is playing', () => {
    expect(nextStartTime(5, null)).toBeCloseTo(5 + START_LEAD_SECONDS, 9);
    expect(nextStartTime(5, 2)).toBeCloseTo(5 + START_LEAD_SECONDS, 9);
  });

  it('waits for the one still playing, then a breath', () => {
    expect(nextStartTime(5, 9)).toBeCloseTo(9 + BETWEEN_ANNOUNCEMENTS_SECONDS, 9);
  });

  it('keeps quick calls in order, never overlapping', () => {
    let lastEnd: number | null = null;
    const schedules = [0, 0.1, 0.2, 3].map((now) => {
      const s = scheduleAnnouncement(phrase.parts, nextStartTime(now, lastEnd), durationOf);
      lastEnd = s.end;
      return s;
    });
    for (let i = 1; i < schedules.length; i++) expect(schedules[i]!.start).toBeGreaterThanOrEqual(schedules[i - 1]!.end + BETWEEN_ANNOUNCEMENTS_SECONDS - 1e-9);
  });
});
