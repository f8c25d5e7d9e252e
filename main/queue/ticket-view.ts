import type { TicketView } from './events.js';
import type { Ticket } from './types.js';

/** The part of a ticket that may travel to pages and the event log: no unmasked data, no status code. */
export function toTicketView(t: Ticket): TicketView {
  return {
    id: t.id,
    businessDay: t.businessDay,
    displayNumber: t.displayNumber,
    serviceCode: t.serviceCode,
    source: t.source,
    priority: t.priority,
    claimCount: t.claimCount,
    status: t.status,
    outcome: t.outcome,
    arrivedAt: t.arrivedAt,
    issuedAt: t.issuedAt,
    calledAt: t.calledAt,
    positionId: t.positionId,
    recallCount: t.recallCount,
  };
}

/** Keeps the last four digits of a national ID number (NIK), so a participant can recognise it and nobody else can use it. */
export function maskNik(nik: string): string {
  return `${'*'.repeat(Math.max(0, nik.length - 4))}${nik.slice(-4)}`;
}

export function formatTicketNumber(prefix: string, number: number): string {
  return `${prefix}${String(number).padStart(3, '0')}`;
}
