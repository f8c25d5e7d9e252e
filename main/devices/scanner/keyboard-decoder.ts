/**
 * Decoder for barcode scanners in keyboard mode: the scanner is a USB HID keyboard (usage page 0x01,
 * usage 0x06) and "types" the code. Pure: reports and their times in, scans and rejections out.
 *
 * Boot keyboard input report (USB HID 1.11, appendix B.1), 8 bytes:
 *
 *   byte 0      modifiers: bit 0 Left Ctrl, 1 Left Shift, 2 Left Alt, 3 Left GUI,
 *                          bit 4 Right Ctrl, 5 Right Shift, 6 Right Alt, 7 Right GUI
 *   byte 1      reserved (OEM), ignored
 *   bytes 2-7   up to six usage codes of keys held down (Keyboard/Keypad page 0x07), 0x00 for none;
 *               0x01 ErrorRollOver in all six (more keys than fit: "phantom state"), 0x02 POSTFail,
 *               0x03 ErrorUndefined
 *
 * A report is the state of the keyboard, not a key event: a key is typed when its usage appears in a
 * report and was not in the one before (so a key held over several reports, or repeated at the idle
 * rate, is typed once; with rollover a second key pressed while the first is held is typed when it
 * appears). Shift in the same report gives the shifted character, US layout. Enter (0x28) or Keypad
 * Enter (0x58) ends the scan. Tab and Escape type control characters, which are dropped from the text.
 * Keys pressed with Ctrl type nothing; keys pressed with Alt or GUI, or keys with no US character,
 * spoil the scan (it is dropped with a reason at its end). A scan with no Enter after
 * `partialTimeoutMs` of silence is dropped; a scan longer than `maxLength` characters is dropped whole.
 */
import {
  cleanScanText,
  DEFAULT_MAX_SCAN_LENGTH,
  DEFAULT_PARTIAL_TIMEOUT_MS,
  hexBytes,
  rejected,
  type DecodeEvent,
  type Rejection,
  type ScanDecoder,
} from './scan-types.js';

export const GENERIC_DESKTOP_USAGE_PAGE = 0x01;
export const KEYBOARD_USAGE = 0x06;
export const BOOT_KEYBOARD_REPORT_BYTES = 8;

const ENTER = 0x28;
const KEYPAD_ENTER = 0x58;
const ERROR_ROLL_OVER = 0x01;
const POST_FAIL = 0x02;
const ERROR_UNDEFINED = 0x03;

const SHIFT = 0x02 | 0x20;
const CTRL = 0x01 | 0x10;
const ALT_OR_GUI = 0x04 | 0x08 | 0x40 | 0x80;

/** Keyboard/Keypad page usage → [character, character with Shift], US layout (HID Usage Tables, section 10). */
const US_LAYOUT: ReadonlyMap<number, readonly [string, string]> = (() => {
  const map = new Map<number, readonly [string, string]>();
  for (let i = 0; i < 26; i++) {
    const letter = String.fromCharCode(0x61 + i);
    map.set(0x04 + i, [letter, letter.toUpperCase()]);
  }
  const digits = '1234567890';
  const shiftedDigits = '!@#$%^&*()';
  for (let i = 0; i < 10; i++) map.set(0x1e + i, [digits[i]!, shiftedDigits[i]!]);
  const rest: Array<[number, string, string]> = [
    [0x29, '\u001b', '\u001b'], // Escape
    [0x2b, '\t', '\t'], // Tab
    [0x2c, ' ', ' '],
    [0x2d, '-', '_'],
    [0x2e, '=', '+'],
    [0x2f, '[', '{'],
    [0x30, ']', '}'],
    [0x31, '\\', '|'],
    [0x32, '#', '~'], // Non-US # and ~ (sits where US boards have backslash)
    [0x33, ';', ':'],
    [0x34, "'", '"'],
    [0x35, '`', '~'],
    [0x36, ',', '<'],
    [0x37, '.', '>'],
    [0x38, '/', '?'],
    // Keypad, read as with Num Lock on (scanners that "emulate keypad" send digits this way).
    [0x54, '/', '/'],
    [0x55, '*', '*'],
    [0x56, '-', '-'],
    [0x57, '+', '+'],
    [0x62, '0', '0'],
    [0x63, '.', '.'],
  ];
  for (const [usage, plain, shifted] of rest) map.set(usage, [plain, shifted]);
  for (let i = 0; i < 9; i++) map.set(0x59 + i, [String(i + 1), String(i + 1)]);
  return map;
})();

/** The character a key types on a US layout, or undefined when it types none. */
export function usKeyCharacter(usage: number, shift: boolean): string | undefined {
  const pair = US_LAYOUT.get(usage);
  return pair === undefined ? undefined : pair[shift ? 1 : 0];
}

export interface KeyboardDecoderOptions {
  /** Set when the keyboard interface numbers its reports: each report is then this id and the 8 boot bytes. */
  reportId?: number;
  /** The longest scan accepted, in characters. */
  maxLength?: number;
  /** Silence after which a scan with no Enter is dropped. */
  partialTimeoutMs?: number;
}

const hex2 = (n: number) => `0x${n.toString(16).padStart(2, '0')}`;

export class KeyboardDecoder implements ScanDecoder {
  readonly mode = 'keyboard' as const;
  private readonly reportId: number | undefined;
  private readonly maxLength: number;
  private readonly timeoutMs: number;

  /** Usages held down in the last valid report. */
  private held = new Set<number>();
  /** A key other than Enter was typed since the last end of scan. */
  private started = false;
  private text = '';
  /** Why the scan in progress will be refused at its end, if it will. */
  private spoiled: Rejection | null = null;
  /** The scan in progress passed maxLength and was reported; swallow it to its end. */
  private overflowed = false;
  private lastAt = 0;

  constructor(options: KeyboardDecoderOptions = {}) {
    this.reportId = options.reportId;
    this.maxLength = options.maxLength ?? DEFAULT_MAX_SCAN_LENGTH;
    this.timeoutMs = options.partialTimeoutMs ?? DEFAULT_PARTIAL_TIMEOUT_MS;
  }

  push(report: Uint8Array, now: number): DecodeEvent[] {
    const events = this.expire(now);
    const boot = this.bootBytes(report, events);
    if (boot === null) return events;

    const keys = boot.subarray(2, 8).filter((usage) => usage !== 0);
    if (keys.some((usage) => usage === ERROR_ROLL_OVER || usage === POST_FAIL || usage === ERROR_UNDEFINED)) {
      // Phantom state: the keyboard cannot say which keys are down. Keep the last known state.
      events.push(rejected('rollover-error', `keyboard report in phantom state (ErrorRollOver/POSTFail/ErrorUndefined): ${hexBytes(report)}`));
      return events;
    }

    this.lastAt = now;
    const modifiers = boot[0]!;
    const pressed: number[] = [];
    for (const usage of keys) if (!this.held.has(usage) && !pressed.includes(usage)) pressed.push(usage);
    this.held = new Set(keys);

    for (const usage of pressed) {
      if (usage === ENTER || usage === KEYPAD_ENTER) {
        events.push(...this.finish());
        continue;
      }
      this.started = true;
      this.type(usage, modifiers, events);
    }
    return events;
  }

  deadline(): number | null {
    return this.started ? this.lastAt + this.timeoutMs : null;
  }

  expire(now: number): DecodeEvent[] {
    const due = this.deadline();
    if (due === null || now < due) return [];
    let events: DecodeEvent[];
    if (this.overflowed) events = [];
    else if (this.spoiled) events = [{ kind: 'rejected', rejection: this.spoiled }];
    else events = [rejected('timed-out', `keyboard scan of ${this.text.length} characters had no Enter within ${this.timeoutMs} ms; dropped`)];
    this.endScan();
    return events;
  }

  reset(): DecodeEvent[] {
    const events =
      this.started && !this.overflowed ? [rejected('interrupted', `keyboard scan of ${this.text.length} characters dropped: the scanner was closed before Enter`)] : [];
    this.endScan();
    this.held = new Set();
    return events;
  }

  /** The 8 boot-report bytes of a report, or null (with the reason pushed) when it is not one. */
  private bootBytes(report: Uint8Array, events: DecodeEvent[]): Uint8Array | null {
    if (this.reportId === undefined) {
      if (report.length === BOOT_KEYBOARD_REPORT_BYTES) return report;
      events.push(rejected('bad-length', `keyboard report of ${report.length} bytes; a boot keyboard report has ${BOOT_KEYBOARD_REPORT_BYTES}: ${hexBytes(report)}`));
      return null;
    }
    if (report.length >= 1 && report[0] !== this.reportId) {
      events.push(rejected('other-report', `keyboard report id ${hex2(report[0]!)} is not the keyboard report ${hex2(this.reportId)}: ${hexBytes(report)}`));
      return null;
    }
    if (report.length !== BOOT_KEYBOARD_REPORT_BYTES + 1) {
      events.push(rejected('bad-length', `keyboard report of ${report.length} bytes; report id ${hex2(this.reportId)} and a boot keyboard report make ${BOOT_KEYBOARD_REPORT_BYTES + 1}: ${hexBytes(report)}`));
      return null;
    }
    return report.subarray(1);
  }

  private type(usage: number, modifiers: number, events: DecodeEvent[]): void {
    if (this.overflowed || this.spoiled) return;
    if (modifiers & ALT_OR_GUI) {
      this.spoiled = { reason: 'unmapped-key', detail: `keyboard scan dropped: key ${hex2(usage)} was pressed with Alt or GUI (modifiers ${hex2(modifiers)}), which types no plain text` };
      return;
    }
    const character = usKeyCharacter(usage, (modifiers & SHIFT) !== 0);
    if (character === undefined) {
      this.spoiled = { reason: 'unmapped-key', detail: `keyboard scan dropped: key usage ${hex2(usage)} types no character on a US layout` };
      return;
    }
    if (modifiers & CTRL) return; // a control code; it would be stripped from the text anyway
    if (this.text.length >= this.maxLength) {
      events.push(rejected('too-long', `keyboard scan longer than ${this.maxLength} characters; dropped whole`));
      this.overflowed = true;
      this.text = '';
      return;
    }
    this.text += character;
  }

  private finish(): DecodeEvent[] {
    let events: DecodeEvent[];
    if (this.overflowed) events = [];
    else if (this.spoiled) events = [{ kind: 'rejected', rejection: this.spoiled }];
    else {
      const code = cleanScanText(this.text);
      events =
        code === ''
          ? [rejected('empty', `keyboard scan ended by Enter held no text (${this.text.length} characters, all control characters or spaces)`)]
          : [{ kind: 'scan', scan: { code, symbology: null, mode: 'keyboard' } }];
    }
    this.endScan();
    return events;
  }

  private endScan(): void {
    this.started = false;
    this.text = '';
    this.spoiled = null;
    this.overflowed = false;
  }
}
