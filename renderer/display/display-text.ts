import type { Dictionary } from '../lib/i18n/i18n.svelte.js';
import { positionNumber } from './announcement-phrase.js';

/** The lobby board shows both languages side by side: everyone in the lobby reads it at once. */
export const TEXT: Dictionary<
  | 'title'
  | 'nowCalling'
  | 'noCallsYet'
  | 'noCallsHint'
  | 'previousCalls'
  | 'recall'
  | 'waiting'
  | 'estimatedWait'
  | 'service'
  | 'people'
  | 'noOpenServices'
  | 'booth'
  | 'counter'
  | 'turnOnSound'
  | 'soundOffHint'
  | 'sound'
  | 'tickerLabel'
  | 'speakingNow'
  | 'closed'
  | 'soundUnavailable'
  | 'reconnecting'
  | 'connecting'
  | 'connectingHint'
  | 'announcementLog'
> = {
  id: {
    title: 'Antrean',
    nowCalling: 'Dipanggil',
    noCallsYet: 'Belum ada panggilan',
    noCallsHint: 'Nomor yang dipanggil tampil di sini',
    previousCalls: 'Panggilan sebelumnya',
    recall: 'Dipanggil ulang',
    waiting: 'Menunggu',
    estimatedWait: 'Perkiraan',
    service: 'Layanan',
    people: 'Orang',
    noOpenServices: 'Belum ada layanan yang dibuka',
    booth: 'Bilik',
    counter: 'Loket',
    turnOnSound: 'Ketuk untuk menyalakan suara',
    sound: 'Suara',
    tickerLabel: 'Informasi cabang',
    soundOffHint: 'Panggilan belum terdengar di ruang tunggu',
    speakingNow: 'Sedang diumumkan',
    closed: 'Tutup',
    soundUnavailable: 'Suara panggilan belum tersedia',
    reconnecting: 'Menyambung ulang…',
    connecting: 'Menghubungkan ke server cabang…',
    connectingHint: 'Layar ini mencoba lagi dengan sendirinya.',
    announcementLog: 'Pengumuman panggilan',
  },
  en: {
    title: 'Queue',
    nowCalling: 'Now calling',
    noCallsYet: 'No calls yet',
    noCallsHint: 'Called numbers appear here',
    previousCalls: 'Previous calls',
    recall: 'Called again',
    waiting: 'Waiting',
    estimatedWait: 'Est. wait',
    service: 'Service',
    people: 'People',
    noOpenServices: 'No service is open yet',
    booth: 'Booth',
    counter: 'Counter',
    turnOnSound: 'Tap to turn on sound',
    sound: 'Sound',
    tickerLabel: 'Branch notice',
    soundOffHint: 'Calls are not heard in the lobby yet',
    speakingNow: 'Being announced',
    closed: 'Closed',
    soundUnavailable: 'Call sounds not available yet',
    reconnecting: 'Reconnecting…',
    connecting: 'Connecting to the branch hub…',
    connectingHint: 'This screen keeps trying by itself.',
    announcementLog: 'Call announcements',
  },
};

/** Indonesia's zones by their everyday names; other zones show none. */
const ZONE_NAMES: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

export function zoneName(timeZone: string): string | null {
  return ZONE_NAMES[timeZone] ?? null;
}

/** A call's place in English, "Booth 3", beside the label the branch gave it ("Bilik 3"). */
export function englishPlace(label: string, kind: 'booth' | 'counter'): string {
  const number = positionNumber(label);
  return number === null ? TEXT.en[kind] : `${TEXT.en[kind]} ${number}`;
}
