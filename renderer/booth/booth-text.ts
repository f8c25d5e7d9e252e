import type { DocumentState, Outcome } from '../../main/wire/schemas.js';
import type { Dictionary, Lang } from '../lib/i18n/lang.js';
import type { CameraProblem } from '../lib/call/camera.js';

/**
 * What the booth screen says, in plain words: the person in the booth may never have been on a
 * video call. Bahasa Indonesia first; English one tap away. Pure, so it is tested on its own.
 */
const ID = {
  serviceBooth: 'Bilik layanan',
  waitToBeCalled: 'Silakan tunggu sampai nomor Anda dipanggil ke bilik ini.',
  idleFree: 'Layanan BPJAMSOSTEK gratis. Jangan membayar siapa pun.',
  notBound: 'Layar ini belum ditetapkan ke bilik. Minta petugas menghubungi supervisor.',
  welcome: 'Selamat datang',
  number: 'Nomor Anda',
  greeting: 'Silakan duduk. Petugas akan menyapa Anda di layar ini.',
  connecting: 'Menyambungkan ke petugas…',
  officerAway: 'Layar petugas sedang tidak tersambung. Mohon tunggu, panggilan tersambung sendiri.',
  withAnother: 'Petugas sedang melayani peserta lain dan akan segera kembali kepada Anda.',
  waited: 'Anda sudah menunggu {time}.',
  you: 'Anda',
  officer: 'Petugas',
  documents: 'Dokumen yang perlu ditunjukkan',
  documentsHint: 'Bila petugas meminta, pegang dokumen di depan kamera sampai fotonya muncul di sini.',
  noDocuments: 'Layanan ini tidak memerlukan dokumen.',
  state_missing: 'Belum',
  state_captured: 'Sedang diperiksa',
  state_accepted: 'Diterima',
  state_redo: 'Tunjukkan lagi',
  redoHint: 'Petugas meminta foto ulang: pegang dokumen lebih dekat dan tidak bergerak.',
  consentTitle: 'Foto dokumen Anda',
  consentText: 'Petugas akan memotret dokumen yang Anda tunjukkan untuk memproses klaim Anda. Foto hanya dilihat petugas dan dihapus setelah {days} hari.',
  consentAgree: 'Saya setuju',
  consentGiven: 'Anda setuju dokumen Anda difoto untuk klaim ini.',
  stillSent: 'Foto {document} dikirim ke petugas.',
  ended: 'Layanan selesai',
  outcome_completed_claim: 'Klaim Anda diterima. Dana dikirim ke rekening Anda, biasanya dalam {days} hari kerja. Anda akan menerima SMS.',
  outcome_completed: 'Layanan Anda sudah selesai. Terima kasih.',
  outcome_documents_incomplete: 'Dokumen Anda belum lengkap. Klaim belum dapat diproses.',
  outcome_rejected: 'Klaim Anda tidak dapat diproses. Petugas sudah menjelaskan alasannya kepada Anda.',
  outcome_referred: 'Anda dirujuk ke layanan lain. Ikuti petunjuk petugas.',
  missingTitle: 'Yang masih kurang:',
  missingNext: 'Lengkapi dokumen ini, lalu ambil nomor antrean lagi atau titipkan di Drop Box. Tidak ada biaya.',
  rateTitle: 'Bagaimana layanan kami hari ini?',
  rate_1: 'Sangat buruk',
  rate_2: 'Buruk',
  rate_3: 'Cukup',
  rate_4: 'Baik',
  rate_5: 'Sangat baik',
  thanks: 'Terima kasih atas penilaian Anda. Sampai jumpa!',
  camera_blocked: 'Kamera atau mikrofon bilik ini diblokir. Minta petugas memeriksa izin kamera.',
  camera_missing: 'Kamera atau mikrofon bilik ini tidak ditemukan. Minta petugas memeriksa kabelnya.',
  camera_busy: 'Kamera bilik ini sedang dipakai program lain. Minta petugas memeriksanya.',
  camera_failed: 'Kamera bilik ini tidak dapat dibuka. Minta petugas memeriksanya.',
  reconnecting: 'Menyambung ulang ke hub cabang…',
};

export type BoothTextKey = keyof typeof ID;
export type BoothText = Record<BoothTextKey, string>;

export const TEXT: Dictionary<BoothTextKey> = {
  id: ID,
  en: {
    serviceBooth: 'Service booth',
    waitToBeCalled: 'Please wait until your number is called to this booth.',
    idleFree: 'BPJAMSOSTEK services are free. Do not pay anyone.',
    notBound: 'This screen is not assigned to a booth yet. Ask an officer to contact the supervisor.',
    welcome: 'Welcome',
    number: 'Your number',
    greeting: 'Please take a seat. The officer will greet you on this screen.',
    connecting: 'Connecting you to the officer…',
    officerAway: "The officer's screen is not connected. Please wait, the call connects by itself.",
    withAnother: 'The officer is serving another participant and will be back with you shortly.',
    waited: 'You have waited {time}.',
    you: 'You',
    officer: 'Officer',
    documents: 'Documents to show',
    documentsHint: 'When the officer asks, hold the document in front of the camera until its photo appears here.',
    noDocuments: 'This service needs no documents.',
    state_missing: 'Not yet',
    state_captured: 'Being checked',
    state_accepted: 'Accepted',
    state_redo: 'Show it again',
    redoHint: 'The officer asks for a new photo: hold the document closer and still.',
    consentTitle: 'Photos of your documents',
    consentText: 'The officer will photograph the documents you show, to process your claim. Only officers see the photos, and they are deleted after {days} days.',
    consentAgree: 'I agree',
    consentGiven: 'You agreed that your documents are photographed for this claim.',
    stillSent: 'Photo of {document} sent to the officer.',
    ended: 'Service finished',
    outcome_completed_claim: 'Your claim is accepted. The money is sent to your bank account, usually within {days} working days. You will receive a text message.',
    outcome_completed: 'Your service is complete. Thank you.',
    outcome_documents_incomplete: 'Your documents are not complete yet. The claim cannot be processed.',
    outcome_rejected: 'Your claim cannot be processed. The officer has explained why.',
    outcome_referred: 'You are referred to another service. Follow the officer’s directions.',
    missingTitle: 'Still missing:',
    missingNext: 'Complete these documents, then take a new queue number or leave them at the Drop Box. It is free.',
    rateTitle: 'How was our service today?',
    rate_1: 'Very poor',
    rate_2: 'Poor',
    rate_3: 'Fair',
    rate_4: 'Good',
    rate_5: 'Very good',
    thanks: 'Thank you for your rating. Goodbye!',
    camera_blocked: "This booth's camera or microphone is blocked. Ask an officer to check the camera permission.",
    camera_missing: "This booth's camera or microphone is not found. Ask an officer to check its cable.",
    camera_busy: "This booth's camera is used by another program. Ask an officer to check it.",
    camera_failed: "This booth's camera cannot be opened. Ask an officer to check it.",
    reconnecting: 'Reconnecting to the branch hub…',
  },
};

/** Working days a paid claim usually takes to reach the bank account, as the booth says it. */
export const PAYOUT_WORKING_DAYS = 5;

export const stateLabel = (state: DocumentState, lang: Lang) => TEXT[lang][`state_${state}`];
export const cameraProblemText = (problem: CameraProblem, lang: Lang) => TEXT[lang][`camera_${problem}`];

/** The outcome in plain words: a completed claim says when the money comes; other services just that they are done. */
export function outcomeText(outcome: Outcome, isClaim: boolean, lang: Lang): string {
  if (outcome === 'completed') return isClaim ? TEXT[lang].outcome_completed_claim.replace('{days}', String(PAYOUT_WORKING_DAYS)) : TEXT[lang].outcome_completed;
  return TEXT[lang][`outcome_${outcome}`];
}

/** How long someone has waited, in words: "45 detik", "2 menit 5 detik". */
export function waitedText(ms: number, lang: Lang): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  const unit = lang === 'id' ? { m: 'menit', s: 'detik' } : { m: minutes === 1 ? 'minute' : 'minutes', s: seconds === 1 ? 'second' : 'seconds' };
  if (minutes === 0) return `${seconds} ${unit.s}`;
  return seconds === 0 ? `${minutes} ${unit.m}` : `${minutes} ${unit.m} ${seconds} ${unit.s}`;
}
