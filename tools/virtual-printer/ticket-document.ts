import type { Alignment, QrErrorCorrection } from './command-reader.js';

/**
 * What one print job put on the paper, in order, as the printer would print it: lines of text with
 * their character styles, feeds, QR codes, barcodes, images, the cut. Built by the ticket builder from
 * the decoded commands, read by the PNG renderer and the transcript.
 */

export type { Alignment, QrErrorCorrection };

export interface PrinterProfile {
  /** Characters of font A on a line: 48 on 80 mm paper, 32 on 58 mm. */
  columns: 48 | 32;
  /** Printable dots on a line: 576 on 80 mm paper, 384 on 58 mm. */
  dotsPerLine: 576 | 384;
  /**
   * Resolution, for motion units (ESC 3, GS P): 180 for the TM-T88 class (the default, which is what
   * the encoder's `epson-tm-t88vi` model assumes), 203 for the TM-T82/TM-T20 class.
   */
  dpi?: number;
}

export const PROFILE_80MM: PrinterProfile = { columns: 48, dotsPerLine: 576 };
export const PROFILE_58MM: PrinterProfile = { columns: 32, dotsPerLine: 384 };

export interface CharStyle {
  font: 'A' | 'B';
  /** Width and height multipliers, 1..8 (GS !, ESC !). */
  width: number;
  height: number;
  bold: boolean;
  underline: 0 | 1 | 2;
  italic: boolean;
  /** White on black (GS B). */
  reverse: boolean;
  /** Extra dots right of each character (ESC SP), before the width multiplier. */
  spacing: number;
}

/** Where a line or a block sits across the paper. */
export interface Placement {
  align: Alignment;
  /** Left margin and print area width in dots (GS L, GS W). */
  left: number;
  width: number;
}

export interface TextSegment {
  kind: 'text';
  text: string;
  style: CharStyle;
}

/** One strip of an ESC * bit image, printed as part of a line. */
export interface BitImageSegment {
  kind: 'bit-image';
  width: number;
  height: number;
  /** One byte per dot, row by row, 1 = black. */
  pixels: Uint8Array;
}

export type LineSegment = TextSegment | BitImageSegment;

export interface TextLine {
  kind: 'line';
  placement: Placement;
  segments: LineSegment[];
  /** The text of the line, trailing spaces removed. */
  text: string;
  /** How far the paper moves for this line: at least the line spacing, at least the tallest segment. */
  advance: number;
}

export interface Feed {
  kind: 'feed';
  dots: number;
  /** Line feeds it stands for (0 for ESC J, which feeds by motion units). */
  lines: number;
}

export interface QrCodeItem {
  kind: 'qr';
  placement: Placement;
  /** The stored data as text: UTF-8 when it is valid UTF-8, otherwise ISO-8859-1 (what the encoder sends). */
  payload: string;
  data: Uint8Array;
  model: 1 | 2;
  moduleSize: number;
  errorCorrection: QrErrorCorrection;
  /** The modules across (21 for version 1), or null when the data does not fit a QR code. */
  symbolSize: number | null;
  /** False when the printer left it out: no data it could encode, or wider than the print area. */
  printed: boolean;
}

export interface Pdf417Item {
  kind: 'pdf417';
  placement: Placement;
  payload: string;
}

export interface BarcodeItem {
  kind: 'barcode';
  placement: Placement;
  /** 'CODE128', 'CODE39', 'EAN13', ... */
  symbology: string;
  /** GS k m. */
  system: number;
  /** The data a scanner would read: for CODE128 without the {A/{B/{C code set selectors. */
  payload: string;
  /** The bytes after GS k m (and n), as sent. */
  data: Uint8Array;
  height: number;
  moduleWidth: number;
  hri: 'none' | 'above' | 'below' | 'both';
  hriFont: 'A' | 'B';
  /** Width of the bars in dots; null for a symbology drawn as a placeholder. */
  width: number | null;
  /** False when the printer only fed the paper: the bars are wider than the print area. */
  printed: boolean;
}

export interface ImageItem {
  kind: 'image';
  placement: Placement;
  /** GS v 0 raster images, or ESC * bit images whose strips joined without a gap. */
  command: 'GS v 0' | 'ESC *';
  width: number;
  height: number;
  /** One byte per dot, row by row, 1 = black. */
  pixels: Uint8Array;
  /** How far the paper moved past it (ESC * strips move by the line spacing). */
  advance: number;
}

export interface CutItem {
  kind: 'cut';
  partial: boolean;
}

export type PrintedItem = TextLine | Feed | QrCodeItem | Pdf417Item | BarcodeItem | ImageItem | CutItem;

export interface JobError {
  /** Stream offset of the byte that could not be printed. */
  offset: number;
  /** Up to 16 bytes from the offset, as hex. */
  bytes: string;
  message: string;
}

export interface TicketDocument {
  items: PrintedItem[];
  /** The printed text, one entry per text line or line feed, trailing spaces removed. */
  lines: string[];
  qrCodes: QrCodeItem[];
  barcodes: BarcodeItem[];
  images: ImageItem[];
  /** How the job ended: at a cut, at the end of the stream, or at an error. */
  ending: 'full-cut' | 'partial-cut' | 'end-of-stream' | 'error';
  error: JobError | null;
  /** What the printer left out without an error, as a real one would: a barcode or QR code wider than the paper. */
  warnings: string[];
  /** Stream offsets of the job's first and one past its last byte. */
  startOffset: number;
  endOffset: number;
}
