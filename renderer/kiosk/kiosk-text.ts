import type { Priority } from '../../main/wire/schemas.js';
import type { Alternative, Refusal } from './kiosk-service.js';
import { refusalText } from '../lib/i18n/refusals.js';

/**
 * The kiosk's words and how it explains a refusal. This module imports nothing with runes or the
 * DOM (the shared i18n module has both), so it is unit-tested as plain TypeScript; dates and times
 * come in as formatters from the page.
 */
export type Lang = 'id' | 'en';

/** Everything the kiosk says, in Bahasa Indonesia first and English; {name} marks a value. */
export const TEXT = {
  id: {
    title: 'Ambil nomor antrean',
    free: 'Gratis',
    freeLine: 'Semua layanan BPJAMSOSTEK GRATIS. Jangan membayar calo atau siapa pun.',
    chooseService: 'Pilih layanan',
    waiting: '{n} menunggu',
    nobodyWaiting: 'Tidak ada antrean',
    estimatedWaitLabel: 'Perkiraan tunggu',
    closed: 'Tutup hari ini',
    quotaFull: 'Kuota hari ini habis',
    altShort_book_online: 'Booking online',
    altShort_drop_box: 'Drop Box Dokumen',
    altShort_come_back_later: 'Datang lagi besok',
    altShort_ask_officer: 'Tanya petugas',
    tryAgain: 'Ketik kode lagi',
    booked: 'Saya sudah booking online',
    bookedHint: 'Ketik kode booking atau pindai kode QR booking di pemindai',
    collectiveHint: 'Untuk perwakilan perusahaan',
    dropHint: 'Titip berkas tanpa menunggu petugas',
    dropNoWait: 'Tanpa antre',
    dropTitle: 'Titip berkas di Drop Box',
    dropIntro: 'Anda tidak perlu menunggu petugas. Berkas Anda diproses kemudian.',
    dropStepReceipt: 'Ambil tanda terima dari kios ini.',
    dropStepWrite: 'Tulis kode pada tanda terima di amplop berkas Anda.',
    dropStepBox: 'Masukkan amplop ke kotak Drop Box. Selesai, Anda boleh pulang.',
    dropTake: 'Ambil tanda terima',
    dropReceipt: 'Tanda terima Drop Box',
    dropWriteCode: 'Tulis kode ini pada amplop Anda:',
    dropThenBox: 'Lalu masukkan amplop ke kotak Drop Box. Anda tidak perlu menunggu.',
    back: 'Kembali',
    startOver: 'Kembali ke awal',
    priorityTitle: 'Apakah Anda perlu layanan prioritas?',
    priorityIntro: 'Layanan prioritas untuk lansia, penyandang disabilitas dan ibu hamil.',
    priority_none: 'Tidak, antrean biasa',
    priority_elderly: 'Lansia (60 tahun ke atas)',
    priority_disabled: 'Penyandang disabilitas',
    priority_pregnant: 'Ibu hamil',
    takeTicket: 'Ambil tiket',
    checkInTitle: 'Check-in booking online',
    bookingCodeLabel: 'Kode booking',
    bookingCodeEmpty: 'Ketik kode booking Anda',
    // The dash is named and kept with its word: a bare "-." wrapped onto a line of its own.
    bookingCodeRule: 'Kode booking: 4 sampai 32 huruf, angka atau tanda\u00a0hubung\u00a0(\u2011).',
    scanHint: 'Ketik kode booking Anda, atau arahkan kode QR booking ke pemindai.',
    continue: 'Lanjut',
    erase: 'Hapus satu',
    clear: 'Hapus semua',
    bookingFor: 'Booking {code}',
    checkingBooking: 'Memeriksa kode booking…',
    collectiveTitle: 'Klaim kolektif',
    collectiveIntro: 'Berapa berkas klaim yang Anda bawa?',
    claimCountLabel: 'Jumlah berkas klaim',
    claimCountRule: 'Masukkan angka 1 sampai 1000.',
    claimFiles: '{n} berkas klaim',
    sending: 'Tiket Anda sedang dibuat…',
    unreachableTitle: 'Sedang menghubungkan ke server kantor cabang',
    unreachableBody: 'Mohon tunggu sebentar. Kios mencoba lagi secara otomatis, dan Anda hanya akan mendapat satu tiket.',
    unreachableCancel: 'Batal',
    offlineBanner: 'Koneksi ke server kantor cabang terputus. Kios mencoba lagi secara otomatis.',
    loading: 'Menyiapkan kios…',
    reconnecting: 'Menghubungkan ulang…',
    yourNumber: 'Nomor antrean Anda',
    peopleAhead: '{n} orang di depan Anda',
    nobodyAhead: 'Tidak ada antrean di depan Anda',
    waitAbout: 'Perkiraan tunggu: {wait}',
    lateBooking: 'Anda datang setelah jadwal booking, jadi dilayani sebagai antrean biasa.',
    documentsTitle: 'Bawa dokumen asli berikut',
    printing: 'Mencetak tiket…',
    printingReceipt: 'Mencetak tanda terima…',
    printedReceipt: 'Silakan ambil tanda terima Anda',
    qrHintReceipt: 'Pindai kode QR ini untuk memantau berkas Anda di ponsel.',
    bookingSiteScan: 'Pindai dengan ponsel',
    printed: 'Silakan ambil tiket Anda',
    printLate: 'Tiket belum keluar dari printer',
    printFailed: 'Printer sedang bermasalah',
    ticketValid: 'Nomor antrean Anda tetap berlaku. Tempat Anda di antrean tidak hilang.',
    staffTold: 'Petugas sudah diberi tahu dan dapat mencetak ulang tiket Anda.',
    askStaff: 'Bila perlu, tanyakan kepada petugas.',
    qrHint: 'Pindai kode QR ini untuk memantau antrean di ponsel.',
    qrPhoto: 'Foto kode QR ini dengan ponsel Anda, atau catat nomor antrean Anda.',
    done: 'Selesai',
    resetIn: 'Layar kembali ke awal dalam {n} detik',
    refusedTitle: 'Maaf, tiket tidak dapat dibuat',
    whatToDo: 'Yang dapat Anda lakukan:',
    useDropBox: 'Gunakan Drop Box Dokumen',
    alt_book_online: 'Booking online di situs resmi BPJAMSOSTEK. Booking juga gratis.',
    alt_book_online_at: 'Booking online di situs resmi BPJAMSOSTEK, juga gratis:',
    bookingSiteQr: 'Pindai kode QR ini untuk membuka situs booking di ponsel.',
    alt_drop_box: 'Titipkan berkas Anda di Drop Box Dokumen.',
    alt_come_back_later: 'Datang kembali pada hari atau jam yang tepat.',
    alt_ask_officer: 'Tanyakan kepada petugas di meja informasi.',
    err_booking_wrong_day_future: 'Silakan datang pada tanggal booking Anda.',
    err_booking_too_early_advice: 'Silakan kembali ke kios pukul {time}.',
    err_not_found_advice: 'Periksa kode dan kantor cabang pada booking Anda, lalu coba lagi.',
    err_storage_unavailable: 'Tiket tidak dapat diambil saat ini.',
  },
  en: {
    title: 'Take a queue number',
    free: 'Free of charge',
    freeLine: 'All BPJAMSOSTEK services are FREE. Do not pay touts or anyone else.',
    chooseService: 'Choose a service',
    waiting: '{n} waiting',
    nobodyWaiting: 'Nobody waiting',
    estimatedWaitLabel: 'Estimated wait',
    closed: 'Closed today',
    quotaFull: "Today's quota is used up",
    altShort_book_online: 'Book online',
    altShort_drop_box: 'Document Drop Box',
    altShort_come_back_later: 'Come back tomorrow',
    altShort_ask_officer: 'Ask an officer',
    tryAgain: 'Type the code again',
    booked: 'I booked online',
    bookedHint: 'Type the booking code or scan the booking QR code',
    collectiveHint: 'For company representatives',
    dropHint: 'Leave documents without waiting',
    dropNoWait: 'No queue',
    dropTitle: 'Leave your documents in the Drop Box',
    dropIntro: 'You do not need to wait for an officer. Your documents are processed later.',
    dropStepReceipt: 'Take the receipt from this kiosk.',
    dropStepWrite: 'Write the code on the receipt on your envelope of documents.',
    dropStepBox: 'Put the envelope in the Drop Box. That is all: you may go.',
    dropTake: 'Take the receipt',
    dropReceipt: 'Drop Box receipt',
    dropWriteCode: 'Write this code on your envelope:',
    dropThenBox: 'Then put the envelope in the Drop Box. You do not need to wait.',
    back: 'Back',
    startOver: 'Back to start',
    priorityTitle: 'Do you need priority service?',
    priorityIntro: 'Priority service is for elderly people, people with a disability and pregnant women.',
    priority_none: 'No, regular queue',
    priority_elderly: 'Elderly (60 or older)',
    priority_disabled: 'Person with a disability',
    priority_pregnant: 'Pregnant',
    takeTicket: 'Take ticket',
    checkInTitle: 'Online booking check-in',
    bookingCodeLabel: 'Booking code',
    bookingCodeEmpty: 'Type your booking code',
    bookingCodeRule: 'A booking code has 4 to 32 letters, digits or dashes\u00a0(\u2011).',
    scanHint: 'Type your booking code, or hold the booking QR code to the scanner.',
    continue: 'Continue',
    erase: 'Delete one',
    clear: 'Delete all',
    bookingFor: 'Booking {code}',
    checkingBooking: 'Checking the booking code…',
    collectiveTitle: 'Collective claim',
    collectiveIntro: 'How many claim files do you bring?',
    claimCountLabel: 'Number of claim files',
    claimCountRule: 'Enter a number from 1 to 1000.',
    claimFiles: '{n} claim files',
    sending: 'Making your ticket…',
    unreachableTitle: 'Connecting to the branch server',
    unreachableBody: 'Please wait a moment. The kiosk tries again by itself, and you will get only one ticket.',
    unreachableCancel: 'Cancel',
    offlineBanner: 'The connection to the branch server is lost. The kiosk tries again by itself.',
    loading: 'Getting the kiosk ready…',
    reconnecting: 'Reconnecting…',
    yourNumber: 'Your queue number',
    peopleAhead: '{n} people ahead of you',
    nobodyAhead: 'Nobody is ahead of you',
    waitAbout: 'Estimated wait: {wait}',
    lateBooking: 'You came after your booked time, so you are served in the regular queue.',
    documentsTitle: 'Bring these original documents',
    printing: 'Printing your ticket…',
    printingReceipt: 'Printing your receipt…',
    printedReceipt: 'Please take your receipt',
    qrHintReceipt: 'Scan this QR code to follow your documents on your phone.',
    bookingSiteScan: 'Scan with your phone',
    printed: 'Please take your ticket',
    printLate: 'The ticket has not come out of the printer yet',
    printFailed: 'The printer has a problem',
    ticketValid: 'Your queue number is valid. You keep your place in the queue.',
    staffTold: 'The staff have been told and can print your ticket again.',
    askStaff: 'If you need help, ask an officer.',
    qrHint: 'Scan this QR code to follow the queue on your phone.',
    qrPhoto: 'Take a photo of this QR code with your phone, or write down your queue number.',
    done: 'Done',
    resetIn: 'The screen returns to the start in {n} seconds',
    refusedTitle: 'Sorry, no ticket could be made',
    whatToDo: 'What you can do:',
    useDropBox: 'Use the Document Drop Box',
    alt_book_online: 'Book online on the official BPJAMSOSTEK site. Booking is free too.',
    alt_book_online_at: 'Book online on the official BPJAMSOSTEK site, free too:',
    bookingSiteQr: 'Scan this QR code to open the booking site on your phone.',
    alt_drop_box: 'Leave your documents in the Document Drop Box.',
    alt_come_back_later: 'Come back on the right day or at the right time.',
    alt_ask_officer: 'Ask an officer at the information desk.',
    err_booking_wrong_day_future: 'Please come on the day of your booking.',
    err_booking_too_early_advice: 'Please come back to the kiosk at {time}.',
    err_not_found_advice: 'Check the code and the branch on your booking, then try again.',
    err_storage_unavailable: 'Tickets cannot be issued right now.',
  },
} satisfies Record<Lang, Record<string, string>>;

export type TextKey = keyof (typeof TEXT)['id'];

export function say(lang: Lang, key: TextKey, values: Record<string, string | number> = {}): string {
  return TEXT[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

/**
 * The social-security programmes behind the claim services, by service code (codes are stable; a
 * branch may rename a service). Their names are Indonesian proper names, said the same way in
 * English, beside the acronyms everyone knows.
 */
const PROGRAMMES: Record<string, { acronym: string; name: string }> = {
  JHT: { acronym: 'JHT', name: 'Jaminan Hari Tua' },
  JKK: { acronym: 'JKK', name: 'Jaminan Kecelakaan Kerja' },
  JKM: { acronym: 'JKM', name: 'Jaminan Kematian' },
  JP: { acronym: 'JP', name: 'Jaminan Pensiun' },
};

/**
 * The line under a service's label that gives both the acronym and the programme's full name:
 * "Jaminan Hari Tua" under "Klaim JHT", "JHT · Jaminan Hari Tua" under "Old-age savings claim".
 * Null for a service that is no programme's claim.
 */
export function programmeLine(serviceCode: string, label: string): string | null {
  const programme = PROGRAMMES[serviceCode];
  if (!programme) return null;
  return new RegExp(`\\b${programme.acronym}\\b`).test(label) ? programme.name : `${programme.acronym} · ${programme.name}`;
}

export function priorityLabel(lang: Lang, priority: Priority): string {
  return priority === 'elderly' || priority === 'disabled' || priority === 'pregnant' || priority === 'none'
    ? say(lang, `priority_${priority}`)
    : priority;
}

/** What a refused participant reads: what happened, and the things they can do instead. */
export interface RefusalWords {
  headline: string;
  /** Advice specific to this refusal, before the general alternatives. */
  advice: string | null;
  /** Booking online carries the site's address when the branch has one, shown with its QR code. */
  alternatives: { kind: Alternative; text: string; url?: string }[];
}

export interface RefusalContext {
  lang: Lang;
  /** The tile's label: names the service of a refusal the kiosk made itself (a tile already closed or full). */
  serviceLabel: string;
  /** False when the drop box itself is closed or full: then it is not offered. */
  dropBoxAvailable: boolean;
  /** The branch's online booking site (its hub profile); none when the profile names none. */
  bookingSiteUrl?: string | null;
}

/** Refusals the kiosk says its own way to a participant, by coarse code; all others use the shared wording. */
const OWN_HEADLINES: Partial<Record<string, TextKey>> = {
  // The hub cannot store tickets (a full disk): a participant needs no more than that.
  storage_unavailable: 'err_storage_unavailable',
};

/** What the participant can do about this refusal in particular, before the general alternatives. */
function adviceFor(refusal: Refusal, reason: string, lang: Lang): string | null {
  switch (reason) {
    case 'booking_wrong_day':
      return refusal.alternatives.includes('come_back_later') ? say(lang, 'err_booking_wrong_day_future') : null;
    case 'booking_too_early':
      return say(lang, 'err_booking_too_early_advice', { time: String(refusal.params?.opens ?? '') });
    case 'booking_unknown':
      return say(lang, 'err_not_found_advice');
    default:
      return null;
  }
}

export function describeRefusal(refusal: Refusal, { lang, serviceLabel, dropBoxAvailable, bookingSiteUrl }: RefusalContext): RefusalWords {
  const reason = refusal.reason ?? refusal.code;
  // A non-breaking hyphen keeps a code such as BK-0915 on one line.
  const booking = String(refusal.params?.booking ?? refusal.bookingCode ?? '').replaceAll('-', '\u2011');
  const params = { serviceLabelId: serviceLabel, serviceLabelEn: serviceLabel, ...refusal.params, ...(booking === '' ? {} : { booking }) };
  const own = OWN_HEADLINES[refusal.code];
  const headline = own ? say(lang, own) : refusalText({ code: refusal.code, reason, params }, lang);
  const advice = adviceFor(refusal, reason, lang);
  const alternatives = refusal.alternatives
    // A specific advice already says when to come back.
    .filter((kind) => !(kind === 'come_back_later' && advice !== null))
    .filter((kind) => kind !== 'drop_box' || dropBoxAvailable)
    .map((kind) =>
      kind === 'book_online' && bookingSiteUrl ? { kind, text: say(lang, 'alt_book_online_at'), url: bookingSiteUrl } : { kind, text: say(lang, `alt_${kind}`) },
    );
  if (alternatives.length === 0) alternatives.push({ kind: 'ask_officer', text: say(lang, 'alt_ask_officer') });
  return { headline, advice, alternatives };
}
