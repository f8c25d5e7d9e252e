import { CommandReader, type FramedCommand, type ReadError } from './command-reader.js';
import { printsIn, realtimeStatus, transmittedStatus, type PrinterCondition, type PrinterConditions } from './printer-status.js';
import { TicketBuilder } from './ticket-builder.js';
import type { PrinterProfile, TicketDocument } from './ticket-document.js';

/**
 * One connection to the printer, without the socket: bytes in, reply bytes and finished jobs out.
 *
 * Status requests are answered in every condition. While the printer does not print (offline, cover
 * open, paper out, error) it refuses the job it is receiving: the commands are still framed, so the
 * printer knows where the job ends, but the job is recorded as discarded, not printed. A job that
 * received any printable command or its cut while the printer could not print is discarded whole: a
 * real TM-T88 would keep what it had printed before the fault, but a half ticket is no ticket, and a
 * client must not count it as printed either way (it confirms with GS r / DLE EOT after the job).
 * Line feeds and mode settings alone do not refuse a job, so the feed an encoder sends after a cut
 * does not taint the next one.
 */

export type SessionJob =
  | { status: 'printed' | 'failed'; document: TicketDocument }
  | { status: 'discarded'; reason: PrinterCondition; bytes: number; startOffset: number; endOffset: number };

export interface SessionOutput {
  /** Bytes to send back, in the order the requests came. */
  replies: number[];
  jobs: SessionJob[];
  /** An error happened: the printer is in error from here until someone clears it. */
  faulted: boolean;
}

const PRINTING_COMMANDS = new Set<FramedCommand['op']>(['text', 'tab', 'barcode', 'qr-print', 'pdf417-print', 'raster-image', 'bit-image', 'cut']);

export class PrinterSession {
  readonly #reader = new CommandReader();
  readonly #builder: TicketBuilder;
  /** The condition that refused the job being received, if one did. */
  #refused: PrinterCondition | null = null;

  constructor(profile: PrinterProfile) {
    this.#builder = new TicketBuilder(profile);
  }

  /** Bytes from the client, received while the printer was in `conditions`. */
  receive(chunk: Uint8Array, conditions: PrinterConditions): SessionOutput {
    const output: SessionOutput = { replies: [], jobs: [], faulted: false };
    for (const item of this.#reader.push(chunk)) this.#take(item, output, output.faulted ? withError(conditions) : conditions);
    return output;
  }

  /** The client closed the connection. */
  end(conditions: PrinterConditions): SessionOutput {
    const output: SessionOutput = { replies: [], jobs: [], faulted: false };
    const error = this.#reader.end();
    if (error) this.#take(error, output, conditions);
    const document = this.#builder.end();
    if (document) this.#finished(document, output);
    this.#refused = null;
    return output;
  }

  #take(item: FramedCommand | ReadError, output: SessionOutput, conditions: PrinterConditions): void {
    if (item.op === 'error') {
      this.#finished(this.#builder.fail(item), output);
      output.faulted = true;
      return;
    }
    if (item.op === 'realtime-status') {
      output.replies.push(realtimeStatus(conditions, item.n));
      return;
    }
    if (item.op === 'transmit-status') {
      output.replies.push(transmittedStatus(conditions, item.n));
      return;
    }
    if (!printsIn(conditions) && PRINTING_COMMANDS.has(item.op)) this.#refused ??= refusal(conditions);
    const document = this.#builder.apply(item);
    if (document) this.#finished(document, output);
    if (document?.error) output.faulted = true;
  }

  #finished(document: TicketDocument, output: SessionOutput): void {
    const refused = this.#refused;
    this.#refused = null;
    if (!refused) {
      output.jobs.push({ status: document.error ? 'failed' : 'printed', document });
    } else if (document.error) {
      // The error is still reported, but nothing of a refused job reaches the paper.
      output.jobs.push({ status: 'failed', document: { ...document, items: [], lines: [], qrCodes: [], barcodes: [], images: [], warnings: [] } });
    } else {
      const { startOffset, endOffset } = document;
      output.jobs.push({ status: 'discarded', reason: refused, bytes: endOffset - startOffset, startOffset, endOffset });
    }
  }
}

function withError(conditions: PrinterConditions): PrinterCondition[] {
  const list = typeof conditions === 'string' ? [conditions] : [...conditions];
  return list.includes('error') ? list : [...list, 'error'];
}

/** The condition a refused job is put down to: the first one that stops printing. */
function refusal(conditions: PrinterConditions): PrinterCondition {
  const list = typeof conditions === 'string' ? [conditions] : conditions;
  return list.find((c) => !printsIn(c)) ?? 'error';
}
