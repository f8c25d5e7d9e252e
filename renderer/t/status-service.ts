import type { TicketStatusResponse } from '../../main/wire/schemas.js';
import { hubGet, HubError } from '../lib/api/hub-client.js';

export type StatusLookup = { kind: 'found'; ticket: TicketStatusResponse } | { kind: 'unknown' } | { kind: 'unreachable' };

/** One look at the ticket; a code the hub does not know (or cannot be a code) is "unknown", anything else is retried. */
export async function lookUpTicket(statusCode: string): Promise<StatusLookup> {
  try {
    return { kind: 'found', ticket: await hubGet<TicketStatusResponse>(`/tickets/status/${encodeURIComponent(statusCode)}`) };
  } catch (err) {
    if (err instanceof HubError && (err.status === 404 || err.status === 400)) return { kind: 'unknown' };
    return { kind: 'unreachable' };
  }
}
