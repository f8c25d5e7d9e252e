import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { describe, expect, it } from 'vitest';
import { barcodeRuns } from '../../tools/virtual-printer/barcode-symbols.js';
import { CommandReader } from '../../tools/virtual-printer/command-reader.js';
import { parseEscPos } from '../../tools/virtual-printer/escpos-parser.js';
import { PrinterSession } from '../../tools/virtual-printer/printer-session.js';
import { PROFILE_58MM, PROFILE_80MM, type TextLine, type TicketDocument } from '../../tools/virtual-printer/ticket-document.js';
import { ticketTranscript } from '../../tools/virtual-printer/ticket-transcript.js';
import { framedPicture } from './fixtures/vp-tcp-client.js';

/** The ESC/POS parser on its own: bytes from the real encoder in, the printed document out. */

const encoder = (columns: 48 | 32 = 48) => new ReceiptPrinterEncoder({ language: 'esc-pos', printerModel: 'epson-tm-t88vi', columns });

function only(documents: TicketDocument[]): TicketDocument {
  expect(documents).toHaveLength(1);
  return documents[0]!;
}

const textLines = (document: TicketDocument) => document.items.filter((i): i is TextLine => i.kind === 'line');

describe('virtual printer parser', () => {
  it('decodes Indonesian text and characters outside ASCII through the code pages the encoder picks', () => {
    const bytes = encoder()
      .initialize()
      .codepage('auto')
      .line('Antrean di depan Anda: 7 orang')
      .line('Café ± 5 menit')
      .line('Biaya — “gratis” € 0, Škoda')
      .cut()
      .encode();
    const document = only(parseEscPos(bytes));
    expect(document.lines.slice(0, 3)).toEqual(['Antrean di depan Anda: 7 orang', 'Café ± 5 menit', 'Biaya — “gratis” € 0, Škoda']);
    expect(document.ending).toBe('full-cut');
    expect(document.error).toBeNull();
  });

  // Every printable character of each page, encoded by the encoder in that page, comes back unchanged.
  it.each(['cp437', 'cp850', 'cp858', 'cp857', 'cp852', 'cp866', 'windows1252', 'windows1250', 'windows1251', 'iso8859-7', 'iso8859-15'] as const)(
    'round-trips every character of %s',
    (page) => {
      const bytes = Uint8Array.from({ length: 0x80 }, (_, i) => 0x80 + i);
      const all = parseEscPos(Uint8Array.from([0x1b, 0x74, pageNumber(page), ...bytes, 0x0a]));
      const decoded = only(all).lines[0]!;
      const characters = Array.from(decoded).filter((c) => c !== '\uFFFD' && c.trim() !== '' && c !== '\u00AD' && c.charCodeAt(0) >= 0xa0);
      const again = encoder().initialize().codepage(page).text(characters.join('')).encode();
      expect(only(parseEscPos(again)).lines[0]).toBe(characters.join(''));
    },
  );

  it('models character size, emphasis, underline, reverse and the alignment of blocks', () => {
    const bytes = encoder()
      .initialize()
      .codepage('auto')
      .align('center')
      .size(2, 2)
      .bold(true)
      .text('A023')
      .newline()
      .size(1, 1)
      .bold(false)
      .underline(true)
      .line('garis')
      .underline(false)
      .invert(true)
      .line('balik')
      .invert(false)
      .qrcode('http://hub/t/abc', { size: 5, errorlevel: 'q' })
      .align('right')
      .barcode('A023', 'code128', { height: 40, text: 'below' })
      .cut('partial')
      .encode();
    const document = only(parseEscPos(bytes));
    const lines = textLines(document);
    const number = lines.find((l) => l.text.trim() === 'A023')!;
    const big = number.segments.find((s) => s.kind === 'text' && s.text === 'A023');
    expect(big).toMatchObject({ style: { width: 2, height: 2, bold: true, font: 'A' } });
    // The encoder centres text with spaces, not with ESC a: 20 columns of padding for 8 columns of text.
    expect(number.text).toBe(`${' '.repeat(20)}A023`);
    expect(number.advance).toBe(48);
    expect(lines.find((l) => l.text.trim() === 'garis')!.segments.at(-1)).toMatchObject({ style: { underline: 1 } });
    expect(lines.find((l) => l.text.trim() === 'balik')!.segments.find((s) => s.kind === 'text' && s.text.includes('balik'))).toMatchObject({ style: { reverse: true } });
    expect(document.qrCodes).toHaveLength(1);
    expect(document.qrCodes[0]).toMatchObject({ payload: 'http://hub/t/abc', model: 2, moduleSize: 5, errorCorrection: 'Q', placement: { align: 'center' } });
    expect(document.barcodes[0]).toMatchObject({ symbology: 'CODE128', payload: 'A023', height: 40, moduleWidth: 3, hri: 'below', placement: { align: 'right' } });
    expect(document.ending).toBe('partial-cut');
    expect(ticketTranscript(document)).toContain('[QR] http://hub/t/abc\n');
    expect(ticketTranscript(document)).toContain('[BARCODE CODE128] A023\n');
    expect(ticketTranscript(document).trimEnd().endsWith('[CUT]')).toBe(true);
  });

  it('decodes raster images (GS v 0), joining the 255-row chunks of a tall one', () => {
    const bytes = encoder()
      .initialize()
      .image(framedPicture(64, 40), { width: 64, height: 40, mode: 'raster' })
      .image(framedPicture(200, 300), { width: 200, height: 300, mode: 'raster' })
      .cut()
      .encode();
    const document = only(parseEscPos(bytes));
    expect(document.images.map((i) => [i.command, i.width, i.height])).toEqual([
      ['GS v 0', 64, 40],
      ['GS v 0', 200, 304],
    ]);
    const small = document.images[0]!;
    // The frame is black, the middle of the top edge region inside the frame is white.
    expect(small.pixels[0]).toBe(1);
    expect(small.pixels[10 * 64 + 50]).toBe(0);
    expect(ticketTranscript(document)).toContain('[IMAGE 64x40]');
  });

  it('decodes column images (ESC *), the encoder default for the TM-T88VI, into one picture', () => {
    const bytes = encoder().initialize().image(framedPicture(64, 40), { width: 64, height: 40 }).cut().encode();
    const document = only(parseEscPos(bytes));
    // 40 rows are sent as two 24-dot strips, with the line spacing set to 24 dots in between.
    expect(document.images.map((i) => [i.command, i.width, i.height])).toEqual([['ESC *', 64, 48]]);
  });

  it('reads the same document when the bytes arrive one at a time', () => {
    const bytes = encoder().initialize().codepage('auto').line('Klaim JHT — é').qrcode('http://hub/t/x').image(framedPicture(32, 16), { mode: 'raster' }).cut().encode();
    const reader = new CommandReader();
    const whole = reader.push(bytes).map((c) => c.op);
    const pieces = new CommandReader();
    const piecewise = Array.from(bytes).flatMap((b) => pieces.push(Uint8Array.of(b)).map((c) => c.op));
    // Text comes one byte per piece, so merge consecutive text commands before comparing.
    const merge = (ops: string[]) => ops.filter((op, i) => op !== 'text' || ops[i - 1] !== 'text');
    expect(merge(piecewise)).toEqual(merge(whole));
  });

  it('fails the job at an unknown command, naming its offset and bytes, and reads on after the next ESC @', () => {
    const good = encoder().initialize().line('sebelum').encode();
    const bad = Uint8Array.of(0x1b, 0x99, 0x01, 0x02, 0x10, 0x04, 0x01);
    const after = encoder().initialize().line('sesudah').cut().encode();
    const documents = parseEscPos(Uint8Array.from([...good, ...bad, ...after]));
    expect(documents).toHaveLength(2);
    const [failed, next] = documents as [TicketDocument, TicketDocument];
    expect(failed.ending).toBe('error');
    expect(failed.error).toMatchObject({ offset: good.length, message: 'unknown command ESC 0x99 (bytes 1b 99)' });
    // Up to 16 bytes from the offset, for the report.
    expect(failed.error!.bytes.startsWith('1b 99 01 02 10 04 01 1b 40')).toBe(true);
    expect(failed.lines).toContain('sebelum');
    expect(ticketTranscript(failed)).toContain(`[ERROR at byte ${good.length}] unknown command ESC 0x99`);
    expect(next.lines).toContain('sesudah');
    expect(next.error).toBeNull();
  });

  it('recognises the status requests without framing after an error', () => {
    const reader = new CommandReader();
    const out = reader.push(Uint8Array.of(0x1b, 0x00, 0x41, 0x10, 0x04, 0x04, 0x1d, 0x72, 0x31, 0x42, 0x1b, 0x40, 0x41));
    expect(out.map((c) => c.op)).toEqual(['error', 'realtime-status', 'transmit-status', 'initialize', 'text']);
  });

  it('reports a command cut off by the end of the stream', () => {
    const documents = parseEscPos(Uint8Array.of(0x1b, 0x40, 0x41, 0x0a, 0x1d, 0x76, 0x30, 0x00, 0x02, 0x00, 0x10));
    expect(documents.at(-1)!.error?.message).toMatch(/^the stream ended inside GS v 0/);
    expect(documents.at(-1)!.error?.offset).toBe(4);
  });

  it('names the code page it cannot decode instead of printing the wrong letters', () => {
    const document = only(parseEscPos(Uint8Array.of(0x1b, 0x40, 0x1b, 0x74, 12, 0x41, 0x8a, 0x0a)));
    expect(document.error?.message).toBe('byte 0x8a in code page 12 (cp853), which the virtual printer has no table for');
    expect(document.error?.offset).toBe(6);
  });

  it('wraps a line longer than the paper, as the printer does', () => {
    const document = only(parseEscPos(encoder(48).initialize().line('x'.repeat(40)).encode(), PROFILE_58MM));
    expect(document.lines.slice(0, 2)).toEqual(['x'.repeat(32), 'x'.repeat(8)]);
  });

  it('reports the error of a job refused while the paper is out, without printing any of it', () => {
    const session = new PrinterSession(PROFILE_80MM);
    const text = encoder().initialize().line('tidak dicetak').encode();
    const output = session.receive(Uint8Array.from([...text, 0x1b, 0x99, 0x10, 0x04, 0x04, 0x10, 0x04, 0x02]), 'paper_out');
    expect(output.faulted).toBe(true);
    // The status requests after the error report the paper out (DLE EOT 4) and both causes (DLE EOT 2).
    expect(output.replies).toEqual([0x7e, 0x72]);
    expect(output.jobs).toHaveLength(1);
    const [job] = output.jobs;
    expect(job!.status).toBe('failed');
    if (job!.status === 'discarded') throw new Error('expected a failed job');
    expect(job!.document.lines).toEqual([]);
    expect(job!.document.error?.offset).toBe(text.length);
  });

  it('decodes Code128 code set C and draws Code128 with its checksum and stop', () => {
    const bytes = encoder().initialize().barcode('{C' + String.fromCharCode(12, 34, 56), 'code128', 50).encode();
    const document = only(parseEscPos(bytes));
    expect(document.barcodes[0]!.payload).toBe('123456');
    const runs = barcodeRuns(73, document.barcodes[0]!.data)!;
    // start C, three values, checksum: 5 symbols of 11 modules, and the 13-module stop.
    expect(runs.reduce((a, b) => a + b, 0)).toBe(5 * 11 + 13);
    // The fifth symbol is the checksum: start C (105) + 12*1 + 34*2 + 56*3 = 353, mod 103 = 44, pattern 132131.
    expect(runs.slice(24, 30)).toEqual([1, 3, 2, 1, 3, 1]);
  });

  it('leaves out a barcode wider than the paper, as the printer does, and says so', () => {
    const bytes = encoder(32).initialize().barcode('DB-2407-0007', 'code128', 60).cut().encode();
    const document = only(parseEscPos(bytes, PROFILE_58MM));
    // CODE128 B of 12 characters: (1 + 12 + 1) * 11 + 13 = 167 modules of 3 dots.
    expect(document.barcodes[0]).toMatchObject({ payload: 'DB-2407-0007', width: 501, printed: false });
    expect(document.warnings).toEqual(["CODE128 barcode 'DB-2407-0007' not printed: 501 dots wide, the print area is 384"]);
    expect(ticketTranscript(document)).toContain('[BARCODE CODE128] DB-2407-0007 (not printed)\n');
    // On 80 mm paper it fits.
    expect(only(parseEscPos(bytes)).barcodes[0]).toMatchObject({ printed: true, width: 501 });
  });

  it('reads EAN-13, UPC-A and ITF data the way a scanner would', () => {
    const bytes = encoder()
      .initialize()
      .barcode('400638133393', 'ean13', 40)
      .barcode('03600029145', 'upca', 40)
      .barcode('12345678', 'itf', 40)
      .barcode('HELLO-39', 'code39', 40)
      .encode();
    const document = only(parseEscPos(bytes));
    expect(document.barcodes.map((b) => [b.symbology, b.payload])).toEqual([
      ['EAN13', '4006381333931'],
      ['UPC-A', '036000291452'],
      ['ITF', '12345678'],
      ['CODE39', 'HELLO-39'],
    ]);
  });
});

function pageNumber(page: string): number {
  return { cp437: 0, cp850: 2, cp857: 13, 'iso8859-7': 15, windows1252: 16, cp866: 17, cp852: 18, cp858: 19, 'iso8859-15': 40, windows1250: 45, windows1251: 46 }[page]!;
}
