import type { Lang } from './i18n/lang.js';

export { formatWait } from '../../main/wire/wait-wording.js';

/** HH:MM on the branch's clock, whatever zone the browser is in. */
export function formatClock(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('id-ID', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at).replace('.', ':');
}

export function formatDate(at: number, timeZone: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(at);
}
