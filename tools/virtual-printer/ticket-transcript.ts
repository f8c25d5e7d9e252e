import type { TicketDocument } from './ticket-document.js';

/**
 * A printed job as plain text: the decoded lines (with the spaces the encoder pads them with), a blank
 * line per empty line feed, and one bracketed line per thing that is not text (a barcode or QR code
 * the printer left out for being wider than the paper is marked "(not printed)"):
 *
 *   [QR] http://hub/t/abc
 *   [BARCODE CODE128] A023XYZ
 *   [IMAGE 64x40]
 *   [CUT]
 *   [WARNING] CODE128 barcode 'DB-2407-0007' not printed: 501 dots wide, the print area is 384
 *   [ERROR at byte 123] unknown command ESC 0x99 (bytes 1b 99)
 */
export function ticketTranscript(document: TicketDocument): string {
  const out: string[] = [];
  const oneLine = (s: string) => s.replace(/\r?\n/g, '\\n');
  for (const item of document.items) {
    switch (item.kind) {
      case 'line':
        if (item.segments.some((s) => s.kind === 'text')) out.push(item.text);
        for (const s of item.segments) if (s.kind === 'bit-image') out.push(`[IMAGE ${s.width}x${s.height}]`);
        break;
      case 'feed':
        for (let i = 0; i < item.lines; i++) out.push('');
        break;
      case 'qr':
        out.push(`[QR] ${oneLine(item.payload)}${item.printed ? '' : ' (not printed)'}`);
        break;
      case 'pdf417':
        out.push(`[PDF417] ${oneLine(item.payload)}`);
        break;
      case 'barcode':
        out.push(`[BARCODE ${item.symbology}] ${oneLine(item.payload)}${item.printed ? '' : ' (not printed)'}`);
        break;
      case 'image':
        out.push(`[IMAGE ${item.width}x${item.height}]`);
        break;
      case 'cut':
        out.push('[CUT]');
        break;
    }
  }
  for (const warning of document.warnings) out.push(`[WARNING] ${warning}`);
  if (document.error) out.push(`[ERROR at byte ${document.error.offset}] ${document.error.message}`);
  return `${out.join('\n')}\n`;
}
