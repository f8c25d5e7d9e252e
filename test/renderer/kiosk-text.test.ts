import { describe, expect, it } from 'vitest';
import { describeRefusal, programmeLine, TEXT, type RefusalContext } from '../../renderer/kiosk/kiosk-text.js';
import { documentKind } from '../../renderer/kiosk/document-kind.js';
import type { Refusal } from '../../renderer/kiosk/kiosk-service.js';

const context: RefusalContext = { lang: 'id', serviceLabel: 'Klaim JHT', dropBoxAvailable: true };
/** Codes come with non-breaking hyphens; the tests read them as typed. */
const plain = (text: string | null) => text?.replaceAll('\u2011', '-') ?? null;
const refusal = (r: Partial<Refusal> & { code: string }): Refusal => ({ serviceCode: null, bookingCode: null, alternatives: [], ...r });

describe('the kiosk in two languages', () => {
  it('has every sentence in Indonesian and English, none left empty or untranslated', () => {
    expect(Object.keys(TEXT.en).sort()).toEqual(Object.keys(TEXT.id).sort());
    for (const [key, id] of Object.entries(TEXT.id)) {
      const en = TEXT.en[key as keyof typeof TEXT.en];
      expect(id.trim(), key).not.toBe('');
      expect(en.trim(), key).not.toBe('');
      if (!key.startsWith('altShort_') && key !== 'bookingFor') expect(en, key).not.toBe(id);
    }
  });
});

describe('refusals in words', () => {
  it('names the used-up quota and offers booking online and the drop box', () => {
    const words = describeRefusal(refusal({ code: 'quota_full', serviceCode: 'JHT', alternatives: ['book_online', 'drop_box'] }), context);
    expect(plain(words.headline)).toBe('Kuota hari ini untuk Klaim JHT sudah habis.');
    // The hub's own labels, in the participant's language, win over the tile's.
    const fromHub = refusal({ code: 'quota_full', reason: 'quota_full', params: { service: 'JHT', serviceLabelId: 'Klaim JHT', serviceLabelEn: 'Old-age savings claim' } });
    expect(describeRefusal(fromHub, { ...context, lang: 'en' }).headline).toBe("Today's quota for Old-age savings claim is used up.");
    expect(words.alternatives.map((a) => a.kind)).toEqual(['book_online', 'drop_box']);
  });

  it('does not send anyone to a drop box that is itself closed or full', () => {
    const words = describeRefusal(refusal({ code: 'service_closed', alternatives: ['book_online', 'drop_box'] }), { ...context, dropBoxAvailable: false, lang: 'en' });
    expect(plain(words.headline)).toBe('Klaim JHT is closed today.');
    expect(words.alternatives.map((a) => a.kind)).toEqual(['book_online']);
  });

  it('tells a booking that came too early when check-in opens', () => {
    const params = { booking: 'BK-1', slot: '11:00', opens: '10:30' };
    const words = describeRefusal(refusal({ code: 'booking_too_early', reason: 'booking_too_early', params, bookingCode: 'BK-1', alternatives: ['come_back_later'] }), context);
    expect(plain(words.headline)).toBe('Check-in untuk booking BK-1 baru dibuka pukul 10:30.');
    expect(words.headline).toContain('BK\u20111');
    expect(words.advice).toBe('Silakan kembali ke kios pukul 10:30.');
    // The advice already says when; the general "come back later" is not repeated.
    expect(words.alternatives.map((a) => a.kind)).toEqual(['ask_officer']);
  });

  it('names the day of a booking for another day and, for a future one, to come back then', () => {
    const future = refusal({ code: 'booking_wrong_day', reason: 'booking_wrong_day', params: { booking: 'BK-2', day: '2025-03-11' }, bookingCode: 'BK-2', alternatives: ['come_back_later'] });
    expect(plain(describeRefusal(future, context).headline)).toBe('Booking BK-2 untuk Selasa, 11 Maret 2025, bukan hari ini.');
    expect(describeRefusal(future, context).advice).toBe('Silakan datang pada tanggal booking Anda.');
    expect(describeRefusal(future, { ...context, lang: 'en' }).advice).toBe('Please come on the day of your booking.');
    const past = refusal({ code: 'booking_wrong_day', reason: 'booking_wrong_day', params: { booking: 'BK-3', day: '2025-03-09' }, bookingCode: 'BK-3', alternatives: ['book_online', 'ask_officer'] });
    expect(describeRefusal(past, context).advice).toBeNull();
    expect(describeRefusal(past, context).alternatives.map((a) => a.kind)).toEqual(['book_online', 'ask_officer']);
  });

  it('says what to do after a used, cancelled or unknown booking', () => {
    expect(plain(describeRefusal(refusal({ code: 'booking_used', bookingCode: 'BK-4', alternatives: ['ask_officer'] }), context).headline)).toBe('Booking BK-4 sudah dipakai untuk check-in.');
    expect(describeRefusal(refusal({ code: 'booking_cancelled', bookingCode: 'BK-5', alternatives: ['book_online', 'ask_officer'] }), context).alternatives).toHaveLength(2);
    const unknown = describeRefusal(refusal({ code: 'not_found', reason: 'booking_unknown', params: { booking: 'BK-6' }, bookingCode: 'BK-6', alternatives: ['ask_officer'] }), context);
    expect(plain(unknown.headline)).toBe('Kode booking BK-6 tidak ditemukan di kantor cabang ini.');
    expect(unknown.advice).toBe('Periksa kode dan kantor cabang pada booking Anda, lalu coba lagi.');
  });

  it('always leaves something to do, and says in words even a refusal it knows only by its code', () => {
    const words = describeRefusal(refusal({ code: 'conflict', reason: 'added_later', params: {} }), context);
    expect(plain(words.headline)).toBe('Permintaan ini tidak sesuai dengan keadaan saat ini. Periksa lalu coba lagi.');
    expect(words.alternatives.map((a) => a.kind)).toEqual(['ask_officer']);
  });
});

describe('where to book online', () => {
  it("gives the branch's booking site with booking online, in both languages, and the plain sentence without one", () => {
    const full = refusal({ code: 'quota_full', serviceCode: 'JHT', alternatives: ['book_online', 'drop_box'] });
    const site = 'https://antrean.example.go.id';
    const id = describeRefusal(full, { ...context, bookingSiteUrl: site });
    expect(id.alternatives[0]).toEqual({ kind: 'book_online', text: 'Booking online di situs resmi BPJAMSOSTEK, juga gratis:', url: site });
    expect(describeRefusal(full, { ...context, lang: 'en', bookingSiteUrl: site }).alternatives[0]!.text).toBe('Book online on the official BPJAMSOSTEK site, free too:');
    // Only booking online carries it.
    expect(id.alternatives[1]).toEqual({ kind: 'drop_box', text: 'Titipkan berkas Anda di Drop Box Dokumen.' });
    expect(describeRefusal(full, { ...context, bookingSiteUrl: null }).alternatives[0]).toEqual({ kind: 'book_online', text: TEXT.id.alt_book_online });
  });
});

describe('service tiles', () => {
  it('give each programme its acronym and full name, in whichever language the label is', () => {
    expect(programmeLine('JHT', 'Klaim JHT')).toBe('Jaminan Hari Tua');
    expect(programmeLine('JHT', 'Old-age savings claim')).toBe('JHT · Jaminan Hari Tua');
    expect(programmeLine('JKK', 'Work accident claim')).toBe('JKK · Jaminan Kecelakaan Kerja');
    expect(programmeLine('JKM', 'Klaim JKM')).toBe('Jaminan Kematian');
    expect(programmeLine('JP', 'Klaim JP')).toBe('Jaminan Pensiun');
    // A branch's own label without the acronym still gets it; "JPK" is not "JP".
    expect(programmeLine('JP', 'Klaim JPK lama')).toBe('JP · Jaminan Pensiun');
    expect(programmeLine('INFO', 'Informasi & Pengaduan')).toBeNull();
    expect(programmeLine('KOLEKTIF', 'Klaim Kolektif')).toBeNull();
  });

  it('draw each document of the default catalogue as what it looks like, and anything else as a sheet of paper', () => {
    expect(['ktp', 'kpj', 'heir_ktp', 'npwp'].map(documentKind)).toEqual(['card', 'card', 'card', 'card']);
    expect(['kk', 'bank_book', 'heir_bank_book', 'envelope'].map(documentKind)).toEqual(['family', 'book', 'book', 'envelope']);
    expect(['termination', 'claim_form', 'death_certificate', 'branch_added'].map(documentKind)).toEqual(['paper', 'paper', 'paper', 'paper']);
  });
});
