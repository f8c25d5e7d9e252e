/**
 * Splits an ESC/POS byte stream into commands, the way an Epson TM-T88/TM-T82 class printer frames
 * it. Pure: no I/O, no printer state beyond where the current command ends. Bytes arrive in chunks
 * (a TCP stream splits commands anywhere), so a command that is not complete yet waits for the next
 * chunk.
 *
 * A byte sequence the printer does not know is an error, not something to skip: after one the
 * length of what follows is unknown, so the reader stops framing and only looks for what it can
 * recognise without framing: the real-time status request DLE EOT n, the status request GS r n
 * (both still answered), and ESC @, where framing starts again.
 */

export type Alignment = 'left' | 'center' | 'right';

export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';

export type EscPosCommand =
  | { op: 'text'; bytes: Uint8Array }
  | { op: 'line-feed' }
  | { op: 'carriage-return' }
  | { op: 'tab' }
  /** FF and CAN: page-mode commands, which standard mode ignores. */
  | { op: 'page-mode-ignored'; name: string }
  | { op: 'initialize' }
  | { op: 'print-mode'; fontB: boolean; bold: boolean; doubleHeight: boolean; doubleWidth: boolean; underline: boolean }
  | { op: 'bold'; on: boolean }
  | { op: 'underline'; thickness: 0 | 1 | 2 }
  | { op: 'italic'; on: boolean }
  | { op: 'reverse'; on: boolean }
  | { op: 'character-size'; width: number; height: number }
  | { op: 'font'; font: 'A' | 'B' }
  | { op: 'character-spacing'; units: number }
  | { op: 'align'; align: Alignment }
  | { op: 'line-spacing'; units: number | null }
  | { op: 'feed-lines'; lines: number }
  | { op: 'feed-units'; units: number }
  | { op: 'code-page'; page: number }
  | { op: 'international-set'; set: number }
  | { op: 'kanji-off' }
  | { op: 'motion-units'; x: number; y: number }
  | { op: 'left-margin'; units: number }
  | { op: 'print-area-width'; units: number }
  | { op: 'barcode-height'; dots: number }
  | { op: 'barcode-module-width'; dots: number }
  | { op: 'barcode-hri-position'; position: 'none' | 'above' | 'below' | 'both' }
  | { op: 'barcode-hri-font'; font: 'A' | 'B' }
  | { op: 'barcode'; system: number; data: Uint8Array }
  | { op: 'qr-model'; model: 1 | 2 }
  | { op: 'qr-module-size'; dots: number }
  | { op: 'qr-error-correction'; level: QrErrorCorrection }
  | { op: 'qr-store'; data: Uint8Array }
  | { op: 'qr-print' }
  | { op: 'pdf417-setting'; fn: number }
  | { op: 'pdf417-store'; data: Uint8Array }
  | { op: 'pdf417-print' }
  | { op: 'raster-image'; scaleX: 1 | 2; scaleY: 1 | 2; widthBytes: number; height: number; data: Uint8Array }
  | { op: 'bit-image'; mode: 0 | 1 | 32 | 33; width: number; data: Uint8Array }
  | { op: 'cut'; partial: boolean; feedUnits: number }
  | { op: 'drawer-pulse'; pin: number }
  | { op: 'peripheral-select'; value: number }
  | { op: 'status-auto-off' }
  /** DLE EOT n: answered at once, whatever the printer is doing. */
  | { op: 'realtime-status'; n: 1 | 2 | 3 | 4 }
  /** GS r n: answered in order. */
  | { op: 'transmit-status'; n: 1 | 2 };

/** A command with where it starts in the stream, how many bytes it takes, and its first (up to 16) bytes. */
export type FramedCommand = EscPosCommand & { offset: number; length: number; head: Uint8Array };

export interface ReadError {
  op: 'error';
  /** Stream offset of the first byte the reader could not take. */
  offset: number;
  /** Up to 16 bytes from there, for the report. */
  bytes: Uint8Array;
  message: string;
}

export type ReaderOutput = FramedCommand | ReadError;

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;
const EOT = 0x04;

type Step = { command: EscPosCommand; length: number } | { incomplete: true } | { error: string; length?: number };

const need = { incomplete: true } as const;

function u16(buf: Uint8Array, at: number): number {
  return buf[at]! + buf[at + 1]! * 256;
}

function hex(bytes: ArrayLike<number>): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** "ESC a 5" style: the command letters as the Epson manual writes them. */
function commandName(buf: Uint8Array, at: number, count: number): string {
  const names: Record<number, string> = { [ESC]: 'ESC', [GS]: 'GS', [FS]: 'FS', [DLE]: 'DLE', [EOT]: 'EOT' };
  const parts: string[] = [];
  for (let i = at; i < Math.min(buf.length, at + count); i++) {
    const b = buf[i]!;
    parts.push(names[b] ?? (b > 0x20 && b < 0x7f ? String.fromCharCode(b) : `0x${b.toString(16).padStart(2, '0')}`));
  }
  return parts.join(' ');
}

function isTextByte(b: number): boolean {
  return b >= 0x20;
}

/** ESC a, ESC M and friends take n or the ASCII digit of n. */
function digitParam(n: number): number {
  return n >= 0x30 && n <= 0x39 ? n - 0x30 : n;
}

function fixed(buf: Uint8Array, at: number, length: number, make: () => EscPosCommand | string): Step {
  if (buf.length - at < length) return need;
  const made = make();
  return typeof made === 'string' ? { error: made, length } : { command: made, length };
}

function readEsc(buf: Uint8Array, at: number): Step {
  if (buf.length - at < 2) return need;
  const cmd = buf[at + 1]!;
  const p = (i: number) => buf[at + 2 + i]!;
  const name = () => commandName(buf, at, 3);
  switch (cmd) {
    case 0x40: // ESC @
      return { command: { op: 'initialize' }, length: 2 };
    case 0x21: // ESC ! n
      return fixed(buf, at, 3, () => {
        const n = p(0);
        return { op: 'print-mode', fontB: (n & 0x01) !== 0, bold: (n & 0x08) !== 0, doubleHeight: (n & 0x10) !== 0, doubleWidth: (n & 0x20) !== 0, underline: (n & 0x80) !== 0 };
      });
    case 0x45: // ESC E n
    case 0x47: // ESC G n (double strike, printed like emphasis)
      return fixed(buf, at, 3, () => ({ op: 'bold', on: (p(0) & 1) === 1 }));
    case 0x2d: // ESC - n
      return fixed(buf, at, 3, () => {
        const n = digitParam(p(0));
        return n <= 2 ? { op: 'underline', thickness: n as 0 | 1 | 2 } : `${name()}: underline must be 0, 1 or 2`;
      });
    case 0x34: // ESC 4 n: italic. Not an Epson command, but the encoder sends it for italic().
      return fixed(buf, at, 3, () => ({ op: 'italic', on: (p(0) & 1) === 1 }));
    case 0x61: // ESC a n
      return fixed(buf, at, 3, () => {
        const n = digitParam(p(0));
        const align = (['left', 'center', 'right'] as const)[n];
        return align ? { op: 'align', align } : `${name()}: alignment must be 0, 1 or 2`;
      });
    case 0x32: // ESC 2
      return { command: { op: 'line-spacing', units: null }, length: 2 };
    case 0x33: // ESC 3 n
      return fixed(buf, at, 3, () => ({ op: 'line-spacing', units: p(0) }));
    case 0x20: // ESC SP n
      return fixed(buf, at, 3, () => ({ op: 'character-spacing', units: p(0) }));
    case 0x64: // ESC d n
      return fixed(buf, at, 3, () => ({ op: 'feed-lines', lines: p(0) }));
    case 0x4a: // ESC J n
      return fixed(buf, at, 3, () => ({ op: 'feed-units', units: p(0) }));
    case 0x74: // ESC t n
      return fixed(buf, at, 3, () => ({ op: 'code-page', page: p(0) }));
    case 0x52: // ESC R n
      return fixed(buf, at, 3, () => ({ op: 'international-set', set: p(0) }));
    case 0x4d: // ESC M n
      return fixed(buf, at, 3, () => {
        const n = digitParam(p(0));
        return n === 0 ? { op: 'font', font: 'A' } : n === 1 ? { op: 'font', font: 'B' } : `${name()}: font ${n} is not one this printer has (A or B)`;
      });
    case 0x69: // ESC i: partial cut (obsolete form)
    case 0x6d: // ESC m: partial cut (obsolete form)
      return { command: { op: 'cut', partial: true, feedUnits: 0 }, length: 2 };
    case 0x70: // ESC p m t1 t2
      return fixed(buf, at, 5, () => ({ op: 'drawer-pulse', pin: digitParam(p(0)) === 1 ? 5 : 2 }));
    case 0x3d: // ESC = n
      return fixed(buf, at, 3, () => ({ op: 'peripheral-select', value: p(0) }));
    case 0x2a: {
      // ESC * m nL nH d1...dk
      if (buf.length - at < 5) return need;
      const mode = p(0);
      if (mode !== 0 && mode !== 1 && mode !== 32 && mode !== 33) return { error: `${name()}: bit image mode must be 0, 1, 32 or 33`, length: 3 };
      const width = u16(buf, at + 3);
      const size = mode >= 32 ? width * 3 : width;
      if (buf.length - at < 5 + size) return need;
      return { command: { op: 'bit-image', mode, width, data: buf.slice(at + 5, at + 5 + size) }, length: 5 + size };
    }
    default:
      return { error: `unknown command ${commandName(buf, at, 2)}`, length: 2 };
  }
}

const FUNCTION_A_MAX = 255;

function readBarcode(buf: Uint8Array, at: number): Step {
  if (buf.length - at < 3) return need;
  const system = buf[at + 2]!;
  if (system <= 6) {
    // Function A: data up to a NUL.
    const end = buf.indexOf(0x00, at + 3);
    if (end === -1) {
      return buf.length - at - 3 > FUNCTION_A_MAX ? { error: `GS k ${system}: no NUL after ${FUNCTION_A_MAX} bytes of barcode data`, length: 3 } : need;
    }
    return { command: { op: 'barcode', system, data: buf.slice(at + 3, end) }, length: end + 1 - at };
  }
  if (system >= 65 && system <= 79) {
    // Function B: a length byte, then the data.
    if (buf.length - at < 4) return need;
    const n = buf[at + 3]!;
    if (buf.length - at < 4 + n) return need;
    return { command: { op: 'barcode', system, data: buf.slice(at + 4, at + 4 + n) }, length: 4 + n };
  }
  return { error: `GS k ${system}: no such barcode system`, length: 3 };
}

function readTwoDimensional(buf: Uint8Array, at: number): Step {
  // GS ( k pL pH cn fn [parameters]
  if (buf.length - at < 5) return need;
  const size = u16(buf, at + 3);
  const length = 5 + size;
  if (buf.length - at < length) return need;
  const cn = buf[at + 5];
  const fn = buf[at + 6];
  const params = buf.slice(at + 7, at + length);
  const name = `GS ( k cn=${cn} fn=${fn}`;
  if (size < 2 || cn === undefined || fn === undefined) return { error: 'GS ( k: parameter length below 2', length };
  if (cn === 49) {
    switch (fn) {
      case 65: {
        const model = params[0] === 49 ? 1 : params[0] === 50 ? 2 : null;
        return model ? { command: { op: 'qr-model', model }, length } : { error: `${name}: QR model ${params[0]} is not 49 (model 1) or 50 (model 2)`, length };
      }
      case 67: {
        const dots = params[0] ?? 0;
        return dots >= 1 && dots <= 16 ? { command: { op: 'qr-module-size', dots }, length } : { error: `${name}: QR module size ${dots} is outside 1..16`, length };
      }
      case 69: {
        const level = (['L', 'M', 'Q', 'H'] as const)[(params[0] ?? 0) - 48];
        return level ? { command: { op: 'qr-error-correction', level }, length } : { error: `${name}: QR error correction ${params[0]} is outside 48..51`, length };
      }
      case 80:
        return params[0] === 48 ? { command: { op: 'qr-store', data: params.slice(1) }, length } : { error: `${name}: m must be 48`, length };
      case 81:
        return { command: { op: 'qr-print' }, length };
      default:
        return { error: `${name}: QR function ${fn} is not supported`, length };
    }
  }
  if (cn === 48) {
    if (fn >= 65 && fn <= 70) return { command: { op: 'pdf417-setting', fn }, length };
    if (fn === 80) return { command: { op: 'pdf417-store', data: params.slice(1) }, length };
    if (fn === 81) return { command: { op: 'pdf417-print' }, length };
    return { error: `${name}: PDF417 function ${fn} is not supported`, length };
  }
  return { error: `${name}: symbol type ${cn} is not supported (49 is QR, 48 is PDF417)`, length };
}

function readGs(buf: Uint8Array, at: number): Step {
  if (buf.length - at < 2) return need;
  const cmd = buf[at + 1]!;
  const p = (i: number) => buf[at + 2 + i]!;
  const name = () => commandName(buf, at, 3);
  switch (cmd) {
    case 0x21: // GS ! n
      return fixed(buf, at, 3, () => {
        const n = p(0);
        const width = ((n >> 4) & 0x07) + 1;
        const height = (n & 0x07) + 1;
        return (n & 0x88) === 0 ? { op: 'character-size', width, height } : `${name()}: size byte 0x${n.toString(16)} is outside 1..8 x 1..8`;
      });
    case 0x42: // GS B n
      return fixed(buf, at, 3, () => ({ op: 'reverse', on: (p(0) & 1) === 1 }));
    case 0x56: {
      // GS V m [n]
      if (buf.length - at < 3) return need;
      const m = p(0);
      if (m === 0 || m === 48) return { command: { op: 'cut', partial: false, feedUnits: 0 }, length: 3 };
      if (m === 1 || m === 49) return { command: { op: 'cut', partial: true, feedUnits: 0 }, length: 3 };
      if (m === 65 || m === 66 || m === 97 || m === 98 || m === 103 || m === 104) {
        return fixed(buf, at, 4, () => ({ op: 'cut', partial: m % 2 === 0, feedUnits: p(1) }));
      }
      return { error: `${name()}: no such cut mode`, length: 3 };
    }
    case 0x68: // GS h n
      return fixed(buf, at, 3, () => (p(0) >= 1 ? { op: 'barcode-height', dots: p(0) } : `${name()}: barcode height must be 1..255`));
    case 0x77: // GS w n
      return fixed(buf, at, 3, () => {
        const n = p(0);
        if (n >= 1 && n <= 6) return { op: 'barcode-module-width', dots: n };
        if (n >= 68 && n <= 76) return { op: 'barcode-module-width', dots: Math.round((n - 64) / 2) };
        return `${name()}: barcode module width must be 1..6 or 68..76`;
      });
    case 0x48: // GS H n
      return fixed(buf, at, 3, () => {
        const position = (['none', 'above', 'below', 'both'] as const)[digitParam(p(0))];
        return position ? { op: 'barcode-hri-position', position } : `${name()}: HRI position must be 0..3`;
      });
    case 0x66: // GS f n
      return fixed(buf, at, 3, () => ({ op: 'barcode-hri-font', font: digitParam(p(0)) === 1 ? 'B' : 'A' }));
    case 0x6b:
      return readBarcode(buf, at);
    case 0x28:
      if (buf.length - at < 3) return need;
      if (p(0) === 0x6b) return readTwoDimensional(buf, at);
      return { error: `unknown command ${commandName(buf, at, 3)}`, length: 3 };
    case 0x76: {
      // GS v 0 m xL xH yL yH d1...dk
      if (buf.length - at < 8) return need;
      if (p(0) !== 0x30) return { error: `unknown command ${commandName(buf, at, 3)}`, length: 3 };
      const m = digitParam(p(1));
      if (m > 3) return { error: `GS v 0 ${p(1)}: raster mode must be 0..3`, length: 4 };
      const widthBytes = u16(buf, at + 4);
      const height = u16(buf, at + 6);
      const size = widthBytes * height;
      if (buf.length - at < 8 + size) return need;
      const scaleX = m === 1 || m === 3 ? 2 : 1;
      const scaleY = m === 2 || m === 3 ? 2 : 1;
      return { command: { op: 'raster-image', scaleX, scaleY, widthBytes, height, data: buf.slice(at + 8, at + 8 + size) }, length: 8 + size };
    }
    case 0x72: // GS r n
      return fixed(buf, at, 3, () => {
        const n = digitParam(p(0));
        return n === 1 || n === 2 ? { op: 'transmit-status', n } : `${name()}: status ${p(0)} is not 1 or 2 (49 or 50)`;
      });
    case 0x50: // GS P x y
      return fixed(buf, at, 4, () => ({ op: 'motion-units', x: p(0), y: p(1) }));
    case 0x4c: // GS L nL nH
      return fixed(buf, at, 4, () => ({ op: 'left-margin', units: u16(buf, at + 2) }));
    case 0x57: // GS W nL nH
      return fixed(buf, at, 4, () => ({ op: 'print-area-width', units: u16(buf, at + 2) }));
    case 0x61: // GS a n: automatic status back; only switching it off is supported
      return fixed(buf, at, 3, () => (p(0) === 0 ? { op: 'status-auto-off' } : `${name()}: automatic status back is not supported, ask with DLE EOT`));
    default:
      return { error: `unknown command ${commandName(buf, at, 2)}`, length: 2 };
  }
}

function readFs(buf: Uint8Array, at: number): Step {
  if (buf.length - at < 2) return need;
  if (buf[at + 1] === 0x2e) return { command: { op: 'kanji-off' }, length: 2 };
  return { error: `unknown command ${commandName(buf, at, 2)}`, length: 2 };
}

function readDle(buf: Uint8Array, at: number): Step {
  if (buf.length - at < 2) return need;
  if (buf[at + 1] !== EOT) return { error: `unknown command ${commandName(buf, at, 2)}`, length: 2 };
  if (buf.length - at < 3) return need;
  const n = buf[at + 2]!;
  if (n === 1 || n === 2 || n === 3 || n === 4) return { command: { op: 'realtime-status', n }, length: 3 };
  return { error: `DLE EOT ${n}: status ${n} is not 1..4`, length: 3 };
}

function readOne(buf: Uint8Array, at: number): Step {
  const b = buf[at]!;
  if (isTextByte(b)) {
    let end = at + 1;
    while (end < buf.length && isTextByte(buf[end]!)) end++;
    return { command: { op: 'text', bytes: buf.slice(at, end) }, length: end - at };
  }
  switch (b) {
    case 0x0a:
      return { command: { op: 'line-feed' }, length: 1 };
    case 0x0d:
      return { command: { op: 'carriage-return' }, length: 1 };
    case 0x09:
      return { command: { op: 'tab' }, length: 1 };
    case 0x0c:
      return { command: { op: 'page-mode-ignored', name: 'FF' }, length: 1 };
    case 0x18:
      return { command: { op: 'page-mode-ignored', name: 'CAN' }, length: 1 };
    case ESC:
      return readEsc(buf, at);
    case GS:
      return readGs(buf, at);
    case FS:
      return readFs(buf, at);
    case DLE:
      return readDle(buf, at);
    default:
      return { error: `unknown control byte 0x${b.toString(16).padStart(2, '0')}`, length: 1 };
  }
}

/**
 * The incremental reader: `push` a chunk, get the commands it completes. One reader per connection;
 * offsets count from the first byte it was given.
 */
export class CommandReader {
  #pending: Uint8Array = new Uint8Array(0);
  /** Stream offset of #pending[0]. */
  #base = 0;
  /** After an error: no framing until ESC @. */
  #lost = false;

  /** True while the reader has lost the framing after an error and waits for ESC @. */
  get resynchronising(): boolean {
    return this.#lost;
  }

  push(chunk: Uint8Array): ReaderOutput[] {
    const buf = this.#pending.length === 0 ? chunk : concat(this.#pending, chunk);
    const out: ReaderOutput[] = [];
    let at = 0;
    while (at < buf.length) {
      if (this.#lost) {
        const found = scanWithoutFraming(buf, at);
        if (typeof found === 'number') {
          at = found;
          break;
        }
        if (found === null) {
          at = buf.length;
          break;
        }
        out.push({ ...found.command, offset: this.#base + found.at, length: found.length, head: buf.slice(found.at, found.at + found.length) });
        at = found.at + found.length;
        if (found.command.op === 'initialize') this.#lost = false;
        continue;
      }
      const step = readOne(buf, at);
      if ('incomplete' in step) break;
      if ('error' in step) {
        out.push({ op: 'error', offset: this.#base + at, bytes: buf.slice(at, at + 16), message: `${step.error} (bytes ${hex(buf.slice(at, at + Math.max(step.length ?? 1, 1)))})` });
        this.#lost = true;
        at += Math.max(step.length ?? 1, 1);
        continue;
      }
      out.push({ ...step.command, offset: this.#base + at, length: step.length, head: buf.slice(at, at + Math.min(step.length, 16)) });
      at += step.length;
    }
    this.#pending = buf.slice(at);
    this.#base += at;
    return out;
  }

  /**
   * The stream has ended. Bytes of a command that never completed are an error; while resynchronising
   * they are just more discarded bytes.
   */
  end(): ReadError | null {
    const rest = this.#pending;
    this.#pending = new Uint8Array(0);
    if (rest.length === 0 || this.#lost) return null;
    const offset = this.#base;
    this.#base += rest.length;
    return { op: 'error', offset, bytes: rest.slice(0, 16), message: `the stream ended inside ${commandName(rest, 0, 3)} (${rest.length} bytes, bytes ${hex(rest.slice(0, 16))})` };
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * Without framing: find the next DLE EOT n, GS r n or ESC @. A number is where a sequence starts that
 * the buffer ends inside of; null means there is none.
 */
function scanWithoutFraming(buf: Uint8Array, from: number): { command: EscPosCommand; at: number; length: number } | number | null {
  for (let i = from; i < buf.length; i++) {
    const b = buf[i]!;
    if (b !== DLE && b !== GS && b !== ESC) continue;
    if (i + 1 >= buf.length) return i;
    const next = buf[i + 1]!;
    if (b === ESC && next === 0x40) return { command: { op: 'initialize' }, at: i, length: 2 };
    if (b === DLE && next === EOT) {
      if (i + 2 >= buf.length) return i;
      const n = buf[i + 2]!;
      if (n >= 1 && n <= 4) return { command: { op: 'realtime-status', n: n as 1 | 2 | 3 | 4 }, at: i, length: 3 };
    }
    if (b === GS && next === 0x72) {
      if (i + 2 >= buf.length) return i;
      const n = digitParam(buf[i + 2]!);
      if (n === 1 || n === 2) return { command: { op: 'transmit-status', n }, at: i, length: 3 };
    }
  }
  return null;
}

export function describeBytes(bytes: ArrayLike<number>): string {
  return hex(bytes);
}
