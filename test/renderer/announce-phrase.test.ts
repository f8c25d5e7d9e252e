import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BranchEvent } from '../../main/wire/schemas.js';
import { callAnnouncement, callToAnnounce, CHIME_CLIP, COMMA_PAUSE_SECONDS, letterClip, positionNumber, type AnnouncementPhrase } from '../../renderer/display/announcement-phrase.js';

const clipsOf = (phrase: AnnouncementPhrase) => phrase.parts.flatMap((p) => ('clip' in p ? [p.clip] : []));
const booth = (displayNumber: string, n: number | string) => ({ displayNumber, positionLabel: `Bilik ${n}`, positionKind: 'booth' as const });

describe('the spoken call', () => {
  it('says the letter, every digit of the ticket number and the booth as a number', () => {
    const phrase = callAnnouncement(booth('A023', 3));
    expect(phrase.text).toBe('Nomor antrean A nol dua tiga, silakan menuju bilik tiga');
    expect(phrase.parts).toEqual([
      { clip: 'nomor' },
      { clip: 'antrean' },
      { clip: 'huruf-a' },
      { clip: 'nol' },
      { clip: 'dua' },
      { clip: 'tiga' },
      { pauseSeconds: COMMA_PAUSE_SECONDS },
      { clip: 'silakan' },
      { clip: 'menuju' },
      { clip: 'bilik' },
      { clip: 'tiga' },
    ]);
  });

  it('keeps the leading zeros of the printed number', () => {
    expect(callAnnouncement(booth('A001', 1)).text).toBe('Nomor antrean A nol nol satu, silakan menuju bilik satu');
    expect(callAnnouncement(booth('B100', 2)).text).toBe('Nomor antrean B satu nol nol, silakan menuju bilik dua');
  });

  it('reads a number past 999 digit by digit too', () => {
    expect(callAnnouncement(booth('C1024', 4)).text).toBe('Nomor antrean C satu nol dua empat, silakan menuju bilik empat');
  });

  it('says each letter by its Indonesian name clip', () => {
    expect(clipsOf(callAnnouncement(booth('G007', 1)))).toContain('huruf-g');
    expect(letterClip('Z')).toBe('huruf-z');
    expect(callAnnouncement(booth('f010', 1)).text).toBe('Nomor antrean F nol satu nol, silakan menuju bilik satu');
  });

  it('reads booth numbers as numbers', () => {
    expect(callAnnouncement(booth('A023', 10)).text).toMatch(/bilik sepuluh$/);
    expect(callAnnouncement(booth('A023', 11)).text).toMatch(/bilik sebelas$/);
    expect(callAnnouncement(booth('A023', 12)).text).toMatch(/bilik dua belas$/);
    expect(callAnnouncement(booth('A023', 21)).text).toMatch(/bilik dua puluh satu$/);
    expect(clipsOf(callAnnouncement(booth('A023', 12))).slice(-3)).toEqual(['bilik', 'dua', 'belas']);
  });

  it('sends a counter to "loket"', () => {
    const phrase = callAnnouncement({ displayNumber: 'E005', positionLabel: 'Loket 2', positionKind: 'counter' });
    expect(phrase.text).toBe('Nomor antrean E nol nol lima, silakan menuju loket dua');
    expect(clipsOf(phrase).slice(-2)).toEqual(['loket', 'dua']);
  });

  it('goes by the position kind and the last number in its label', () => {
    expect(positionNumber('Bilik 3')).toBe(3);
    expect(positionNumber('Bilik 07')).toBe(7);
    expect(positionNumber('Lantai 2 Loket 14')).toBe(14);
    expect(positionNumber('Meja Prioritas')).toBeNull();
    expect(callAnnouncement({ displayNumber: 'A001', positionLabel: 'Meja Prioritas', positionKind: 'counter' }).text).toBe(
      'Nomor antrean A nol nol satu, silakan menuju loket',
    );
  });

  it('breathes once, at the comma; the chime is not part of a phrase', () => {
    const phrase = callAnnouncement(booth('D120', 5));
    expect(clipsOf(phrase)).not.toContain(CHIME_CLIP);
    expect(phrase.parts.filter((p) => 'pauseSeconds' in p)).toHaveLength(1);
    const pauseAt = phrase.parts.findIndex((p) => 'pauseSeconds' in p);
    expect(phrase.parts[pauseAt + 1]).toEqual({ clip: 'silakan' });
  });

  it('says only the number and the place when short', () => {
    const short = callAnnouncement(booth('A023', 12), 'short');
    expect(short.text).toBe('A nol dua tiga, bilik dua belas');
    expect(short.parts).toEqual([
      { clip: 'huruf-a' },
      { clip: 'nol' },
      { clip: 'dua' },
      { clip: 'tiga' },
      { pauseSeconds: COMMA_PAUSE_SECONDS },
      { clip: 'bilik' },
      { clip: 'dua' },
      { clip: 'belas' },
    ]);
    expect(callAnnouncement({ displayNumber: 'E005', positionLabel: 'Loket 2', positionKind: 'counter' }, 'short').text).toBe('E nol nol lima, loket dua');
  });
});

describe('which events are announced', () => {
  const call = { ticketId: 't-1', displayNumber: 'A023', serviceCode: 'JHT', positionId: 'booth-3', positionLabel: 'Bilik 3', positionKind: 'booth' as const };
  const called = { seq: 5, id: 'e5', type: 'ticket.called', at: 0, payload: { ...call, reason: 'arrival' } } as BranchEvent;
  const recalled = { seq: 6, id: 'e6', type: 'ticket.recalled', at: 0, payload: { ...call, recallCount: 1 } } as BranchEvent;

  it('announces a call', () => {
    expect(callToAnnounce(called)).toEqual({ ticketId: 't-1', recall: false, call: { displayNumber: 'A023', positionLabel: 'Bilik 3', positionKind: 'booth' } });
  });

  it('announces a recall again, for the same call', () => {
    const again = callToAnnounce(recalled);
    expect(again?.recall).toBe(true);
    expect(again?.call).toEqual(callToAnnounce(called)?.call);
  });

  it('stays quiet for everything else', () => {
    const issued = { seq: 7, id: 'e7', type: 'ticket.serving', at: 0, payload: { ticketId: 't-1', positionId: 'booth-3' } } as BranchEvent;
    expect(callToAnnounce(issued)).toBeNull();
  });
});

describe('the committed clips', () => {
  const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../renderer/public/audio/manifest.json'), 'utf8')) as {
    clips: Record<string, { file: string; seconds: number; bytes: number }>;
  };

  it('hold every word any call can need: all letters, all digits, every position up to 999', () => {
    const needed = new Set<string>([CHIME_CLIP]);
    for (const letter of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') clipsOf(callAnnouncement(booth(`${letter}0123456789`, 1))).forEach((c) => needed.add(c));
    for (let n = 0; n <= 999; n++) {
      clipsOf(callAnnouncement(booth('A001', n))).forEach((c) => needed.add(c));
      clipsOf(callAnnouncement({ displayNumber: 'A001', positionLabel: `Loket ${n * 1001}`, positionKind: 'counter' })).forEach((c) => needed.add(c));
    }
    const missing = [...needed].filter((clip) => !(clip in manifest.clips));
    expect(missing).toEqual([]);
  });

  it('are short and small', () => {
    for (const [key, clip] of Object.entries(manifest.clips)) {
      expect(clip.seconds, key).toBeGreaterThan(0.15);
      expect(clip.seconds, key).toBeLessThan(key === CHIME_CLIP ? 2.5 : 1.2);
      expect(clip.bytes, key).toBeLessThan(12_000);
    }
  });
});
