import type { PhraseForm } from './announcement-phrase.js';
import { BETWEEN_ANNOUNCEMENTS_SECONDS, BETWEEN_SHORT_SECONDS, nextStartTime, START_LEAD_SECONDS } from './announcement-schedule.js';

/**
 * Whose turn it is to be announced, and in which words. Calls are spoken one at a time in the
 * order they arrived. A call arriving after silence opens a run with the chime at once; the words
 * of each turn are chosen only just before the voice is free, so the calls of a burst (an officer
 * calling five booths within a second) are all known by then. A call with others waiting behind
 * it is read short (number and place), so the voice catches up with the board; one heard alone is
 * read in full. Times are seconds on the audio clock.
 */

/** How long before the voice is free the next turn is chosen: enough for the audio thread, and as late as that allows. */
export const DECIDE_AHEAD_SECONDS = 0.25;

export interface Turn<T> {
  item: T;
  form: PhraseForm;
  /** Where its words start. */
  startAt: number;
  /** It follows the run's chime directly, without a breath. */
  afterChime: boolean;
}

export class AnnouncementQueue<T> {
  #waiting: T[] = [];
  /** Where the last thing scheduled ends; null before anything was. */
  #voiceFreeAt: number | null = null;
  /** The waiting call whose chime opened the run. */
  #chimed: T | null = null;

  get waiting(): readonly T[] {
    return this.#waiting;
  }

  /**
   * A call arrives at `now`. After silence it opens a run: the answer is when its chime starts
   * (the caller plays it and reports its end with `scheduled`). During a run it waits: null.
   */
  arrive(item: T, now: number): number | null {
    const silent = this.#waiting.length === 0 && (this.#voiceFreeAt === null || this.#voiceFreeAt <= now);
    this.#waiting.push(item);
    if (!silent) return null;
    this.#chimed = item;
    return nextStartTime(now, this.#voiceFreeAt);
  }

  /** Sound was scheduled up to `end`. */
  scheduled(end: number): void {
    this.#voiceFreeAt = Math.max(this.#voiceFreeAt ?? end, end);
  }

  /** When to choose the next turn (then call `nextTurn`); null while nobody waits. */
  decideAt(): number | null {
    if (this.#waiting.length === 0) return null;
    return (this.#voiceFreeAt ?? 0) - DECIDE_AHEAD_SECONDS;
  }

  /** The oldest waiting call's turn: short while others wait behind it, in full when it is alone. */
  nextTurn(now: number): Turn<T> | null {
    const item = this.#waiting.shift();
    if (item === undefined) return null;
    const afterChime = this.#chimed === item;
    this.#chimed = null;
    const form: PhraseForm = this.#waiting.length > 0 ? 'short' : 'full';
    const startAt = afterChime
      ? Math.max(now + START_LEAD_SECONDS, this.#voiceFreeAt ?? now)
      : nextStartTime(now, this.#voiceFreeAt, form === 'short' ? BETWEEN_SHORT_SECONDS : BETWEEN_ANNOUNCEMENTS_SECONDS);
    return { item, form, startAt, afterChime };
  }

  /** Sound went away: nothing waiting will be spoken. Returns what was waiting. */
  drop(): T[] {
    const dropped = this.#waiting;
    this.#waiting = [];
    this.#chimed = null;
    return dropped;
  }
}
