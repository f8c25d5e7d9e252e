import type { DeviceRole, SupervisorOverview } from '../../main/wire/schemas.js';
import type { Lang } from './figures.js';

/**
 * What the supervisor reads about a device: its role in words, whether it is reachable, and the
 * faults worth a sentence at the top of the page ("Layar lobby: offline sejak 10:42").
 */
export type DeviceEntry = SupervisorOverview['devices'][number];

/** Formats an instant as HH:MM on the branch's clock. */
export type ClockFormat = (at: number) => string;

export type DeviceState = 'online' | 'offline' | 'never_seen' | Exclude<DeviceEntry['status'], 'active'>;

const ROLES: Record<Lang, Record<DeviceRole, string>> = {
  id: { kiosk: 'Kios tiket', display: 'Layar lobby', booth: 'Bilik video', console: 'Konsol petugas', supervisor: 'Supervisor' },
  en: { kiosk: 'Ticket kiosk', display: 'Lobby display', booth: 'Video booth', console: 'Officer console', supervisor: 'Supervisor' },
};

const WORDS = {
  id: {
    online: 'Online',
    lastContact: 'kontak terakhir {time}',
    offlineSince: 'offline sejak {time}',
    neverSeen: 'belum pernah terhubung',
    pending: 'menunggu persetujuan',
    approved: 'disetujui, menunggu perangkat mengambil tokennya',
    revoked: 'dicabut',
    expired: 'kode pemasangan kedaluwarsa',
    noRole: 'Perangkat baru',
    noPrinter: 'Kios “{name}” belum punya printer: tiketnya tidak tercetak. Pilih printernya di bagian Perangkat.',
    agentMissing: 'Kios “{name}”: agen printernya belum dipasangkan, tiketnya tidak tercetak. Jalankan antre agent di PC kios dan setujui kodenya sebagai bagian dari kios ini.',
    hubPrinterUnknown: 'Kios “{name}”: printer “{printer}” tidak ada di profil hub, tiketnya tidak tercetak. Pilih printer lain di bagian Perangkat.',
    boothUnbound: 'Layar bilik “{name}” belum ditetapkan ke bilik mana pun. Pilih biliknya di bagian Perangkat.',
  },
  en: {
    online: 'Online',
    lastContact: 'last contact {time}',
    offlineSince: 'offline since {time}',
    neverSeen: 'never connected',
    pending: 'waiting for approval',
    approved: 'approved, waiting for the device to collect its token',
    revoked: 'revoked',
    expired: 'pairing code expired',
    noRole: 'New device',
    noPrinter: 'Kiosk “{name}” has no printer: its tickets are not printed. Choose its printer under Devices.',
    agentMissing: 'Kiosk “{name}”: its printer agent is not paired, its tickets are not printed. Run antre agent on the kiosk PC and approve its code as part of this kiosk.',
    hubPrinterUnknown: 'Kiosk “{name}”: printer “{printer}” is not in the hub profile, its tickets are not printed. Choose another printer under Devices.',
    boothUnbound: 'Booth screen “{name}” is not assigned to a booth. Choose its booth under Devices.',
  },
} satisfies Record<Lang, Record<string, string>>;

export function roleLabel(role: DeviceRole | null, lang: Lang): string {
  return role ? ROLES[lang][role] : WORDS[lang].noRole;
}

export function roleOptions(lang: Lang): { role: DeviceRole; label: string }[] {
  return (Object.keys(ROLES[lang]) as DeviceRole[]).map((role) => ({ role, label: ROLES[lang][role] }));
}

export function deviceState(device: DeviceEntry): DeviceState {
  if (device.status !== 'active') return device.status;
  if (device.online) return 'online';
  return device.lastSeenAt === null ? 'never_seen' : 'offline';
}

/** "Online · kontak terakhir 09:12", "offline sejak 10:42", "menunggu persetujuan"... */
export function describeDevice(device: DeviceEntry, lang: Lang, clock: ClockFormat): string {
  const w = WORDS[lang];
  const state = deviceState(device);
  switch (state) {
    case 'online':
      return device.lastSeenAt === null ? w.online : `${w.online} · ${w.lastContact.replace('{time}', clock(device.lastSeenAt))}`;
    case 'offline':
      return w.offlineSince.replace('{time}', clock(device.lastSeenAt ?? 0));
    case 'never_seen':
      return w.neverSeen;
    default:
      return w[state];
  }
}

/** A device in service that cannot be reached, as the sentence the supervisor acts on. */
export function deviceFaults(devices: readonly DeviceEntry[], lang: Lang, clock: ClockFormat): string[] {
  return devices
    .filter((d) => {
      const state = deviceState(d);
      return state === 'offline' || state === 'never_seen';
    })
    .map((d) => `${roleLabel(d.role, lang)} “${d.name}”: ${describeDevice(d, lang, clock)}`);
}

/** Devices in service or about to be; revoked ones and expired requests are history, pending ones are listed apart. */
export function visibleDevices(devices: readonly DeviceEntry[]): DeviceEntry[] {
  return devices.filter((d) => d.status === 'active' || d.status === 'approved');
}

export function pendingDevices(devices: readonly DeviceEntry[]): DeviceEntry[] {
  return devices.filter((d) => d.status === 'pending' && d.pairingCode !== null);
}

/**
 * A device paired but not bound to what it serves, as the sentence the supervisor acts on: a kiosk
 * whose tickets nobody prints, a booth screen that belongs to no booth.
 */
export function bindingFaults(devices: readonly DeviceEntry[], hubPrinters: readonly string[], lang: Lang): string[] {
  const w = WORDS[lang];
  const faults: string[] = [];
  for (const d of devices) {
    if (d.status !== 'active') continue;
    const fill = (text: string) => text.replace('{name}', d.name).replace('{printer}', d.printer?.replace(/^hub:/, '') ?? '');
    if (d.role === 'kiosk' && d.printer === null) faults.push(fill(w.noPrinter));
    else if (d.role === 'kiosk' && d.printer === 'agent' && !d.hasAgent) faults.push(fill(w.agentMissing));
    else if (d.role === 'kiosk' && d.printer?.startsWith('hub:') && !hubPrinters.includes(d.printer.slice(4))) faults.push(fill(w.hubPrinterUnknown));
    else if (d.role === 'booth' && d.positionId === null) faults.push(fill(w.boothUnbound));
  }
  return faults;
}
