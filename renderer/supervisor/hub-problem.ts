import type { Lang } from './figures.js';

/** A refused or failed request, as the hub client reports it. */
export interface Problem {
  status: number;
  code: string;
  message: string;
}

/** Statuses the hub client counts as "the hub cannot be reached" (network down, hub restarting). */
const UNREACHABLE = new Set([0, 502, 503, 504]);

export const isUnreachable = (problem: Problem): boolean => UNREACHABLE.has(problem.status);

/**
 * A failure in a sentence the supervisor can act on. Refusals keep the hub's own message, which
 * names what is wrong (a quota below what was issued, a code no device shows).
 */
export function problemSentence(problem: Problem, lang: Lang): string {
  if (isUnreachable(problem)) {
    return lang === 'id'
      ? 'Hub cabang tidak dapat dihubungi. Periksa jaringan atau komputer hub; halaman ini mencoba lagi sendiri.'
      : 'The branch hub cannot be reached. Check the network or the hub computer; this page keeps trying.';
  }
  if (problem.status === 401) {
    return lang === 'id'
      ? 'Peramban ini tidak (lagi) dipasangkan sebagai supervisor. Buka tautan supervisor beserta tokennya lagi.'
      : 'This browser is not (or no longer) paired as a supervisor. Open the supervisor link with its token again.';
  }
  if (problem.status === 403) {
    return lang === 'id'
      ? `Perangkat ini tidak boleh melakukan ini: ${problem.message}`
      : `This device may not do this: ${problem.message}`;
  }
  return lang === 'id' ? `Hub menolak: ${problem.message}` : `The hub refused: ${problem.message}`;
}
