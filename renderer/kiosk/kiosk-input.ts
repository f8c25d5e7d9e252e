/** What the kiosk's keypads and its scanner accept. Pure, so it is tested without a browser. */

export const BOOKING_CODE_MAX = 32;
const BOOKING_CODE = /^[A-Z0-9-]{4,32}$/;
export const CLAIM_COUNT_MAX = 1000;

export const BOOKING_KEYS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ', ...'0123456789', '-'] as const;

export function isBookingCode(code: string): boolean {
  return BOOKING_CODE.test(code);
}

/** The code after one more key on the on-screen keypad; longer than a code can be is ignored. */
export function typeBookingKey(code: string, key: string): string {
  return code.length >= BOOKING_CODE_MAX ? code : code + key;
}

/**
 * The booking code in what a keyboard-wedge scanner typed. A booking QR may hold the bare code or
 * a link ending in it; either way the code is the last run of letters, digits and dashes.
 */
export function bookingCodeFromScan(raw: string): string | null {
  const runs = raw.trim().toUpperCase().match(/[A-Z0-9-]+/g) ?? [];
  const last = runs.at(-1);
  return last !== undefined && isBookingCode(last) ? last : null;
}

/** The digits after one more key on the claim-count keypad: no leading zero, at most four digits. */
export function typeCountDigit(digits: string, digit: string): string {
  if (digits === '' && digit === '0') return digits;
  return digits.length >= String(CLAIM_COUNT_MAX).length ? digits : digits + digit;
}

/** The claim count the digits stand for, or null outside 1..1000. */
export function claimCountOf(digits: string): number | null {
  if (!/^\d+$/.test(digits)) return null;
  const n = Number(digits);
  return n >= 1 && n <= CLAIM_COUNT_MAX ? n : null;
}

/**
 * A fresh key for one confirmed tap. crypto.randomUUID exists only in secure contexts, and a
 * kiosk opens its hub over plain http on the branch LAN, so the key is built from getRandomValues.
 */
export function newRequestId(): string {
  const hex = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
