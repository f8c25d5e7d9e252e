import { z } from 'zod';
import { bookingCheckBody, checkInBody, issueTicketBody, statusCodeParams, ticketParams, cancelBody, type BookingCheckResponse, type IssuedTicketResponse, type TicketDetailResponse, type TicketStatusResponse } from '../../wire/schemas.js';
import { HttpError } from '../http-errors.js';
import { trackingCode } from '../printable-ticket.js';
import { route } from '../route.js';
import { toTicketView } from '../../queue/ticket-view.js';
import type { IssuedTicket } from '../../queue/issuing.js';
import type { BranchQueue } from '../../queue/branch-queue.js';
import type { Ticket } from '../../queue/types.js';

/** What a kiosk gets back: the ticket, its status-page code and the wait to print on it. */
function issuedResponse({ ticket, wait, replayed, lateBooking, printJobId }: IssuedTicket): IssuedTicketResponse {
  return {
    ticket: toTicketView(ticket),
    statusCode: ticket.statusCode,
    nikMasked: ticket.nikMasked,
    wait,
    replayed,
    lateBooking: lateBooking ?? false,
    printJobId,
    trackingCode: ticket.source === 'drop_box' ? trackingCode(ticket) : null,
  };
}

/**
 * The service a ticket was taken for, when it is in another one now. A ticket keeps its number,
 * prefix letter included, through a transfer, and each service has its own letter: the letter
 * names the service it came from, with nothing to look up in the log.
 */
function transferredFrom(queue: BranchQueue, ticket: Ticket): TicketStatusResponse['transferredFrom'] {
  const current = queue.store.service(ticket.serviceCode);
  if (current?.prefix === ticket.prefix) return null;
  const first = queue.store.services().find((s) => s.prefix === ticket.prefix);
  return first ? { serviceCode: first.code, labelId: first.labelId, labelEn: first.labelEn } : null;
}

export const ticketRoutes = [
  route({
    method: 'POST', url: '/tickets', tag: 'tickets', access: ['kiosk'], status: 201, body: issueTicketBody,
    summary: "Issue a walk-in, collective or drop-box ticket. A retry with the same requestId from the same kiosk returns the same ticket; another kiosk's requestIds are not shared.",
    handle: ({ body, device }, { queue }) => issuedResponse(queue.issueTicket({ ...body, deviceId: device!.id, printOn: device!.id })),
  }),
  route({
    method: 'POST', url: '/tickets/check-in', tag: 'tickets', access: ['kiosk'], status: 201, body: checkInBody,
    summary: 'Check in an online booking and issue its ticket.',
    handle: ({ body, device }, { queue }) => issuedResponse(queue.checkInBooking({ ...body, deviceId: device!.id, printOn: device!.id })),
  }),
  route({
    method: 'POST', url: '/tickets/check-in/check', tag: 'tickets', access: ['kiosk'], body: bookingCheckBody,
    summary: 'Whether a booking code would check in now, issuing nothing: the same refusals as the check-in, asked before any other question. Answers the service only, nothing personal.',
    handle: ({ body }, { queue }) => {
      const { booking, late } = queue.checkBooking(body.bookingCode);
      return { bookingCode: booking.code, serviceCode: booking.serviceCode, late } satisfies BookingCheckResponse;
    },
  }),
  route({
    method: 'GET', url: '/tickets/status/:statusCode', tag: 'tickets', access: 'public', params: statusCodeParams,
    summary: "A ticket's public status, by the unguessable code on its QR: what a phone shows.",
    handle: ({ params }, { queue }) => {
      const ticket = queue.store.ticketByStatusCode(params.statusCode);
      if (!ticket) throw new HttpError(404, 'not_found', 'no ticket has this status code', { field: 'statusCode', reason: 'ticket_status_unknown', params: {} });
      const position = ticket.positionId ? queue.store.position(ticket.positionId) : undefined;
      const service = queue.store.service(ticket.serviceCode);
      return {
        displayNumber: ticket.displayNumber,
        serviceCode: ticket.serviceCode,
        serviceLabelId: service?.labelId ?? ticket.serviceCode,
        serviceLabelEn: service?.labelEn ?? ticket.serviceCode,
        status: ticket.status,
        wait: queue.waitOf(ticket.id),
        position: position ? { label: position.label, kind: position.kind } : null,
        source: ticket.source,
        now: queue.clock(),
        timeZone: queue.branch.timeZone,
        transferredFrom: transferredFrom(queue, ticket),
        documents: service?.documents ?? [],
      } satisfies TicketStatusResponse;
    },
  }),
  route({
    method: 'GET', url: '/tickets/:ticketId', tag: 'tickets', access: ['console', 'supervisor'], params: ticketParams,
    summary: 'One ticket, with its masked ID number and notes.',
    handle: ({ params }, { queue }) => {
      const ticket = queue.store.ticket(params.ticketId);
      if (!ticket) throw new HttpError(404, 'not_found', `unknown ticket "${params.ticketId}"`, { field: 'ticketId', reason: 'ticket_unknown', params: { ticket: params.ticketId } });
      return { ticket: toTicketView(ticket), nikMasked: ticket.nikMasked, notes: ticket.notes, wait: queue.waitOf(ticket.id) } satisfies TicketDetailResponse;
    },
  }),
  route({
    method: 'POST', url: '/tickets/:ticketId/cancel', tag: 'tickets', access: ['supervisor'], params: ticketParams, body: cancelBody,
    summary: 'Withdraw a ticket that has not been served.',
    handle: ({ params, body }, { queue }) => ({ ticket: toTicketView(queue.cancelTicket(params.ticketId, body.reason)) }),
  }),
  route({
    method: 'GET', url: '/tickets', tag: 'tickets', access: ['supervisor'], query: z.strictObject({ day: z.iso.date().optional() }),
    summary: "A business day's tickets (today unless a day is given).",
    handle: ({ query }, { queue }) => ({ tickets: queue.store.ticketsOfDay(query.day ?? queue.today()).map(toTicketView) }),
  }),
];
