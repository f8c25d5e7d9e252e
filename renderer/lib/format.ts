import type { Lang } from './i18n/lang.js';

export { formatWait } from '../../main/wire/wait-wording.js';
export { formatClock, formatClockInZone, zoneName } from '../../main/wire/branch-time.js';

export function formatDate(at: number, timeZone: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(at);
}
