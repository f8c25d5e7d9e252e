import type { TicketToPrint } from '../wire/schemas.js';

/** The ticket `antre print-test` prints: every part of a real ticket, with data that is plainly a test. */
export function sampleTicket(at: number = Date.now()): TicketToPrint {
  return {
    branchName: 'BPJAMSOSTEK - TES PRINTER / Printer test',
    timeZone: 'Asia/Jakarta',
    displayNumber: 'A000',
    serviceLabelId: 'Klaim JHT',
    serviceLabelEn: 'Old-age savings claim',
    source: 'walk_in',
    priority: 'none',
    issuedAt: at,
    peopleAhead: 3,
    waitSeconds: 25 * 60,
    statusUrl: 'http://antre.local/t/tesprinter23456',
    nikMasked: '************0001',
    claimCount: null,
    trackingCode: null,
    documents: [
      { labelId: 'KTP (kartu tanda penduduk)', labelEn: 'ID card (KTP)' },
      { labelId: 'Surat keterangan berhenti bekerja / paklaring', labelEn: 'Letter of termination or work reference (paklaring)' },
    ],
  };
}
