import type { BranchEvent } from '../../main/wire/schemas.js';

/**
 * Where the paper ticket stands, from the hub's print.* events, and how long the ticket stays on
 * the screen because of it. Pure (no runes, no DOM), so it is unit-tested as plain TypeScript.
 */

export type PrintPhase = { phase: 'waiting' } | { phase: 'printing' } | { phase: 'printed' } | { phase: 'failed'; reason: string };

/** What the ticket screen says about the paper; late: nothing printed or failed yet, well after the tap. */
export type PrintView = 'printing' | 'printed' | 'late' | 'failed';

/** How long an issued ticket stays on screen when it prints. */
export const TICKET_SHOWN_MS = 10_000;
/** However late the paper comes out, the participant gets this long to take it. */
export const AFTER_PRINTED_MS = 6_000;
/** With no paper, the number and its QR code stay this long for a photo or a note. */
export const NO_PAPER_SHOWN_MS = 30_000;
/** The jobs remembered: a few minutes of a busy branch, far more than one ticket screen needs. */
const KEPT_JOBS = 64;

interface JobRecord {
  ticketId: string;
  deviceId: string;
  state: PrintPhase;
}

/**
 * The print jobs the event stream told about. They are kept from before the kiosk's own request
 * is answered, because a fast printer's print.started can overtake the HTTP answer that names the job.
 */
export class PrintLog {
  #jobs = new Map<string, JobRecord>();

  /** Takes in one event; false when it is not about printing. */
  record(event: BranchEvent): boolean {
    switch (event.type) {
      case 'print.queued':
        this.#set(event.payload.jobId, event.payload.ticketId, event.payload.deviceId, { phase: 'waiting' });
        return true;
      case 'print.started':
        this.#set(event.payload.jobId, event.payload.ticketId, event.payload.deviceId, { phase: 'printing' });
        return true;
      case 'print.printed':
        this.#set(event.payload.jobId, event.payload.ticketId, event.payload.deviceId, { phase: 'printed' });
        return true;
      case 'print.failed':
        this.#set(event.payload.jobId, event.payload.ticketId, event.payload.deviceId, { phase: 'failed', reason: event.payload.reason });
        return true;
      default:
        return false;
    }
  }

  /**
   * The paper of a ticket issued with print job `jobId`: the newest job of that ticket on the same
   * printer, so a reprint the supervisor sends while the participant is still here counts.
   */
  stateOf(ticketId: string, jobId: string | null): PrintPhase {
    const issued = jobId === null ? undefined : this.#jobs.get(jobId);
    if (issued === undefined) return { phase: 'waiting' };
    let newest = issued;
    for (const job of this.#jobs.values()) if (job.ticketId === ticketId && job.deviceId === issued.deviceId) newest = job;
    return newest.state;
  }

  #set(jobId: string, ticketId: string, deviceId: string, state: PrintPhase): void {
    // A job keeps its place in the map (the order jobs were queued in); only its state changes.
    this.#jobs.set(jobId, { ticketId, deviceId, state });
    if (this.#jobs.size > KEPT_JOBS) this.#jobs.delete(this.#jobs.keys().next().value!);
  }
}

/** Queued and printing look the same to the participant: the paper is on its way. */
export type PaperStage = 'pending' | 'printed' | 'failed';

export function stageOf(phase: PrintPhase['phase']): PaperStage {
  return phase === 'printed' || phase === 'failed' ? phase : 'pending';
}

/**
 * What the screen says and when the ticket leaves it. `shownAt` is when the ticket appeared,
 * `stageSince` when the paper entered its current stage (a reprint puts a failed ticket back to
 * pending). Paper still pending after the normal time turns late and stays as long as a failed
 * one: the participant may never get paper.
 */
export function ticketTiming(stage: PaperStage, shownAt: number, stageSince: number, now: number): { view: PrintView; until: number } {
  switch (stage) {
    case 'printed':
      return { view: 'printed', until: Math.max(shownAt + TICKET_SHOWN_MS, stageSince + AFTER_PRINTED_MS) };
    case 'failed':
      return { view: 'failed', until: stageSince + NO_PAPER_SHOWN_MS };
    case 'pending':
      return now < stageSince + TICKET_SHOWN_MS
        ? { view: 'printing', until: stageSince + TICKET_SHOWN_MS }
        : { view: 'late', until: stageSince + NO_PAPER_SHOWN_MS };
  }
}
