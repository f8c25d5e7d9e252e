/**
 * How a wait is said to a participant, the same on the kiosk screen, the printed ticket and the
 * phone: "± 25 menit", "< 5 menit", "± 1 jam 10 menit". Estimates are rounded to 5 minutes, since
 * anything finer promises a precision nobody has.
 */
export type WaitLanguage = 'id' | 'en';

export function formatWait(seconds: number, lang: WaitLanguage): string {
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
