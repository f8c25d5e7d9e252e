import { mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import type { CaptureReview, CaptureView } from '../wire/schemas.js';

/**
 * Documents captured at booths: the JPEG files under DATA_DIR/captures (one folder per day, so a
 * person can see what is kept) and their rows, with the participant's consent and rating for the
 * visit. Nothing here goes into the event log: a still of an ID card is not a fact for
 * headquarters, and it is deleted once the retention has passed.
 */

interface CaptureRow {
  id: string;
  ticket_id: string;
  document_id: string;
  request_id: string;
  position_id: string;
  file: string;
  width: number;
  height: number;
  bytes: number;
  captured_at: number;
  review: CaptureReview;
}

const toView = (r: CaptureRow): CaptureView => ({
  id: r.id,
  ticketId: r.ticket_id,
  documentId: r.document_id,
  requestId: r.request_id,
  width: r.width,
  height: r.height,
  bytes: r.bytes,
  capturedAt: r.captured_at,
  review: r.review,
});

export interface NewCapture {
  ticketId: string;
  positionId: string;
  documentId: string;
  requestId: string;
  jpeg: Uint8Array;
  width: number;
  height: number;
}

/** What the participant said at the booth about one visit. */
export interface VisitRecord {
  consentAt: number | null;
  rating: number | null;
}

const PURGE_BATCH = 500;

export function createCaptureStore(db: Database.Database, dir: string, clock: () => number) {
  const q = {
    insert: db.prepare(`INSERT INTO document_captures (id, ticket_id, document_id, request_id, position_id, file, width, height, bytes, captured_at)
      VALUES (@id, @ticketId, @documentId, @requestId, @positionId, @file, @width, @height, @bytes, @capturedAt)`),
    byId: db.prepare('SELECT * FROM document_captures WHERE id = ?'),
    byRequest: db.prepare('SELECT * FROM document_captures WHERE request_id = ?'),
    ofTicket: db.prepare('SELECT * FROM document_captures WHERE ticket_id = ? ORDER BY captured_at, rowid'),
    review: db.prepare('UPDATE document_captures SET review = ?, reviewed_at = ? WHERE id = ?'),
    oldest: db.prepare('SELECT id, file FROM document_captures WHERE captured_at < ? ORDER BY captured_at LIMIT ?'),
    drop: db.prepare('DELETE FROM document_captures WHERE id = ?'),
    visit: db.prepare('SELECT consent_at AS consentAt, rating FROM booth_visits WHERE ticket_id = ?'),
    consent: db.prepare(`INSERT INTO booth_visits (ticket_id, position_id, consent_at) VALUES (?, ?, ?)
      ON CONFLICT (ticket_id) DO UPDATE SET consent_at = coalesce(booth_visits.consent_at, excluded.consent_at)`),
    rate: db.prepare(`INSERT INTO booth_visits (ticket_id, position_id, rating, rated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (ticket_id) DO UPDATE SET rating = excluded.rating, rated_at = excluded.rated_at`),
  };
  const row = (id: string) => q.byId.get(id) as CaptureRow | undefined;

  return {
    dir,

    /**
     * Keeps a still: the file first (written aside and renamed, so no half file is ever named by a
     * row), then its row. A retried upload of the same request returns the capture already kept.
     */
    save(capture: NewCapture): CaptureView {
      const known = q.byRequest.get(capture.requestId) as CaptureRow | undefined;
      if (known) return toView(known);
      const id = crypto.randomUUID();
      const capturedAt = clock();
      const file = join(new Date(capturedAt).toISOString().slice(0, 10), `${id}.jpg`);
      const path = join(dir, file);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(`${path}.partial`, capture.jpeg, { mode: 0o600, flush: true });
      renameSync(`${path}.partial`, path);
      try {
        q.insert.run({ id, ticketId: capture.ticketId, documentId: capture.documentId, requestId: capture.requestId, positionId: capture.positionId, file, width: capture.width, height: capture.height, bytes: capture.jpeg.length, capturedAt });
      } catch (err) {
        rmSync(path, { force: true });
        throw err;
      }
      return toView(row(id)!);
    },

    capture(id: string): CaptureView | undefined {
      const found = row(id);
      return found && toView(found);
    },

    /** The JPEG of a capture. */
    image(id: string): Buffer | undefined {
      const found = row(id);
      return found && readFileSync(join(dir, found.file));
    },

    ofTicket(ticketId: string): CaptureView[] {
      return (q.ofTicket.all(ticketId) as CaptureRow[]).map(toView);
    },

    review(id: string, review: Exclude<CaptureReview, 'pending'>): CaptureView {
      q.review.run(review, clock(), id);
      return toView(row(id)!);
    },

    visit(ticketId: string): VisitRecord {
      return (q.visit.get(ticketId) as VisitRecord | undefined) ?? { consentAt: null, rating: null };
    },

    /** The participant agreed that their documents are photographed; the first time counts. */
    consent(ticketId: string, positionId: string): void {
      q.consent.run(ticketId, positionId, clock());
    },

    rate(ticketId: string, positionId: string, rating: number): void {
      q.rate.run(ticketId, positionId, rating, clock());
    },

    /** Deletes the captures taken before `cutoff`, rows and files; returns how many. */
    purgeBefore(cutoff: number): number {
      let purged = 0;
      for (let batch = q.oldest.all(cutoff, PURGE_BATCH) as { id: string; file: string }[]; batch.length > 0; batch = q.oldest.all(cutoff, PURGE_BATCH) as { id: string; file: string }[]) {
        // The row goes first: a file left by a crash between the two is swept with its empty day below.
        db.transaction(() => {
          for (const c of batch) q.drop.run(c.id);
        })();
        for (const c of batch) rmSync(join(dir, c.file), { force: true });
        purged += batch.length;
      }
      removeDaysBefore(dir, cutoff);
      return purged;
    },
  };
}

/** Day folders older than the cutoff's day, with whatever a crash left in them, and empty ones. */
function removeDaysBefore(dir: string, cutoff: number): void {
  const cutoffDay = new Date(cutoff).toISOString().slice(0, 10);
  let days: string[];
  try {
    days = readdirSync(dir);
  } catch {
    return;
  }
  for (const day of days) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) continue;
    if (day < cutoffDay) rmSync(join(dir, day), { recursive: true, force: true });
    else {
      try {
        rmdirSync(join(dir, day));
      } catch {
        // Not empty: today's or a recent day's captures.
      }
    }
  }
}

export type CaptureStore = ReturnType<typeof createCaptureStore>;
