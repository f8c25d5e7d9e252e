/**
 * Decoder for barcode scanners in HID-POS mode (USB HID usage page 0x8C, "Bar Code Scanner", from the
 * USB-IF "HID Point of Sale Usage Tables" 1.02, carried on as section "Barcode Scanner Page" of the
 * HID Usage Tables). Pure: reports and their times in, scans and rejections out.
 *
 * The scanned-data input report of the usage tables holds Symbology Identifier 1..3 (usages 0xFB..0xFD),
 * Decoded Data (0xFE, buffered bytes) and Decode Data Continued (0xFF, one bit). Scanners lay it out as
 * below; every offset counts the report id as byte 0, as hidapi (and so node-hid) hands the report over.
 *
 * Layout 'aim-header' (the default): Honeywell HID-POS ("USB HID Bar Code Scanner") and the Access-IS
 * readers, 64 bytes, or 62 bytes where the descriptor has no vendor bytes:
 *
 *   byte 0      report id, 0x02
 *   byte 1      how many bytes of the data field are this report's part of the scan (Generic Desktop
 *               "Byte Count", 0x01:0x3B, in Honeywell's descriptor), 0..56
 *   bytes 2-4   AIM symbology identifier, `]` + code character + modifier (`]Q1` QR Code, `]C0` Code 128,
 *               `]E0` EAN-13), or zeros when the scanner is set to send none
 *   bytes 5-60  decoded data, 56 bytes, NUL-padded after the count
 *   byte 61     (64-byte form) the maker's own symbology letter (Honeywell Code ID, `s` for QR) - not used
 *   byte 62     (64-byte form) reserved
 *   last byte   bit 0: Decode Data Continued - 1 while more reports of the same scan follow, 0 on the last
 *
 * Layout 'data-first': scan engines documented by IDTech (2DScan FX100) and Quio (QU-R-302) and others
 * of the same family, 64 bytes: report id 0x02, byte count, decoded data in bytes 2-57, reserved 58-61,
 * the engine's symbology letter (or 0x00) in byte 62, Decode Data Continued in bit 0 of byte 63.
 *
 * A scan longer than 56 bytes comes as several reports, each but the last with the continued bit set;
 * the data parts are joined in order. A report of another id is ignored; a malformed report, a scan
 * longer than `maxLength` bytes, or a scan with no final report within `partialTimeoutMs` is dropped
 * with a reason, and never emitted cut short.
 */
import {
  cleanScanText,
  DEFAULT_MAX_SCAN_LENGTH,
  DEFAULT_PARTIAL_TIMEOUT_MS,
  hexBytes,
  rejected,
  type DecodeEvent,
  type ScanDecoder,
} from './scan-types.js';

export const HID_POS_USAGE_PAGE = 0x8c;
/** Usage "Bar Code Scanner" on the HID-POS page: the application collection a scanner's interface has. */
export const HID_POS_USAGE_BARCODE_SCANNER = 0x02;
export const HID_POS_SCANNED_DATA_REPORT_ID = 0x02;
/** The Decoded Data field's size in every documented scanner descriptor. */
const DATA_FIELD_BYTES = 56;
/** No documented scanner sends longer reports; anything past this is not a scanner talking. */
const MAX_REPORT_BYTES = 256;

export const HID_POS_LAYOUTS = ['aim-header', 'data-first'] as const;
export type HidPosLayoutName = (typeof HID_POS_LAYOUTS)[number];

interface Layout {
  /** The shortest report that holds the header, some data and the flag byte. */
  readonly minBytes: number;
  readonly dataOffset: number;
  /** How many data bytes a report of this length can carry. */
  capacity(reportBytes: number): number;
  symbology(report: Uint8Array): string | null;
}

const printable = (b: number) => b >= 0x21 && b <= 0x7e;

const LAYOUTS: Record<HidPosLayoutName, Layout> = {
  'aim-header': {
    minBytes: 6,
    dataOffset: 5,
    // id, count, three symbology bytes and the flag byte; 64-byte reports also carry two vendor bytes.
    capacity: (n) => Math.min(DATA_FIELD_BYTES, n - 6),
    symbology: (r) => {
      const id = r.subarray(2, 5);
      return id.every(printable) ? String.fromCharCode(...id) : null;
    },
  },
  'data-first': {
    minBytes: 9,
    dataOffset: 2,
    // id, count, data, four reserved bytes, the symbology byte and the flag byte.
    capacity: (n) => Math.min(DATA_FIELD_BYTES, n - 8),
    symbology: (r) => {
      const id = r[r.length - 2]!;
      return printable(id) ? String.fromCharCode(id) : null;
    },
  },
};

export interface HidPosDecoderOptions {
  layout?: HidPosLayoutName;
  /** The scanned data report's id; 0x02 on every documented scanner. */
  reportId?: number;
  /** The longest scan accepted, in bytes. */
  maxLength?: number;
  /** Silence after a continued report after which the partial scan is dropped. */
  partialTimeoutMs?: number;
}

/** Bytes to text: UTF-8 when they are valid UTF-8 (QR Codes carry it), else ISO-8859-1 (Code 128's extended set). */
function bytesToText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    let text = '';
    for (const b of bytes) text += String.fromCharCode(b);
    return text;
  }
}

export class HidPosDecoder implements ScanDecoder {
  readonly mode = 'hid-pos' as const;
  private readonly layout: Layout;
  private readonly layoutName: HidPosLayoutName;
  private readonly reportId: number;
  private readonly maxLength: number;
  private readonly timeoutMs: number;

  /** Reports taken into the scan in progress; 0 when none is. */
  private reports = 0;
  private parts: Uint8Array[] = [];
  private bytes = 0;
  private symbology: string | null = null;
  /** The scan in progress was refused (too long, or a malformed report inside it): swallow it to its end. */
  private discarding = false;
  private lastAt = 0;

  constructor(options: HidPosDecoderOptions = {}) {
    this.layoutName = options.layout ?? 'aim-header';
    this.layout = LAYOUTS[this.layoutName];
    this.reportId = options.reportId ?? HID_POS_SCANNED_DATA_REPORT_ID;
    this.maxLength = options.maxLength ?? DEFAULT_MAX_SCAN_LENGTH;
    this.timeoutMs = options.partialTimeoutMs ?? DEFAULT_PARTIAL_TIMEOUT_MS;
  }

  push(report: Uint8Array, now: number): DecodeEvent[] {
    const events = this.expire(now);
    const { layout } = this;

    if (report.length >= 1 && report[0] !== this.reportId) {
      events.push(rejected('other-report', `HID-POS report id 0x${report[0]!.toString(16).padStart(2, '0')} is not the scanned data report 0x${this.reportId.toString(16).padStart(2, '0')}: ${hexBytes(report)}`));
      return events;
    }
    if (report.length < layout.minBytes || report.length > MAX_REPORT_BYTES) {
      events.push(rejected('bad-length', `HID-POS report of ${report.length} bytes; the ${this.layoutName} layout needs ${layout.minBytes} to ${MAX_REPORT_BYTES}: ${hexBytes(report)}`));
      events.push(...this.breakScan(now));
      return events;
    }
    const count = report[1]!;
    const capacity = layout.capacity(report.length);
    if (count > capacity) {
      events.push(rejected('bad-count', `HID-POS report says ${count} data bytes but a ${report.length}-byte report holds at most ${capacity}: ${hexBytes(report)}`));
      events.push(...this.breakScan(now));
      return events;
    }

    const continued = (report[report.length - 1]! & 0x01) === 1;
    const data = report.slice(layout.dataOffset, layout.dataOffset + count);
    if (this.reports === 0) this.symbology = layout.symbology(report);
    this.reports += 1;
    this.lastAt = now;

    if (!this.discarding) {
      if (this.bytes + data.length > this.maxLength) {
        events.push(rejected('too-long', `HID-POS scan longer than ${this.maxLength} bytes (at least ${this.bytes + data.length}); dropped whole`));
        this.parts = [];
        this.bytes = 0;
        this.discarding = true;
      } else {
        this.parts.push(data);
        this.bytes += data.length;
      }
    }

    if (!continued) events.push(...this.finish());
    return events;
  }

  deadline(): number | null {
    return this.reports > 0 ? this.lastAt + this.timeoutMs : null;
  }

  expire(now: number): DecodeEvent[] {
    const due = this.deadline();
    if (due === null || now < due) return [];
    const events = this.discarding
      ? []
      : [rejected('timed-out', `HID-POS scan of ${this.bytes} bytes in ${this.reports} report(s) had no final report within ${this.timeoutMs} ms; dropped`)];
    this.clear();
    return events;
  }

  reset(): DecodeEvent[] {
    const events = this.reports > 0 && !this.discarding ? [rejected('interrupted', `HID-POS scan of ${this.bytes} bytes dropped: the scanner was closed before its final report`)] : [];
    this.clear();
    return events;
  }

  /** A malformed report inside a multi-report scan: what was gathered is incomplete, and so is what follows. */
  private breakScan(now: number): DecodeEvent[] {
    if (this.reports === 0 || this.discarding) return [];
    const events = [rejected('interrupted', `HID-POS scan of ${this.bytes} bytes dropped: a malformed report came in the middle of it`)];
    this.parts = [];
    this.bytes = 0;
    this.discarding = true;
    this.lastAt = now;
    return events;
  }

  private finish(): DecodeEvent[] {
    if (this.discarding) {
      this.clear();
      return [];
    }
    const all = new Uint8Array(this.bytes);
    let at = 0;
    for (const part of this.parts) {
      all.set(part, at);
      at += part.length;
    }
    const symbology = this.symbology;
    const reports = this.reports;
    this.clear();
    const code = cleanScanText(bytesToText(all));
    if (code === '') return [rejected('empty', `HID-POS scan in ${reports} report(s) held no text (${all.length} bytes, all control characters or spaces)`)];
    return [{ kind: 'scan', scan: { code, symbology, mode: 'hid-pos' } }];
  }

  private clear(): void {
    this.reports = 0;
    this.parts = [];
    this.bytes = 0;
    this.symbology = null;
    this.discarding = false;
  }
}
