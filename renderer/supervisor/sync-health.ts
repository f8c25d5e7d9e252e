import type { SupervisorOverview, SyncFailureReason } from '../../main/wire/schemas.js';
import { fill, type Lang } from '../lib/i18n/lang.js';
import type { ClockFormat } from './device-health.js';
import type { Fault } from './printer-health.js';

/**
 * What the supervisor reads about the sync with headquarters: connected or not, the last success,
 * how many events wait to be sent, and why the last try failed, in words. The branch keeps serving
 * whatever headquarters does, so a failure is a warning, and only once it has lasted a while: a
 * blip of the link is no news.
 */
export type SyncEntry = NonNullable<SupervisorOverview['sync']>;

/** A failure shorter than this is not in the list at the top of the page (the panel shows it at once). */
export const WARN_AFTER_MS = 2 * 60_000;

const REASONS: Record<Lang, Record<SyncFailureReason, string>> = {
  id: {
    unreachable: 'kantor pusat tidak dapat dihubungi (jaringan putus atau servernya mati)',
    timeout: 'kantor pusat tidak menjawab tepat waktu (jaringan sangat lambat)',
    server_error: 'server kantor pusat sedang bermasalah',
    bad_answer: 'jawaban kantor pusat tidak dapat dibaca',
    signature_refused: 'kantor pusat menolak tanda tangan cabang: periksa rahasia cabang di profil hub dan jam komputer hub',
    refused: 'kantor pusat menolak permintaan cabang',
  },
  en: {
    unreachable: 'headquarters cannot be reached (the network is down or its server is)',
    timeout: 'headquarters did not answer in time (a very slow network)',
    server_error: "headquarters' server has a problem",
    bad_answer: "headquarters' answer cannot be read",
    signature_refused: "headquarters refused the branch's signature: check the branch secret in the hub profile and the hub computer's clock",
    refused: "headquarters refused the branch's request",
  },
};

const WORDS = {
  id: {
    title: 'Kantor pusat',
    connected: 'Terhubung',
    failing: 'Tidak terhubung',
    starting: 'Menghubungi…',
    lastSuccess: 'Terakhir berhasil',
    never: 'belum pernah',
    waiting: 'Menunggu dikirim',
    events: '{count} kejadian',
    lastFailure: 'Gagal terakhir',
    failure: '{time}: {reason}',
    nextTry: 'Dicoba lagi pukul {time} (percobaan ke-{tries})',
    fault: 'Kantor pusat tidak terhubung sejak {time}: {reason}. {count} kejadian menunggu dikirim; antrean cabang tetap berjalan dan hub mencoba lagi sendiri.',
  },
  en: {
    title: 'Headquarters',
    connected: 'Connected',
    failing: 'Not connected',
    starting: 'Connecting…',
    lastSuccess: 'Last success',
    never: 'never',
    waiting: 'Waiting to be sent',
    events: '{count} events',
    lastFailure: 'Last failure',
    failure: '{time}: {reason}',
    nextTry: 'Trying again at {time} (try {tries})',
    fault: 'Headquarters not connected since {time}: {reason}. {count} events wait to be sent; the branch keeps serving and the hub keeps trying by itself.',
  },
} satisfies Record<Lang, Record<string, string>>;

type Word = keyof (typeof WORDS)['id'];

const say = (lang: Lang, key: Word, values?: Record<string, string | number>) => (values ? fill(WORDS[lang][key], values) : WORDS[lang][key]);
const count = (n: number, lang: Lang) => new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-GB').format(n);

export function syncReason(reason: SyncFailureReason, lang: Lang): string {
  return REASONS[lang][reason];
}

/** The warning at the top of the page, once tries have failed for WARN_AFTER_MS on the hub's clock. */
export function syncFaults(sync: SyncEntry | null, now: number, lang: Lang, clock: ClockFormat): Fault[] {
  const failure = sync?.failure;
  if (!sync || !failure || now - failure.since < WARN_AFTER_MS) return [];
  return [{ level: 'warning', text: say(lang, 'fault', { time: clock(failure.since), reason: syncReason(failure.reason, lang), count: count(sync.waiting, lang) }) }];
}

export interface SyncView {
  title: string;
  state: 'connected' | 'failing' | 'starting';
  stateText: string;
  rows: { key: 'lastSuccess' | 'waiting' | 'lastFailure' | 'nextTry'; label: string; value: string }[];
}

/** The panel's lines. */
export function syncView(sync: SyncEntry, lang: Lang, clock: ClockFormat): SyncView {
  const state = sync.failure ? 'failing' : sync.connected ? 'connected' : 'starting';
  const rows: SyncView['rows'] = [
    { key: 'lastSuccess', label: say(lang, 'lastSuccess'), value: sync.lastSuccessAt === null ? say(lang, 'never') : clock(sync.lastSuccessAt) },
    { key: 'waiting', label: say(lang, 'waiting'), value: say(lang, 'events', { count: count(sync.waiting, lang) }) },
  ];
  if (sync.failure) {
    rows.push({ key: 'lastFailure', label: say(lang, 'lastFailure'), value: say(lang, 'failure', { time: clock(sync.failure.at), reason: syncReason(sync.failure.reason, lang) }) });
    if (sync.nextTryAt !== null) rows.push({ key: 'nextTry', label: '', value: say(lang, 'nextTry', { time: clock(sync.nextTryAt), tries: sync.failure.tries + 1 }) });
  }
  return { title: say(lang, 'title'), state, stateText: say(lang, state), rows };
}
