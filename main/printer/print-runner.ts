import type { PrinterCondition, PrintFailure } from '../queue/types.js';
import type { PrintJobMessage } from '../wire/schemas.js';
import { blockingCondition, type PrinterState } from './printer-status.js';
import { printWithConfirmation, readPrinterState, type PrintTimeouts } from './print-ticket.js';
import { encodeTicket, type PrinterProfile } from './ticket-layout.js';
import type { PrinterTransport } from './transport.js';

/** Where print jobs come from and where their outcome goes: the hub over HTTP, or the hub itself. */
export interface JobSource {
  openJobs(): Promise<PrintJobMessage[]>;
  start(jobId: string): Promise<void>;
  finish(jobId: string, result: { printed: true; warning: 'paper_near_end' | null } | { printed: false; reason: PrintFailure }): Promise<void>;
  reportStatus(status: PrinterCondition, detail: string | null): Promise<void>;
  /** Jobs left printing by an earlier run become failed (interrupted). */
  recoverInterrupted(): Promise<void>;
}

export function conditionOf(state: PrinterState | null, failure?: PrintFailure): PrinterCondition {
  if (!state) return failure === 'no_answer' ? 'offline' : 'unreachable';
  const blocked = blockingCondition(state);
  if (blocked) return blocked;
  return state.paperNearEnd ? 'paper_near_end' : 'ready';
}

export interface PrintRunnerOptions {
  source: JobSource;
  transport: PrinterTransport;
  profile: PrinterProfile;
  timeouts?: PrintTimeouts;
  /** How often the printer is asked how it is when nothing prints, so faults show before the next ticket. */
  statusEveryMs?: number;
  onError?: (err: unknown) => void;
}

/**
 * Runs one printer: prints its device's jobs one at a time in order, reports each outcome and the
 * printer's condition. `kick()` when a job may have arrived; it also checks on a timer.
 */
export function createPrintRunner(options: PrintRunnerOptions) {
  const { source, transport, profile } = options;
  const onError = options.onError ?? (() => undefined);
  let running: Promise<void> | null = null;
  let again = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  // One conversation with the printer at a time: interleaved queries would read each other's replies.
  let line: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const turn = line.then(work, work);
    line = turn.catch(() => undefined);
    return turn;
  };

  const printAll = (): Promise<void> => exclusive(async () => {
    for (const message of await source.openJobs()) {
      await source.start(message.job.id);
      const outcome = await printWithConfirmation(transport, encodeTicket(message.ticket, profile), options.timeouts);
      await source.finish(message.job.id, outcome.printed ? { printed: true, warning: outcome.warning } : { printed: false, reason: outcome.reason });
      await source.reportStatus(conditionOf(outcome.state, outcome.printed ? undefined : outcome.reason), null);
    }
  });

  const checkStatus = (): Promise<void> => exclusive(async () => {
    const state = await readPrinterState(transport, options.timeouts?.statusMs).catch(() => null);
    await source.reportStatus(conditionOf(state, 'unreachable'), null);
  });

  const kick = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await printAll().catch(onError);
      } while (again);
    })().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    kick,
    async start(): Promise<void> {
      await source.recoverInterrupted().catch(onError);
      await checkStatus().catch(onError);
      await kick();
      timer = setInterval(() => {
        if (running) return;
        void checkStatus().catch(onError);
        void kick();
      }, options.statusEveryMs ?? 30_000);
      timer.unref();
    },
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
      await transport.close();
    },
  };
}

export type PrintRunner = ReturnType<typeof createPrintRunner>;
