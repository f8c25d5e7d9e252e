/**
 * How a time of day is said on every screen and ticket: the branch's clock, whatever zone the
 * device is set to, as 24-hour HH:MM with a colon (21:31, never the "21.31" id-ID writes), with the
 * zone's everyday name (WIB, WITA, WIT) beside it.
 */

/** Indonesia's zones by their everyday names; other zones have none. */
const ZONE_NAMES: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

export function zoneName(timeZone: string): string | null {
  return ZONE_NAMES[timeZone] ?? null;
}

/** HH:MM on the branch's clock. */
export function formatClock(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('id-ID', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at).replace('.', ':');
}

/** HH:MM and the zone's name, "21:31 WIB"; a zone without an everyday name is named as it is. */
export function formatClockInZone(at: number, timeZone: string): string {
  return `${formatClock(at, timeZone)} ${zoneName(timeZone) ?? timeZone}`;
}
