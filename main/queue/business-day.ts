/**
 * Local calendar arithmetic for a branch's IANA zone. Intl carries the zone rules, so a branch in
 * Makassar rolls over at 00:00 WITA, not at UTC midnight or the server's midnight.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface LocalParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
}

export function localParts(at: number, timeZone: string): LocalParts {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(at)) parts[p.type] = p.value;
  return parts as unknown as LocalParts;
}

/** Per zone, the business days last asked for and the instants each runs between, [start, end). */
const knownDays = new Map<string, { day: string; start: number; end: number }[]>();
/** Today and yesterday are asked for on every command (the queue spans both); a few more cost nothing. */
const KNOWN_DAYS = 4;

/**
 * The branch's business day (YYYY-MM-DD) that the instant falls in. Every command asks for today
 * (and the queue for yesterday), so the days last found per zone are kept with their bounds:
 * formatting a date through Intl on each call was a large share of the hub's CPU while issuing.
 */
export function businessDay(at: number, timeZone: string): string {
  const known = knownDays.get(timeZone) ?? [];
  const hit = known.find((d) => at >= d.start && at < d.end);
  if (hit) return hit.day;
  const p = localParts(at, timeZone);
  const day = `${p.year}-${p.month}-${p.day}`;
  const start = startOfBusinessDay(day, timeZone);
  // The next day's midnight, found from its own offset: a day is not always 24 hours long.
  const next = localParts(start + 36 * 3_600_000, timeZone);
  const end = startOfBusinessDay(`${next.year}-${next.month}-${next.day}`, timeZone);
  if (at >= start && at < end) knownDays.set(timeZone, [{ day, start, end }, ...known].slice(0, KNOWN_DAYS));
  return day;
}

/** HH:MM on the branch's wall clock. */
export function localTime(at: number, timeZone: string): string {
  const p = localParts(at, timeZone);
  return `${p.hour}:${p.minute}`;
}

/** Midnights already found, by zone and day: reports and the print check ask for today's on every read. */
const midnights = new Map<string, number>();
const MIDNIGHTS = 256;

/** The instant local midnight starts the given business day, found from the zone's offset that day. */
export function startOfBusinessDay(day: string, timeZone: string): number {
  const key = `${timeZone} ${day}`;
  const known = midnights.get(key);
  if (known !== undefined) return known;
  const guess = Date.parse(`${day}T00:00:00Z`);
  const p = localParts(guess, timeZone);
  const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  const midnight = guess - (asUtc - guess);
  if (midnights.size >= MIDNIGHTS) midnights.clear();
  midnights.set(key, midnight);
  return midnight;
}
