import { describe, expect, it } from 'vitest';
import { KeyboardDecoder, usKeyCharacter } from '../../main/devices/scanner/keyboard-decoder.js';
import type { DecodeEvent } from '../../main/devices/scanner/scan-types.js';
import {
  bytes,
  KEYBOARD_BOOKING_CODE,
  KEYBOARD_MALFORMED,
  KEYBOARD_PARTIAL,
  KEYBOARD_ROLLOVER_AB,
  KEYBOARD_STATUS_URL,
  KEYBOARD_UP,
} from './fixtures/scanner-reports.js';

/** Feeds reports 2 ms apart from `start`, as a scanner types; returns every event. */
function feed(decoder: KeyboardDecoder, list: readonly string[], start = 0): DecodeEvent[] {
  return list.flatMap((hex, i) => decoder.push(bytes(hex), start + 2 * i));
}
const codes = (events: DecodeEvent[]) => events.flatMap((e) => (e.kind === 'scan' ? [e.scan.code] : []));
const reasons = (events: DecodeEvent[]) => events.flatMap((e) => (e.kind === 'rejected' ? [e.rejection.reason] : []));

describe('keyboard-mode decoder', () => {
  it('types a booking code: Shift for capitals, "-" and digits, Enter ends it', () => {
    const events = feed(new KeyboardDecoder(), KEYBOARD_BOOKING_CODE);
    expect(events).toEqual([{ kind: 'scan', scan: { code: 'BK-0900-01', symbology: null, mode: 'keyboard' } }]);
  });

  it('types a status URL: shifted ":" from either Shift key, "/", ".", and keys in rollover', () => {
    expect(codes(feed(new KeyboardDecoder(), KEYBOARD_STATUS_URL))).toEqual(['http://hub.local:8080/t/abcd']);
  });

  it('types a held key once, however many reports repeat it', () => {
    const [code] = codes(feed(new KeyboardDecoder(), KEYBOARD_BOOKING_CODE));
    expect(code!.split('9')).toHaveLength(2);
    const held = ['00 00 27 00 00 00 00 00', '00 00 27 00 00 00 00 00', '00 00 27 00 00 00 00 00', KEYBOARD_UP, '00 00 28 00 00 00 00 00'];
    expect(codes(feed(new KeyboardDecoder(), held))).toEqual(['0']);
  });

  it('types both keys of a two-key rollover, in the order they went down', () => {
    expect(codes(feed(new KeyboardDecoder(), KEYBOARD_ROLLOVER_AB))).toEqual(['ab']);
  });

  it('hands the scan over on the Enter report, not before', () => {
    const decoder = new KeyboardDecoder();
    const perReport = KEYBOARD_BOOKING_CODE.map((hex, i) => decoder.push(bytes(hex), i));
    const enterAt = KEYBOARD_BOOKING_CODE.indexOf('00 00 28 00 00 00 00 00');
    perReport.forEach((events, i) => expect(events.length, `report ${i}`).toBe(i === enterAt ? 1 : 0));
  });

  it('accepts Keypad Enter as the end, and keypad digits', () => {
    const keypad = ['00 00 59 00 00 00 00 00', KEYBOARD_UP, '00 00 62 00 00 00 00 00', KEYBOARD_UP, '00 00 58 00 00 00 00 00', KEYBOARD_UP];
    expect(codes(feed(new KeyboardDecoder(), keypad))).toEqual(['10']);
  });

  it('gives up a partial scan after the silence timeout, then reads the next one', () => {
    const decoder = new KeyboardDecoder({ partialTimeoutMs: 500 });
    expect(feed(decoder, KEYBOARD_PARTIAL)).toEqual([]);
    const last = 2 * (KEYBOARD_PARTIAL.length - 1);
    expect(decoder.deadline()).toBe(last + 500);
    expect(decoder.expire(last + 499)).toEqual([]);
    const [timedOut] = decoder.expire(last + 500);
    expect(timedOut).toMatchObject({ kind: 'rejected', rejection: { reason: 'timed-out' } });
    expect(timedOut!.kind === 'rejected' && timedOut!.rejection.detail).toContain('5 characters');
    expect(decoder.deadline()).toBeNull();
    expect(codes(feed(decoder, KEYBOARD_BOOKING_CODE, 5000))).toEqual(['BK-0900-01']);
  });

  it('gives up a partial scan when the next report comes after the timeout, before reading it', () => {
    const decoder = new KeyboardDecoder();
    feed(decoder, KEYBOARD_PARTIAL);
    const events = feed(decoder, KEYBOARD_BOOKING_CODE, 10_000);
    expect(reasons(events)).toEqual(['timed-out']);
    expect(codes(events)).toEqual(['BK-0900-01']);
  });

  it('ignores a phantom-state report and keeps the keys it knew were down', () => {
    const decoder = new KeyboardDecoder();
    const events = feed(decoder, ['00 00 04 00 00 00 00 00', KEYBOARD_MALFORMED.phantom, '00 00 04 00 00 00 00 00', KEYBOARD_UP, '00 00 28 00 00 00 00 00']);
    expect(reasons(events)).toEqual(['rollover-error']);
    expect(codes(events)).toEqual(['a']);
  });

  it('ignores reports of the wrong length', () => {
    const events = feed(new KeyboardDecoder(), [KEYBOARD_MALFORMED.tooShort, `${KEYBOARD_UP} 00`, ...KEYBOARD_BOOKING_CODE]);
    expect(reasons(events)).toEqual(['bad-length', 'bad-length']);
    expect(codes(events)).toEqual(['BK-0900-01']);
  });

  it('reads numbered keyboard reports (report id before the 8 boot bytes) when told the id', () => {
    const decoder = new KeyboardDecoder({ reportId: 0x01 });
    const events = feed(decoder, ['02 00 00 04 00 00 00 00 00', ...KEYBOARD_BOOKING_CODE.map((hex) => `01 ${hex}`), '01 00 00 00 00 00 00 00']);
    expect(reasons(events)).toEqual(['other-report', 'bad-length']);
    expect(codes(events)).toEqual(['BK-0900-01']);
  });

  it('drops a scan with a key that types no character, or a key pressed with Alt', () => {
    const withF1 = ['02 00 05 00 00 00 00 00', KEYBOARD_UP, KEYBOARD_MALFORMED.f1, KEYBOARD_UP, '00 00 28 00 00 00 00 00'];
    const events = feed(new KeyboardDecoder(), withF1);
    expect(reasons(events)).toEqual(['unmapped-key']);
    expect(events[0]!.kind === 'rejected' && events[0]!.rejection.detail).toContain('0x3a');
    expect(reasons(feed(new KeyboardDecoder(), [KEYBOARD_MALFORMED.altKeypad6, KEYBOARD_UP, '00 00 28 00 00 00 00 00']))).toEqual(['unmapped-key']);
  });

  it('drops a scan longer than the cap whole', () => {
    const decoder = new KeyboardDecoder({ maxLength: 5 });
    const events = feed(decoder, [...KEYBOARD_BOOKING_CODE, ...KEYBOARD_ROLLOVER_AB]);
    expect(reasons(events)).toEqual(['too-long']);
    expect(codes(events)).toEqual(['ab']);
  });

  it('rejects an Enter with nothing before it as empty, and reports a scan cut by reset as interrupted', () => {
    expect(reasons(feed(new KeyboardDecoder(), ['00 00 28 00 00 00 00 00']))).toEqual(['empty']);
    const decoder = new KeyboardDecoder();
    feed(decoder, KEYBOARD_PARTIAL);
    expect(reasons(decoder.reset())).toEqual(['interrupted']);
    expect(decoder.deadline()).toBeNull();
  });

  it('maps the US layout with and without Shift', () => {
    const pairs = [
      [0x04, 'a', 'A'],
      [0x1d, 'z', 'Z'],
      [0x1e, '1', '!'],
      [0x27, '0', ')'],
      [0x2d, '-', '_'],
      [0x33, ';', ':'],
      [0x38, '/', '?'],
      [0x2c, ' ', ' '],
    ] as const;
    for (const [usage, plain, shifted] of pairs) {
      expect(usKeyCharacter(usage, false)).toBe(plain);
      expect(usKeyCharacter(usage, true)).toBe(shifted);
    }
    expect(usKeyCharacter(0x3a, false)).toBeUndefined();
  });
});
