import { describe, expect, it } from 'vitest';
import type { CaptureView, TicketDocuments } from '../../main/wire/schemas.js';
import { outcomeText, waitedText } from '../../renderer/booth/booth-text.js';
import { acceptedIds, documentRows } from '../../renderer/console/booth-documents.js';

/** What the booth says and what the console counts, as plain functions. */

const capture = (documentId: string, capturedAt: number, review: CaptureView['review']): CaptureView => ({
  id: `c-${documentId}-${capturedAt}`, ticketId: 't1', documentId, requestId: `r-${capturedAt}`, width: 1920, height: 1080, bytes: 1, capturedAt, review,
});
const DOCS = [{ id: 'ktp', labelId: 'KTP', labelEn: 'ID card' }, { id: 'kpj', labelId: 'KPJ', labelEn: 'Card' }, { id: 'kk', labelId: 'KK', labelEn: 'Family card' }];

describe('the booth’s words', () => {
  it('says how long someone waited in minutes and seconds, in each language', () => {
    expect(waitedText(45_400, 'id')).toBe('45 detik');
    expect(waitedText(125_000, 'id')).toBe('2 menit 5 detik');
    expect(waitedText(60_000, 'en')).toBe('1 minute');
    expect(waitedText(61_000, 'en')).toBe('1 minute 1 second');
  });

  it('tells a completed claim when the money comes, and any other completed service only that it is done', () => {
    expect(outcomeText('completed', true, 'id')).toMatch(/Dana dikirim ke rekening Anda, biasanya dalam 5 hari kerja/);
    expect(outcomeText('completed', false, 'en')).toBe('Your service is complete. Thank you.');
    expect(outcomeText('documents_incomplete', true, 'en')).toMatch(/not complete/);
  });
});

describe('a booth’s documents on the console', () => {
  it('takes each document’s newest still for its state, and counts only the accepted ones', () => {
    const documents: TicketDocuments = {
      ticketId: 't1', positionId: 'booth-1', consentAt: 1,
      captures: [capture('ktp', 1, 'redo'), capture('ktp', 2, 'accepted'), capture('kpj', 3, 'pending'), capture('npwp', 4, 'accepted')],
    };
    const rows = documentRows(DOCS, documents);
    expect(rows.map((r) => [r.document.id, r.state, r.capture?.capturedAt ?? null])).toEqual([['ktp', 'accepted', 2], ['kpj', 'captured', 3], ['kk', 'missing', null]]);
    expect(acceptedIds(rows)).toEqual(['ktp']);
    expect(documentRows(DOCS, null).map((r) => r.state)).toEqual(['missing', 'missing', 'missing']);
  });
});
