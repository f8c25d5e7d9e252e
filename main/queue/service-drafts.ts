import { ownTicket, type Acting } from './calling.js';
import type { QueueContext } from './context.js';
import { QueueError } from './errors.js';
import type { QueueStore } from './queue-store.js';

/**
 * The console's work in progress on the ticket in front of an officer: the documents ticked so
 * far and the notes being written, kept on the hub so that a page reload mid-service loses
 * neither. Only the officer serving the ticket reads or writes it. A draft is not an event and
 * not part of the record: the notes enter the record when the service is finished, and a trigger
 * (migration 006) deletes the draft once its ticket is finished, transferred or otherwise moved on.
 */
export interface ServiceDraft {
  checked: string[];
  notes: string;
}

/** Sixteen digits in a row, or split by spaces, dots or dashes: what a NIK looks like typed into notes. */
const NIK_LIKE = /(?:\d[\s.-]?){15}\d/;

type Db = QueueStore['db'];

function statements(db: Db) {
  return {
    get: db.prepare('SELECT checked, notes FROM service_drafts WHERE ticket_id = ? AND session_id = ?'),
    put: db.prepare(`INSERT INTO service_drafts (ticket_id, session_id, checked, notes, updated_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (ticket_id) DO UPDATE SET session_id = excluded.session_id, checked = excluded.checked, notes = excluded.notes, updated_at = excluded.updated_at`),
  };
}

const prepared = new WeakMap<Db, ReturnType<typeof statements>>();
function sql(ctx: QueueContext) {
  let s = prepared.get(ctx.store.db);
  if (!s) prepared.set(ctx.store.db, (s = statements(ctx.store.db)));
  return s;
}

const EMPTY: ServiceDraft = { checked: [], notes: '' };

/** The acting officer's draft for their called or serving ticket; empty when none was saved. */
export function serviceDraft(ctx: QueueContext, acting: Acting, ticketId: string): ServiceDraft {
  return ctx.store.read(() => {
    ownTicket(ctx, acting, ticketId, ['called', 'serving']);
    const row = sql(ctx).get.get(ticketId, acting.sessionId) as { checked: string; notes: string } | undefined;
    return row ? { checked: JSON.parse(row.checked) as string[], notes: row.notes } : { ...EMPTY };
  });
}

/** Replaces the draft of the acting officer's called or serving ticket. */
export function saveServiceDraft(ctx: QueueContext, acting: Acting, ticketId: string, draft: ServiceDraft): ServiceDraft {
  return ctx.store.transaction(() => {
    const { ticket } = ownTicket(ctx, acting, ticketId, ['called', 'serving']);
    const required = new Set(ctx.store.service(ticket.serviceCode)?.documents.map((d) => d.id) ?? []);
    const unknown = draft.checked.find((id) => !required.has(id));
    if (unknown !== undefined) {
      throw new QueueError('invalid', `"${unknown}" is not a document ${ticket.serviceCode} requires`, { field: 'checked', reason: 'document_not_required', params: { ticket: ticket.displayNumber } });
    }
    // The draft is kept outside the record, unmasked: an ID number typed into the notes must not land there.
    if (NIK_LIKE.test(draft.notes)) {
      throw new QueueError('invalid', 'the notes hold what looks like a national ID number (16 digits): leave it out', { field: 'notes', reason: 'notes_hold_nik', params: {} });
    }
    const checked = [...new Set(draft.checked)];
    sql(ctx).put.run(ticket.id, acting.sessionId, JSON.stringify(checked), draft.notes, ctx.clock());
    return { checked, notes: draft.notes };
  });
}
