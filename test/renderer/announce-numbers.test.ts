import { describe, expect, it } from 'vitest';
import { digitWord, MAX_SPOKEN_NUMBER, numberToWords, numberWords } from '../../renderer/display/indonesian-numbers.js';

/** Numbers as an Indonesian announcer reads them: each word must match a recorded clip. */
describe('numbers in Indonesian words', () => {
  it.each([
    [0, 'nol'],
    [1, 'satu'],
    [2, 'dua'],
    [3, 'tiga'],
    [4, 'empat'],
    [5, 'lima'],
    [6, 'enam'],
    [7, 'tujuh'],
    [8, 'delapan'],
    [9, 'sembilan'],
  ])('reads the digit %i as "%s"', (n, words) => {
    expect(numberToWords(n)).toBe(words);
  });

  it.each([
    [10, 'sepuluh'],
    [11, 'sebelas'],
    [12, 'dua belas'],
    [13, 'tiga belas'],
    [17, 'tujuh belas'],
    [19, 'sembilan belas'],
    [20, 'dua puluh'],
    [21, 'dua puluh satu'],
    [30, 'tiga puluh'],
    [45, 'empat puluh lima'],
    [99, 'sembilan puluh sembilan'],
  ])('reads %i as "%s" (se- for one ten, belas for the teens, puluh for tens)', (n, words) => {
    expect(numberToWords(n)).toBe(words);
  });

  it.each([
    [100, 'seratus'],
    [101, 'seratus satu'],
    [110, 'seratus sepuluh'],
    [111, 'seratus sebelas'],
    [115, 'seratus lima belas'],
    [120, 'seratus dua puluh'],
    [200, 'dua ratus'],
    [305, 'tiga ratus lima'],
    [512, 'lima ratus dua belas'],
    [999, 'sembilan ratus sembilan puluh sembilan'],
  ])('reads %i as "%s" (seratus, then ratus)', (n, words) => {
    expect(numberToWords(n)).toBe(words);
  });

  it.each([
    [1000, 'seribu'],
    [1001, 'seribu satu'],
    [1011, 'seribu sebelas'],
    [1100, 'seribu seratus'],
    [1999, 'seribu sembilan ratus sembilan puluh sembilan'],
    [2000, 'dua ribu'],
    [2025, 'dua ribu dua puluh lima'],
    [10_000, 'sepuluh ribu'],
    [11_000, 'sebelas ribu'],
    [12_500, 'dua belas ribu lima ratus'],
    [100_000, 'seratus ribu'],
    [101_000, 'seratus satu ribu'],
    [999_999, 'sembilan ratus sembilan puluh sembilan ribu sembilan ratus sembilan puluh sembilan'],
  ])('reads %i as "%s" (seribu, then ribu)', (n, words) => {
    expect(numberToWords(n)).toBe(words);
  });

  it.each([
    [1_000_000, 'satu juta'],
    [1_001_000, 'satu juta seribu'],
    [2_000_011, 'dua juta sebelas'],
    [MAX_SPOKEN_NUMBER, 'sembilan ratus sembilan puluh sembilan juta sembilan ratus sembilan puluh sembilan ribu sembilan ratus sembilan puluh sembilan'],
  ])('reads %i as "%s"', (n, words) => {
    expect(numberToWords(n)).toBe(words);
  });

  it('gives one word per clip, never a phrase', () => {
    expect(numberWords(212)).toEqual(['dua', 'ratus', 'dua', 'belas']);
    expect(numberWords(1111)).toEqual(['seribu', 'seratus', 'sebelas']);
  });

  it('never says "nol" inside a larger number', () => {
    for (let n = 1; n <= 2100; n++) expect(numberWords(n)).not.toContain('nol');
  });

  it('refuses what it cannot read', () => {
    expect(() => numberWords(-1)).toThrow(RangeError);
    expect(() => numberWords(1.5)).toThrow(RangeError);
    expect(() => numberWords(Number.NaN)).toThrow(RangeError);
    expect(() => numberWords(MAX_SPOKEN_NUMBER + 1)).toThrow(/only whole numbers/);
  });

  it('names single digits, and nothing else', () => {
    expect(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'].map(digitWord)).toEqual(['nol', 'satu', 'dua', 'tiga', 'empat', 'lima', 'enam', 'tujuh', 'delapan', 'sembilan']);
    expect(() => digitWord('12')).toThrow(RangeError);
    expect(() => digitWord('a')).toThrow(RangeError);
  });
});
