import type { BranchEvent, CallView } from '../../main/wire/schemas.js';
import { digitWord, numberWords } from './indonesian-numbers.js';

/**
 * What the lobby hears for a call. In full: "Nomor antrean A nol dua tiga, silakan menuju bilik
 * tiga"; short, when other calls wait their turn behind it: "A nol dua tiga, bilik tiga". The
 * ticket number is spelled (its letter by name, then digit by digit, zeros included, as printed);
 * the booth or counter number is read as a number ("bilik dua belas"). The chime is not part of a
 * phrase: it opens a run of announcements once, after silence (see announcement-queue.ts).
 */

/** One step of an announcement: a word clip from the manifest, or a short breath. */
export type AnnouncementPart = { clip: string } | { pauseSeconds: number };

export interface AnnouncementPhrase {
  /** The sentence as written, for the screen reader region and the log. */
  text: string;
  /** What plays, in order. */
  parts: AnnouncementPart[];
}

/** Full words for a call heard alone; short (number and place only) while others wait behind it. */
export type PhraseForm = 'full' | 'short';

export type CallToAnnounce = Pick<CallView, 'displayNumber' | 'positionLabel' | 'positionKind'>;

export const CHIME_CLIP = 'chime';
/** The breath at the comma, between the number and where to go. */
export const COMMA_PAUSE_SECONDS = 0.25;

const KIND_WORD: Record<CallToAnnounce['positionKind'], string> = { booth: 'bilik', counter: 'loket' };

/** The clip that says a letter's Indonesian name ("be", "ce", "ef"...). */
export function letterClip(letter: string): string {
  return `huruf-${letter.toLowerCase()}`;
}

/**
 * The number of a booth or counter, taken from its label ("Bilik 12" is 12). Null when the label
 * carries no number (or one too large to say), in which case only "bilik" or "loket" is said.
 */
export function positionNumber(label: string): number | null {
  const runs = label.match(/\d+/g);
  const last = runs?.[runs.length - 1];
  if (last === undefined) return null;
  const n = Number(last);
  return Number.isSafeInteger(n) && n <= 999_999_999 ? n : null;
}

interface Word {
  text: string;
  clip: string;
}

const said = (words: readonly Word[]) => words.map((w) => w.text).join(' ');
const played = (words: readonly Word[]): AnnouncementPart[] => words.map((w) => ({ clip: w.clip }));

export function callAnnouncement(call: CallToAnnounce, form: PhraseForm = 'full'): AnnouncementPhrase {
  const spelled: Word[] = [];
  for (const char of call.displayNumber.toUpperCase()) {
    if (/^[A-Z]$/.test(char)) spelled.push({ text: char, clip: letterClip(char) });
    else if (/^[0-9]$/.test(char)) spelled.push({ text: digitWord(char), clip: digitWord(char) });
  }
  const number = positionNumber(call.positionLabel);
  const place: Word[] = [KIND_WORD[call.positionKind], ...(number === null ? [] : numberWords(number))].map((w) => ({ text: w, clip: w }));

  const first: Word[] = form === 'full' ? [{ text: 'Nomor', clip: 'nomor' }, { text: 'antrean', clip: 'antrean' }, ...spelled] : spelled;
  const second: Word[] = form === 'full' ? [{ text: 'silakan', clip: 'silakan' }, { text: 'menuju', clip: 'menuju' }, ...place] : place;
  return {
    text: `${said(first)}, ${said(second)}`,
    parts: [...played(first), { pauseSeconds: COMMA_PAUSE_SECONDS }, ...played(second)],
  };
}

/** The call an event asks the lobby to hear: every call, and every recall again (the person may have missed the first). */
export function callToAnnounce(event: BranchEvent): { ticketId: string; recall: boolean; call: CallToAnnounce } | null {
  if (event.type !== 'ticket.called' && event.type !== 'ticket.recalled') return null;
  const { ticketId, displayNumber, positionLabel, positionKind } = event.payload;
  return { ticketId, recall: event.type === 'ticket.recalled', call: { displayNumber, positionLabel, positionKind } };
}
