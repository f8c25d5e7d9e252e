import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import type { TicketToPrint } from '../wire/schemas.js';
import { formatClockInZone } from '../wire/branch-time.js';
import { formatWait } from '../wire/wait-wording.js';

export type { TicketToPrint };

/**
 * A queue ticket laid out for an ESC/POS thermal printer. The number is printed as large as the
 * printer allows for the paper width, everything else in plain readable text, Indonesian first.
 * No name and no unmasked ID number are ever printed.
 */

export type PaperWidth = '80mm' | '58mm';

export interface PrinterProfile {
  /** A printer model the encoder knows; Epson TM-T88/TM-T82 class by default. */
  model: 'epson-tm-t88vi' | 'epson-tm-t88v' | 'epson-tm-t20iii' | 'epson-tm-m30ii' | 'xprinter-xp-n160ii' | 'pos-5890';
  paper: PaperWidth;
  /** A logo as a raster image, already decoded: RGBA pixels. */
  logo?: { width: number; height: number; data: Uint8ClampedArray | Uint8Array };
}

export const DEFAULT_PROFILE: PrinterProfile = { model: 'epson-tm-t88vi', paper: '80mm' };


const COLUMNS: Record<PaperWidth, number> = { '80mm': 48, '58mm': 32 };

const PRIORITY_LABEL: Record<TicketToPrint['priority'], string | null> = {
  none: null,
  elderly: 'PRIORITAS: LANSIA / Elderly',
  disabled: 'PRIORITAS: DISABILITAS / Disabled',
  pregnant: 'PRIORITAS: IBU HAMIL / Pregnant',
  other: 'PRIORITAS / Priority',
};

export function formatPrintedTime(at: number, timeZone: string): string {
  const date = new Intl.DateTimeFormat('id-ID', { timeZone, day: '2-digit', month: 'long', year: 'numeric' }).format(at);
  return `${date}  ${formatClockInZone(at, timeZone)}`;
}

/**
 * A list item as printed lines: "- " before the first, the rest indented under its text, so a
 * long document name that wraps still reads as one item on narrow paper.
 */
export function bulletLines(text: string, columns: number): string[] {
  const width = columns - 2;
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const pieces = word.match(new RegExp(`.{1,${width}}`, 'g')) ?? [];
    for (const piece of pieces) {
      if (current === '') current = piece;
      else if (current.length + 1 + piece.length <= width) current += ` ${piece}`;
      else {
        lines.push(current);
        current = piece;
      }
    }
  }
  if (current !== '') lines.push(current);
  return lines.map((line, i) => `${i === 0 ? '-' : ' '} ${line}`);
}

/**
 * The largest character size that fits the number on the paper: ESC/POS sizes go up to 8x, and a
 * four-character number at 8x is 32 columns, exactly a 58 mm line.
 */
function numberSize(displayNumber: string, columns: number): number {
  return Math.max(1, Math.min(8, Math.floor(columns / displayNumber.length)));
}

export function encodeTicket(ticket: TicketToPrint, profile: PrinterProfile = DEFAULT_PROFILE): Uint8Array {
  const columns = COLUMNS[profile.paper];
  const e = new ReceiptPrinterEncoder({ language: 'esc-pos', printerModel: profile.model, columns, imageMode: 'raster' });
  // CP858 holds everything Indonesian and English text needs (± é €). The encoder's 'auto' picks a
  // page per character run and costs about 20 ms a ticket; a fixed page costs about 1 ms.
  e.initialize().codepage('cp858').align('center');
  if (profile.logo) e.image(profile.logo as never, profile.logo.width, profile.logo.height, 'threshold').newline();
  e.bold(true).line(ticket.branchName).bold(false);
  e.line(formatPrintedTime(ticket.issuedAt, ticket.timeZone)).rule({ style: 'single' });
  if (ticket.reprintedAt) {
    // A copy says so, with both times: the number was taken at the first, not when the copy came out.
    e.bold(true).invert(true).line(' CETAK ULANG / REPRINT ').invert(false).bold(false);
    e.line(`Diambil / Issued: ${formatClockInZone(ticket.issuedAt, ticket.timeZone)}`);
    e.line(`Dicetak / Printed: ${formatClockInZone(ticket.reprintedAt, ticket.timeZone)}`).newline();
  }

  const dropBox = ticket.source === 'drop_box';
  if (dropBox) {
    e.bold(true).line('TANDA TERIMA DROP BOX').bold(false).line('Document drop box receipt').newline();
  } else {
    e.line('NOMOR ANTREAN / Queue number');
  }
  const size = numberSize(ticket.displayNumber, columns);
  e.bold(true).size(size, size).line(ticket.displayNumber).size(1, 1).bold(false);
  e.bold(true).line(ticket.serviceLabelId).bold(false).line(ticket.serviceLabelEn);
  const priority = PRIORITY_LABEL[ticket.priority];
  if (priority) e.newline().invert(true).line(` ${priority} `).invert(false);
  // The kiosk's own words for it: "Saya sudah booking online".
  if (ticket.source === 'booking') e.line('Booking online / Online booking');
  if (ticket.lateBooking) {
    e.newline().line('Anda datang setelah jadwal booking, jadi dilayani sebagai antrean biasa.');
    e.line('You came after your booked time, so you are served in the regular queue.');
  }
  if (ticket.claimCount !== null) e.newline().bold(true).line(`Jumlah berkas klaim: ${ticket.claimCount}`).bold(false).line(`Claim files: ${ticket.claimCount}`);
  if (ticket.nikMasked) e.line(`NIK: ${ticket.nikMasked}`);
  e.rule({ style: 'single' });

  if (dropBox && ticket.trackingCode) {
    // The same three steps the kiosk screen shows: the code on the envelope, the envelope in the box, no waiting.
    e.line('Tulis kode ini pada amplop Anda:').line('Write this code on your envelope:');
    e.bold(true).size(2, 2).line(ticket.trackingCode).size(1, 1).bold(false);
    // Module width 1 on 58 mm: a wider code runs past the 384-dot line and a real printer prints no bars.
    e.barcode(ticket.trackingCode, 'code128', { height: 60, width: columns >= 48 ? 2 : 1, text: 'none' } as never).newline();
    e.line('Masukkan amplop ke Drop Box.').line('Put the envelope in the box.');
    e.bold(true).line('Anda tidak perlu menunggu.').bold(false).line('You do not need to wait.');
  } else if (ticket.peopleAhead !== null) {
    if (ticket.peopleAhead === 0) e.bold(true).line('Anda berikutnya!').bold(false).line('You are next.');
    else e.line(`Antrean di depan Anda: ${ticket.peopleAhead} orang`).line(`People ahead of you: ${ticket.peopleAhead}`);
    if (ticket.waitSeconds !== null) e.line(`Perkiraan tunggu: ${formatWait(ticket.waitSeconds, 'id')}`).line(`Estimated wait: ${formatWait(ticket.waitSeconds, 'en')}`);
    // One sentence each, wrapped by the encoder at the paper's width: fixed line breaks left "dan" alone on 58 mm.
    e.newline().line('Silakan duduk di ruang tunggu dan perhatikan layar panggilan.').line('Please wait in the waiting area and watch the display for your number.');
  }
  const documents = dropBox ? [] : (ticket.documents ?? []);
  if (documents.length > 0) {
    // Indonesian names only, one short line each: the kiosk screen and the phone page list them in English too.
    e.newline().bold(true).line('Bawa dokumen asli:').bold(false).line('Bring the originals:').align('left');
    for (const document of documents) for (const line of bulletLines(document.labelId, columns)) e.line(line);
    e.align('center');
  }
  e.newline().line('Pantau antrean di ponsel Anda:').line('Follow the queue on your phone:');
  e.qrcode(ticket.statusUrl, 2, columns >= 48 ? 6 : 5, 'm').newline();
  e.rule({ style: 'double' });
  e.bold(true).line('LAYANAN INI GRATIS').bold(false).line('This service is free of charge.');
  e.line('Tiket tidak dapat diperjualbelikan.').line('Tickets are not for sale. Beware of touts.');
  return e.newline(2).cut('partial').encode();
}
