import { formatDate } from '../format.js';
import type { Lang } from './lang.js';

/**
 * Every refusal the hub can send, worded in Indonesian and English from its stable `reason` and
 * `params`. Pages show these sentences and never the hub's `message`, which is English for logs.
 * Coarse codes are keys too: they word a refusal whose reason this page does not know yet.
 * Service labels come in the params (serviceLabelId, serviceLabelEn) as the hub knows them now.
 */

export type RefusalParams = Record<string, string | number | null>;

/** A refusal as the hub sent it; a HubError is one. */
export interface Refusal {
  code: string;
  reason?: string;
  params?: RefusalParams;
}

type Words = (p: RefusalParams) => string;

const STATUS: Record<Lang, Record<string, string>> = {
  id: { waiting: 'menunggu', called: 'dipanggil', serving: 'sedang dilayani', done: 'sudah selesai', no_show: 'sudah ditandai tidak hadir', cancelled: 'sudah dibatalkan' },
  en: { waiting: 'waiting', called: 'called', serving: 'being served', done: 'finished', no_show: 'marked a no-show', cancelled: 'cancelled' },
};

const ROLE: Record<Lang, Record<string, string>> = {
  id: { kiosk: 'kios', display: 'layar lobi', booth: 'layar bilik', console: 'konsol petugas', supervisor: 'supervisor' },
  en: { kiosk: 'kiosk', display: 'lobby display', booth: 'booth screen', console: 'officer console', supervisor: 'supervisor' },
};

/** Input fields a person fills in; other field names are said as they are. */
const FIELD: Record<Lang, Record<string, string>> = {
  id: {
    text: 'teks', name: 'nama', label: 'nama', pin: 'PIN', code: 'kode', bookingCode: 'kode booking', claimCount: 'jumlah berkas klaim',
    quota: 'kuota', dailyQuota: 'kuota harian', prefix: 'awalan', positions: 'posisi', services: 'layanan', reason: 'alasan', notes: 'catatan',
    outcome: 'hasil layanan', role: 'peran', serviceCode: 'layanan', officerId: 'petugas', nik: 'NIK', day: 'tanggal',
  },
  en: {
    text: 'text', name: 'name', label: 'name', pin: 'PIN', code: 'code', bookingCode: 'booking code', claimCount: 'number of claim files',
    quota: 'quota', dailyQuota: 'daily quota', prefix: 'prefix', positions: 'positions', services: 'services', reason: 'reason', notes: 'notes',
    outcome: 'outcome', role: 'role', serviceCode: 'service', officerId: 'officer', nik: 'NIK', day: 'date',
  },
};

const text = (p: RefusalParams, name: string): string => (p[name] === null || p[name] === undefined ? '' : String(p[name]));

const status = (lang: Lang, p: RefusalParams, name = 'status'): string => STATUS[lang][text(p, name)] ?? text(p, name);

/** A comma-joined list of statuses (the ones an action needs), as "a or b". */
const statuses = (lang: Lang, p: RefusalParams, name: string): string =>
  text(p, name)
    .split(',')
    .filter((s) => s !== '')
    .map((s) => STATUS[lang][s] ?? s)
    .join(lang === 'id' ? ' atau ' : ' or ');

const roles = (lang: Lang, p: RefusalParams, name: string, joiner: string): string =>
  text(p, name)
    .split(',')
    .filter((r) => r !== '')
    .map((r) => ROLE[lang][r] ?? r)
    .join(joiner);

/** The service's label in this language, its code when the hub sent no label. */
const service = (lang: Lang, p: RefusalParams): string => text(p, lang === 'id' ? 'serviceLabelId' : 'serviceLabelEn') || text(p, 'service');

const field = (lang: Lang, p: RefusalParams): string => FIELD[lang][text(p, 'field')] ?? text(p, 'field');

/** A YYYY-MM-DD day as people write it; noon UTC is the same calendar day in every zone. */
const date = (lang: Lang, p: RefusalParams, name: string): string => {
  const day = text(p, name);
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? formatDate(Date.parse(`${day}T12:00:00Z`), 'UTC', lang) : day;
};

const capitalised = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Each refusal in both languages. Keys are reasons (and coarse codes, as fallbacks). */
export const REFUSALS: Record<string, Record<Lang, Words>> = {
  // Calling and serving tickets (console)
  not_signed_in: {
    id: () => 'Belum ada petugas yang masuk di konsol ini. Silakan masuk dulu.',
    en: () => 'No officer is signed in on this console. Please sign in first.',
  },
  session_ended: {
    id: () => 'Sesi petugas ini sudah berakhir. Silakan masuk lagi.',
    en: () => 'This officer session has already ended. Please sign in again.',
  },
  position_unknown: {
    id: (p) => `Posisi ${text(p, 'position')} tidak ada di cabang ini.`,
    en: (p) => `This branch has no position ${text(p, 'position')}.`,
  },
  position_not_yours: {
    id: (p) => `${text(p, 'position')} tidak termasuk posisi yang dilayani ${text(p, 'officer')} sekarang.`,
    en: (p) => `${text(p, 'position')} is not one of the positions ${text(p, 'officer')} serves now.`,
  },
  position_busy: {
    id: (p) => `Di ${text(p, 'position')} masih ada tiket ${text(p, 'ticket')} yang ${status('id', p)}. Selesaikan, tandai tidak hadir, atau alihkan tiket itu dulu.`,
    en: (p) => `${text(p, 'position')} still has ticket ${text(p, 'ticket')} (${status('en', p)}). Finish it, mark it a no-show or transfer it first.`,
  },
  https_required: {
    id: () => 'Alamat ini hanya dilayani lewat HTTPS. Buka alamat hub dengan https://.',
    en: () => 'This address is served over HTTPS only. Open the hub address with https://.',
  },
  exit_pin_not_set: {
    id: () => 'Belum ada PIN keluar mode kios. Supervisor membuatnya di PC hub: antre exit-pin --profile PROFIL.',
    en: () => 'No PIN for leaving kiosk mode is set yet. The supervisor sets one on the hub PC: antre exit-pin --profile PROFILE.',
  },
  exit_pin_wrong: {
    id: () => 'PIN supervisor salah.',
    en: () => "The supervisor's PIN is wrong.",
  },
  position_wrong_service: {
    id: (p) => `${text(p, 'position')} tidak melayani ${service('id', p)}. Alihkan tiket ${text(p, 'ticket')} dulu.`,
    en: (p) => `${text(p, 'position')} does not serve ${service('en', p)}. Transfer ticket ${text(p, 'ticket')} first.`,
  },
  ticket_unknown: {
    id: () => 'Tiket ini tidak ditemukan di cabang.',
    en: () => 'This ticket is not known at the branch.',
  },
  ticket_wrong_status: {
    id: (p) => `Tiket ${text(p, 'ticket')} ${status('id', p)}: langkah ini hanya untuk tiket yang ${statuses('id', p, 'allowed')}.`,
    en: (p) => `Ticket ${text(p, 'ticket')} is ${status('en', p)}: this is only for a ticket that is ${statuses('en', p, 'allowed')}.`,
  },
  ticket_other_officer: {
    id: (p) => `Tiket ${text(p, 'ticket')} dipanggil oleh petugas lain.`,
    en: (p) => `Ticket ${text(p, 'ticket')} was called by another officer.`,
  },
  ticket_not_waiting: {
    id: (p) => `Tiket ${text(p, 'ticket')} tidak dapat dipanggil karena ${status('id', p)}.`,
    en: (p) => `Ticket ${text(p, 'ticket')} cannot be called: it is ${status('en', p)}.`,
  },
  ticket_not_transferable: {
    id: (p) => `Tiket ${text(p, 'ticket')} tidak dapat dialihkan lagi karena ${status('id', p)}.`,
    en: (p) => `Ticket ${text(p, 'ticket')} can no longer be transferred: it is ${status('en', p)}.`,
  },
  ticket_reserved: {
    id: (p) => `Tiket ${text(p, 'ticket')} dialihkan ke ${text(p, p.position ? 'position' : 'officer')} dan hanya dipanggil di sana.`,
    en: (p) => `Ticket ${text(p, 'ticket')} was transferred to ${text(p, p.position ? 'position' : 'officer')} and is called there only.`,
  },
  transfer_position_wrong_service: {
    id: (p) => `${text(p, 'position')} tidak melayani ${service('id', p)}.`,
    en: (p) => `${text(p, 'position')} does not serve ${service('en', p)}.`,
  },
  transfer_position_unstaffed: {
    id: (p) => `Tidak ada petugas di ${text(p, 'position')} sekarang: pilih posisi atau petugas lain.`,
    en: (p) => `Nobody serves at ${text(p, 'position')} now: pick another position or officer.`,
  },
  transfer_officer_off_duty: {
    id: (p) => `${text(p, 'officer')} sedang tidak masuk: pilih petugas atau posisi lain.`,
    en: (p) => `${text(p, 'officer')} is not signed in: pick another officer or position.`,
  },
  transfer_officer_wrong_service: {
    id: (p) => `${text(p, 'officer')} tidak melayani ${service('id', p)} sekarang.`,
    en: (p) => `${text(p, 'officer')} does not serve ${service('en', p)} now.`,
  },
  notes_hold_nik: {
    id: () => 'Catatan tampaknya berisi NIK (16 angka). Hapus NIK dari catatan.',
    en: () => 'The notes seem to hold a NIK (16 digits). Take it out of the notes.',
  },
  transfer_same_service: {
    id: (p) => `Tiket ${text(p, 'ticket')} sudah berada di antrean ${service('id', p)}.`,
    en: (p) => `Ticket ${text(p, 'ticket')} is already in the ${service('en', p)} queue.`,
  },
  ticket_not_cancellable: {
    id: (p) => `Tiket ${text(p, 'ticket')} tidak dapat dibatalkan lagi karena ${status('id', p)}.`,
    en: (p) => `Ticket ${text(p, 'ticket')} can no longer be cancelled: it is ${status('en', p)}.`,
  },
  ticket_status_unknown: {
    id: () => 'Tidak ada tiket dengan kode ini. Periksa kode QR pada tiket Anda.',
    en: () => 'No ticket has this code. Check the QR code on your ticket.',
  },

  // Signing in (console)
  wrong_pin: {
    id: () => 'PIN salah atau petugas tidak dikenal. Coba lagi.',
    en: () => 'Wrong PIN or unknown officer. Try again.',
  },
  too_many_pin_attempts: {
    id: (p) => `Terlalu banyak PIN salah. Coba lagi dalam ${text(p, 'seconds')} detik, atau minta bantuan supervisor.`,
    en: (p) => `Too many wrong PINs. Try again in ${text(p, 'seconds')} seconds, or ask the supervisor.`,
  },
  officer_locked: {
    id: (p) => `${text(p, 'officer') || 'Petugas ini'} dikunci karena terlalu banyak PIN salah. Minta supervisor membukanya.`,
    en: (p) => `${text(p, 'officer') || 'This officer'} is locked after too many wrong PINs. Ask the supervisor to unlock.`,
  },
  officer_busy: {
    id: (p) => `${text(p, 'officer')} masih memegang tiket ${text(p, 'tickets')}. Tiket itu harus diselesaikan atau dialihkan sebelum petugas dinonaktifkan, atau keluarkan ${text(p, 'officer')} di tampilan Hari ini: tiketnya kembali ke antrean.`,
    en: (p) => `${text(p, 'officer')} still has ticket ${text(p, 'tickets')}. It must be finished or transferred before the officer is disabled, or sign ${text(p, 'officer')} out on the Today view: their tickets go back to the queue.`,
  },
  officer_not_signed_in: {
    id: (p) => `${text(p, 'officer')} tidak sedang masuk di konsol mana pun.`,
    en: (p) => `${text(p, 'officer')} is not signed in at any console.`,
  },
  requeue_day_over: {
    id: (p) => `Tiket ${text(p, 'ticket')} dari ${date('id', p, 'day')} tidak dapat dipanggil lagi, jadi tidak dapat dikembalikan ke antrean. Batalkan tiket itu dulu, lalu keluarkan ${text(p, 'officer')}.`,
    en: (p) => `Ticket ${text(p, 'ticket')} of ${date('en', p, 'day')} can no longer be called, so it cannot go back to the queue. Cancel that ticket first, then sign ${text(p, 'officer')} out.`,
  },
  pin_required: {
    id: () => 'Petugas baru memerlukan PIN 4 sampai 8 angka.',
    en: () => 'A new officer needs a PIN of 4 to 8 digits.',
  },
  position_staffed: {
    id: (p) => `${text(p, 'officer')} sedang masuk di ${text(p, 'position')}. Petugas itu harus keluar dulu.`,
    en: (p) => `${text(p, 'officer')} is signed in to ${text(p, 'position')}. They must sign out first.`,
  },
  officer_unknown: {
    id: () => 'Petugas ini tidak dikenal atau tidak aktif.',
    en: () => 'This officer is unknown or not active.',
  },
  positions_required: {
    id: () => 'Pilih minimal satu posisi yang dilayani.',
    en: () => 'Pick at least one position to serve.',
  },
  counter_alone: {
    id: () => 'Loket dilayani satu per satu: pilih satu loket saja, atau bilik saja.',
    en: () => 'A counter is served one to one: pick one counter, or booths only.',
  },
  too_many_booths: {
    id: (p) => `Satu petugas paling banyak melayani ${text(p, 'max')} bilik sekaligus (dipilih ${text(p, 'count')}).`,
    en: (p) => `One officer serves at most ${text(p, 'max')} booths at once (${text(p, 'count')} chosen).`,
  },
  position_taken: {
    id: (p) => `${text(p, 'position')} sedang dilayani ${text(p, 'officer')}.`,
    en: (p) => `${text(p, 'position')} is being served by ${text(p, 'officer')}.`,
  },
  officer_has_open_tickets: {
    id: (p) => `${text(p, 'officer')} masih memegang tiket ${text(p, 'tickets')}. Selesaikan atau alihkan dulu.`,
    en: (p) => `${text(p, 'officer')} still has ticket ${text(p, 'tickets')}. Finish or transfer it first.`,
  },

  // Issuing tickets (kiosk)
  service_unknown: {
    id: (p) => `Layanan ${text(p, 'service')} tidak ada di cabang ini.`,
    en: (p) => `This branch has no service ${text(p, 'service')}.`,
  },
  service_closed: {
    id: (p) => (service('id', p) ? `Layanan ${service('id', p)} tutup hari ini.` : 'Layanan ini tutup hari ini.'),
    en: (p) => (service('en', p) ? `${service('en', p)} is closed today.` : 'This service is closed today.'),
  },
  quota_full: {
    id: (p) => `Kuota hari ini untuk ${service('id', p) || 'layanan ini'} sudah habis.`,
    en: (p) => `Today's quota for ${service('en', p) || 'this service'} is used up.`,
  },
  numbers_used_up: {
    id: (p) => `Semua ${text(p, 'max')} nomor antrean ${service('id', p)} hari ini sudah terpakai.`,
    en: (p) => `All ${text(p, 'max')} queue numbers of ${service('en', p)} are used today.`,
  },
  request_id_reused: {
    id: () => 'Permintaan ini sudah dipakai untuk tiket lain. Silakan mulai lagi dari awal.',
    en: () => 'This request was already used for another ticket. Please start again.',
  },
  claim_count_required: {
    id: () => 'Masukkan jumlah berkas klaim kolektif.',
    en: () => 'Enter the number of claim files.',
  },
  claim_count_not_collective: {
    id: () => 'Jumlah berkas klaim hanya untuk klaim kolektif.',
    en: () => 'Only a collective claim has a number of claim files.',
  },
  booking_unknown: {
    id: (p) => `Kode booking ${text(p, 'booking')} tidak ditemukan di kantor cabang ini.`,
    en: (p) => `Booking code ${text(p, 'booking')} is not known at this branch.`,
  },
  booking_cancelled: {
    id: (p) => `Booking ${text(p, 'booking')} sudah dibatalkan.`,
    en: (p) => `Booking ${text(p, 'booking')} was cancelled.`,
  },
  booking_used: {
    id: (p) => `Booking ${text(p, 'booking')} sudah dipakai untuk check-in.`,
    en: (p) => `Booking ${text(p, 'booking')} has already been checked in.`,
  },
  booking_wrong_day: {
    id: (p) => `Booking ${text(p, 'booking')} untuk ${date('id', p, 'day')}, bukan hari ini.`,
    en: (p) => `Booking ${text(p, 'booking')} is for ${date('en', p, 'day')}, not today.`,
  },
  booking_too_early: {
    id: (p) => `Check-in untuk booking ${text(p, 'booking')} baru dibuka pukul ${text(p, 'opens')}.`,
    en: (p) => `Check-in for booking ${text(p, 'booking')} opens at ${text(p, 'opens')}.`,
  },
  booking_service_unknown: {
    id: (p) => `Booking ${text(p, 'booking')} untuk layanan ${text(p, 'service')}, yang tidak ada di cabang ini.`,
    en: (p) => `Booking ${text(p, 'booking')} is for service ${text(p, 'service')}, which this branch does not have.`,
  },

  // Branch settings, printing (supervisor)
  prefix_taken: {
    id: (p) => `Awalan ${text(p, 'prefix')} sudah dipakai layanan ${service('id', p)}.`,
    en: (p) => `Prefix ${text(p, 'prefix')} is already used by ${service('en', p)}.`,
  },
  quota_below_issued: {
    id: (p) => `Hari ini sudah terbit ${text(p, 'issued')} tiket, jadi kuota hari ini tidak bisa kurang dari ${text(p, 'issued')}.`,
    en: (p) => `${text(p, 'issued')} tickets are already issued today, so today's quota cannot be lower than ${text(p, 'issued')}.`,
  },
  print_job_unknown: {
    id: () => 'Tugas cetak ini tidak dikenal.',
    en: () => 'This print job is not known.',
  },
  print_job_not_queued: {
    id: () => 'Tugas cetak ini tidak lagi menunggu dicetak.',
    en: () => 'This print job is no longer waiting to print.',
  },
  print_job_finished: {
    id: () => 'Tugas cetak ini sudah selesai.',
    en: () => 'This print job has already ended.',
  },
  reprint_not_today: {
    id: (p) => `Tiket ${text(p, 'ticket')} dari ${date('id', p, 'day')}: hanya tiket hari ini yang dapat dicetak ulang.`,
    en: (p) => `Ticket ${text(p, 'ticket')} is from ${date('en', p, 'day')}: only today's tickets can be printed again.`,
  },
  reprint_needs_kiosk: {
    id: (p) => `Tiket ${text(p, 'ticket')} belum pernah dicetak: pilih kios untuk mencetaknya.`,
    en: (p) => `Ticket ${text(p, 'ticket')} was never printed: choose a kiosk to print it on.`,
  },
  reprint_pending: {
    id: (p) => `Tiket ${text(p, 'ticket')} sudah menunggu dicetak di kios itu.`,
    en: (p) => `Ticket ${text(p, 'ticket')} is already waiting to print on that kiosk.`,
  },

  // Pairing and first setup
  pairing_code_unknown: {
    id: (p) => `Tidak ada perangkat yang menunggu dengan kode ${text(p, 'code')}. Periksa kode di layar perangkat itu, atau minta kode baru.`,
    en: (p) => `No device is waiting with code ${text(p, 'code')}. Check the code on the device's screen, or ask it for a new one.`,
  },
  pairing_claim_unknown: {
    id: () => 'Permintaan pemasangan ini tidak dikenal atau sudah dipakai. Mulai pemasangan lagi.',
    en: () => 'This pairing request is unknown or was already used. Start pairing again.',
  },
  pairing_refused_or_expired: {
    id: () => 'Permintaan pemasangan ini ditolak atau sudah kedaluwarsa. Mulai pemasangan lagi.',
    en: () => 'This pairing request was refused or has expired. Start pairing again.',
  },
  device_not_found: {
    id: () => 'Perangkat ini tidak (lagi) terpasang di cabang.',
    en: () => 'This device is not (or no longer) paired with the branch.',
  },
  join_wrong_role: {
    id: (p) => `${text(p, 'device')} terpasang sebagai ${ROLE.id[text(p, 'role')] ?? text(p, 'role')}: pilih perangkat dengan peran yang sama.`,
    en: (p) => `${text(p, 'device')} is paired as a ${ROLE.en[text(p, 'role')] ?? text(p, 'role')}: choose a device with the same role.`,
  },
  booth_position_required: {
    id: () => 'Pilih bilik tempat layar ini berada.',
    en: () => 'Choose the booth this screen is in.',
  },
  position_not_booth: {
    id: (p) => `${text(p, 'position')} bukan bilik di cabang ini.`,
    en: (p) => `${text(p, 'position')} is not a booth of this branch.`,
  },
  booth_position_taken: {
    id: (p) => `${text(p, 'position')} sudah punya layar: ${text(p, 'device')}.`,
    en: (p) => `${text(p, 'position')} already has a screen: ${text(p, 'device')}.`,
  },
  position_only_for_booth: {
    id: () => 'Hanya layar bilik yang terikat ke sebuah bilik.',
    en: () => 'Only a booth screen is bound to a booth.',
  },
  printer_only_for_kiosk: {
    id: () => 'Hanya kios yang memakai printer.',
    en: () => 'Only a kiosk has a printer.',
  },
  printer_unknown: {
    id: (p) => `Hub tidak menjalankan printer bernama ${text(p, 'printer')}.`,
    en: (p) => `The hub runs no printer named ${text(p, 'printer')}.`,
  },
  printer_taken: {
    id: (p) => `Printer ${text(p, 'printer')} sudah mencetak untuk ${text(p, 'device')}.`,
    en: (p) => `Printer ${text(p, 'printer')} already prints for ${text(p, 'device')}.`,
  },
  too_many_pairing_requests: {
    id: () => 'Terlalu banyak permintaan pemasangan dari alamat ini. Tunggu satu menit.',
    en: () => 'Too many pairing requests from this address. Wait a minute.',
  },
  setup_code_invalid: {
    id: () => 'Ini bukan kode penyiapan. Salin lagi dari komputer hub, atau jalankan antre setup untuk kode baru.',
    en: () => 'This is not the setup code. Copy it from the hub again, or run antre setup for a new one.',
  },
  setup_code_expired: {
    id: (p) => `Dari komputer lain, kode penyiapan hanya berlaku ${text(p, 'minutes') || 'beberapa'} menit. Buka di komputer hub, atau jalankan antre setup lagi.`,
    en: (p) => `From another computer the setup code works for ${text(p, 'minutes') || 'a few'} minutes only. Open it on the hub, or run antre setup again.`,
  },
  setup_spent: {
    id: () => 'Cabang ini sudah disiapkan. Minta supervisor memasangkan peramban ini.',
    en: () => 'This branch is already set up. Ask a supervisor to pair this browser.',
  },

  // Access
  not_paired: {
    id: () => 'Perangkat ini belum dipasangkan dengan cabang. Minta supervisor menyetujuinya.',
    en: () => 'This device is not paired with the branch. Ask the supervisor to approve it.',
  },
  token_revoked: {
    id: () => 'Pemasangan perangkat ini tidak dikenal atau sudah dicabut. Pasangkan perangkat ini lagi.',
    en: () => "This device's pairing is unknown or was revoked. Pair this device again.",
  },
  role_forbidden: {
    id: (p) => `${capitalised(roles('id', p, 'role', ''))} tidak boleh melakukan ini: hanya ${roles('id', p, 'needs', ' atau ')} yang boleh.`,
    en: (p) => `This ${roles('en', p, 'role', '')} may not do this: only the ${roles('en', p, 'needs', ' or the ')} may.`,
  },

  // Video booths: the call between a booth screen and its console, documents, rating
  relay_not_paired: {
    id: () => 'Layar ini belum dipasangkan, jadi belum dapat tersambung ke bilik atau konsol.',
    en: () => 'This screen is not paired, so it cannot connect to a booth or a console yet.',
  },
  relay_kind_forbidden: {
    id: () => 'Layar ini tidak boleh mengirim pesan panggilan video seperti ini.',
    en: () => 'This screen may not send this kind of video-call message.',
  },
  relay_not_peer: {
    id: () => 'Bilik ini tidak dilayani dari konsol ini sekarang.',
    en: () => 'This booth is not served from this console now.',
  },
  relay_peer_offline: {
    id: () => 'Layar di seberang belum tersambung ke hub cabang. Panggilan tersambung sendiri begitu layar itu kembali.',
    en: () => 'The screen at the other end is not connected to the branch hub. The call connects by itself once it is back.',
  },
  booth_not_bound: {
    id: () => 'Layar bilik ini belum ditetapkan ke bilik mana pun. Minta supervisor memilih biliknya di menu Perangkat.',
    en: () => 'This booth screen is not assigned to a booth yet. Ask the supervisor to choose its booth under Devices.',
  },
  booth_no_visit: {
    id: () => 'Tidak ada peserta yang dipanggil ke bilik ini sekarang.',
    en: () => 'Nobody is called to this booth now.',
  },
  booth_no_consent: {
    id: () => 'Peserta belum menyetujui pemotretan dokumen. Minta peserta menekan "Saya setuju" di layar bilik.',
    en: () => 'The participant has not agreed to document photos yet. Ask them to press "I agree" on the booth screen.',
  },
  booth_nothing_to_rate: {
    id: () => 'Tidak ada layanan yang baru selesai di bilik ini untuk dinilai.',
    en: () => 'No service has just finished at this booth to be rated.',
  },
  document_not_required: {
    id: (p) => `Dokumen ini tidak termasuk dokumen wajib untuk tiket ${text(p, 'ticket')}.`,
    en: (p) => `This document is not one ticket ${text(p, 'ticket')} requires.`,
  },
  capture_not_jpeg: {
    id: () => 'Foto dokumen tidak utuh. Ambil foto lagi.',
    en: () => 'The document photo did not arrive whole. Take it again.',
  },
  capture_unknown: {
    id: () => 'Foto dokumen ini tidak ada lagi: mungkin sudah dihapus setelah masa simpannya.',
    en: () => 'This document photo no longer exists: it may have been deleted after its retention period.',
  },
  ticket_not_served_here: {
    id: (p) => `Tiket ${text(p, 'ticket')} tidak dilayani dari konsol ini: dokumennya hanya untuk petugasnya dan supervisor.`,
    en: (p) => `Ticket ${text(p, 'ticket')} is not served from this console: its documents are for its officer and the supervisor only.`,
  },

  // The hub's storage
  storage_full: {
    id: () => 'Penyimpanan hub cabang penuh: perubahan tidak dapat disimpan sekarang. Beri tahu petugas TI.',
    en: () => "The branch hub's storage is full: changes cannot be saved now. Tell the IT staff.",
  },
  storage_failed: {
    id: () => 'Hub cabang tidak dapat menyimpan ke basis datanya sekarang. Beri tahu petugas TI.',
    en: () => 'The branch hub cannot write to its database now. Tell the IT staff.',
  },
  storage_read_only: {
    id: () => 'Basis data hub cabang hanya dapat dibaca: perubahan tidak dapat disimpan. Beri tahu petugas TI.',
    en: () => "The branch hub's database is read-only: changes cannot be saved. Tell the IT staff.",
  },

  // The request itself
  invalid_input: {
    id: (p) => `Isian ${field('id', p)} tidak valid. Periksa lalu coba lagi.`,
    en: (p) => `The ${field('en', p)} entered is not valid. Check it and try again.`,
  },
  unknown_field: {
    id: (p) => `Hub tidak mengenal isian ${text(p, 'field')}. Muat ulang halaman ini.`,
    en: (p) => `The hub does not know the field ${text(p, 'field')}. Reload this page.`,
  },
  body_not_expected: {
    id: () => 'Permintaan ini tidak menerima data. Muat ulang halaman ini.',
    en: () => 'This request takes no data. Reload this page.',
  },
  body_too_large: {
    id: () => 'Data yang dikirim terlalu besar untuk hub cabang.',
    en: () => 'What was sent is too large for the branch hub.',
  },
  body_not_json: {
    id: () => 'Hub cabang hanya menerima data JSON. Muat ulang halaman ini.',
    en: () => 'The branch hub accepts JSON data only. Reload this page.',
  },
  body_empty: {
    id: () => 'Permintaan ini kosong. Muat ulang halaman ini.',
    en: () => 'This request is empty. Reload this page.',
  },
  body_malformed: {
    id: () => 'Data yang dikirim rusak. Muat ulang halaman ini.',
    en: () => 'What was sent is damaged. Reload this page.',
  },
  bad_request: {
    id: () => 'Hub cabang tidak memahami permintaan ini. Muat ulang halaman ini.',
    en: () => 'The branch hub did not understand this request. Reload this page.',
  },
  url_malformed: {
    id: () => 'Alamat permintaan ini rusak.',
    en: () => 'The address of this request is malformed.',
  },
  route_unknown: {
    id: (p) => `Hub cabang tidak mengenal alamat ${text(p, 'path')}.`,
    en: (p) => `The branch hub has no address ${text(p, 'path')}.`,
  },
  internal: {
    id: () => 'Hub cabang gagal memproses permintaan ini dan sudah mencatatnya. Coba lagi; bila terulang, beri tahu petugas TI.',
    en: () => 'The branch hub could not complete this request and has logged it. Try again; if it happens again, tell the IT staff.',
  },
  unreachable: {
    id: () => 'Hub cabang tidak dapat dihubungi. Periksa jaringan; halaman ini mencoba lagi sendiri.',
    en: () => 'The branch hub cannot be reached. Check the network; this page keeps trying.',
  },
  http_error: {
    id: () => 'Hub cabang menjawab dengan kesalahan yang tidak dikenal. Coba lagi.',
    en: () => 'The branch hub answered with an unknown error. Try again.',
  },

  // Coarse codes: a reason this page does not know yet is still said in the reader's language.
  invalid: {
    id: () => 'Isian tidak valid. Periksa lalu coba lagi.',
    en: () => 'Something entered is not valid. Check it and try again.',
  },
  not_found: {
    id: () => 'Yang diminta tidak ditemukan di hub cabang.',
    en: () => 'The branch hub does not know what was asked for.',
  },
  conflict: {
    id: () => 'Permintaan ini tidak sesuai dengan keadaan saat ini. Periksa lalu coba lagi.',
    en: () => 'This does not fit how things are now. Check and try again.',
  },
  unauthorized: {
    id: () => 'Perangkat ini belum (atau tidak lagi) dipasangkan dengan cabang.',
    en: () => 'This device is not (or no longer) paired with the branch.',
  },
  forbidden: {
    id: () => 'Perangkat ini tidak boleh melakukan ini.',
    en: () => 'This device may not do this.',
  },
  bad_credentials: {
    id: () => 'PIN salah atau petugas tidak dikenal. Coba lagi.',
    en: () => 'Wrong PIN or unknown officer. Try again.',
  },
  too_many_attempts: {
    id: () => 'Terlalu banyak percobaan. Tunggu sebentar lalu coba lagi.',
    en: () => 'Too many attempts. Wait a moment and try again.',
  },
  too_large: {
    id: () => 'Data yang dikirim terlalu besar untuk hub cabang.',
    en: () => 'What was sent is too large for the branch hub.',
  },
  unsupported_media_type: {
    id: () => 'Hub cabang hanya menerima data JSON.',
    en: () => 'The branch hub accepts JSON data only.',
  },
  storage_unavailable: {
    id: () => 'Hub cabang tidak dapat menyimpan data sekarang. Beri tahu petugas TI.',
    en: () => 'The branch hub cannot save data now. Tell the IT staff.',
  },
  refused: {
    id: () => 'Hub cabang menolak permintaan ini.',
    en: () => 'The branch hub refused this request.',
  },
};

/** The refusal in the reader's language: by its reason, else by its coarse code, never the hub's English message. */
export function refusalText(refusal: Refusal, lang: Lang): string {
  const known = (key: string | undefined) => (key !== undefined && Object.hasOwn(REFUSALS, key) ? REFUSALS[key] : undefined);
  const words = known(refusal.reason) ?? known(refusal.code) ?? REFUSALS.refused!;
  return words[lang](refusal.params ?? {});
}
