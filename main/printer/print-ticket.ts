import type { PrintFailure } from '../queue/types.js';
import { blockingCondition, DLE_EOT, GS_R_PAPER, isPaperStatusByte, isStatusByte, parseGsPaper, parseOfflineCause, parsePaperSensor, parsePrinterStatus, type PrinterState } from './printer-status.js';
import { TransportError, type PrinterTransport } from './transport.js';

export interface PrintTimeouts {
  /** A real-time status answer comes within milliseconds; longer means the printer is not there. */
  statusMs: number;
  /** Printing a ticket and answering GS r takes a few seconds at most. */
  confirmMs: number;
}

export const DEFAULT_TIMEOUTS: PrintTimeouts = { statusMs: 1500, confirmMs: 10_000 };

export type PrintOutcome = { printed: true; warning: 'paper_near_end' | null; state: PrinterState } | { printed: false; reason: PrintFailure; state: PrinterState | null };

async function query(transport: PrinterTransport, command: Uint8Array, timeoutMs: number, valid: (b: number) => boolean = isStatusByte): Promise<number> {
  await transport.write(command);
  const [b] = await transport.read(1, timeoutMs);
  // Never trust a printer reply: a byte of the wrong form means we are out of step.
  if (b === undefined || !valid(b)) throw new TransportError('no_answer', `unexpected reply byte 0x${(b ?? 0).toString(16)}`);
  return b;
}

/** Asks the printer how it is (DLE EOT 1, 2 and 4) without printing anything. */
export async function readPrinterState(transport: PrinterTransport, timeoutMs = DEFAULT_TIMEOUTS.statusMs): Promise<PrinterState> {
  transport.discardPending();
  const status = parsePrinterStatus(await query(transport, DLE_EOT(1), timeoutMs));
  const cause = parseOfflineCause(await query(transport, DLE_EOT(2), timeoutMs));
  const paper = parsePaperSensor(await query(transport, DLE_EOT(4), timeoutMs));
  return { offline: status.offline, coverOpen: cause.coverOpen, paperOut: cause.paperOut || paper.paperOut, paperNearEnd: paper.paperNearEnd, error: cause.error };
}

const failureOf = (err: unknown): PrintFailure => (err instanceof TransportError && err.kind === 'no_answer' ? 'no_answer' : 'unreachable');

/**
 * Prints one job the careful way: ask first, and do not send to a printer that is offline, open,
 * out of paper or in error; send; then ask GS r, answered only once the job has been processed,
 * and only then call it printed. Paper near its end prints, with a warning.
 */
export async function printWithConfirmation(transport: PrinterTransport, bytes: Uint8Array, timeouts: PrintTimeouts = DEFAULT_TIMEOUTS): Promise<PrintOutcome> {
  let state: PrinterState;
  try {
    state = await readPrinterState(transport, timeouts.statusMs);
  } catch (err) {
    return { printed: false, reason: failureOf(err), state: null };
  }
  const blocked = blockingCondition(state);
  if (blocked) return { printed: false, reason: blocked, state };
  try {
    await transport.write(bytes);
    const after = parseGsPaper(await query(transport, GS_R_PAPER, timeouts.confirmMs, isPaperStatusByte));
    const finalState = { ...state, paperOut: after.paperOut, paperNearEnd: after.paperNearEnd || state.paperNearEnd };
    if (after.paperOut) return { printed: false, reason: 'paper_out', state: finalState };
    return { printed: true, warning: finalState.paperNearEnd ? 'paper_near_end' : null, state: finalState };
  } catch (err) {
    // A printer that ran out of paper or was opened mid-job stops answering GS r; its real-time
    // status still says why.
    const after = await readPrinterState(transport, timeouts.statusMs).catch(() => null);
    const blockedNow = after && blockingCondition(after);
    return { printed: false, reason: blockedNow ?? failureOf(err), state: after };
  }
}
