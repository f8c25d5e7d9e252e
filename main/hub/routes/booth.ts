import type { AuthenticatedDevice } from '../../pairing/device-registry.js';
import type { Ticket } from '../../queue/types.js';
import { captureBody, captureParams, captureReviewBody, ratingBody, ticketParams } from '../../wire/schemas.js';
import { HttpError } from '../http-errors.js';
import { route, type HubDeps } from '../route.js';

/**
 * The video booths' routes. A booth screen reads and does only what its participant may: its own
 * booth's view, consent, the stills its officer asks for, the rating. A ticket's captured
 * documents are read by the console whose officer session serves the ticket, and the supervisor.
 */

function ticketOf(ticketId: string, { queue }: HubDeps): Ticket {
  const ticket = queue.store.ticket(ticketId);
  if (!ticket) throw new HttpError(404, 'not_found', `unknown ticket "${ticketId}"`, { field: 'ticketId', reason: 'ticket_unknown', params: { ticket: ticketId } });
  return ticket;
}

/** The supervisor, or the console whose officer session called this ticket. */
function mustServe(device: AuthenticatedDevice | null, ticket: Ticket, { queue }: HubDeps): void {
  if (device?.role === 'supervisor') return;
  const session = device && queue.sessionOfDevice(device.id);
  if (!session || session.id !== ticket.sessionId) {
    throw new HttpError(403, 'forbidden', `ticket ${ticket.displayNumber} is not served from this console: only its officer and the supervisor see its documents`, {
      field: 'ticketId',
      reason: 'ticket_not_served_here',
      params: { ticket: ticket.displayNumber },
    });
  }
}

function captureOf(captureId: string, deps: HubDeps) {
  const capture = deps.captures.capture(captureId);
  if (!capture) throw new HttpError(404, 'not_found', 'no such capture: it may have been deleted after the retention period', { field: 'captureId', reason: 'capture_unknown', params: {} });
  return { capture, ticket: ticketOf(capture.ticketId, deps) };
}

export const boothRoutes = [
  route({
    method: 'GET', url: '/calls/settings', tag: 'booths', access: ['booth', 'console'],
    summary: "How a booth and its console reach each other's video: the STUN and TURN servers of the hub profile.",
    handle: (_input, { booths }) => booths.callSettings(),
  }),
  route({
    method: 'GET', url: '/booth/current', tag: 'booths', access: ['booth'],
    summary: "What this booth screen shows: its booth, and while someone is called there their number, service, documents and outcome. The same view is pushed on the stream ('booth') whenever it changes.",
    handle: ({ device }, { booths }) => ({ booth: booths.viewFor(device!) }),
  }),
  route({
    method: 'POST', url: '/booth/consent', tag: 'booths', access: ['booth'],
    summary: 'The participant at this booth agrees that their documents are photographed for their claim.',
    handle: ({ device }, { booths }) => ({ booth: booths.consent(device!) }),
  }),
  route({
    method: 'POST', url: '/booth/captures', tag: 'booths', access: ['booth'], status: 201, body: captureBody, bodyLimitBytes: 12 * 1024 * 1024,
    summary: "A still of one document, taken at the booth camera's full resolution when the officer asked for it (base64 JPEG). Kept with the ticket the booth holds now; a retried request keeps one.",
    handle: ({ device, body }, { booths }) => {
      const { id, documentId, width, height } = booths.saveCapture(device!, body);
      return { capture: { id, documentId, width, height } };
    },
  }),
  route({
    method: 'POST', url: '/booth/rating', tag: 'booths', access: ['booth'], body: ratingBody,
    summary: 'The participant rates the visit this booth just finished, 1 to 5.',
    handle: ({ device, body }, { booths }) => ({ booth: booths.rate(device!, body.rating) }),
  }),
  route({
    method: 'GET', url: '/tickets/:ticketId/documents', tag: 'booths', access: ['console', 'supervisor'], params: ticketParams,
    summary: "A ticket's documents captured at a booth, with the participant's consent: for its officer's console and the supervisor.",
    handle: ({ device, params }, deps) => {
      const ticket = ticketOf(params.ticketId, deps);
      mustServe(device, ticket, deps);
      return { documents: deps.booths.documentsOf(ticket) };
    },
  }),
  route({
    method: 'GET', url: '/captures/:captureId/image', tag: 'booths', access: ['console', 'supervisor'], params: captureParams,
    download: { type: 'image/jpeg', filename: ({ params }) => `${params.captureId}.jpg` },
    summary: "A captured document's JPEG at full resolution: for its ticket's officer and the supervisor.",
    handle: ({ device, params }, deps) => {
      const { capture, ticket } = captureOf(params.captureId, deps);
      mustServe(device, ticket, deps);
      return deps.captures.image(capture.id);
    },
  }),
  route({
    method: 'PUT', url: '/captures/:captureId/review', tag: 'booths', access: ['console'], params: captureParams, body: captureReviewBody,
    summary: 'The officer accepts a captured document, or asks the participant to show it again.',
    handle: ({ device, params, body }, deps) => {
      const { capture, ticket } = captureOf(params.captureId, deps);
      mustServe(device, ticket, deps);
      return { capture: deps.booths.review(capture, body.review) };
    },
  }),
];
