import type { Lang } from './i18n/i18n.svelte.js';

/** A wait as people say it: "± 25 menit", "< 5 menit", "± 1 jam 10 menit". Estimates are rounded to 5 minutes. */
export function formatWait(seconds: number, lang: Lang): string {
  const minutes = Math.round(seconds / 60);
  const unitMin = lang === 'id' ? 'menit' : 'min';
  if (minutes < 5) return lang === 'id' ? '< 5 menit' : '< 5 min';
  const rounded = Math.round(minutes / 5) * 5;
  if (rounded < 60) return `± ${rounded} ${unitMin}`;
  const h = Math.floor(rounded / 60);
  const m = rounded % 60;
  const unitH = lang === 'id' ? 'jam' : 'h';
  return m === 0 ? `± ${h} ${unitH}` : `± ${h} ${unitH} ${m} ${unitMin}`;
}

/** HH:MM on the branch's clock, whatever zone the browser is in. */
export function formatClock(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('id-ID', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at).replace('.', ':');
}

export function formatDate(at: number, timeZone: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(at);
}
