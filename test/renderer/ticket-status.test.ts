import { describe, expect, it } from 'vitest';
import { DEFAULT_POLL_SECONDS, isFinal, pollIntervalMs, previousServiceName, serviceName, statusCodeFromPath } from '../../renderer/t/ticket-status.js';
import { formatClockInZone } from '../../renderer/lib/format.js';

describe('phone ticket status', () => {
  it('reads the status code from /t/<code>, and nothing else', () => {
    expect(statusCodeFromPath('/t/k7m2qxa9b3c4d5e6')).toBe('k7m2qxa9b3c4d5e6');
    expect(statusCodeFromPath('/t/k7m2qxa9b3c4d5e6/')).toBe('k7m2qxa9b3c4d5e6');
    expect(statusCodeFromPath('/t/')).toBeNull();
    expect(statusCodeFromPath('/t/a/b')).toBeNull();
    expect(statusCodeFromPath('/kiosk')).toBeNull();
    // A broken escape is not a code (decodeURIComponent would throw).
    expect(statusCodeFromPath('/t/%E0%A4%A')).toBeNull();
  });

  it('polls every few seconds by default, and within 1 to 60 seconds when asked', () => {
    expect(pollIntervalMs('')).toBe(DEFAULT_POLL_SECONDS * 1000);
    expect(pollIntervalMs('?poll=1')).toBe(1000);
    expect(pollIntervalMs('?poll=0.2')).toBe(1000);
    expect(pollIntervalMs('?poll=600')).toBe(60_000);
    expect(pollIntervalMs('?poll=abc')).toBe(DEFAULT_POLL_SECONDS * 1000);
    expect(pollIntervalMs('?poll=-5')).toBe(DEFAULT_POLL_SECONDS * 1000);
  });

  it('stops asking once nothing more can happen to the ticket', () => {
    expect(['done', 'no_show', 'cancelled'].every((s) => isFinal(s as never))).toBe(true);
    expect(['waiting', 'called', 'serving'].some((s) => isFinal(s as never))).toBe(false);
  });

  it("names the service in the reader's language, and by its code when the hub sent no name", () => {
    const ticket = { serviceCode: 'JHT', serviceLabelId: 'Klaim JHT', serviceLabelEn: 'Old-age savings claim' };
    expect(serviceName(ticket, 'id')).toBe('Klaim JHT');
    expect(serviceName(ticket, 'en')).toBe('Old-age savings claim');
    expect(serviceName({ ...ticket, serviceLabelEn: '' }, 'en')).toBe('JHT');
  });

  it('names the service a transferred ticket came from, in the reader\'s language; none for a ticket never moved', () => {
    const moved = { transferredFrom: { serviceCode: 'JHT', labelId: 'Klaim JHT', labelEn: 'Old-age savings claim' } };
    expect(previousServiceName(moved, 'id')).toBe('Klaim JHT');
    expect(previousServiceName(moved, 'en')).toBe('Old-age savings claim');
    expect(previousServiceName({ transferredFrom: { ...moved.transferredFrom, labelEn: '' } }, 'en')).toBe('JHT');
    expect(previousServiceName({ transferredFrom: null }, 'id')).toBeNull();
  });

  it("says the time on the branch's clock with its zone, whatever zone the phone is in", () => {
    const at = Date.parse('2025-03-10T14:31:00Z');
    expect(formatClockInZone(at, 'Asia/Jakarta')).toBe('21:31 WIB');
    expect(formatClockInZone(at, 'Asia/Makassar')).toBe('22:31 WITA');
    expect(formatClockInZone(at, 'Asia/Jayapura')).toBe('23:31 WIT');
    expect(formatClockInZone(at, 'Europe/Amsterdam')).toBe('15:31 Europe/Amsterdam');
  });
});
