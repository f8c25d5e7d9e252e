import type { Problem } from './hub-problem.js';

/** A destructive change waiting for the supervisor's yes. */
export interface ConfirmRequest {
  title: string;
  message: string;
  confirmLabel: string;
  /** Asks for a reason too (cancelling a ticket); the action receives it trimmed. */
  reason?: { label: string; initial: string };
  /** A box to tick before yes is allowed, for a change whose cost is easy to miss (revoking this very browser). */
  acknowledge?: string;
  /** Runs on yes; a Problem keeps the dialog open with the hub's answer. */
  action(reason: string): Promise<Problem | null>;
}

/** The one confirmation dialog of the page: every destructive control asks through it. */
export class ConfirmState {
  request = $state<ConfirmRequest | null>(null);

  ask(request: ConfirmRequest): void {
    this.request = request;
  }

  dismiss(): void {
    this.request = null;
  }
}
