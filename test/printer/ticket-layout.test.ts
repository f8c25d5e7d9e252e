/**
 * The printed ticket, byte for byte and as a person reads it.
 *
 * Golden files: test/printer/golden/<kind>-<paper>.hex hold the exact ESC/POS bytes encodeTicket
 * makes for each ticket kind on 80 mm and 58 mm paper, one printed line (up to and including its
 * LF CR) per file line, as hex followed by the printable ASCII between bars, so a diff shows which
 * line of the ticket changed. They are compared on every run; a missing or different file fails.
 * To write them (first time, or after an intended layout change), run
 *
 *   UPDATE_GOLDEN=1 npx vitest run test/printer/ticket-layout.test.ts
 *
 * and review the diff of test/printer/golden/ before committing it. Nothing else writes them.
 *
 * The other tests read the same bytes back with the virtual printer's parser and check what a
 * participant, a guard against touts and a scanner would care about.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bulletLines, encodeTicket, type PaperWidth, type PrinterProfile, type TicketToPrint } from '../../main/printer/ticket-layout.js';
import { DEFAULT_SERVICES } from '../../main/queue/catalogue.js';
import { parseEscPos } from '../../tools/virtual-printer/escpos-parser.js';
import { PROFILE_58MM, PROFILE_80MM, type TextLine, type TextSegment, type TicketDocument } from '../../tools/virtual-printer/ticket-document.js';

const GOLDEN_DIR = join(import.meta.dirname, 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** 2025-03-10 02:05 UTC: 09:05 WIB, 10:05 WITA, 11:05 WIT. */
const ISSUED_AT = Date.parse('2025-03-10T02:05:00Z');
const FULL_NIK = '3171012345678901';

/** The default catalogue's documents of a service, as the hub sends them to the printer. */
const documentsOf = (code: string) => DEFAULT_SERVICES.find((s) => s.code === code)!.documents.map(({ labelId, labelEn }) => ({ labelId, labelEn }));

const base: TicketToPrint = {
  branchName: 'Kantor Cabang Jakarta Salemba',
  timeZone: 'Asia/Jakarta',
  displayNumber: 'A023',
  serviceLabelId: 'Klaim JHT',
  serviceLabelEn: 'Old-age savings claim',
  source: 'walk_in',
  priority: 'none',
  issuedAt: ISSUED_AT,
  peopleAhead: 7,
  waitSeconds: 25 * 60,
  statusUrl: 'http://192.168.1.10:8080/t/k7m2p9q4x8r3t6w2',
  nikMasked: null,
  claimCount: null,
  trackingCode: null,
  documents: documentsOf('JHT'),
  lateBooking: false,
  reprintedAt: null,
};

const KINDS = {
  'walk-in': base,
  priority: {
    ...base,
    branchName: 'Kantor Cabang Makassar',
    timeZone: 'Asia/Makassar',
    displayNumber: 'B004',
    serviceLabelId: 'Klaim JKK',
    serviceLabelEn: 'Work accident claim',
    priority: 'elderly',
    peopleAhead: 0,
    waitSeconds: 3 * 60,
    statusUrl: 'http://192.168.1.10:8080/t/b4elderly2345678',
    documents: documentsOf('JKK'),
  },
  booking: {
    ...base,
    branchName: 'Kantor Cabang Jayapura',
    timeZone: 'Asia/Jayapura',
    displayNumber: 'D012',
    serviceLabelId: 'Klaim JP',
    serviceLabelEn: 'Pension claim',
    source: 'booking',
    peopleAhead: 2,
    waitSeconds: 75 * 60,
    statusUrl: 'http://192.168.1.10:8080/t/d12booking345678',
    nikMasked: '************4321',
    documents: documentsOf('JP'),
  },
  collective: {
    ...base,
    displayNumber: 'G001',
    serviceLabelId: 'Klaim Kolektif',
    serviceLabelEn: 'Collective claim',
    source: 'collective',
    peopleAhead: 1,
    waitSeconds: 40 * 60,
    statusUrl: 'http://192.168.1.10:8080/t/g1kolektif234567',
    nikMasked: `************${FULL_NIK.slice(-4)}`,
    claimCount: 37,
    documents: documentsOf('KOLEKTIF'),
  },
  'drop-box': {
    ...base,
    displayNumber: 'F007',
    serviceLabelId: 'Drop Box Dokumen',
    serviceLabelEn: 'Document drop box',
    source: 'drop_box',
    peopleAhead: null,
    waitSeconds: null,
    statusUrl: 'http://192.168.1.10:8080/t/f7dropbox2345678',
    trackingCode: '20250310-F007',
    documents: documentsOf('DROP'),
  },
  /** The walk-in ticket again, asked for by the supervisor at 10:20 WIB. */
  reprint: {
    ...base,
    reprintedAt: Date.parse('2025-03-10T03:20:00Z'),
  },
} satisfies Record<string, TicketToPrint>;

type Kind = keyof typeof KINDS;
const KIND_NAMES = Object.keys(KINDS) as Kind[];
const PAPERS: PaperWidth[] = ['80mm', '58mm'];
const CASES = KIND_NAMES.flatMap((kind) => PAPERS.map((paper) => [kind, paper] as const));

const COLUMNS = { '80mm': 48, '58mm': 32 } as const;
const DOTS = { '80mm': 576, '58mm': 384 } as const;
const profileFor = (paper: PaperWidth): PrinterProfile => ({ model: 'epson-tm-t88vi', paper });
const parserProfile = (paper: PaperWidth) => (paper === '80mm' ? PROFILE_80MM : PROFILE_58MM);

/** The bytes as hex, one printed line (ending in LF CR) per text line, with the printable ASCII after it. */
function hexDump(bytes: Uint8Array): string {
  const out: string[] = [];
  let start = 0;
  const flush = (end: number) => {
    if (end <= start) return;
    const chunk = bytes.subarray(start, end);
    const hex = Array.from(chunk, (b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = Array.from(chunk, (b) => (b >= 0x20 && b < 0x7f && b !== 0x7c ? String.fromCharCode(b) : '.')).join('');
    out.push(`${hex}  |${ascii}|`);
    start = end;
  };
  for (let i = 0; i < bytes.length; i++) {
    // The encoder ends a line with LF CR: the CR stays with its line.
    if (bytes[i] === 0x0a) flush(bytes[i + 1] === 0x0d ? ++i + 1 : i + 1);
  }
  flush(bytes.length);
  return `${out.join('\n')}\n`;
}

function encode(kind: Kind, paper: PaperWidth, overrides: Partial<TicketToPrint> = {}): Uint8Array {
  return encodeTicket({ ...KINDS[kind], ...overrides }, profileFor(paper));
}

function parse(bytes: Uint8Array, paper: PaperWidth): TicketDocument {
  const documents = parseEscPos(bytes, parserProfile(paper));
  expect(documents, 'one ticket, one document').toHaveLength(1);
  const document = documents[0]!;
  expect(document.error, 'the printer understands every command').toBeNull();
  expect(document.warnings, 'the printer leaves nothing out').toEqual([]);
  expect(document.ending, 'the ticket ends with a cut').toBe('partial-cut');
  return document;
}

const textLines = (d: TicketDocument) => d.items.filter((i): i is TextLine => i.kind === 'line');
const textSegments = (d: TicketDocument) => textLines(d).flatMap((l) => l.segments.filter((s): s is TextSegment => s.kind === 'text'));
/** The printed text, each line trimmed. */
const printed = (d: TicketDocument) => d.lines.map((l) => l.trim()).filter((l) => l !== '');

/** The printed text as one flow, for phrases that wrap onto a second line on narrow paper. */
const flow = (d: TicketDocument) => printed(d).join(' ');

/** The first line holding `text` (or exactly `text`, for a line of its own). */
function indexOfLine(d: TicketDocument, text: string, exact = false): number {
  const i = printed(d).findIndex((l) => (exact ? l === text : l.includes(text)));
  expect(i, `the ticket has a line with "${text}"; it has:\n${printed(d).join('\n')}`).toBeGreaterThanOrEqual(0);
  return i;
}

/** Columns a line takes on the paper: each character of font A is one column times its width. */
function columnsUsed(line: TextLine): number {
  const segments = line.segments.filter((s): s is TextSegment => s.kind === 'text');
  let total = 0;
  segments.forEach((s, i) => {
    const text = i === segments.length - 1 ? s.text.trimEnd() : s.text;
    total += [...text].length * s.style.width;
  });
  return total;
}

describe('ticket layout: golden bytes', () => {
  it.each(CASES)('%s on %s paper is byte for byte the golden file', (kind, paper) => {
    const file = join(GOLDEN_DIR, `${kind}-${paper}.hex`);
    const actual = hexDump(encode(kind, paper));
    if (UPDATE) {
      mkdirSync(GOLDEN_DIR, { recursive: true });
      writeFileSync(file, actual);
      return;
    }
    if (!existsSync(file)) {
      throw new Error(`golden file ${file} is missing: run UPDATE_GOLDEN=1 npx vitest run test/printer/ticket-layout.test.ts, look at the tickets, and commit it`);
    }
    // On a difference: if the layout change is intended, rerun with UPDATE_GOLDEN=1 and review the diff.
    expect(actual, `encoded bytes of the ${kind} ticket on ${paper} differ from ${file}`).toBe(readFileSync(file, 'utf8'));
  });

  it('encodes the same ticket to the same bytes every time', () => {
    for (const [kind, paper] of CASES) expect(hexDump(encode(kind, paper))).toBe(hexDump(encode(kind, paper)));
  });
});

describe('ticket layout: what a person reads on it', () => {
  it.each(CASES)('%s on %s: the number is the largest text, as large as the printer prints, and fits the paper', (kind, paper) => {
    const d = parse(encode(kind, paper), paper);
    const segments = textSegments(d).filter((s) => s.text.trim() !== '');
    const area = (s: TextSegment) => s.style.width * s.style.height;
    const largest = Math.max(...segments.map(area));
    const biggest = segments.filter((s) => area(s) === largest);
    expect(biggest.map((s) => s.text.trim())).toEqual([KINDS[kind].displayNumber]);
    // A four-character number at 8 x 8 (the largest ESC/POS size) is 32 columns: it fits even 58 mm.
    expect(biggest[0]!.style).toMatchObject({ width: 8, height: 8, bold: true });
    // Nothing runs off the paper.
    for (const line of textLines(d)) expect(columnsUsed(line), `"${line.text}" fits ${COLUMNS[paper]} columns`).toBeLessThanOrEqual(COLUMNS[paper]);
  });

  it('a five-character number is still the largest text and still fits 58 mm', () => {
    for (const paper of PAPERS) {
      const d = parse(encode('walk-in', paper, { displayNumber: 'A1024' }), paper);
      const number = textSegments(d).find((s) => s.text.trim() === 'A1024')!;
      expect(number, `A1024 printed on ${paper}`).toBeDefined();
      const others = textSegments(d).filter((s) => s !== number && s.text.trim() !== '');
      for (const s of others) expect(s.style.width * s.style.height).toBeLessThan(number.style.width * number.style.height);
      for (const line of textLines(d)) expect(columnsUsed(line)).toBeLessThanOrEqual(COLUMNS[paper]);
    }
  });

  it.each(CASES)('%s on %s: one native QR code (GS ( k, not an image) holding the status URL, within the paper', (kind, paper) => {
    const d = parse(encode(kind, paper), paper);
    expect(d.qrCodes).toHaveLength(1);
    const qr = d.qrCodes[0]!;
    expect(qr.payload).toBe(KINDS[kind].statusUrl);
    expect(qr.printed).toBe(true);
    expect(qr.symbolSize).not.toBeNull();
    expect(qr.symbolSize! * qr.moduleSize).toBeLessThanOrEqual(DOTS[paper]);
    // The QR is a code the printer draws, not a picture of one.
    expect(d.images).toEqual([]);
  });

  it.each(CASES)('%s on %s: says the service is free and the ticket is not for sale, Indonesian first', (kind, paper) => {
    const d = parse(encode(kind, paper), paper);
    const text = printed(d).join('\n');
    expect(text).toContain('GRATIS');
    expect(text).toContain('free of charge');
    expect(indexOfLine(d, 'LAYANAN INI GRATIS')).toBeLessThan(indexOfLine(d, 'free of charge'));
    expect(indexOfLine(d, 'diperjualbelikan')).toBeLessThan(indexOfLine(d, 'not for sale'));
  });

  it.each(CASES)('%s on %s: every Indonesian line comes before its English one', (kind, paper) => {
    const t = KINDS[kind];
    const d = parse(encode(kind, paper), paper);
    // The service labels are lines of their own: "Document drop box" is also part of the receipt's title.
    expect(indexOfLine(d, t.serviceLabelId, true)).toBeLessThan(indexOfLine(d, t.serviceLabelEn, true));
    const pairs: [string, string][] = [['Pantau antrean', 'Follow the queue']];
    if (t.source === 'drop_box') {
      pairs.push(['TANDA TERIMA DROP BOX', 'Document drop box receipt'], ['Tulis kode ini', 'Write this code']);
    } else {
      pairs.push(['NOMOR ANTREAN', 'Queue number']);
      if (t.peopleAhead === 0) pairs.push(['Anda berikutnya', 'You are next']);
      else pairs.push(['Antrean di depan Anda', 'People ahead of you'], ['Perkiraan tunggu', 'Estimated wait']);
      pairs.push(['Silakan duduk', 'Please wait']);
    }
    if (t.claimCount !== null) pairs.push(['Jumlah berkas klaim', 'Claim files']);
    for (const [id, en] of pairs) {
      const i = indexOfLine(d, id);
      const e = indexOfLine(d, en);
      // Bilingual lines such as "NOMOR ANTREAN / Queue number" carry both, Indonesian on the left.
      if (i === e) expect(printed(d)[i]!.indexOf(id)).toBeLessThan(printed(d)[i]!.indexOf(en));
      else expect(i, `"${id}" before "${en}"`).toBeLessThan(e);
    }
  });

  it('prints the date and time in the branch zone with its name: WIB, WITA, WIT', () => {
    const zones = [
      ['Asia/Jakarta', '10 Maret 2025  09:05 WIB'],
      ['Asia/Pontianak', '10 Maret 2025  09:05 WIB'],
      ['Asia/Makassar', '10 Maret 2025  10:05 WITA'],
      ['Asia/Jayapura', '10 Maret 2025  11:05 WIT'],
    ] as const;
    for (const [timeZone, expected] of zones) {
      for (const paper of PAPERS) expect(printed(parse(encode('walk-in', paper, { timeZone }), paper))).toContain(expected);
    }
    // Late evening in Jakarta is already the next day in Jayapura: the date is the branch's, not UTC's.
    const late = Date.parse('2025-03-10T16:30:00Z');
    expect(printed(parse(encode('walk-in', '80mm', { issuedAt: late, timeZone: 'Asia/Jakarta' }), '80mm'))).toContain('10 Maret 2025  23:30 WIB');
    expect(printed(parse(encode('walk-in', '80mm', { issuedAt: late, timeZone: 'Asia/Jayapura' }), '80mm'))).toContain('11 Maret 2025  01:30 WIT');
    // The golden kinds use three zones; each says its own.
    expect(printed(parse(encode('priority', '58mm'), '58mm')).join('\n')).toMatch(/10:05 WITA/);
    expect(printed(parse(encode('booking', '58mm'), '58mm')).join('\n')).toMatch(/11:05 WIT\b/);
  });

  it.each(CASES)('%s on %s: no unmasked NIK, no long digit run but the tracking code', (kind, paper) => {
    const t = KINDS[kind];
    const d = parse(encode(kind, paper), paper);
    const text = printed(d).join('\n');
    expect(text).not.toContain(FULL_NIK);
    expect(text).not.toMatch(/\d{9,}/);
    const nikLines = printed(d).filter((l) => /NIK/.test(l));
    if (t.nikMasked) {
      expect(nikLines).toEqual([`NIK: ${t.nikMasked}`]);
      // At most the last four digits show.
      expect(nikLines[0]!.replace(/\D/g, '')).toHaveLength(4);
    } else {
      expect(nikLines).toEqual([]);
    }
    // The QR and any barcode carry no ID either.
    for (const payload of [...d.qrCodes.map((q) => q.payload), ...d.barcodes.map((b) => b.payload)]) expect(payload).not.toMatch(/\d{16}/);
  });

  it.each(PAPERS)('collective on %s: the number of claim files and the masked NIK', (paper) => {
    const d = parse(encode('collective', paper), paper);
    expect(printed(d)).toEqual(expect.arrayContaining(['Jumlah berkas klaim: 37', 'Claim files: 37', 'NIK: ************8901']));
    expect(printed(d)).toContain('Klaim Kolektif');
  });

  it.each(PAPERS)('priority on %s: the priority shows in reverse print, Indonesian first', (paper) => {
    const d = parse(encode('priority', paper), paper);
    const reversed = textSegments(d).filter((s) => s.style.reverse && s.text.trim() !== '');
    expect(reversed.map((s) => s.text).join(' ')).toContain('PRIORITAS: LANSIA');
    expect(flow(d)).toContain('PRIORITAS: LANSIA / Elderly');
    expect(printed(d)).toContain('Anda berikutnya!');
  });

  it.each(PAPERS)('online booking on %s: says it was booked online in the kiosk\'s words', (paper) => {
    const d = parse(encode('booking', paper), paper);
    expect(flow(d)).toContain('Booking online / Online booking');
    expect(flow(d)).not.toContain('Pemesanan');
    // On time: no note about coming late.
    expect(flow(d)).not.toContain('setelah jadwal booking');
    // 75 minutes is said in hours and minutes, with the ± the code page carries.
    expect(flow(d)).toContain('Perkiraan tunggu: ± 1 jam 15 menit Estimated wait: ± 1 h 15 min');
  });

  it.each(PAPERS)('walk-in on %s: people ahead and the estimated wait, ± in the right code page', (paper) => {
    const d = parse(encode('walk-in', paper), paper);
    expect(flow(d)).toContain('Antrean di depan Anda: 7 orang People ahead of you: 7 Perkiraan tunggu: ± 25 menit Estimated wait: ± 25 min');
    expect(printed(d)).toContain('Kantor Cabang Jakarta Salemba');
  });

  it.each(PAPERS)('drop box on %s: a receipt with the tracking code in large text and as a barcode that fits the paper', (paper) => {
    const t = KINDS['drop-box'];
    const d = parse(encode('drop-box', paper), paper);
    expect(printed(d)).toContain('TANDA TERIMA DROP BOX');
    expect(printed(d)).toContain(t.trackingCode);
    const code = textSegments(d).find((s) => s.text.trim() === t.trackingCode)!;
    expect(code.style).toMatchObject({ width: 2, height: 2, bold: true });
    expect(d.barcodes).toHaveLength(1);
    const barcode = d.barcodes[0]!;
    expect(barcode).toMatchObject({ symbology: 'CODE128', payload: t.trackingCode, printed: true });
    expect(barcode.width).not.toBeNull();
    expect(barcode.width!).toBeLessThanOrEqual(DOTS[paper]);
    // A receipt is not a place in a queue: no people ahead, no wait; the envelope goes in the box.
    expect(printed(d).join('\n')).not.toMatch(/Antrean di depan|Perkiraan tunggu/);
    expect(indexOfLine(d, 'Masukkan amplop ke Drop Box.')).toBeLessThan(indexOfLine(d, 'Put the envelope in the box.'));
    expect(indexOfLine(d, 'Anda tidak perlu menunggu.')).toBeLessThan(indexOfLine(d, 'You do not need to wait.'));
  });

  it('drop box on 58 mm: the barcode of a four-digit number still fits the 384 dots', () => {
    const d = parse(encode('drop-box', '58mm', { displayNumber: 'F1000', trackingCode: '20250310-F1000' }), '58mm');
    const barcode = d.barcodes[0]!;
    expect(barcode.printed).toBe(true);
    expect(barcode.width!).toBeLessThanOrEqual(384);
    expect(barcode.payload).toBe('20250310-F1000');
  });

  it.each(PAPERS)('a booking checked in late on %s: the same note the kiosk screen shows, Indonesian first', (paper) => {
    const d = parse(encode('booking', paper, { lateBooking: true }), paper);
    const id = 'Anda datang setelah jadwal booking, jadi dilayani sebagai antrean biasa.';
    const en = 'You came after your booked time, so you are served in the regular queue.';
    expect(flow(d)).toContain(id);
    expect(flow(d)).toContain(en);
    expect(flow(d).indexOf(id)).toBeLessThan(flow(d).indexOf(en));
    for (const line of textLines(d)) expect(columnsUsed(line)).toBeLessThanOrEqual(COLUMNS[paper]);
  });

  it.each(CASES)('%s on %s: the documents to bring, one item each in the catalogue order; none on a drop-box receipt', (kind, paper) => {
    const t = KINDS[kind];
    const d = parse(encode(kind, paper), paper);
    const lines = printed(d);
    if (t.source === 'drop_box') {
      expect(lines.join('\n')).not.toContain('Bawa dokumen');
      return;
    }
    const heading = indexOfLine(d, 'Bawa dokumen asli:', true);
    expect(indexOfLine(d, 'Bring the originals:', true)).toBe(heading + 1);
    // After the queue's facts and before the phone's QR code.
    expect(heading).toBeLessThan(indexOfLine(d, 'Pantau antrean'));
    const items = lines
      .slice(heading + 2, indexOfLine(d, 'Pantau antrean'))
      .reduce<string[]>((list, line) => (line.startsWith('- ') ? [...list, line.slice(2)] : [...list.slice(0, -1), `${list.at(-1)} ${line}`]), []);
    expect(items).toEqual(t.documents!.map((doc) => doc.labelId));
    for (const line of textLines(d)) expect(columnsUsed(line), `"${line.text}" fits`).toBeLessThanOrEqual(COLUMNS[paper]);
  });

  it('a service without documents prints no heading for them', () => {
    for (const paper of PAPERS) {
      const text = printed(parse(encode('walk-in', paper, { documents: [] }), paper)).join('\n');
      expect(text).not.toContain('Bawa dokumen');
      expect(printed(parse(encode('walk-in', paper, { documents: undefined }), paper)).join('\n')).toBe(text);
    }
  });

  it('a long document name wraps under its own text, not under the dash', () => {
    expect(bulletLines('Surat keterangan berhenti bekerja / paklaring', 32)).toEqual(['- Surat keterangan berhenti', '  bekerja / paklaring']);
    expect(bulletLines('KTP', 32)).toEqual(['- KTP']);
    // A word longer than the line is cut rather than run off the paper.
    expect(bulletLines('x'.repeat(40), 32).every((l) => l.length <= 32)).toBe(true);
  });

  it.each(PAPERS)('a reprint on %s says it is one in reverse print, with the time it was taken and the time of the copy', (paper) => {
    const d = parse(encode('reprint', paper), paper);
    const reversed = textSegments(d).filter((s) => s.style.reverse && s.text.trim() !== '');
    expect(reversed.map((s) => s.text.trim())).toEqual(['CETAK ULANG / REPRINT']);
    expect(printed(d)).toEqual(expect.arrayContaining(['Diambil / Issued: 09:05 WIB', 'Dicetak / Printed: 10:20 WIB']));
    // Right under the header, above the number.
    expect(indexOfLine(d, 'CETAK ULANG')).toBeLessThan(indexOfLine(d, 'A023', true));
    const first = printed(parse(encode('walk-in', paper), paper)).join('\n');
    expect(first).not.toMatch(/CETAK ULANG|REPRINT|Dicetak/);
  });

  it('a configured logo prints as a GS v 0 raster image above the branch name', () => {
    const width = 64;
    const height = 24;
    const data = new Uint8Array(width * height * 4);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const black = x < 4 || x >= width - 4 || y < 4 || y >= height - 4;
        data.set(black ? [0, 0, 0, 255] : [255, 255, 255, 255], (y * width + x) * 4);
      }
    }
    for (const paper of PAPERS) {
      const d = parse(encodeTicket(base, { ...profileFor(paper), logo: { width, height, data } }), paper);
      expect(d.images).toHaveLength(1);
      expect(d.images[0]).toMatchObject({ command: 'GS v 0', width, height });
      const imageAt = d.items.findIndex((i) => i.kind === 'image');
      const nameAt = d.items.findIndex((i) => i.kind === 'line' && i.text.includes(base.branchName));
      expect(imageAt).toBeLessThan(nameAt);
      // The frame of the logo came through: its corner is black, its middle white.
      expect(d.images[0]!.pixels[0]).toBe(1);
      expect(d.images[0]!.pixels[(height / 2) * width + width / 2]).toBe(0);
    }
  });
});
