import type { ServiceDay } from '../../main/wire/schemas.js';

/**
 * How the supervisor page says durations and rates. Exact to the minute (a supervisor compares
 * services), unlike the participants' rounded estimates. Pure, so it is tested without a browser.
 */
export type Lang = 'id' | 'en';

/** "12 mnt", "1 j 05 mnt", "< 1 mnt"; a dash when there is nothing to measure yet. */
export function formatDuration(seconds: number | null, lang: Lang): string {
  if (seconds === null) return '—';
  const min = lang === 'id' ? 'mnt' : 'min';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 1) return `< 1 ${min}`;
  if (minutes < 60) return `${minutes} ${min}`;
  const h = Math.floor(minutes / 60);
  const m = String(minutes % 60).padStart(2, '0');
  return `${h} ${lang === 'id' ? 'j' : 'h'} ${m} ${min}`;
}

/** One decimal, in the reader's notation (3,5 in Indonesian); a dash before it means anything. */
export function formatRate(value: number | null, lang: Lang): string {
  if (value === null) return '—';
  return value.toLocaleString(lang === 'id' ? 'id-ID' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/** What the totals add up: a service's counts of the day and its longest wait. */
type CountedDay = Pick<
  ServiceDay,
  'issued' | 'waiting' | 'inService' | 'done' | 'completed' | 'documentsIncomplete' | 'rejected' | 'referred' | 'noShow' | 'cancelled' | 'longestWaitSeconds'
>;

export type DayTotals = Omit<CountedDay, 'longestWaitSeconds'> & { longestWaitSeconds: number | null };

/**
 * The branch's totals over its services. Averages are left out on purpose: the report does not
 * say how many tickets each average covers, so a branch-wide average would be a guess.
 */
export function dayTotals(services: readonly CountedDay[]): DayTotals {
  const totals: DayTotals = { issued: 0, waiting: 0, inService: 0, done: 0, completed: 0, documentsIncomplete: 0, rejected: 0, referred: 0, noShow: 0, cancelled: 0, longestWaitSeconds: null };
  for (const s of services) {
    totals.issued += s.issued;
    totals.waiting += s.waiting;
    totals.inService += s.inService;
    totals.done += s.done;
    totals.completed += s.completed;
    totals.documentsIncomplete += s.documentsIncomplete;
    totals.rejected += s.rejected;
    totals.referred += s.referred;
    totals.noShow += s.noShow;
    totals.cancelled += s.cancelled;
    if (s.longestWaitSeconds !== null) totals.longestWaitSeconds = Math.max(totals.longestWaitSeconds ?? 0, s.longestWaitSeconds);
  }
  return totals;
}
