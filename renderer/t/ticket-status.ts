import type { TicketStatusResponse } from '../../main/wire/schemas.js';
import type { Lang } from '../lib/i18n/lang.js';

/**
 * What the phone page makes of its address and of the hub's answer. Pure, so it is tested
 * without a browser.
 */
export type TicketStatus = TicketStatusResponse['status'];

/** Once a ticket is here nothing more will happen to it: the page stops asking. */
const FINAL: ReadonlySet<TicketStatus> = new Set(['done', 'no_show', 'cancelled']);

export const isFinal = (status: TicketStatus): boolean => FINAL.has(status);

export const DEFAULT_POLL_SECONDS = 7;

/**
 * How often to ask, from ?poll=SECONDS (1 to 60). The phone has no token for the event stream,
 * so it polls; a few seconds keeps a call prompt without costing much mobile data.
 */
export function pollIntervalMs(search: string): number {
  const asked = Number(new URLSearchParams(search).get('poll'));
  const seconds = Number.isFinite(asked) && asked > 0 ? Math.min(60, Math.max(1, asked)) : DEFAULT_POLL_SECONDS;
  return seconds * 1000;
}

/** The service's name in the reader's language; its code if the hub sent no name. */
export function serviceName(ticket: Pick<TicketStatusResponse, 'serviceCode' | 'serviceLabelId' | 'serviceLabelEn'>, lang: Lang): string {
  return (lang === 'id' ? ticket.serviceLabelId : ticket.serviceLabelEn) || ticket.serviceCode;
}

/** The service a transferred ticket came from, in the reader's language; null for a ticket never moved. */
export function previousServiceName(ticket: Pick<TicketStatusResponse, 'transferredFrom'>, lang: Lang): string | null {
  const from = ticket.transferredFrom;
  if (!from) return null;
  return (lang === 'id' ? from.labelId : from.labelEn) || from.serviceCode;
}

/** The status code from /t/<code>; null when the address has none. */
export function statusCodeFromPath(pathname: string): string | null {
  const match = /^\/t\/([^/]+)\/?$/.exec(pathname);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
}
