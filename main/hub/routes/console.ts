import { callTicketBody, finishBody, positionParams, serviceDraftBody, signInBody, ticketParams, transferBody } from '../../wire/schemas.js';
import type { Acting } from '../../queue/calling.js';
import type { AuthenticatedDevice } from '../../pairing/device-registry.js';
import { officerLocked } from '../../queue/staffing.js';
import { toTicketView } from '../../queue/ticket-view.js';
import { HttpError } from '../http-errors.js';
import { verifyPin } from '../pin-hash.js';
import { route, type HubDeps } from '../route.js';

/** The officer session signed in on the calling console. */
function acting(device: AuthenticatedDevice | null, { queue }: HubDeps): Acting {
  const session = device && queue.sessionOfDevice(device.id);
  if (!session) throw new HttpError(409, 'conflict', 'no officer is signed in on this console: sign in first', { field: 'session', reason: 'not_signed_in', params: {} });
  return { sessionId: session.id };
}

const view = (t: Parameters<typeof toTicketView>[0]) => ({ ticket: toTicketView(t) });

export const consoleRoutes = [
  route({
    method: 'POST', url: '/sessions', tag: 'console', access: ['console'], status: 201, body: signInBody,
    summary: 'An officer signs in on this console with a PIN and picks the positions to serve: one counter or up to six booths.',
    handle: async ({ body, device, ip }, { queue, limits, log }) => {
      const officer = queue.store.officer(body.officerId);
      const known = officer?.active ? officer : undefined;
      // A locked officer is refused before any PIN is checked, so guessing on learns nothing.
      if (known && known.lockedAt !== null) throw officerLocked(known);
      // Counted before the slow hash, synchronously: parallel guesses see each other's attempts.
      const keys = [`officer:${body.officerId}`, `device:${device!.id}`];
      const wait = limits.pin.reserve(keys);
      if (wait > 0) {
        const seconds = Math.ceil(wait / 1000);
        throw new HttpError(429, 'too_many_attempts', `too many wrong PINs: try again in ${seconds} seconds, or ask the supervisor`, {
          field: 'pin',
          retryAfterSeconds: seconds,
          reason: 'too_many_pin_attempts',
          params: { seconds },
        });
      }
      if (!known || !(await verifyPin(body.pin, known.pinHash))) {
        const counted = known && queue.recordWrongPin(known.id);
        const locked = counted ? counted.lockedAt !== null : false;
        log.warn('officer.wrong_pin', { officerId: body.officerId, failedPins: counted ? counted.failedPins : null, locked, deviceId: device!.id, ip });
        if (locked) throw officerLocked(known!);
        throw new HttpError(401, 'bad_credentials', 'unknown officer or wrong PIN', { field: 'pin', reason: 'wrong_pin', params: {} });
      }
      limits.pin.succeed(keys);
      return { session: queue.signIn(body.officerId, body.positions, device!.id) };
    },
  }),
  route({
    method: 'GET', url: '/sessions/current', tag: 'console', access: ['console'],
    summary: 'The officer session signed in on this console, if any.',
    handle: ({ device }, { queue }) => ({ session: queue.sessionOfDevice(device!.id) ?? null }),
  }),
  route({
    method: 'DELETE', url: '/sessions/current', tag: 'console', access: ['console'],
    summary: 'Sign the officer out; refused while a ticket is still called or in service at their positions.',
    handle: ({ device }, deps) => {
      deps.queue.signOut(acting(device, deps).sessionId);
      return { session: null };
    },
  }),
  route({
    method: 'POST', url: '/positions/:positionId/call-next', tag: 'console', access: ['console'], params: positionParams,
    summary: 'Call the ticket the calling policy picks for this position; ticket is null when nobody waits.',
    handle: ({ params, device }, deps) => {
      const ticket = deps.queue.callNext(acting(device, deps), params.positionId);
      return { ticket: ticket && toTicketView(ticket) };
    },
  }),
  route({
    method: 'POST', url: '/positions/:positionId/call', tag: 'console', access: ['console'], params: positionParams, body: callTicketBody,
    summary: 'Call a chosen waiting ticket to this position, out of the policy order.',
    handle: ({ params, body, device }, deps) => view(deps.queue.callTicket(acting(device, deps), params.positionId, body.ticketId)),
  }),
  route({
    method: 'POST', url: '/tickets/:ticketId/recall', tag: 'console', access: ['console'], params: ticketParams,
    summary: 'Announce the call again; past the recall limit the ticket becomes a no-show.',
    handle: ({ params, device }, deps) => view(deps.queue.recall(acting(device, deps), params.ticketId)),
  }),
  route({
    method: 'POST', url: '/tickets/:ticketId/no-show', tag: 'console', access: ['console'], params: ticketParams,
    summary: 'The called participant did not come.',
    handle: ({ params, device }, deps) => view(deps.queue.markNoShow(acting(device, deps), params.ticketId)),
  }),
  route({
    method: 'POST', url: '/tickets/:ticketId/start', tag: 'console', access: ['console'], params: ticketParams,
    summary: 'The participant has arrived; service starts.',
    handle: ({ params, device }, deps) => view(deps.queue.startServing(acting(device, deps), params.ticketId)),
  }),
  route({
    method: 'POST', url: '/tickets/:ticketId/finish', tag: 'console', access: ['console'], params: ticketParams, body: finishBody,
    summary: 'Finish the service with an outcome and optional notes.',
    handle: ({ params, body, device }, deps) => view(deps.queue.finishTicket(acting(device, deps), params.ticketId, body.outcome, body.notes)),
  }),
  route({
    method: 'POST', url: '/tickets/:ticketId/transfer', tag: 'console', access: ['console', 'supervisor'], params: ticketParams, body: transferBody,
    summary: "Move a ticket to another service's queue, or to one position or officer (then offered to them alone); it keeps its number and its original arrival time.",
    handle: ({ params, body, device }, deps) => {
      const to = body.toPositionId ? { positionId: body.toPositionId } : body.toOfficerId ? { officerId: body.toOfficerId } : null;
      return view(deps.queue.transferTicket(params.ticketId, body.toService, device?.role === 'console' ? acting(device, deps) : undefined, to));
    },
  }),
  route({
    method: 'GET', url: '/tickets/:ticketId/draft', tag: 'console', access: ['console'], params: ticketParams,
    summary: "The signed-in officer's draft of their called or serving ticket: documents ticked and notes so far (empty when none).",
    handle: ({ params, device }, deps) => ({ draft: deps.queue.serviceDraft(acting(device, deps), params.ticketId) }),
  }),
  route({
    method: 'PUT', url: '/tickets/:ticketId/draft', tag: 'console', access: ['console'], params: ticketParams, body: serviceDraftBody,
    summary: 'Save the draft of the service in progress, so a page reload loses nothing; deleted once the ticket is finished or transferred. Refuses notes holding a NIK.',
    handle: ({ params, body, device }, deps) => ({ draft: deps.queue.saveServiceDraft(acting(device, deps), params.ticketId, body) }),
  }),
];
