import type { BranchQueue } from '../queue/branch-queue.js';
import type { PrintJob, Ticket } from '../queue/types.js';
import type { PrintJobMessage, TicketToPrint } from '../wire/schemas.js';

/** The code a drop-box envelope carries: the day and the number, unique in the branch and easy to write. */
export function trackingCode(ticket: Ticket): string {
  return `${ticket.businessDay.replaceAll('-', '')}-${ticket.displayNumber}`;
}

/**
 * The data a printer needs for a ticket. The status link uses the address the device reached the
 * hub at, so the QR code works on the branch network the participant's phone is on.
 */
export function printableTicket(queue: BranchQueue, ticket: Ticket, baseUrl: string, reprintedAt: number | null = null): TicketToPrint {
  const service = queue.store.service(ticket.serviceCode);
  const wait = queue.waitOf(ticket.id);
  return {
    branchName: queue.branch.name,
    timeZone: queue.branch.timeZone,
    displayNumber: ticket.displayNumber,
    serviceLabelId: service?.labelId ?? ticket.serviceCode,
    serviceLabelEn: service?.labelEn ?? ticket.serviceCode,
    source: ticket.source,
    priority: ticket.priority,
    issuedAt: ticket.issuedAt,
    peopleAhead: wait?.peopleAhead ?? null,
    waitSeconds: wait?.seconds ?? null,
    statusUrl: `${baseUrl}/t/${ticket.statusCode}`,
    nikMasked: ticket.nikMasked,
    claimCount: ticket.claimCount,
    trackingCode: ticket.source === 'drop_box' ? trackingCode(ticket) : null,
    documents: (service?.documents ?? []).map(({ labelId, labelEn }) => ({ labelId, labelEn })),
    // A booking checked in past its window ranks without its slot: the same note the kiosk shows.
    lateBooking: ticket.source === 'booking' && ticket.bookingSlotStart === null,
    reprintedAt,
  };
}

export function printJobMessage(queue: BranchQueue, job: PrintJob, baseUrl: string): PrintJobMessage {
  const ticket = queue.store.ticket(job.ticketId)!;
  return {
    job: { id: job.id, ticketId: job.ticketId, state: job.state, reprint: job.reprintOf !== null },
    ticket: printableTicket(queue, ticket, baseUrl, job.reprintOf === null ? null : job.createdAt),
  };
}
