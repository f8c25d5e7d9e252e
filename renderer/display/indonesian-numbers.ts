/**
 * Numbers as Indonesian speakers read them aloud, word by word, so each word can be played from its
 * own clip: 12 is "dua belas", 111 "seratus sebelas", 1000 "seribu", 2025 "dua ribu dua puluh lima".
 */

export const DIGIT_WORDS = ['nol', 'satu', 'dua', 'tiga', 'empat', 'lima', 'enam', 'tujuh', 'delapan', 'sembilan'] as const;

/** Largest number read as words: the clips stop at "juta". */
export const MAX_SPOKEN_NUMBER = 999_999_999;

/** 1..999 as words; 0 gives no words (a zero group inside a larger number is silent). */
function belowThousand(n: number): string[] {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  const words: string[] = [];
  if (hundreds === 1) words.push('seratus');
  else if (hundreds > 1) words.push(DIGIT_WORDS[hundreds]!, 'ratus');
  if (rest === 0) return words;
  if (rest < 10) words.push(DIGIT_WORDS[rest]!);
  else if (rest === 10) words.push('sepuluh');
  else if (rest === 11) words.push('sebelas');
  else if (rest < 20) words.push(DIGIT_WORDS[rest - 10]!, 'belas');
  else {
    words.push(DIGIT_WORDS[Math.floor(rest / 10)]!, 'puluh');
    if (rest % 10 !== 0) words.push(DIGIT_WORDS[rest % 10]!);
  }
  return words;
}

/** The words of a whole number from 0 to MAX_SPOKEN_NUMBER. */
export function numberWords(n: number): string[] {
  if (!Number.isInteger(n) || n < 0 || n > MAX_SPOKEN_NUMBER) {
    throw new RangeError(`cannot read ${n} aloud: only whole numbers from 0 to ${MAX_SPOKEN_NUMBER}`);
  }
  if (n === 0) return ['nol'];
  const millions = Math.floor(n / 1_000_000);
  const thousands = Math.floor(n / 1_000) % 1_000;
  const words: string[] = [];
  // "satu juta" in announcements; "sejuta" is colloquial.
  if (millions > 0) words.push(...belowThousand(millions), 'juta');
  if (thousands === 1) words.push('seribu');
  else if (thousands > 1) words.push(...belowThousand(thousands), 'ribu');
  words.push(...belowThousand(n % 1_000));
  return words;
}

export function numberToWords(n: number): string {
  return numberWords(n).join(' ');
}

/** A digit character's word: "0" is "nol", "7" is "tujuh". */
export function digitWord(digit: string): string {
  const word = /^[0-9]$/.test(digit) ? DIGIT_WORDS[Number(digit)] : undefined;
  if (word === undefined) throw new RangeError(`not a digit: ${JSON.stringify(digit)}`);
  return word;
}
