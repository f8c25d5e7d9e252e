import type { Dictionary } from '../lib/i18n/lang.js';

/** The phone page's words, Indonesian first. */
const id = {
  title: 'Status antrean',
  loading: 'Memuat…',
  yourNumber: 'Nomor antrean Anda',
  ahead: 'Di depan Anda',
  people: '{count} orang',
  onePerson: '1 orang',
  youAreNext: 'Anda berikutnya',
  estimatedWait: 'Perkiraan tunggu',
  unstaffed: 'Belum ada petugas yang melayani layanan ini; perkiraan bisa berubah.',
  stayNear: 'Tetap di ruang tunggu: nomor Anda dipanggil di layar lobby.',
  calledTitle: 'Nomor Anda dipanggil!',
  goTo: 'Silakan menuju',
  servingAt: 'Anda sedang dilayani di',
  done: 'Layanan Anda sudah selesai. Terima kasih telah datang.',
  noShow: 'Nomor Anda sudah dipanggil, tetapi Anda tidak datang. Silakan ambil nomor baru di kios atau tanyakan ke petugas.',
  cancelled: 'Tiket ini dibatalkan. Bila ada pertanyaan, silakan tanyakan ke petugas.',
  unknownTitle: 'Tiket tidak ditemukan',
  unknown: 'Kode tiket pada tautan ini tidak dikenal. Periksa tautannya, atau pindai lagi kode QR pada tiket Anda.',
  unreachable: 'Tidak dapat terhubung ke kantor cabang. Mencoba lagi…',
  updatedAt: 'Diperbarui otomatis · terakhir {time}',
  stopped: 'Halaman ini tidak diperbarui lagi.',
  free: 'Layanan ini gratis. Jangan membayar siapa pun untuk antrean.',
  calledDocumentTitle: '{number}: silakan menuju {place}',
};

export type StatusTextKey = keyof typeof id;

const en: Record<StatusTextKey, string> = {
  title: 'Queue status',
  loading: 'Loading…',
  yourNumber: 'Your queue number',
  ahead: 'Ahead of you',
  people: '{count} people',
  onePerson: '1 person',
  youAreNext: 'You are next',
  estimatedWait: 'Estimated wait',
  unstaffed: 'No officer is serving this service yet; the estimate may change.',
  stayNear: 'Stay in the waiting room: your number is called on the lobby screen.',
  calledTitle: 'Your number is called!',
  goTo: 'Please go to',
  servingAt: 'You are being served at',
  done: 'Your service is complete. Thank you for coming.',
  noShow: 'Your number was called, but you did not come. Please take a new number at the kiosk or ask an officer.',
  cancelled: 'This ticket was cancelled. If you have questions, please ask an officer.',
  unknownTitle: 'Ticket not found',
  unknown: 'The ticket code in this link is not known. Check the link, or scan the QR code on your ticket again.',
  unreachable: 'Cannot reach the branch office. Trying again…',
  updatedAt: 'Updates by itself · last {time}',
  stopped: 'This page no longer updates.',
  free: 'This service is free. Do not pay anyone for a place in the queue.',
  calledDocumentTitle: '{number}: please go to {place}',
};

export const STATUS_TEXT: Dictionary<StatusTextKey> = { id, en };
