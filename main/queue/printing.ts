import { startOfBusinessDay } from './business-day.js';
import { today, type QueueContext } from './context.js';
import { QueueError } from './errors.js';
import type { PrinterCondition, PrintFailure, PrintJob, Ticket } from './types.js';

/**
 * Print jobs of tickets. A job belongs to the device whose printer prints it; its state moves
 * queued → printing → printed or failed, each step one transaction and one event. A failed print
 * never touches the ticket: it keeps its number and its place, and can be printed again.
 */

/** Queues a print inside the caller's transaction (issuing a ticket queues its print with it). */
export function queuePrint(ctx: QueueContext, ticket: Ticket, deviceId: string, reprintOf: PrintJob | null = null): PrintJob {
  const id = crypto.randomUUID();
  const at = ctx.clock();
  ctx.store.insertPrintJob({ id, ticketId: ticket.id, deviceId, reprintOf: reprintOf?.id ?? null, at });
  ctx.store.appendEvent('print.queued', { jobId: id, ticketId: ticket.id, deviceId, displayNumber: ticket.displayNumber, reprint: reprintOf !== null }, at);
  return ctx.store.printJob(id)!;
}

function jobOf(ctx: QueueContext, jobId: string, deviceId: string): PrintJob {
  const job = ctx.store.printJob(jobId);
  // Another device's job is as good as unknown: a kiosk never learns of or prints another's.
  if (!job || job.deviceId !== deviceId) throw new QueueError('not_found', `unknown print job "${jobId}"`, { field: 'jobId', reason: 'print_job_unknown' });
  return job;
}

export function startPrint(ctx: QueueContext, jobId: string, deviceId: string): PrintJob {
  return ctx.store.transaction(() => {
    const job = jobOf(ctx, jobId, deviceId);
    if (job.state !== 'queued') throw new QueueError('conflict', `print job ${jobId} is ${job.state}, not queued`, { field: 'jobId', reason: 'print_job_not_queued', params: { state: job.state } });
    const at = ctx.clock();
    ctx.store.updatePrintJob(job.id, 'printing', null, null, at);
    ctx.store.appendEvent('print.started', { jobId: job.id, ticketId: job.ticketId, deviceId }, at);
    return ctx.store.printJob(job.id)!;
  });
}

export type PrintResult = { printed: true; warning: 'paper_near_end' | null } | { printed: false; reason: PrintFailure };

export function finishPrint(ctx: QueueContext, jobId: string, deviceId: string, result: PrintResult): PrintJob {
  return ctx.store.transaction(() => {
    const job = jobOf(ctx, jobId, deviceId);
    if (job.state !== 'printing' && job.state !== 'queued') throw new QueueError('conflict', `print job ${jobId} is already ${job.state}`, { field: 'jobId', reason: 'print_job_finished', params: { state: job.state } });
    const at = ctx.clock();
    if (result.printed) {
      ctx.store.updatePrintJob(job.id, 'printed', null, result.warning, at);
      ctx.store.appendEvent('print.printed', { jobId: job.id, ticketId: job.ticketId, deviceId, warning: result.warning }, at);
    } else {
      const ticket = ctx.store.ticket(job.ticketId)!;
      ctx.store.updatePrintJob(job.id, 'failed', result.reason, null, at);
      ctx.store.appendEvent('print.failed', { jobId: job.id, ticketId: job.ticketId, deviceId, displayNumber: ticket.displayNumber, reason: result.reason }, at);
    }
    return ctx.store.printJob(job.id)!;
  });
}

/**
 * Jobs a device left half-done when it stopped: whether the paper came out is unknown, so they
 * are marked failed (interrupted) for the supervisor to reprint, rather than printed twice.
 */
export function interruptUnfinished(ctx: QueueContext, deviceId: string): PrintJob[] {
  return ctx.store.transaction(() =>
    ctx.store
      .openPrintJobs(deviceId)
      .filter((j) => j.state === 'printing')
      .map((j) => finishPrint(ctx, j.id, deviceId, { printed: false, reason: 'interrupted' })),
  );
}

/** Prints a ticket again, on the printer of its last print unless another device is named. */
export function reprintTicket(ctx: QueueContext, ticketId: string, deviceId?: string): PrintJob {
  return ctx.store.transaction(() => {
    const ticket = ctx.store.ticket(ticketId);
    if (!ticket) throw new QueueError('not_found', `unknown ticket "${ticketId}"`, { field: 'ticketId', reason: 'ticket_unknown' });
    if (ticket.businessDay !== today(ctx)) {
      throw new QueueError('conflict', `ticket ${ticket.displayNumber} is from ${ticket.businessDay}: only today's tickets are reprinted`, {
        field: 'ticketId',
        reason: 'reprint_not_today',
        params: { ticket: ticket.displayNumber, day: ticket.businessDay },
      });
    }
    const jobs = ctx.store.printJobsOfTicket(ticketId);
    const last = jobs[jobs.length - 1] ?? null;
    const target = deviceId ?? last?.deviceId;
    if (!target) throw new QueueError('invalid', `ticket ${ticket.displayNumber} was never printed: name the kiosk to print it on`, { field: 'deviceId', reason: 'reprint_needs_kiosk', params: { ticket: ticket.displayNumber } });
    if (jobs.some((j) => j.deviceId === target && (j.state === 'queued' || j.state === 'printing'))) {
      throw new QueueError('conflict', `ticket ${ticket.displayNumber} is already waiting to print there`, { field: 'ticketId', reason: 'reprint_pending', params: { ticket: ticket.displayNumber } });
    }
    return queuePrint(ctx, ticket, target, last);
  });
}

/** What a device's printer said last; an event only when it changed, so polling costs nothing. */
export function reportPrinterStatus(ctx: QueueContext, deviceId: string, status: PrinterCondition, detail: string | null): boolean {
  return ctx.store.transaction(() => {
    const previous = ctx.store.printerStatus(deviceId);
    if (previous && previous.status === status && previous.detail === detail) return false;
    const at = ctx.clock();
    ctx.store.setPrinterStatus({ deviceId, status, detail, at });
    ctx.store.appendEvent('printer.status', { deviceId, status, detail }, at);
    return true;
  });
}

/** Today's prints that failed and were not printed again since: the supervisor's reprint list. */
export function unresolvedPrintFailures(ctx: QueueContext): PrintJob[] {
  return ctx.store.unresolvedPrintFailures(startOfBusinessDay(today(ctx), ctx.branch.timeZone));
}
