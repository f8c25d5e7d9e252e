import { describe, expect, it } from 'vitest';
import { bookingCodeFromScan, claimCountOf, isBookingCode, newRequestId, typeBookingKey, typeCountDigit } from '../../renderer/kiosk/kiosk-input.js';

describe('booking code entry', () => {
  it('accepts 4 to 32 capital letters, digits and dashes', () => {
    expect(isBookingCode('BK-0915')).toBe(true);
    expect(isBookingCode('ABC')).toBe(false);
    expect(isBookingCode('A'.repeat(33))).toBe(false);
    expect(isBookingCode('bk-0915')).toBe(false);
    expect(isBookingCode('BK 0915')).toBe(false);
  });

  it('stops taking keys at 32 characters', () => {
    const full = 'A'.repeat(32);
    expect(typeBookingKey(full, 'B')).toBe(full);
    expect(typeBookingKey('BK', '-')).toBe('BK-');
  });

  it('reads the code from what a scanner typed: a bare code, lower case, or a link ending in it', () => {
    expect(bookingCodeFromScan('BK-0915')).toBe('BK-0915');
    expect(bookingCodeFromScan('  scan-7788 \t')).toBe('SCAN-7788');
    expect(bookingCodeFromScan('https://antrean.example.id/booking/BK-0915')).toBe('BK-0915');
    expect(bookingCodeFromScan('https://antrean.example.id/b?code=QX-123')).toBe('QX-123');
    expect(bookingCodeFromScan('??')).toBeNull();
    expect(bookingCodeFromScan('https://antrean.example.id/b/1')).toBeNull();
  });
});

describe('claim count entry', () => {
  it('ignores a leading zero and a fifth digit', () => {
    expect(typeCountDigit('', '0')).toBe('');
    expect(typeCountDigit('1', '0')).toBe('10');
    expect(typeCountDigit('1000', '5')).toBe('1000');
  });

  it('takes 1 to 1000 claim files', () => {
    expect(claimCountOf('')).toBeNull();
    expect(claimCountOf('0')).toBeNull();
    expect(claimCountOf('1')).toBe(1);
    expect(claimCountOf('1000')).toBe(1000);
    expect(claimCountOf('1001')).toBeNull();
  });
});

describe('request keys', () => {
  it('are fresh UUIDs the hub accepts as requestId (8 to 64 characters)', () => {
    const keys = new Set(Array.from({ length: 200 }, () => newRequestId()));
    expect(keys.size).toBe(200);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
