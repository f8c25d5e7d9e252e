/**
 * What a scanner decoder hands out: a whole scan, or a report (or partial scan) it refused, with the
 * reason in words. Decoders are pure: no timers, no I/O; the time of each report is passed in.
 */

/** How the scanner talks to us: HID-POS (usage page 0x8C) or a boot keyboard (usage page 0x01, usage 0x06). */
export type ScannerMode = 'hid-pos' | 'keyboard';

export interface Scan {
  /** The scanned text: control and format characters removed, surrounding spaces trimmed. */
  readonly code: string;
  /**
   * The symbology identifier when the scanner sent one: the AIM identifier (`]Q1` QR Code, `]C0` Code 128)
   * in HID-POS reports laid out that way, the engine's own letter in the 'data-first' layout; null in keyboard mode.
   */
  readonly symbology: string | null;
  readonly mode: ScannerMode;
}

export type RejectReason =
  /** An input report of another kind (another report id) than scanned data. */
  | 'other-report'
  /** A report shorter or longer than the layout allows. */
  | 'bad-length'
  /** A report whose byte count does not fit its data field. */
  | 'bad-count'
  /** A keyboard report in phantom state (ErrorRollOver, POSTFail, ErrorUndefined in the key array). */
  | 'rollover-error'
  /** A key this decoder has no character for, or a key pressed with Alt or GUI: the scan is not plain text. */
  | 'unmapped-key'
  /** A scan longer than the configured maximum; it is dropped whole, never cut. */
  | 'too-long'
  /** A scan with nothing left once control characters are removed. */
  | 'empty'
  /** A scan that began but did not end (no Enter, no final report) before the silence timeout. */
  | 'timed-out'
  /** A partial scan dropped because the device was closed or unplugged. */
  | 'interrupted';

export interface Rejection {
  readonly reason: RejectReason;
  /** One sentence a person can read, naming the bytes or the numbers that were wrong. */
  readonly detail: string;
}

export type DecodeEvent = { readonly kind: 'scan'; readonly scan: Scan } | { readonly kind: 'rejected'; readonly rejection: Rejection };

/** The contract both decoders keep, so the reader can drive either. */
export interface ScanDecoder {
  readonly mode: ScannerMode;
  /** Feeds one input report, as read from the device at `now` (milliseconds on any monotonic-enough clock). */
  push(report: Uint8Array, now: number): DecodeEvent[];
  /** When a partial scan will be given up if nothing more arrives, or null when nothing is pending. */
  deadline(): number | null;
  /** Gives up a partial scan whose deadline is at or before `now`. */
  expire(now: number): DecodeEvent[];
  /** Forgets everything (the device was closed); a partial scan in progress is reported as interrupted. */
  reset(): DecodeEvent[];
}

/** The longest scan accepted by default, in characters (keyboard) or bytes (HID-POS). */
export const DEFAULT_MAX_SCAN_LENGTH = 512;
/** Silence after which a scan with no end is given up, by default. */
export const DEFAULT_PARTIAL_TIMEOUT_MS = 500;

// C0 and C1 controls, DEL, and Unicode format characters (bidi overrides, zero-width joiners, BOM):
// none belongs in a booking code or a URL, and the format ones can make a code look like another.
const CONTROL_OR_FORMAT = /[\p{Cc}\p{Cf}]/gu;

/** The text of a scan as it may be handed on: controls stripped, ends trimmed. */
export function cleanScanText(raw: string): string {
  return raw.replace(CONTROL_OR_FORMAT, '').trim();
}

export const rejected = (reason: RejectReason, detail: string): DecodeEvent => ({ kind: 'rejected', rejection: { reason, detail } });

/** Bytes as `02 38 5d` for a rejection's detail, cut after `max` bytes. */
export function hexBytes(bytes: Uint8Array, max = 16): string {
  const shown = Array.from(bytes.subarray(0, max), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > max ? `${shown} … (${bytes.length} bytes)` : shown;
}
