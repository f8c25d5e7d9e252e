import { describe, expect, it } from 'vitest';
import { bindingFaults, describeDevice, deviceFaults, deviceState, pendingDevices, roleLabel, visibleDevices, type DeviceEntry } from '../../renderer/supervisor/device-health.js';

const at = (hhmm: string) => Date.parse(`2025-03-10T${hhmm}:00+07:00`);
/** HH:MM in Jakarta, as the page formats it. */
const clock = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(11, 16);

const device = (over: Partial<DeviceEntry>): DeviceEntry => ({
  id: 'd1',
  name: 'TV Lobi',
  role: 'display',
  status: 'active',
  pairingCode: null,
  requestedRole: 'display',
  requestedKind: 'page',
  joinDeviceId: null,
  positionId: null,
  printer: null,
  hasPage: true,
  hasAgent: false,
  requestedAt: at('08:00'),
  approvedAt: at('08:00'),
  lastSeenAt: at('10:42'),
  online: false,
  ...over,
});

describe('device health', () => {
  it('names each state the way the supervisor reads it', () => {
    expect(describeDevice(device({ online: true }), 'id', clock)).toBe('Online · kontak terakhir 10:42');
    expect(describeDevice(device({}), 'id', clock)).toBe('offline sejak 10:42');
    expect(describeDevice(device({}), 'en', clock)).toBe('offline since 10:42');
    expect(describeDevice(device({ lastSeenAt: null }), 'id', clock)).toBe('belum pernah terhubung');
    expect(describeDevice(device({ status: 'pending', role: null, pairingCode: 'K7M2QX', lastSeenAt: null }), 'id', clock)).toBe('menunggu persetujuan');
    expect(describeDevice(device({ status: 'approved', lastSeenAt: null }), 'en', clock)).toMatch(/waiting for the device to collect its token/);
  });

  it('lists a device in service that cannot be reached as a fault, with its role and since when', () => {
    const faults = deviceFaults(
      [
        device({ id: 'a', name: 'TV Lobi Utama', online: true }),
        device({ id: 'b', name: 'TV Ruang Tunggu' }),
        device({ id: 'c', name: 'Kios Lantai 2', role: 'kiosk', lastSeenAt: null }),
        device({ id: 'd', name: 'Kios baru', role: null, status: 'pending', pairingCode: 'ABC234' }),
        device({ id: 'e', name: 'Konsol lama', role: 'console', status: 'revoked' }),
        device({ id: 'f', name: 'Kios tak jadi', role: null, status: 'expired', lastSeenAt: null }),
      ],
      'id',
      clock,
    );
    expect(faults).toEqual(['Layar lobby “TV Ruang Tunggu”: offline sejak 10:42', 'Kios tiket “Kios Lantai 2”: belum pernah terhubung']);
  });

  it('keeps pending devices apart from paired ones and hides revoked ones and expired requests', () => {
    const list = [
      device({ id: 'a' }),
      device({ id: 'b', status: 'pending', role: null, pairingCode: 'ABC234' }),
      device({ id: 'c', status: 'revoked' }),
      device({ id: 'd', status: 'approved' }),
      device({ id: 'e', status: 'expired', role: null, pairingCode: null }),
    ];
    expect(visibleDevices(list).map((d) => d.id)).toEqual(['a', 'd']);
    expect(pendingDevices(list).map((d) => d.id)).toEqual(['b']);
    expect(deviceState(list[3]!)).toBe('approved');
    expect(describeDevice(list[4]!, 'id', clock)).toBe('kode pemasangan kedaluwarsa');
    expect(roleLabel(null, 'en')).toBe('New device');
    expect(roleLabel('booth', 'id')).toBe('Bilik video');
  });
});

describe('devices not bound to what they serve', () => {
  it('names a kiosk whose tickets nobody prints and a booth screen without a booth; a bound or revoked device is no fault', () => {
    const devices = [
      device({ id: 'a', name: 'Kios lobi', role: 'kiosk', printer: null }),
      device({ id: 'b', name: 'Kios lantai 2', role: 'kiosk', printer: 'agent', hasAgent: false }),
      device({ id: 'c', name: 'Kios samping', role: 'kiosk', printer: 'hub:Printer lama' }),
      device({ id: 'd', name: 'Layar bilik', role: 'booth', positionId: null }),
      device({ id: 'e', name: 'Kios baik', role: 'kiosk', printer: 'agent', hasAgent: true }),
      device({ id: 'f', name: 'Kios jaringan', role: 'kiosk', printer: 'hub:Printer lobi' }),
      device({ id: 'g', name: 'Bilik 1', role: 'booth', positionId: 'booth-1' }),
      device({ id: 'h', name: 'Kios dicabut', role: 'kiosk', printer: null, status: 'revoked' }),
      device({ id: 'i', name: 'TV', role: 'display' }),
    ];
    expect(bindingFaults(devices, ['Printer lobi'], 'id')).toEqual([
      'Kios “Kios lobi” belum punya printer: tiketnya tidak tercetak. Pilih printernya di bagian Perangkat.',
      'Kios “Kios lantai 2”: agen printernya belum dipasangkan, tiketnya tidak tercetak. Jalankan antre agent di PC kios dan setujui kodenya sebagai bagian dari kios ini.',
      'Kios “Kios samping”: printer “Printer lama” tidak ada di profil hub, tiketnya tidak tercetak. Pilih printer lain di bagian Perangkat.',
      'Layar bilik “Layar bilik” belum ditetapkan ke bilik mana pun. Pilih biliknya di bagian Perangkat.',
    ]);
    expect(bindingFaults(devices, ['Printer lobi'], 'en')[0]).toBe('Kiosk “Kios lobi” has no printer: its tickets are not printed. Choose its printer under Devices.');
  });
});
