import type { BranchQueue } from '../queue/branch-queue.js';
import { businessDay } from '../queue/business-day.js';
import type { Ticket } from '../queue/types.js';
import type { BoothView, BoothVisit, CaptureView, DocumentState } from '../wire/schemas.js';
import type { CaptureStore } from './capture-store.js';

/** How long a booth keeps showing a finished visit's outcome and rating before it is idle again. */
export const ENDED_SHOWN_MS = 3 * 60_000;

/** The state of each required document: its newest capture decides. */
export function documentStates(documentIds: readonly string[], captures: readonly CaptureView[]): Map<string, DocumentState> {
  const states = new Map<string, DocumentState>(documentIds.map((id) => [id, 'missing']));
  for (const c of captures) {
    if (!states.has(c.documentId)) continue;
    states.set(c.documentId, c.review === 'pending' ? 'captured' : c.review);
  }
  return states;
}

/**
 * What booths see and do, read from the queue and the captures: the ticket a booth position holds
 * now, or the one it finished a moment ago, told as a participant may know it.
 */
export function createBoothViews(queue: BranchQueue, captures: CaptureStore) {
  const lastFinished = queue.store.db.prepare<[string, string, string, number]>(`SELECT id FROM tickets
    WHERE business_day IN (?, ?) AND called_at IS NOT NULL AND position_id = ? AND status = 'done' AND finished_at >= ?
    ORDER BY finished_at DESC LIMIT 1`);

  // A visit that ran past the branch's midnight was called on the day before.
  const days = (): [string, string] => [queue.today(), businessDay(queue.clock() - 86_400_000, queue.branch.timeZone)];

  const views = {
    /** The ticket called to or served at a booth now. */
    activeAt(positionId: string): Ticket | undefined {
      return queue.store.activeTickets().find((t) => t.positionId === positionId);
    },

    /** The visit a booth finished within the last minutes and the participant has not rated yet. */
    endedAt(positionId: string): Ticket | undefined {
      const [today, yesterday] = days();
      const id = lastFinished.pluck().get(today, yesterday, positionId, queue.clock() - ENDED_SHOWN_MS) as string | undefined;
      const ticket = id === undefined ? undefined : queue.store.ticket(id);
      return ticket && captures.visit(ticket.id).rating === null ? ticket : undefined;
    },

    visitOf(ticket: Ticket): BoothVisit {
      const service = queue.store.service(ticket.serviceCode);
      const documents = service?.documents ?? [];
      const states = documentStates(documents.map((d) => d.id), captures.ofTicket(ticket.id));
      const visit = captures.visit(ticket.id);
      return {
        displayNumber: ticket.displayNumber,
        service: { code: ticket.serviceCode, labelId: service?.labelId ?? ticket.serviceCode, labelEn: service?.labelEn ?? ticket.serviceCode },
        calledAt: ticket.calledAt ?? ticket.issuedAt,
        documents: documents.map((d) => ({ ...d, state: states.get(d.id) ?? 'missing' })),
        consentAt: visit.consentAt,
        outcome: ticket.status === 'done' ? ticket.outcome : null,
        rating: visit.rating,
      };
    },

    /** What the screen bound to this position shows now. */
    viewOf(positionId: string | null): BoothView {
      const position = positionId ? queue.store.position(positionId) : undefined;
      if (!position) return { position: null, phase: 'idle', visit: null };
      const place = { id: position.id, label: position.label };
      const active = views.activeAt(position.id);
      if (active) return { position: place, phase: active.status === 'serving' ? 'serving' : 'called', visit: views.visitOf(active) };
      const ended = views.endedAt(position.id);
      if (ended) return { position: place, phase: 'ended', visit: views.visitOf(ended) };
      return { position: place, phase: 'idle', visit: null };
    },
  };
  return views;
}

export type BoothViews = ReturnType<typeof createBoothViews>;
