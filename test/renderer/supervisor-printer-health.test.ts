import { describe, expect, it } from 'vitest';
import type { DeviceEntry } from '../../renderer/supervisor/device-health.js';
import { printableKiosks, printerAdvice, printerFaults, printerWords, type PrinterEntry } from '../../renderer/supervisor/printer-health.js';

const at = (hhmm: string) => Date.parse(`2025-03-10T${hhmm}:00+07:00`);
const clock = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(11, 16);

const device = (id: string, name: string, over: Partial<DeviceEntry> = {}): DeviceEntry => ({
  id,
  name,
  role: 'kiosk',
  status: 'active',
  pairingCode: null,
  requestedRole: 'kiosk',
  requestedKind: 'page',
  joinDeviceId: null,
  positionId: null,
  printer: 'agent',
  hasPage: true,
  hasAgent: true,
  requestedAt: at('08:00'),
  approvedAt: at('08:00'),
  lastSeenAt: at('09:00'),
  online: true,
  ...over,
});

const printer = (deviceId: string, deviceName: string, status: PrinterEntry['status'], over: Partial<PrinterEntry> = {}): PrinterEntry => ({
  deviceId,
  deviceName,
  status,
  detail: null,
  at: at('09:14'),
  message: `Printer ${deviceName}: ${status}`,
  ...over,
});

describe('printer health', () => {
  const devices = [device('k1', 'Kios Lobi'), device('k2', 'Kios Lantai 2'), device('k3', 'Kios lama', { status: 'revoked' }), device('t1', 'TV Lobi', { role: 'display' })];

  it('lists every printer that is not ready, in words with what to do and since when', () => {
    const printers = [
      printer('k1', 'Kios Lobi', 'paper_out'),
      printer('k2', 'Kios Lantai 2', 'ready'),
      printer('k3', 'Kios lama', 'cover_open'),
    ];
    expect(printerFaults(printers, devices, 'id', clock)).toEqual([{ text: 'Printer Kios Lobi: kertas habis · sejak 09:14. Pasang gulungan baru.', level: 'fault' }]);
    expect(printerFaults(printers, devices, 'en', clock)[0]!.text).toBe('Printer Kios Lobi: paper out · since 09:14. Put in a new roll.');
  });

  it('calls paper running low a warning, and keeps the detail the printer gave', () => {
    const faults = printerFaults([printer('k1', 'Kios Lobi', 'paper_near_end'), printer('k2', 'Kios Lantai 2', 'error', { detail: 'cutter jam' })], devices, 'en', clock);
    expect(faults).toEqual([
      { text: 'Printer Kios Lobi: paper nearly out · since 09:14. Have a new roll ready.', level: 'warning' },
      { text: 'Printer Kios Lantai 2: error (cutter jam) · since 09:14. Switch it off and on again.', level: 'fault' },
    ]);
  });

  it('says every failure reason the hub can send with what to do, and an unknown one as sent', () => {
    for (const reason of ['offline', 'cover_open', 'paper_out', 'error', 'no_answer', 'unreachable', 'interrupted', 'paper_near_end']) {
      expect(printerAdvice(reason, 'id')).toMatch(/^[^_]+: [^_]+$/);
      expect(printerAdvice(reason, 'id')).not.toBe(printerAdvice(reason, 'en'));
    }
    expect(printerAdvice('paper_out', 'id')).toBe('kertas habis: pasang gulungan baru');
    expect(printerWords('cover_open', 'en')).toBe('cover open');
    expect(printerAdvice('head_too_hot', 'en')).toBe('head too hot');
  });

  it('offers the kiosks in service for a reprint, each with its printer', () => {
    const kiosks = printableKiosks(devices, [printer('k2', 'Kios Lantai 2', 'paper_out')]);
    expect(kiosks.map((k) => [k.device.id, k.printer?.status ?? null])).toEqual([
      ['k1', null],
      ['k2', 'paper_out'],
    ]);
  });
});
