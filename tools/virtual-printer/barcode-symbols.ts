/**
 * GS k barcodes: the symbology a system number names, the data a scanner would read, and the bars to
 * draw. Bars are drawn for CODE128 (also GS1-128 and automatic CODE128), CODE39, EAN-13, UPC-A, EAN-8
 * and ITF; the other symbologies are recorded with their data and drawn as a labelled placeholder.
 */

const SYMBOLOGIES: Record<number, string> = {
  0: 'UPC-A', 1: 'UPC-E', 2: 'EAN13', 3: 'EAN8', 4: 'CODE39', 5: 'ITF', 6: 'CODABAR',
  65: 'UPC-A', 66: 'UPC-E', 67: 'EAN13', 68: 'EAN8', 69: 'CODE39', 70: 'ITF', 71: 'CODABAR',
  72: 'CODE93', 73: 'CODE128', 74: 'GS1-128', 75: 'GS1-DATABAR-OMNI', 76: 'GS1-DATABAR-TRUNCATED',
  77: 'GS1-DATABAR-LIMITED', 78: 'GS1-DATABAR-EXPANDED', 79: 'CODE128-AUTO',
};

export function barcodeSymbology(system: number): string {
  return SYMBOLOGIES[system] ?? `SYSTEM-${system}`;
}

function latin1(data: Uint8Array): string {
  return Array.from(data, (b) => String.fromCharCode(b)).join('');
}

/** A CODE128 data stream as Epson takes it: {A {B {C select a code set, {S shifts, {1..{4 are FNC1..4, {{ is '{'. */
type Code128Token = { set: 'A' | 'B' | 'C'; kind: 'char'; value: number; text: string } | { kind: 'select'; set: 'A' | 'B' | 'C' } | { kind: 'shift' } | { kind: 'fnc'; n: 1 | 2 | 3 | 4 };

function code128Tokens(data: Uint8Array): Code128Token[] | string {
  const tokens: Code128Token[] = [];
  let set: 'A' | 'B' | 'C' | null = null;
  let shifted = false;
  for (let i = 0; i < data.length; i++) {
    const b = data[i]!;
    if (b === 0x7b && i + 1 < data.length && data[i + 1] !== 0x7b) {
      const c = String.fromCharCode(data[i + 1]!);
      i++;
      if (c === 'A' || c === 'B' || c === 'C') {
        set = c;
        tokens.push({ kind: 'select', set: c });
      } else if (c === 'S') {
        if (set === 'C' || set === null) return 'CODE128: {S shift is only allowed in code set A or B';
        tokens.push({ kind: 'shift' });
        shifted = true;
      } else if (c === '1' || c === '2' || c === '3' || c === '4') {
        if (set === null) return 'CODE128: data must start with {A, {B or {C';
        tokens.push({ kind: 'fnc', n: Number(c) as 1 | 2 | 3 | 4 });
      } else {
        return `CODE128: unknown selector {${c}`;
      }
      continue;
    }
    if (b === 0x7b) i++; // '{{' is one '{'
    if (set === null) return 'CODE128: data must start with {A, {B or {C';
    const current: 'A' | 'B' | 'C' = shifted ? (set === 'A' ? 'B' : 'A') : set;
    shifted = false;
    if (current === 'C') {
      if (b > 99) return `CODE128: byte ${b} in code set C is not 0..99`;
      tokens.push({ set: 'C', kind: 'char', value: b, text: String(b).padStart(2, '0') });
    } else if (current === 'A') {
      if (b > 95) return `CODE128: byte ${b} is not in code set A`;
      tokens.push({ set: 'A', kind: 'char', value: b < 32 ? b + 64 : b - 32, text: String.fromCharCode(b) });
    } else {
      if (b < 32 || b > 127) return `CODE128: byte ${b} is not in code set B`;
      tokens.push({ set: 'B', kind: 'char', value: b - 32, text: String.fromCharCode(b) });
    }
  }
  return tokens;
}

function eanCheckDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = Number(digits[digits.length - 1 - i]);
    sum += i % 2 === 0 ? d * 3 : d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** What a scanner would read from the barcode, or an error naming what is wrong with the data. */
export function barcodePayload(system: number, data: Uint8Array): { payload: string } | { error: string } {
  const name = barcodeSymbology(system);
  const text = latin1(data);
  switch (name) {
    case 'CODE128': {
      const tokens = code128Tokens(data);
      if (typeof tokens === 'string') return { error: tokens };
      return { payload: tokens.map((t) => (t.kind === 'char' ? t.text : '')).join('') };
    }
    case 'EAN13':
    case 'UPC-A':
    case 'EAN8': {
      const lengths = { EAN13: 12, 'UPC-A': 11, EAN8: 7 } as const;
      const n = lengths[name];
      if (!/^\d+$/.test(text) || (text.length !== n && text.length !== n + 1)) return { error: `${name}: data must be ${n} or ${n + 1} digits` };
      const body = text.slice(0, n);
      return { payload: body + eanCheckDigit(body) };
    }
    case 'ITF':
      return /^\d+$/.test(text) && text.length % 2 === 0 ? { payload: text } : { error: 'ITF: data must be an even number of digits' };
    case 'CODE39':
      return /^[0-9A-Z\-. $/+%*]+$/.test(text) ? { payload: text.replace(/^\*|\*$/g, '') } : { error: 'CODE39: data may hold 0-9, A-Z, space and - . $ / + %' };
    default:
      return { payload: text };
  }
}

// Bar and space widths of CODE128 symbol values 0..106 (106 is the stop, with its final bar).
const CODE128_PATTERNS = (
  '212222 222122 222221 121223 121322 131222 122213 122312 132212 221213 221312 231212 112232 122132 122231 113222 ' +
  '123122 123221 223211 221132 221231 213212 223112 312131 311222 321122 321221 312212 322112 322211 212123 212321 ' +
  '232121 111323 131123 131321 112313 132113 132311 211313 231113 231311 112133 112331 132131 113123 113321 133121 ' +
  '313121 211331 231131 213113 213311 213131 311123 311321 331121 312113 312311 332111 314111 221411 431111 111224 ' +
  '111422 121124 121421 141122 141221 112214 112412 122114 122411 142112 142211 241211 221114 413111 241112 134111 ' +
  '111242 121142 121241 114212 124112 124211 411212 421112 421211 212141 214121 412121 111143 111341 131141 114113 ' +
  '114311 411113 411311 113141 114131 311141 411131 211412 211214 211232 2331112'
).split(' ');

const CODE128_START: Record<'A' | 'B' | 'C', number> = { A: 103, B: 104, C: 105 };
const CODE128_SWITCH: Record<'A' | 'B' | 'C', number> = { A: 101, B: 100, C: 99 };

/** CODE128 symbol values for Epson's {A/{B/{C data. */
function code128Values(tokens: Code128Token[]): number[] | null {
  const values: number[] = [];
  let set: 'A' | 'B' | 'C' | null = null;
  for (const t of tokens) {
    if (t.kind === 'select') {
      values.push(set === null ? CODE128_START[t.set] : CODE128_SWITCH[t.set]);
      set = t.set;
    } else if (t.kind === 'shift') {
      values.push(98);
    } else if (t.kind === 'fnc') {
      values.push(t.n === 1 ? 102 : t.n === 2 ? 97 : t.n === 3 ? 96 : set === 'A' ? 101 : 100);
    } else {
      values.push(t.value);
    }
  }
  return set === null ? null : values;
}

/** CODE128 values for plain text, the way a printer picks code sets itself: C for runs of digits, B otherwise. */
function code128AutoValues(text: string, fnc1: boolean): number[] | null {
  const values: number[] = [];
  let set: 'B' | 'C' | null = null;
  const use = (next: 'B' | 'C') => {
    if (set !== next) values.push(set === null ? CODE128_START[next] : CODE128_SWITCH[next]);
    set = next;
  };
  let i = 0;
  if (fnc1) {
    use(/^\d\d/.test(text) ? 'C' : 'B');
    values.push(102);
  }
  while (i < text.length) {
    const digits = /^\d+/.exec(text.slice(i))?.[0].length ?? 0;
    if (digits >= 4 || (set === 'C' && digits >= 2)) {
      use('C');
      const pairs = Math.floor(digits / 2);
      for (let p = 0; p < pairs; p++, i += 2) values.push(Number(text.slice(i, i + 2)));
      continue;
    }
    const code = text.charCodeAt(i);
    if (code < 32 || code > 127) return null;
    use('B');
    values.push(code - 32);
    i++;
  }
  return set === null ? null : values;
}

function code128Runs(values: number[]): number[] {
  let checksum = values[0]!;
  for (let i = 1; i < values.length; i++) checksum += i * values[i]!;
  const symbols = [...values, checksum % 103, 106];
  return symbols.flatMap((v) => Array.from(CODE128_PATTERNS[v]!, Number));
}

const CODE39: Record<string, string> = {
  '0': 'nnnwwnwnn', '1': 'wnnwnnnnw', '2': 'nnwwnnnnw', '3': 'wnwwnnnnn', '4': 'nnnwwnnnw', '5': 'wnnwwnnnn',
  '6': 'nnwwwnnnn', '7': 'nnnwnnwnw', '8': 'wnnwnnwnn', '9': 'nnwwnnwnn', A: 'wnnnnwnnw', B: 'nnwnnwnnw',
  C: 'wnwnnwnnn', D: 'nnnnwwnnw', E: 'wnnnwwnnn', F: 'nnwnwwnnn', G: 'nnnnnwwnw', H: 'wnnnnwwnn',
  I: 'nnwnnwwnn', J: 'nnnnwwwnn', K: 'wnnnnnnww', L: 'nnwnnnnww', M: 'wnwnnnnwn', N: 'nnnnwnnww',
  O: 'wnnnwnnwn', P: 'nnwnwnnwn', Q: 'nnnnnnwww', R: 'wnnnnnwwn', S: 'nnwnnnwwn', T: 'nnnnwnwwn',
  U: 'wwnnnnnnw', V: 'nwwnnnnnw', W: 'wwwnnnnnn', X: 'nwnnwnnnw', Y: 'wwnnwnnnn', Z: 'nwwnwnnnn',
  '-': 'nwnnnnwnw', '.': 'wwnnnnwnn', ' ': 'nwwnnnwnn', '*': 'nwnnwnwnn', $: 'nwnwnwnnn', '/': 'nwnwnnnwn',
  '+': 'nwnnnwnwn', '%': 'nnnwnwnwn',
};

const WIDE = 2.5;

function code39Runs(payload: string): number[] {
  const runs: number[] = [];
  for (const c of `*${payload}*`) {
    for (const e of CODE39[c]!) runs.push(e === 'w' ? WIDE : 1);
    runs.push(1); // the gap between characters
  }
  runs.pop();
  return runs;
}

const EAN_L = ['0001101', '0011001', '0010011', '0111101', '0100011', '0110001', '0101111', '0111011', '0110111', '0001011'];
const EAN_G = ['0100111', '0110011', '0011011', '0100001', '0011101', '0111001', '0000101', '0010001', '0001001', '0010111'];
const EAN_R = EAN_L.map((l) => Array.from(l, (b) => (b === '1' ? '0' : '1')).join(''));
const EAN13_PARITY = ['LLLLLL', 'LLGLGG', 'LLGGLG', 'LLGGGL', 'LGLLGG', 'LGGLLG', 'LGGGLL', 'LGLGLG', 'LGLGGL', 'LGGLGL'];

/** Modules as 0/1 to runs of equal modules, starting with a bar. */
function modulesToRuns(modules: string): number[] {
  const runs: number[] = [];
  let current = '1';
  let count = 0;
  for (const m of modules) {
    if (m === current) count++;
    else {
      runs.push(count);
      current = m;
      count = 1;
    }
  }
  runs.push(count);
  return runs;
}

function eanRuns(digits: string): number[] {
  const d = Array.from(digits, Number);
  let modules = '101';
  if (d.length === 13) {
    const parity = EAN13_PARITY[d[0]!]!;
    for (let i = 1; i <= 6; i++) modules += (parity[i - 1] === 'L' ? EAN_L : EAN_G)[d[i]!];
    modules += '01010';
    for (let i = 7; i <= 12; i++) modules += EAN_R[d[i]!];
  } else {
    for (let i = 0; i < 4; i++) modules += EAN_L[d[i]!];
    modules += '01010';
    for (let i = 4; i < 8; i++) modules += EAN_R[d[i]!];
  }
  return modulesToRuns(modules + '101');
}

const ITF = ['nnwwn', 'wnnnw', 'nwnnw', 'wwnnn', 'nnwnw', 'wnwnn', 'nwwnn', 'nnnww', 'wnnwn', 'nwnwn'];

function itfRuns(digits: string): number[] {
  const runs = [1, 1, 1, 1];
  for (let i = 0; i < digits.length; i += 2) {
    const bars = ITF[Number(digits[i])]!;
    const spaces = ITF[Number(digits[i + 1])]!;
    for (let k = 0; k < 5; k++) runs.push(bars[k] === 'w' ? WIDE : 1, spaces[k] === 'w' ? WIDE : 1);
  }
  runs.push(WIDE, 1, 1);
  return runs;
}

/**
 * Alternating bar and space widths in modules (a wide element of CODE39 and ITF is 2.5 modules),
 * starting with a bar; null when the symbology is drawn as a placeholder.
 */
export function barcodeRuns(system: number, data: Uint8Array): number[] | null {
  const name = barcodeSymbology(system);
  const read = barcodePayload(system, data);
  if ('error' in read) return null;
  switch (name) {
    case 'CODE128': {
      const tokens = code128Tokens(data);
      const values = typeof tokens === 'string' ? null : code128Values(tokens);
      return values ? code128Runs(values) : null;
    }
    case 'CODE128-AUTO':
    case 'GS1-128': {
      const values = code128AutoValues(read.payload, name === 'GS1-128');
      return values ? code128Runs(values) : null;
    }
    case 'CODE39':
      return code39Runs(read.payload);
    case 'EAN13':
      return eanRuns(read.payload);
    case 'UPC-A':
      return eanRuns(`0${read.payload}`);
    case 'EAN8':
      return eanRuns(read.payload);
    case 'ITF':
      return itfRuns(read.payload);
    default:
      return null;
  }
}
