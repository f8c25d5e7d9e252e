import type { AnnouncementPart } from './announcement-phrase.js';

/**
 * Where each clip of an announcement sits on the audio clock. Clips play back to back: each starts
 * exactly where the previous one ends, so the words neither overlap nor leave gaps (only the
 * phrase's own comma pause is silent). Times are AudioContext seconds.
 */

export interface ScheduledClip {
  clip: string;
  start: number;
  end: number;
}

export interface AnnouncementSchedule {
  start: number;
  end: number;
  clips: ScheduledClip[];
  /** Clips the manifest lacks: skipped, so the rest of the phrase still plays. */
  missing: string[];
}

/** Head room so the first clip is not scheduled in the past while the page hands it to the audio thread. */
export const START_LEAD_SECONDS = 0.08;
/** The breath before an announcement in full. */
export const BETWEEN_ANNOUNCEMENTS_SECONDS = 0.7;
/** The shorter breath between short announcements read out one after another, like a list. */
export const BETWEEN_SHORT_SECONDS = 0.45;

/** When the next announcement may start: now, or after the last one scheduled and a breath. */
export function nextStartTime(now: number, lastEnd: number | null, breath = BETWEEN_ANNOUNCEMENTS_SECONDS): number {
  const earliest = now + START_LEAD_SECONDS;
  return lastEnd === null ? earliest : Math.max(earliest, lastEnd + breath);
}

export function scheduleAnnouncement(parts: AnnouncementPart[], startAt: number, durationOf: (clip: string) => number | undefined): AnnouncementSchedule {
  const clips: ScheduledClip[] = [];
  const missing: string[] = [];
  let at = startAt;
  for (const part of parts) {
    if ('pauseSeconds' in part) {
      at += part.pauseSeconds;
      continue;
    }
    const seconds = durationOf(part.clip);
    if (seconds === undefined) {
      missing.push(part.clip);
      continue;
    }
    clips.push({ clip: part.clip, start: at, end: at + seconds });
    at += seconds;
  }
  return { start: startAt, end: at, clips, missing };
}
