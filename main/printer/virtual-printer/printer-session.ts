import { CommandReader, type FramedCommand, type ReadError } from './command-reader.js';
import { printsIn, realtimeStatus, transmittedStatus, type PrinterCondition } from './printer-status.js';
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

  /** Bytes from the client, received while the printer was in `condition`. */
  receive(chunk: Uint8Array, condition: PrinterCondition): SessionOutput {
    const output: SessionOutput = { replies: [], jobs: [], faulted: false };
    for (const item of this.#reader.push(chunk)) this.#take(item, output, output.faulted ? 'error' : condition);
    return output;
  }

  /** The client closed the connection. */
  end(condition: PrinterCondition): SessionOutput {
    const output: SessionOutput = { replies: [], jobs: [], faulted: false };
    const error = this.#reader.end();
    if (error) this.#take(error, output, condition);
    const document = this.#builder.end();
    if (document) this.#finished(document, output);
    this.#refused = null;
    return output;
  }

  #take(item: FramedCommand | ReadError, output: SessionOutput, condition: PrinterCondition): void {
    if (item.op === 'error') {
      this.#refused = null;
      output.jobs.push({ status: 'failed', document: this.#builder.fail(item) });
      output.faulted = true;
      return;
    }
    if (item.op === 'realtime-status') {
      output.replies.push(realtimeStatus(condition, item.n));
      return;
    }
    if (item.op === 'transmit-status') {
      output.replies.push(transmittedStatus(condition, item.n));
      return;
    }
    if (!printsIn(condition) && PRINTING_COMMANDS.has(item.op)) this.#refused ??= condition;
    const document = this.#builder.apply(item);
    if (document) this.#finished(document, output);
    if (document?.error) output.faulted = true;
  }

  #finished(document: TicketDocument, output: SessionOutput): void {
    const refused = this.#refused;
    this.#refused = null;
    if (refused && !document.error) {
      const { startOffset, endOffset } = document;
      output.jobs.push({ status: 'discarded', reason: refused, bytes: endOffset - startOffset, startOffset, endOffset });
      return;
    }
    output.jobs.push({ status: document.error ? 'failed' : 'printed', document });
  }
}
