import type { CaptureView, DocumentState, RequiredDocument, TicketDocuments } from '../../main/wire/schemas.js';

/** A required document at a booth as the officer works through it: its newest still decides its state. */
export interface DocumentRow {
  document: RequiredDocument;
  state: DocumentState;
  /** The newest still of it, to show and review. */
  capture: CaptureView | null;
}

/** The service's documents with their newest stills, in the catalogue's order. Pure, so it is tested on its own. */
export function documentRows(documents: readonly RequiredDocument[], captured: TicketDocuments | null): DocumentRow[] {
  const newest = new Map<string, CaptureView>();
  for (const capture of captured?.captures ?? []) {
    const known = newest.get(capture.documentId);
    if (!known || capture.capturedAt >= known.capturedAt) newest.set(capture.documentId, capture);
  }
  return documents.map((document) => {
    const capture = newest.get(document.id) ?? null;
    const state: DocumentState = !capture ? 'missing' : capture.review === 'pending' ? 'captured' : capture.review;
    return { document, state, capture };
  });
}

/** The documents the officer accepted: the checklist of a booth, which the finish dialog counts. */
export const acceptedIds = (rows: readonly DocumentRow[]): string[] => rows.filter((r) => r.state === 'accepted').map((r) => r.document.id);
