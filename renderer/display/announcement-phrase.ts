import type { BranchEvent, CallView } from '../../main/wire/schemas.js';
import { digitWord, numberWords } from './indonesian-numbers.js';

/**
 * What the lobby hears for a call: "Nomor antrean A nol dua tiga, silakan menuju bilik tiga".
 * The ticket number is spelled (its letter by name, then digit by digit, zeros included, as printed);
 * the booth or counter number is read as a number ("bilik dua belas").
 */

/** One step of an announcement: a word clip from the manifest, or a short breath. */
export type AnnouncementPart = { clip: string } | { pauseSeconds: number };

export interface AnnouncementPhrase {
  /** The sentence as written, for the screen reader region and the log. */
  text: string;
  /** What plays, in order, starting with the chime. */
  parts: AnnouncementPart[];
}

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

export function callAnnouncement(call: CallToAnnounce): AnnouncementPhrase {
  const spelled: { text: string; clip: string }[] = [];
  for (const char of call.displayNumber.toUpperCase()) {
    if (/^[A-Z]$/.test(char)) spelled.push({ text: char, clip: letterClip(char) });
    else if (/^[0-9]$/.test(char)) spelled.push({ text: digitWord(char), clip: digitWord(char) });
  }
  const kindWord = KIND_WORD[call.positionKind];
  const number = positionNumber(call.positionLabel);
  const placeWords = [kindWord, ...(number === null ? [] : numberWords(number))];

  const first = ['Nomor antrean', ...spelled.map((w) => w.text)].join(' ');
  const second = ['silakan menuju', ...placeWords].join(' ');
  return {
    text: `${first}, ${second}`,
    parts: [
      { clip: CHIME_CLIP },
      { clip: 'nomor' },
      { clip: 'antrean' },
      ...spelled.map((w) => ({ clip: w.clip })),
      { pauseSeconds: COMMA_PAUSE_SECONDS },
      { clip: 'silakan' },
      { clip: 'menuju' },
      ...placeWords.map((word) => ({ clip: word })),
    ],
  };
}

/**
 * The announcement an event asks for: every call, and every recall again with the same words (the
 * person may have missed the first one); null for events the lobby does not hear.
 */
export function announcementFor(event: BranchEvent): { ticketId: string; recall: boolean; phrase: AnnouncementPhrase } | null {
  if (event.type !== 'ticket.called' && event.type !== 'ticket.recalled') return null;
  return { ticketId: event.payload.ticketId, recall: event.type === 'ticket.recalled', phrase: callAnnouncement(event.payload) };
}
