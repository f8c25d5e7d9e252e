import type { DeviceRole } from '../../main/wire/schemas.js';
import type { Dictionary } from '../lib/i18n/lang.js';

type Key =
  | 'title'
  | 'ask'
  | 'how'
  | 'waiting'
  | 'validUntil'
  | 'thisPage'
  | 'approved'
  | 'requesting'
  | 'unreachable'
  | 'setupTitle'
  | 'setupIntro'
  | 'setupCode'
  | 'setupName'
  | 'setupNameDefault'
  | 'setupSubmit'
  | 'setupWorking'
  | 'setupMissing';

export const PAIR_TEXT: Dictionary<Key> = {
  id: {
    title: 'Layar ini belum dipasangkan',
    ask: 'Minta supervisor cabang menyetujui layar ini dengan kode:',
    how: 'Supervisor: buka halaman Supervisor, bagian Perangkat, masukkan kode ini, lalu pilih peran layar.',
    waiting: 'Menunggu persetujuan supervisor…',
    validUntil: 'Kode berlaku sampai {time}',
    thisPage: 'Halaman ini: {role}',
    approved: 'Disetujui. Membuka halaman…',
    requesting: 'Meminta kode…',
    unreachable: 'Hub cabang belum dapat dihubungi. Mencoba lagi…',
    setupTitle: 'Menyiapkan cabang baru',
    setupIntro: 'Masukkan kode penyiapan yang ditampilkan oleh perintah antre setup di komputer hub. Browser ini akan menjadi supervisor pertama cabang.',
    setupCode: 'Kode penyiapan',
    setupName: 'Nama komputer ini',
    setupNameDefault: 'Supervisor',
    setupSubmit: 'Jadikan browser ini supervisor',
    setupWorking: 'Memproses…',
    setupMissing: 'Isi kode penyiapan (10 huruf dan angka) dan nama komputer ini.',
  },
  en: {
    title: 'This screen is not paired yet',
    ask: 'Ask the branch supervisor to approve this screen with the code:',
    how: 'Supervisor: open the Supervisor page, Devices, enter this code and choose the screen’s role.',
    waiting: 'Waiting for the supervisor’s approval…',
    validUntil: 'The code is valid until {time}',
    thisPage: 'This page: {role}',
    approved: 'Approved. Opening the page…',
    requesting: 'Asking for a code…',
    unreachable: 'The branch hub cannot be reached yet. Trying again…',
    setupTitle: 'Setting up a new branch',
    setupIntro: 'Enter the setup code shown by the antre setup command on the hub computer. This browser becomes the branch’s first supervisor.',
    setupCode: 'Setup code',
    setupName: 'Name of this computer',
    setupNameDefault: 'Supervisor',
    setupSubmit: 'Make this browser the supervisor',
    setupWorking: 'Working…',
    setupMissing: 'Fill in the setup code (10 letters and digits) and the name of this computer.',
  },
};

export const ROLE_NAMES: Record<'id' | 'en', Record<DeviceRole, string>> = {
  id: { kiosk: 'Kios tiket', display: 'Layar lobi', booth: 'Bilik layanan', console: 'Konsol petugas', supervisor: 'Supervisor' },
  en: { kiosk: 'Ticket kiosk', display: 'Lobby display', booth: 'Service booth', console: 'Officer console', supervisor: 'Supervisor' },
};
