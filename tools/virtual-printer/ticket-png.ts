import { PNG } from 'pngjs';
import { barcodeRuns } from './barcode-symbols.js';
import { qrSymbol } from './qr-symbol.js';
import { glyphFor } from './thermal-font.js';
import { charAdvance, charHeight } from './ticket-builder.js';
import type { BarcodeItem, CharStyle, Placement, PrintedItem, PrinterProfile, QrCodeItem, TicketDocument } from './ticket-document.js';

/**
 * A printed job as the paper would look: a PNG as wide as the print head (576 dots on 80 mm paper,
 * 384 on 58 mm), one pixel per dot, white paper and black dots. Text is drawn from DejaVu Sans Mono
 * glyphs cell by cell, QR codes from the `qrcode` package's module matrix, barcodes as bars, images
 * dot for dot. A job that failed gets the error printed under it, so the picture says why.
 */

const MARGIN = 16;
/** No ticket is drawn longer than this; a runaway feed would otherwise ask for gigabytes. */
const MAX_HEIGHT = 30_000;
const PLAIN: CharStyle = { font: 'A', width: 1, height: 1, bold: false, underline: 0, italic: false, reverse: false, spacing: 0 };
const SMALL: CharStyle = { ...PLAIN, font: 'B' };

class Paper {
  readonly dots: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.dots = new Uint8Array(width * height);
  }

  fill(x: number, y: number, w: number, h: number, value: 0 | 1): void {
    const x0 = Math.max(0, Math.floor(x));
    const x1 = Math.min(this.width, Math.floor(x + w));
    const y0 = Math.max(0, Math.floor(y));
    const y1 = Math.min(this.height, Math.floor(y + h));
    for (let yy = y0; yy < y1; yy++) this.dots.fill(value, yy * this.width + x0, yy * this.width + Math.max(x0, x1));
  }

  /** Copy black dots (1) of a bitmap; with `value` 0 they are cleared instead (white on black). */
  stamp(x: number, y: number, w: number, h: number, bits: Uint8Array, value: 0 | 1 = 1): void {
    for (let yy = 0; yy < h; yy++) {
      const py = y + yy;
      if (py < 0 || py >= this.height) continue;
      for (let xx = 0; xx < w; xx++) {
        const px = x + xx;
        if (px < 0 || px >= this.width || bits[yy * w + xx] !== 1) continue;
        this.dots[py * this.width + px] = value;
      }
    }
  }

  png(): Buffer {
    const png = new PNG({ width: this.width, height: this.height });
    const gray = Buffer.alloc(this.width * this.height);
    for (let i = 0; i < gray.length; i++) gray[i] = this.dots[i] === 1 ? 0 : 255;
    png.data = gray;
    return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false, bitDepth: 8 });
  }
}

function alignedX(placement: Placement, contentWidth: number): number {
  const free = placement.width - contentWidth;
  if (free <= 0 || placement.align === 'left') return placement.left;
  return placement.left + (placement.align === 'center' ? Math.floor(free / 2) : free);
}

const qrMatrices = new WeakMap<QrCodeItem, { size: number; modules: Uint8Array } | null>();

function qrMatrix(item: QrCodeItem): { size: number; modules: Uint8Array } | null {
  if (!qrMatrices.has(item)) qrMatrices.set(item, qrSymbol(item.data, item.payload, item.errorCorrection));
  return qrMatrices.get(item)!;
}

function hriRows(item: BarcodeItem): { above: number; below: number } {
  const rowHeight = charHeight(item.hriFont === 'B' ? SMALL : PLAIN);
  return { above: item.hri === 'above' || item.hri === 'both' ? rowHeight : 0, below: item.hri === 'below' || item.hri === 'both' ? rowHeight : 0 };
}

function wrap(text: string, columns: number): string[] {
  const lines: string[] = [];
  for (let rest = text; rest.length > 0; rest = rest.slice(columns)) lines.push(rest.slice(0, columns));
  return lines;
}

/** Text outside a printed line (HRI, labels, the error note), one style, centred or from x. */
function drawString(paper: Paper, text: string, style: CharStyle, x: number, y: number): void {
  for (const char of text) {
    const glyph = glyphFor(char, style);
    paper.stamp(x, y, glyph.width, glyph.height, glyph.dots);
    x += charAdvance(style);
  }
}

function stringWidth(text: string, style: CharStyle): number {
  return text.length * charAdvance(style);
}

/** How much paper an item takes, in dots. */
function itemHeight(item: PrintedItem): number {
  switch (item.kind) {
    case 'line':
      return item.advance;
    case 'feed':
      return item.dots;
    case 'qr':
      // A QR code the printer left out takes no paper.
      return item.printed && item.symbolSize !== null ? item.symbolSize * item.moduleSize : 0;
    case 'pdf417':
      return 72;
    case 'barcode': {
      const rows = hriRows(item);
      return rows.above + item.height + rows.below;
    }
    case 'image':
      return item.advance;
    case 'cut':
      return 0;
  }
}

function drawLine(paper: Paper, item: Extract<PrintedItem, { kind: 'line' }>, top: number): void {
  const widths = item.segments.map((s) => (s.kind === 'text' ? s.text.length * charAdvance(s.style) : s.width));
  const heights = item.segments.map((s) => (s.kind === 'text' ? charHeight(s.style) : s.height));
  const tallest = Math.max(...heights);
  let x = alignedX(item.placement, widths.reduce((a, b) => a + b, 0));
  item.segments.forEach((segment, index) => {
    const y = top + tallest - heights[index]!;
    if (segment.kind === 'bit-image') {
      paper.stamp(x, y, segment.width, segment.height, segment.pixels);
      x += segment.width;
      return;
    }
    const { style } = segment;
    const cellWidth = charAdvance(style);
    const cellHeight = charHeight(style);
    for (const char of segment.text) {
      const glyph = glyphFor(char, style);
      if (style.reverse) {
        paper.fill(x, y, cellWidth, cellHeight, 1);
        paper.stamp(x, y, glyph.width, glyph.height, glyph.dots, 0);
      } else {
        paper.stamp(x, y, glyph.width, glyph.height, glyph.dots);
        if (style.underline > 0) paper.fill(x, y + cellHeight - style.underline, cellWidth, style.underline, 1);
      }
      x += cellWidth;
    }
  });
}

function drawQr(paper: Paper, item: QrCodeItem, top: number): void {
  const qr = qrMatrix(item);
  if (!item.printed || !qr) return;
  const x = alignedX(item.placement, qr.size * item.moduleSize);
  for (let row = 0; row < qr.size; row++) {
    for (let column = 0; column < qr.size; column++) {
      if (qr.modules[row * qr.size + column]) paper.fill(x + column * item.moduleSize, top + row * item.moduleSize, item.moduleSize, item.moduleSize, 1);
    }
  }
}

/** A symbology the virtual printer does not draw: a hatched box with its name, as wide as the data would make it. */
function drawPlaceholder(paper: Paper, placement: Placement, label: string, top: number, height: number): void {
  const width = Math.min(placement.width, Math.max(stringWidth(label, SMALL) + 16, 160));
  const x = alignedX(placement, width);
  for (let i = 0; i < width; i += 6) paper.fill(x + i, top, 2, height, 1);
  const labelWidth = stringWidth(label, SMALL);
  const lx = x + Math.floor((width - labelWidth) / 2);
  const ly = top + Math.floor((height - 17) / 2);
  paper.fill(lx - 4, ly - 2, labelWidth + 8, 21, 0);
  drawString(paper, label, SMALL, lx, ly);
}

function drawBarcode(paper: Paper, item: BarcodeItem, top: number): void {
  if (!item.printed) return; // the printer fed the paper and printed nothing
  const rows = hriRows(item);
  const runs = barcodeRuns(item.system, item.data);
  const hriStyle = item.hriFont === 'B' ? SMALL : PLAIN;
  let symbolWidth: number;
  if (runs) {
    const modules = runs.reduce((a, b) => a + b, 0);
    symbolWidth = Math.round(modules * item.moduleWidth);
    const x = alignedX(item.placement, symbolWidth);
    let at = 0;
    runs.forEach((run, index) => {
      const start = Math.round(at * item.moduleWidth);
      at += run;
      if (index % 2 === 0) paper.fill(x + start, top + rows.above, Math.round(at * item.moduleWidth) - start, item.height, 1);
    });
  } else {
    drawPlaceholder(paper, item.placement, `${item.symbology} ${item.payload}`.slice(0, 40), top + rows.above, item.height);
    symbolWidth = Math.min(item.placement.width, Math.max(stringWidth(`${item.symbology} ${item.payload}`.slice(0, 40), SMALL) + 16, 160));
  }
  const hri = item.payload;
  const hx = alignedX(item.placement, symbolWidth) + Math.floor((symbolWidth - stringWidth(hri, hriStyle)) / 2);
  if (rows.above) drawString(paper, hri, hriStyle, hx, top);
  if (rows.below) drawString(paper, hri, hriStyle, hx, top + rows.above + item.height);
}

export interface TicketLayout {
  width: number;
  height: number;
  /** Where each item of the document starts down the paper, in dots, and how much paper it takes. */
  items: { item: PrintedItem; top: number; height: number }[];
}

function errorNote(document: TicketDocument, width: number): string[] {
  if (!document.error) return [];
  return wrap(`PRINT ERROR at byte ${document.error.offset}: ${document.error.message}`, Math.floor(width / charAdvance(SMALL)));
}

/** Where everything goes on the paper: a margin, the items one below the other, an error note, a margin. */
export function layoutTicket(document: TicketDocument, profile: PrinterProfile): TicketLayout {
  const errorLines = errorNote(document, profile.dotsPerLine);
  const errorHeight = errorLines.length > 0 ? 12 + errorLines.length * charHeight(SMALL) + 8 : 0;
  let top = MARGIN;
  const items = document.items.map((item) => {
    const placed = { item, top, height: itemHeight(item) };
    top += placed.height;
    return placed;
  });
  return { width: profile.dotsPerLine, height: Math.min(MAX_HEIGHT, top + errorHeight + MARGIN), items };
}

/** The PNG of a printed job, as wide as the profile's print head. */
export function renderTicketPng(document: TicketDocument, profile: PrinterProfile): Buffer {
  const layout = layoutTicket(document, profile);
  const paper = new Paper(layout.width, layout.height);
  let bottom = MARGIN;
  for (const { item, top, height } of layout.items) {
    if (top >= layout.height) break;
    switch (item.kind) {
      case 'line':
        drawLine(paper, item, top);
        break;
      case 'qr':
        drawQr(paper, item, top);
        break;
      case 'pdf417':
        drawPlaceholder(paper, item.placement, 'PDF417', top, height);
        break;
      case 'barcode':
        drawBarcode(paper, item, top);
        break;
      case 'image':
        paper.stamp(alignedX(item.placement, item.width), top, item.width, item.height, item.pixels);
        break;
      case 'feed':
      case 'cut':
        break;
    }
    bottom = top + height;
  }

  const errorLines = errorNote(document, layout.width);
  if (errorLines.length > 0) {
    let y = bottom + 4;
    paper.fill(0, y, layout.width, 3, 1);
    y += 8;
    for (const line of errorLines) {
      drawString(paper, line, SMALL, 0, y);
      y += charHeight(SMALL);
    }
  }
  return paper.png();
}
