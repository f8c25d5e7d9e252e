import { barcodePayload, barcodeRuns, barcodeSymbology } from './barcode-symbols.js';
import { codePageName, decodeByte } from './code-pages.js';
import type { Alignment, FramedCommand, QrErrorCorrection, ReadError } from './command-reader.js';
import { describeBytes } from './command-reader.js';
import { qrSymbol } from './qr-symbol.js';
import type {
  BarcodeItem,
  CharStyle,
  ImageItem,
  JobError,
  LineSegment,
  Placement,
  PrintedItem,
  PrinterProfile,
  QrCodeItem,
  TicketDocument,
} from './ticket-document.js';

/**
 * The printer's side of the commands: its modes (code page, character style, alignment, spacing,
 * barcode and QR settings), its line buffer, and the paper it has printed since the last cut. Pure:
 * commands in, finished ticket documents out. A job ends at a cut, at an error, or when the stream ends.
 */

const FONT_CELL = { A: { width: 12, height: 24 }, B: { width: 9, height: 17 } } as const;

/** Character size of a font, in dots, before multipliers. */
export function fontCell(font: 'A' | 'B'): { width: number; height: number } {
  return FONT_CELL[font];
}

export function charAdvance(style: CharStyle): number {
  return (FONT_CELL[style.font].width + style.spacing) * style.width;
}

export function charHeight(style: CharStyle): number {
  return FONT_CELL[style.font].height * style.height;
}

interface Modes {
  codePage: number;
  style: CharStyle;
  align: Alignment;
  /** Line spacing in dots. */
  lineSpacing: number;
  /** Dots per vertical motion unit (ESC 3, ESC J). */
  motionUnit: number;
  /** GS L and GS W, in dots (one horizontal motion unit is one dot at the printer's resolution). */
  leftMargin: number;
  areaWidth: number;
  barcode: { height: number; moduleWidth: number; hri: BarcodeItem['hri']; hriFont: 'A' | 'B' };
  qr: { model: 1 | 2; moduleSize: number; errorCorrection: QrErrorCorrection; data: Uint8Array | null };
  pdf417: string | null;
}

const plainStyle = (): CharStyle => ({ font: 'A', width: 1, height: 1, bold: false, underline: 0, italic: false, reverse: false, spacing: 0 });

function payloadText(data: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return Array.from(data, (b) => String.fromCharCode(b)).join('');
  }
}

/** A line of decoded characters waiting for LF, with the dots it takes so far. */
interface LineBuffer {
  segments: LineSegment[];
  width: number;
}

export class TicketBuilder {
  readonly #profile: Required<PrinterProfile>;
  #modes: Modes;
  #line: LineBuffer = { segments: [], width: 0 };
  #items: PrintedItem[] = [];
  #warnings: string[] = [];
  #start: number | null = null;
  #end = 0;

  constructor(profile: PrinterProfile) {
    this.#profile = { dpi: 180, ...profile };
    this.#modes = this.#initialModes();
  }

  #initialModes(): Modes {
    const dpi = this.#profile.dpi;
    return {
      codePage: 0,
      style: plainStyle(),
      align: 'left',
      lineSpacing: Math.round(dpi / 6),
      motionUnit: dpi / 360,
      leftMargin: 0,
      areaWidth: this.#profile.dotsPerLine,
      barcode: { height: 162, moduleWidth: 3, hri: 'none', hriFont: 'A' },
      qr: { model: 2, moduleSize: 3, errorCorrection: 'L', data: null },
      pdf417: null,
    };
  }

  /** True when the paper since the last cut holds something a person would see. */
  get hasContent(): boolean {
    return this.#line.segments.length > 0 || this.#items.some((i) => i.kind !== 'feed' && i.kind !== 'cut');
  }

  /** Apply one command; returns the job it finished, if it finished one. */
  apply(command: FramedCommand): TicketDocument | null {
    if (command.op !== 'realtime-status' && command.op !== 'transmit-status') {
      this.#start ??= command.offset;
      this.#end = command.offset + command.length;
    }
    const problem = this.#execute(command);
    if (problem) return this.#finish('error', { offset: problem.offset, bytes: problem.bytes, message: problem.message });
    if (command.op === 'cut') return this.#finish(command.partial ? 'partial-cut' : 'full-cut', null);
    return null;
  }

  /** The reader could not frame the stream: the job ends here, failed. */
  fail(error: ReadError): TicketDocument {
    this.#start ??= error.offset;
    this.#end = error.offset + error.bytes.length;
    return this.#finish('error', { offset: error.offset, bytes: describeBytes(error.bytes), message: error.message })!;
  }

  /** The stream ended: what is on the paper since the last cut is a job, if there is anything to see. */
  end(): TicketDocument | null {
    if (!this.hasContent) {
      this.#reset();
      return null;
    }
    return this.#finish('end-of-stream', null);
  }

  #reset(): void {
    this.#items = [];
    this.#warnings = [];
    this.#line = { segments: [], width: 0 };
    this.#start = null;
  }

  #finish(ending: TicketDocument['ending'], error: JobError | null): TicketDocument | null {
    this.#printLine(this.#modes.lineSpacing);
    if (ending === 'full-cut' || ending === 'partial-cut') this.#items.push({ kind: 'cut', partial: ending === 'partial-cut' });
    const hadContent = this.hasContent;
    const items = this.#items;
    const document: TicketDocument = {
      items,
      lines: items.flatMap((i) => (i.kind === 'line' && i.segments.some((s) => s.kind === 'text') ? [i.text] : i.kind === 'feed' ? Array<string>(i.lines).fill('') : [])),
      qrCodes: items.filter((i): i is QrCodeItem => i.kind === 'qr'),
      barcodes: items.filter((i): i is BarcodeItem => i.kind === 'barcode'),
      images: items.filter((i): i is ImageItem => i.kind === 'image'),
      ending,
      error,
      warnings: this.#warnings,
      startOffset: this.#start ?? this.#end,
      endOffset: this.#end,
    };
    this.#reset();
    return hadContent || error ? document : null;
  }

  #placement(): Placement {
    const left = Math.min(this.#modes.leftMargin, this.#profile.dotsPerLine - 1);
    return { align: this.#modes.align, left, width: Math.max(1, Math.min(this.#modes.areaWidth, this.#profile.dotsPerLine - left)) };
  }

  /** Print the line buffer (if it holds anything) and move the paper. */
  #printLine(feed: number, lines = 1): void {
    const { segments } = this.#line;
    if (segments.length === 0) {
      if (feed > 0) this.#feed(feed, lines);
      return;
    }
    const tallest = Math.max(...segments.map((s) => (s.kind === 'text' ? charHeight(s.style) : s.height)));
    const advance = Math.max(feed, tallest);
    const only = segments[0]!;
    if (segments.length === 1 && only.kind === 'bit-image') {
      this.#addBitImageStrip(only.width, only.height, only.pixels, advance);
    } else {
      const text = segments.map((s) => (s.kind === 'text' ? s.text : '')).join('').replace(/\s+$/, '');
      this.#items.push({ kind: 'line', placement: this.#placement(), segments, text, advance });
    }
    this.#line = { segments: [], width: 0 };
  }

  #feed(dots: number, lines: number): void {
    const last = this.#items.at(-1);
    if (last?.kind === 'feed') {
      last.dots += dots;
      last.lines += lines;
    } else {
      this.#items.push({ kind: 'feed', dots, lines });
    }
  }

  /** ESC * strips that follow each other without a gap become one image. */
  #addBitImageStrip(width: number, height: number, pixels: Uint8Array, advance: number): void {
    const last = this.#items.at(-1);
    const placement = this.#placement();
    if (last?.kind === 'image' && last.command === 'ESC *' && last.width === width && last.advance === last.height && last.placement.align === placement.align) {
      const joined = new Uint8Array(last.pixels.length + pixels.length);
      joined.set(last.pixels, 0);
      joined.set(pixels, last.pixels.length);
      last.pixels = joined;
      last.height += height;
      last.advance += advance;
      return;
    }
    this.#items.push({ kind: 'image', placement, command: 'ESC *', width, height, pixels, advance });
  }

  #addText(bytes: Uint8Array, offset: number): JobError | null {
    const { style, codePage } = this.#modes;
    const advance = charAdvance(style);
    const area = this.#placement().width;
    for (let i = 0; i < bytes.length; i++) {
      const char = decodeByte(bytes[i]!, codePage);
      if (char === null) {
        return {
          offset: offset + i,
          bytes: describeBytes(bytes.slice(i, i + 16)),
          message: `byte 0x${bytes[i]!.toString(16)} in code page ${codePage} (${codePageName(codePage) ?? 'undefined'}), which the virtual printer has no table for`,
        };
      }
      // A full line prints by itself and the text goes on on the next line.
      if (this.#line.width + advance > area && this.#line.width > 0) this.#printLine(this.#modes.lineSpacing);
      if (advance > area) continue; // a character wider than the paper is not printed
      const last = this.#line.segments.at(-1);
      if (last?.kind === 'text' && sameStyle(last.style, style)) last.text += char;
      else this.#line.segments.push({ kind: 'text', text: char, style: { ...style } });
      this.#line.width += advance;
    }
    return null;
  }

  #tab(): void {
    const { style } = this.#modes;
    const advance = charAdvance(style);
    const stop = 8 * advance;
    const next = (Math.floor(this.#line.width / stop) + 1) * stop;
    if (next > this.#placement().width) return;
    const spaces = Math.round((next - this.#line.width) / advance);
    this.#addText(new Uint8Array(spaces).fill(0x20), 0);
  }

  #bitImage(mode: 0 | 1 | 32 | 33, width: number, data: Uint8Array): void {
    const rows = mode >= 32 ? 24 : 8;
    const scaleX = mode === 0 || mode === 32 ? 2 : 1;
    const scaleY = mode >= 32 ? 1 : 3;
    const area = this.#placement().width;
    const dotsWide = Math.min(width * scaleX, area - this.#line.width);
    if (dotsWide <= 0) return;
    const height = rows * scaleY;
    const pixels = new Uint8Array(dotsWide * height);
    const bytesPerColumn = rows / 8;
    for (let x = 0; x < dotsWide; x++) {
      const column = Math.floor(x / scaleX);
      for (let r = 0; r < rows; r++) {
        const byte = data[column * bytesPerColumn + (r >> 3)]!;
        if (((byte >> (7 - (r & 7))) & 1) === 0) continue;
        for (let s = 0; s < scaleY; s++) pixels[(r * scaleY + s) * dotsWide + x] = 1;
      }
    }
    this.#line.segments.push({ kind: 'bit-image', width: dotsWide, height, pixels });
    this.#line.width += dotsWide;
  }

  #rasterImage(scaleX: 1 | 2, scaleY: 1 | 2, widthBytes: number, height: number, data: Uint8Array): void {
    this.#printLine(0);
    const width = widthBytes * 8 * scaleX;
    const rows = height * scaleY;
    const pixels = new Uint8Array(width * rows);
    for (let y = 0; y < rows; y++) {
      const source = Math.floor(y / scaleY) * widthBytes;
      for (let x = 0; x < width; x++) {
        const bx = Math.floor(x / scaleX);
        if ((data[source + (bx >> 3)]! >> (7 - (bx & 7))) & 1) pixels[y * width + x] = 1;
      }
    }
    const placement = this.#placement();
    const last = this.#items.at(-1);
    // The encoder sends a tall image as chunks of 255 rows, which the printer prints without a seam.
    if (last?.kind === 'image' && last.command === 'GS v 0' && last.width === width && last.placement.align === placement.align) {
      const joined = new Uint8Array(last.pixels.length + pixels.length);
      joined.set(last.pixels, 0);
      joined.set(pixels, last.pixels.length);
      last.pixels = joined;
      last.height += rows;
      last.advance += rows;
      return;
    }
    this.#items.push({ kind: 'image', placement, command: 'GS v 0', width, height: rows, pixels, advance: rows });
  }

  #execute(c: FramedCommand): JobError | null {
    const m = this.#modes;
    const problem = (message: string): JobError => ({ offset: c.offset, bytes: describeBytes(c.head), message });
    switch (c.op) {
      case 'text':
        return this.#addText(c.bytes, c.offset);
      case 'line-feed':
        this.#printLine(m.lineSpacing);
        return null;
      case 'carriage-return':
      case 'page-mode-ignored':
      case 'kanji-off':
      case 'peripheral-select':
      case 'status-auto-off':
      case 'drawer-pulse':
      case 'realtime-status':
      case 'transmit-status':
      case 'pdf417-setting':
        return null;
      case 'tab':
        this.#tab();
        return null;
      case 'initialize':
        // ESC @ clears the line buffer and the modes; what is printed stays on the paper.
        this.#line = { segments: [], width: 0 };
        this.#modes = this.#initialModes();
        return null;
      case 'print-mode':
        m.style = { ...m.style, font: c.fontB ? 'B' : 'A', bold: c.bold, width: c.doubleWidth ? 2 : 1, height: c.doubleHeight ? 2 : 1, underline: c.underline ? 1 : 0 };
        return null;
      case 'bold':
        m.style = { ...m.style, bold: c.on };
        return null;
      case 'underline':
        m.style = { ...m.style, underline: c.thickness };
        return null;
      case 'italic':
        m.style = { ...m.style, italic: c.on };
        return null;
      case 'reverse':
        m.style = { ...m.style, reverse: c.on };
        return null;
      case 'character-size':
        m.style = { ...m.style, width: c.width, height: c.height };
        return null;
      case 'font':
        m.style = { ...m.style, font: c.font };
        return null;
      case 'character-spacing':
        m.style = { ...m.style, spacing: c.units };
        return null;
      case 'align':
        // Only at the start of a line, as on the printer.
        if (this.#line.segments.length === 0) m.align = c.align;
        return null;
      case 'line-spacing':
        m.lineSpacing = c.units === null ? Math.round(this.#profile.dpi / 6) : Math.round(c.units * m.motionUnit);
        return null;
      case 'motion-units':
        m.motionUnit = c.y === 0 ? this.#profile.dpi / 360 : this.#profile.dpi / c.y;
        return null;
      case 'feed-lines':
        this.#printLine(c.lines * m.lineSpacing, c.lines);
        return null;
      case 'feed-units':
        this.#printLine(Math.round(c.units * m.motionUnit), 0);
        return null;
      case 'code-page':
        if (codePageName(c.page) === undefined) return problem(`ESC t ${c.page}: no such code page`);
        m.codePage = c.page;
        return null;
      case 'international-set':
        if (c.set !== 0) return problem(`ESC R ${c.set}: only the USA character set (0) is supported`);
        return null;
      case 'left-margin':
        if (this.#line.segments.length === 0) m.leftMargin = c.units;
        return null;
      case 'print-area-width':
        if (this.#line.segments.length === 0) m.areaWidth = c.units;
        return null;
      case 'barcode-height':
        m.barcode.height = c.dots;
        return null;
      case 'barcode-module-width':
        m.barcode.moduleWidth = c.dots;
        return null;
      case 'barcode-hri-position':
        m.barcode.hri = c.position;
        return null;
      case 'barcode-hri-font':
        m.barcode.hriFont = c.font;
        return null;
      case 'barcode': {
        const read = barcodePayload(c.system, c.data);
        if ('error' in read) return problem(`GS k ${c.system}: ${read.error}`);
        this.#printLine(0);
        const placement = this.#placement();
        const runs = barcodeRuns(c.system, c.data);
        const width = runs === null ? null : Math.round(runs.reduce((a, b) => a + b, 0) * m.barcode.moduleWidth);
        // A barcode wider than the print area is not printed; the printer only feeds the paper.
        const printed = width === null || width <= placement.width;
        const symbology = barcodeSymbology(c.system);
        if (!printed) this.#warnings.push(`${symbology} barcode '${read.payload}' not printed: ${width} dots wide, the print area is ${placement.width}`);
        const { height, moduleWidth, hri, hriFont } = m.barcode;
        this.#items.push({ kind: 'barcode', placement, symbology, system: c.system, payload: read.payload, data: c.data, height, moduleWidth, hri, hriFont, width, printed });
        return null;
      }
      case 'qr-model':
        m.qr.model = c.model;
        return null;
      case 'qr-module-size':
        m.qr.moduleSize = c.dots;
        return null;
      case 'qr-error-correction':
        m.qr.errorCorrection = c.level;
        return null;
      case 'qr-store':
        m.qr.data = c.data;
        return null;
      case 'qr-print': {
        // Without stored data the printer prints nothing.
        if (!m.qr.data) return null;
        this.#printLine(0);
        const { model, moduleSize, errorCorrection, data } = m.qr;
        const payload = payloadText(data);
        const placement = this.#placement();
        const symbolSize = qrSymbol(data, payload, errorCorrection)?.size ?? null;
        const printed = symbolSize !== null && symbolSize * moduleSize <= placement.width;
        if (symbolSize === null) this.#warnings.push(`QR code '${payload}' not printed: the data does not fit a QR code at error correction ${errorCorrection}`);
        else if (!printed) this.#warnings.push(`QR code '${payload}' not printed: ${symbolSize * moduleSize} dots wide, the print area is ${placement.width}`);
        this.#items.push({ kind: 'qr', placement, payload, data, model, moduleSize, errorCorrection, symbolSize, printed });
        return null;
      }
      case 'pdf417-store':
        m.pdf417 = payloadText(c.data);
        return null;
      case 'pdf417-print':
        if (m.pdf417 === null) return null;
        this.#printLine(0);
        this.#items.push({ kind: 'pdf417', placement: this.#placement(), payload: m.pdf417 });
        return null;
      case 'raster-image':
        this.#rasterImage(c.scaleX, c.scaleY, c.widthBytes, c.height, c.data);
        return null;
      case 'bit-image':
        this.#bitImage(c.mode, c.width, c.data);
        return null;
      case 'cut':
        this.#printLine(0);
        if (c.feedUnits > 0) this.#feed(Math.round(c.feedUnits * m.motionUnit), 0);
        return null;
    }
  }
}

function sameStyle(a: CharStyle, b: CharStyle): boolean {
  return a.font === b.font && a.width === b.width && a.height === b.height && a.bold === b.bold && a.underline === b.underline && a.italic === b.italic && a.reverse === b.reverse && a.spacing === b.spacing;
}
