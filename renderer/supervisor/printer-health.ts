import type { SupervisorOverview } from '../../main/wire/schemas.js';
import type { ClockFormat, DeviceEntry } from './device-health.js';
import type { Lang } from './figures.js';

/**
 * What the supervisor reads about the kiosks' printers: each condition in words with what to do
 * about it ("Printer Kios Lobi: kertas habis, pasang gulungan baru"), and why a ticket did not print.
 * The hub's own sentences are English only; the page says them in the reader's language.
 */
export type PrinterEntry = SupervisorOverview['printers'][number];
export type PrintFailureEntry = SupervisorOverview['printFailures'][number];

/** A line of the fault list: a fault stops something now, a warning will soon. */
export interface Fault {
  text: string;
  level: 'fault' | 'warning';
}

/**
 * Printer conditions (PRINTER_CONDITIONS) and print failures (PRINT_FAILURES): what the printer
 * is, and what a person does about it, in each language.
 */
const WORDS: Record<string, Record<Lang, { state: string; fix: string }>> = {
  ready: { id: { state: 'siap', fix: '' }, en: { state: 'ready', fix: '' } },
  paper_near_end: { id: { state: 'kertas hampir habis', fix: 'siapkan gulungan baru' }, en: { state: 'paper nearly out', fix: 'have a new roll ready' } },
  paper_out: { id: { state: 'kertas habis', fix: 'pasang gulungan baru' }, en: { state: 'paper out', fix: 'put in a new roll' } },
  cover_open: { id: { state: 'penutup terbuka', fix: 'tutup rapat' }, en: { state: 'cover open', fix: 'close it firmly' } },
  offline: { id: { state: 'offline', fix: 'periksa apakah printer menyala' }, en: { state: 'offline', fix: 'check that it is switched on' } },
  error: { id: { state: 'galat', fix: 'matikan lalu nyalakan lagi' }, en: { state: 'error', fix: 'switch it off and on again' } },
  no_answer: { id: { state: 'tidak menjawab', fix: 'periksa apakah printer menyala' }, en: { state: 'not answering', fix: 'check that it is switched on' } },
  unreachable: { id: { state: 'tidak terjangkau', fix: 'periksa kabel atau jaringannya' }, en: { state: 'cannot be reached', fix: 'check its cable or network' } },
  interrupted: { id: { state: 'pencetakan terputus', fix: 'periksa kertas yang keluar' }, en: { state: 'printing was interrupted', fix: 'check what came out' } },
};

const SINCE: Record<Lang, string> = { id: 'sejak', en: 'since' };

/** "pasang gulungan baru" as a sentence of its own. */
const sentence = (text: string) => (text === '' ? '' : `${text[0]!.toUpperCase()}${text.slice(1)}.`);

/** A condition or failure reason in a few words; one the page does not know yet is shown as the hub sent it. */
export function printerWords(condition: string, lang: Lang): string {
  return WORDS[condition]?.[lang]?.state ?? condition.replaceAll('_', ' ');
}

/** The condition with what to do about it: "kertas habis: pasang gulungan baru". */
export function printerAdvice(condition: string, lang: Lang): string {
  const fix = WORDS[condition]?.[lang]?.fix;
  return fix ? `${printerWords(condition, lang)}: ${fix}` : printerWords(condition, lang);
}

/**
 * Every printer that is not ready, as a fault (a warning while the paper is only running low).
 * A printer of a device that is no longer in service is left out: nobody can fix it from here.
 */
export function printerFaults(printers: readonly PrinterEntry[], devices: readonly DeviceEntry[], lang: Lang, clock: ClockFormat): Fault[] {
  const inService = new Set(devices.filter((d) => d.status === 'active').map((d) => d.id));
  return printers
    .filter((p) => p.status !== 'ready' && inService.has(p.deviceId))
    .map((p) => ({
      text: `Printer ${p.deviceName}: ${printerWords(p.status, lang)}${p.detail ? ` (${p.detail})` : ''} · ${SINCE[lang]} ${clock(p.at)}. ${sentence(WORDS[p.status]?.[lang]?.fix ?? '')}`.trim(),
      level: p.status === 'paper_near_end' ? 'warning' : 'fault',
    }));
}

/** A ticket to print again; deviceId is the kiosk whose print failed, null when not known. */
export interface ReprintRequest {
  ticketId: string;
  displayNumber: string;
  deviceId: string | null;
}

/** A kiosk a ticket can be printed on, with its printer's condition (null when it never said). */
export interface PrintableKiosk {
  device: DeviceEntry;
  printer: PrinterEntry | null;
}

export function printableKiosks(devices: readonly DeviceEntry[], printers: readonly PrinterEntry[]): PrintableKiosk[] {
  const printerOf = new Map(printers.map((p) => [p.deviceId, p]));
  return devices.filter((d) => d.role === 'kiosk' && d.status === 'active').map((device) => ({ device, printer: printerOf.get(device.id) ?? null }));
}
