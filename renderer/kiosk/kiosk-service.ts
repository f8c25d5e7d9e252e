import type { BookingCheckResponse, IssuedTicketResponse, Priority } from '../../main/wire/schemas.js';
import { HubError, hubPost, type RefusalParams } from '../lib/api/hub-client.js';

/** The kiosk's calls to the hub: issuing, checking a booking code and its check-in, with refusals made plain for the screen. */

export const COLLECTIVE_SERVICE = 'KOLEKTIF';
export const DROP_SERVICE = 'DROP';

/** What a participant turned away can do instead, as the hub names it. */
export type Alternative = 'book_online' | 'drop_box' | 'come_back_later' | 'ask_officer';
const ALTERNATIVES: readonly string[] = ['book_online', 'drop_box', 'come_back_later', 'ask_officer'];

/** One thing a participant confirmed on the screen. */
export type TicketRequest =
  | { kind: 'service'; serviceCode: string; source: 'walk_in' | 'drop_box'; priority: Priority }
  | { kind: 'collective'; claimCount: number }
  | { kind: 'booking'; bookingCode: string; priority: Priority };

export interface Refusal {
  /** The hub's error code (quota_full, booking_too_early, ...) or unauthorized for an unpaired kiosk. */
  code: string;
  /** The refusal's reason and params, worded by renderer/lib/i18n/refusals.ts; the code stands in without them. */
  reason?: string;
  params?: RefusalParams;
  serviceCode: string | null;
  bookingCode: string | null;
  alternatives: Alternative[];
}

export type Attempt = { kind: 'issued'; issued: IssuedTicketResponse } | { kind: 'refused'; refusal: Refusal } | { kind: 'unreachable' };

/** A booking code checked before anything else is asked: it would check in, or it is refused. */
export type CheckAttempt = { kind: 'checked'; check: BookingCheckResponse } | { kind: 'refused'; refusal: Refusal } | { kind: 'unreachable' };

function serviceOf(request: TicketRequest): string | null {
  if (request.kind === 'service') return request.serviceCode;
  return request.kind === 'collective' ? COLLECTIVE_SERVICE : null;
}

/** A refusal as the hub sent it; alternatives the kiosk cannot explain are left out. */
function refusalOf(error: HubError, serviceCode: string | null, bookingCode: string | null): Refusal {
  return {
    code: error.code,
    reason: error.reason,
    params: error.params,
    serviceCode,
    bookingCode,
    alternatives: (error.details?.alternatives ?? []).filter((a): a is Alternative => ALTERNATIVES.includes(a)),
  };
}

/** A failed call as the screen takes it: a refusal to explain, or a hub to try again. */
function failureOf(err: unknown, serviceCode: string | null, bookingCode: string | null): { kind: 'refused'; refusal: Refusal } | { kind: 'unreachable' } {
  if (!(err instanceof HubError)) throw err;
  // The hub's disk refused the ticket and nothing was stored: retrying helps only once someone fixes it.
  if (err.code === 'storage_unavailable') return { kind: 'refused', refusal: refusalOf(err, serviceCode, bookingCode) };
  // A hub that fails inside may have committed: only a retry with the same requestId is safe.
  if (err.unreachable || err.status >= 500) return { kind: 'unreachable' };
  return { kind: 'refused', refusal: refusalOf(err, serviceCode, bookingCode) };
}

/** Whether a booking code would check in now, issuing nothing: asked before the priority question. */
export async function checkBooking(bookingCode: string): Promise<CheckAttempt> {
  try {
    return { kind: 'checked', check: await hubPost<BookingCheckResponse>('/tickets/check-in/check', { bookingCode }) };
  } catch (err) {
    return failureOf(err, null, bookingCode);
  }
}

/**
 * One attempt at a ticket. The same requestId on a retry makes the hub answer with the ticket it
 * already issued for this tap, so an attempt whose answer was lost can be repeated safely.
 */
export async function requestTicket(request: TicketRequest, requestId: string): Promise<Attempt> {
  try {
    const issued =
      request.kind === 'booking'
        ? await hubPost<IssuedTicketResponse>('/tickets/check-in', { bookingCode: request.bookingCode, priority: request.priority, requestId })
        : await hubPost<IssuedTicketResponse>(
            '/tickets',
            request.kind === 'collective'
              ? { serviceCode: COLLECTIVE_SERVICE, source: 'collective', claimCount: request.claimCount, requestId }
              : { serviceCode: request.serviceCode, source: request.source, priority: request.priority, requestId },
          );
    return { kind: 'issued', issued };
  } catch (err) {
    return failureOf(err, serviceOf(request), request.kind === 'booking' ? request.bookingCode : null);
  }
}
