import { refusalText, type RefusalParams } from '../lib/i18n/refusals.js';
import type { Lang } from './figures.js';

/** A refused or failed request, as the hub client reports it. */
export interface Problem {
  status: number;
  code: string;
  /** The refusal's stable reason and the values it is worded from (the hub's English message is never shown). */
  reason?: string;
  params?: RefusalParams;
  message: string;
  /** What the hub's error body adds to its sentence (the field at fault, a count), when it sent a body. */
  details?: Record<string, unknown> | null;
}

/** Statuses the hub client counts as "the hub cannot be reached" (network down, hub restarting). */
const UNREACHABLE = new Set([0, 502, 503, 504]);

/** A 503 storage_unavailable is the hub answering that its disk refused the change: reachable, and said as a refusal. */
export const isUnreachable = (problem: Problem): boolean => UNREACHABLE.has(problem.status) && problem.code !== 'storage_unavailable';

/**
 * A failure in a sentence the supervisor can act on, in the page's language: a refusal is worded
 * from its reason and params (it names what is wrong: a code no device shows, a ticket, a booth).
 */
export function problemSentence(problem: Problem, lang: Lang): string {
  if (isUnreachable(problem)) {
    return lang === 'id'
      ? 'Hub cabang tidak dapat dihubungi. Periksa jaringan atau komputer hub; halaman ini mencoba lagi sendiri.'
      : 'The branch hub cannot be reached. Check the network or the hub computer; this page keeps trying.';
  }
  if (problem.status === 401) {
    return lang === 'id'
      ? 'Peramban ini tidak (lagi) dipasangkan sebagai supervisor. Halaman ini kembali ke kode pemasangan; minta supervisor lain menyetujuinya.'
      : 'This browser is not (or no longer) paired as a supervisor. The page goes back to its pairing code; ask another supervisor to approve it.';
  }
  return refusalText(problem, lang);
}
