import { describe, expect, it } from 'vitest';
import { HidPosDecoder } from '../../main/devices/scanner/hid-pos-decoder.js';
import type { DecodeEvent } from '../../main/devices/scanner/scan-types.js';
import {
  bytes,
  HIDPOS_DATA_FIRST_BOOKING_CODE,
  HIDPOS_EAN13_62_BYTES,
  HIDPOS_MALFORMED,
  HIDPOS_NO_SYMBOLOGY,
  HIDPOS_QR_BOOKING_CODE,
  HIDPOS_QR_LONG_URL,
  HIDPOS_QR_LONG_URL_TEXT,
  HIDPOS_QR_WITH_CONTROLS,
  HONEYWELL_REVINF,
} from './fixtures/scanner-reports.js';

/** Feeds reports 1 ms apart from `start`; returns every event. */
function feed(decoder: HidPosDecoder, list: readonly string[], start = 0): DecodeEvent[] {
  return list.flatMap((hex, i) => decoder.push(bytes(hex), start + i));
}
const scans = (events: DecodeEvent[]) => events.flatMap((e) => (e.kind === 'scan' ? [e.scan] : []));
const reasons = (events: DecodeEvent[]) => events.flatMap((e) => (e.kind === 'rejected' ? [e.rejection.reason] : []));

describe('HID-POS decoder', () => {
  it('decodes a single 64-byte report with its AIM symbology identifier', () => {
    const decoder = new HidPosDecoder();
    const events = feed(decoder, HIDPOS_QR_BOOKING_CODE);
    expect(events).toEqual([{ kind: 'scan', scan: { code: 'BK-0900-01', symbology: ']Q1', mode: 'hid-pos' } }]);
    expect(decoder.deadline()).toBeNull();
  });

  it('decodes the 62-byte form that carries only the usage-table fields', () => {
    expect(scans(feed(new HidPosDecoder(), HIDPOS_EAN13_62_BYTES))).toEqual([{ code: '5901234123457', symbology: ']E0', mode: 'hid-pos' }]);
  });

  it('gives null for the symbology when the scanner sends none', () => {
    expect(scans(feed(new HidPosDecoder(), HIDPOS_NO_SYMBOLOGY))).toEqual([{ code: 'BK-0900-01', symbology: null, mode: 'hid-pos' }]);
  });

  it('joins a scan longer than one report, and waits for the report without Decode Data Continued', () => {
    const decoder = new HidPosDecoder();
    const [first, last] = HIDPOS_QR_LONG_URL.map(bytes);
    expect(decoder.push(first!, 1000)).toEqual([]);
    expect(decoder.deadline()).toBe(1500);
    expect(scans(decoder.push(last!, 1003))).toEqual([{ code: HIDPOS_QR_LONG_URL_TEXT, symbology: ']Q1', mode: 'hid-pos' }]);
    expect(decoder.deadline()).toBeNull();
  });

  it('decodes a real Honeywell capture: five continued reports and a final one, then a second message', () => {
    const events = feed(new HidPosDecoder(), HONEYWELL_REVINF);
    expect(reasons(events)).toEqual([]);
    const [info, status] = scans(events);
    expect(info!.symbology).toBe(']X0');
    expect(info!.code.startsWith('Product Name: Voyager 1602g')).toBe(true);
    expect(info!.code).toContain('Serial Number: 15232B1F0C');
    expect(info!.code.endsWith('Checksum: N/A')).toBe(true);
    expect(info!.code).not.toMatch(/[\r\n]/);
    // 289 bytes over 6 reports, less the eight CR LF pairs.
    expect(info!.code).toHaveLength(289 - 16);
    // The ACK byte (0x06) in the status message is a control character and is dropped.
    expect(status).toEqual({ code: 'REVINF.', symbology: ']Z6', mode: 'hid-pos' });
  });

  it('strips control and format characters (a CR LF suffix, a right-to-left override)', () => {
    expect(scans(feed(new HidPosDecoder(), HIDPOS_QR_WITH_CONTROLS)).map((s) => s.code)).toEqual(['BK-0900-01']);
  });

  it('reads bytes that are not UTF-8 as ISO-8859-1', () => {
    // ]C0 "caf" 0xe9: Code 128 carries ISO-8859-1.
    const report = bytes(`02 04 5d 43 30 63 61 66 e9 ${'00 '.repeat(52)} 00 00 00`);
    expect(report).toHaveLength(64);
    expect(scans(new HidPosDecoder().push(report, 0)).map((s) => s.code)).toEqual(['café']);
  });

  it("decodes the 'data-first' layout of IDTech/Quio engines", () => {
    const decoder = new HidPosDecoder({ layout: 'data-first' });
    expect(scans(feed(decoder, HIDPOS_DATA_FIRST_BOOKING_CODE))).toEqual([{ code: 'BK-0900-01', symbology: null, mode: 'hid-pos' }]);
  });

  it('ignores malformed reports with a recorded reason, and keeps decoding after them', () => {
    const decoder = new HidPosDecoder();
    const events = feed(decoder, [HIDPOS_MALFORMED.otherReportId, HIDPOS_MALFORMED.tooShort, HIDPOS_MALFORMED.countTooBig, HIDPOS_MALFORMED.countPastEnd, ...HIDPOS_QR_BOOKING_CODE]);
    expect(reasons(events)).toEqual(['other-report', 'bad-length', 'bad-count', 'bad-count']);
    const details = events.flatMap((e) => (e.kind === 'rejected' ? [e.rejection.detail] : []));
    expect(details[0]).toContain('report id 0x01');
    expect(details[2]).toContain('57 data bytes');
    expect(details[3]).toContain('at most 4');
    expect(scans(events).map((s) => s.code)).toEqual(['BK-0900-01']);
  });

  it('drops a multi-report scan with a malformed report inside it, tail included', () => {
    const decoder = new HidPosDecoder();
    const events = feed(decoder, [HIDPOS_QR_LONG_URL[0], HIDPOS_MALFORMED.countTooBig, HIDPOS_QR_LONG_URL[1], ...HIDPOS_QR_BOOKING_CODE]);
    expect(reasons(events)).toEqual(['bad-count', 'interrupted']);
    expect(scans(events).map((s) => s.code)).toEqual(['BK-0900-01']);
  });

  it('drops a scan longer than the cap whole, never cut short', () => {
    const decoder = new HidPosDecoder();
    // Ten continued reports of 56 bytes (560 > 512), then the final one.
    const events = feed(decoder, [...Array<string>(10).fill(HIDPOS_QR_LONG_URL[0]), HIDPOS_QR_LONG_URL[1], ...HIDPOS_QR_BOOKING_CODE]);
    expect(reasons(events)).toEqual(['too-long']);
    expect(scans(events).map((s) => s.code)).toEqual(['BK-0900-01']);

    const small = new HidPosDecoder({ maxLength: 60 });
    const cut = feed(small, HIDPOS_QR_LONG_URL);
    expect(reasons(cut)).toEqual(['too-long']);
    expect(scans(cut)).toEqual([]);
  });

  it('gives up a multi-report scan whose final report does not come within the timeout', () => {
    const decoder = new HidPosDecoder({ partialTimeoutMs: 500 });
    decoder.push(bytes(HIDPOS_QR_LONG_URL[0]), 0);
    expect(decoder.expire(499)).toEqual([]);
    expect(reasons(decoder.expire(500))).toEqual(['timed-out']);
    expect(decoder.deadline()).toBeNull();
    expect(scans(feed(decoder, HIDPOS_QR_BOOKING_CODE, 2000)).map((s) => s.code)).toEqual(['BK-0900-01']);
  });

  it('reports a scan in progress as interrupted on reset', () => {
    const decoder = new HidPosDecoder();
    decoder.push(bytes(HIDPOS_QR_LONG_URL[0]), 0);
    expect(reasons(decoder.reset())).toEqual(['interrupted']);
    expect(decoder.reset()).toEqual([]);
  });

  it('rejects a scan with nothing but control characters as empty', () => {
    const report = bytes(`02 02 5d 51 31 0d 0a ${'00 '.repeat(54)} 73 00 00`);
    expect(reasons(new HidPosDecoder().push(report, 0))).toEqual(['empty']);
  });
});
