/**
 * A branch database with history, built through the queue's own commands under a moving clock:
 * each day officers sign in, a kiosk issues tickets (walk-ins, priorities, collective claims and
 * booking check-ins) whose prints succeed or fail, officers call, serve and finish them, and sign
 * out at closing. The result is what a hub finds after months of service: past days' tickets,
 * events, officer sessions and print jobs, in the same shape the commands write them.
 *
 *   const history = buildHistory({ file: join(dataDir, DATABASE_FILE), days: 300, ticketsPerDay: 300 });
 *
 * Building is quick because durability is not needed here: synchronous is off while building and
 * each day is one outer transaction (the commands nest inside it as they would in any caller).
 */
import { openDatabase } from '../../main/db/connection.js';
import { migrate } from '../../main/db/migrate.js';
import { startOfBusinessDay, businessDay } from '../../main/queue/business-day.js';
import { createBranchQueue } from '../../main/queue/branch-queue.js';
import { DEFAULT_SERVICES } from '../../main/queue/catalogue.js';
import type { BranchIdentity, Outcome, Priority } from '../../main/queue/types.js';
import { MIGRATIONS_DIR } from './app-layout.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface HistoryOptions {
  /** The database file to create (it must not exist yet). */
  file: string;
  days: number;
  ticketsPerDay: number;
  branch?: BranchIdentity;
  /** History ends on the business day before this instant; default now. */
  until?: number;
  /** The kiosk device whose printer prints the history's tickets. */
  kioskId?: string;
}

export interface History {
  file: string;
  branch: BranchIdentity;
  tickets: number;
  events: number;
  /** The last business day with history. */
  lastDay: string;
}

export const HISTORY_BRANCH: BranchIdentity = { id: 'history-branch', name: 'Cabang Sejarah', timeZone: 'Asia/Jakarta' };

/** The booths and counters of the history's branch, with the services they serve. */
export const HISTORY_POSITIONS = [
  ...[1, 2, 3, 4, 5, 6].map((n) => ({ id: `booth-${n}`, kind: 'booth' as const, label: `Bilik ${n}`, services: ['JHT', 'JKK', 'JKM', 'JP'] })),
  { id: 'counter-1', kind: 'counter' as const, label: 'Loket 1', services: ['JHT', 'INFO', 'DROP'] },
  { id: 'counter-2', kind: 'counter' as const, label: 'Loket 2', services: ['KOLEKTIF', 'INFO', 'JP'] },
];
/** Who serves where each day: one officer at six booths (one to many), one at each counter. */
const DUTY = [
  { officerId: 'ani', positions: ['booth-1', 'booth-2', 'booth-3', 'booth-4', 'booth-5', 'booth-6'] },
  { officerId: 'budi', positions: ['counter-1'] },
  { officerId: 'citra', positions: ['counter-2'] },
];
const SERVICE_MIX = ['JHT', 'JHT', 'JHT', 'JHT', 'JKK', 'JKM', 'JP', 'INFO', 'INFO', 'DROP', 'KOLEKTIF'];
const OUTCOMES: Outcome[] = ['completed', 'completed', 'completed', 'completed', 'documents_incomplete', 'rejected', 'referred'];

/** A small deterministic generator: the same options build the same history. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function buildHistory(options: HistoryOptions): History {
  const branch = options.branch ?? HISTORY_BRANCH;
  const kioskId = options.kioskId ?? 'history-kiosk';
  const { timeZone } = branch;
  const db = openDatabase(options.file);
  migrate(db, MIGRATIONS_DIR);
  db.pragma('synchronous = OFF');
  let now = 0;
  const queue = createBranchQueue(db, { branch, clock: () => now });
  const rnd = random(options.days * 7919 + options.ticketsPerDay);

  const firstDayStart = startOfBusinessDay(businessDay(options.until ?? Date.now(), timeZone), timeZone) - options.days * DAY;
  now = firstDayStart - HOUR;
  for (const s of DEFAULT_SERVICES) queue.saveService({ ...s, dailyQuota: 999 });
  for (const p of HISTORY_POSITIONS) queue.savePosition({ ...p, active: true });
  for (const d of DUTY) queue.saveOfficer({ id: d.officerId, name: d.officerId.toUpperCase(), pinHash: 'history-has-no-pin' });

  let lastDay = '';
  for (let d = 0; d < options.days; d++) {
    // Days are whole local days; 12 h past the first midnight is always the right date, DST or not.
    const day = businessDay(firstDayStart + d * DAY + 12 * HOUR, timeZone);
    const opens = startOfBusinessDay(day, timeZone) + 8 * HOUR;
    const closes = opens + 8 * HOUR;
    lastDay = day;
    queue.store.transaction(() => simulateDay(day, opens, closes));
  }
  const tickets = db.prepare('SELECT count(*) FROM tickets').pluck().get() as number;
  const events = db.prepare('SELECT count(*) FROM events').pluck().get() as number;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { file: options.file, branch, tickets, events, lastDay };

  function simulateDay(day: string, opens: number, closes: number): void {
    now = opens;
    const sessions = DUTY.map((d) => ({ ...d, session: queue.signIn(d.officerId, d.positions, null).id }));
    // Bookings published for the day: a slot every 20 minutes, one in ten never comes.
    const bookings = Array.from({ length: Math.max(1, Math.round(options.ticketsPerDay / 20)) }, (_, i) => ({
      code: `BK-${day}-${i}`,
      serviceCode: 'JHT',
      slotStart: opens + i * 20 * MINUTE,
      slotEnd: opens + (i + 1) * 20 * MINUTE,
      nikMasked: null,
      status: 'booked' as const,
    }));
    queue.importBookings(bookings);
    const arrivals = [
      ...Array.from({ length: options.ticketsPerDay - bookings.length }, () => ({ at: Math.round(opens + rnd() * (closes - opens - HOUR)), booking: null as string | null })),
      ...bookings.filter(() => rnd() < 0.9).map((b) => ({ at: Math.round(b.slotStart - 5 * MINUTE + rnd() * 10 * MINUTE), booking: b.code })),
    ].sort((a, b) => a.at - b.at);

    // What each position holds: the ticket it serves and when that service ends.
    const serving = new Map<string, { ticketId: string; session: string; until: number }>();
    const advance = (to: number) => {
      for (;;) {
        const due = [...serving.entries()].filter(([, s]) => s.until <= to).sort((a, b) => a[1].until - b[1].until)[0];
        if (!due) break;
        const [positionId, s] = due;
        now = Math.max(now, s.until);
        queue.finishTicket({ sessionId: s.session }, s.ticketId, OUTCOMES[Math.floor(rnd() * OUTCOMES.length)]!);
        serving.delete(positionId);
        callFree();
      }
      now = Math.max(now, to);
      callFree();
    };
    const callFree = () => {
      for (const s of sessions) {
        for (const positionId of s.positions) {
          if (serving.has(positionId)) continue;
          const called = queue.callNext({ sessionId: s.session }, positionId);
          if (!called) continue;
          // One in thirty never comes to the booth; the rest are served for 3 to 15 minutes.
          if (rnd() < 1 / 30) {
            queue.markNoShow({ sessionId: s.session }, called.id);
            continue;
          }
          queue.startServing({ sessionId: s.session }, called.id);
          serving.set(positionId, { ticketId: called.id, session: s.session, until: now + Math.round((3 + rnd() * 12) * MINUTE) });
        }
      }
    };

    let n = 0;
    for (const arrival of arrivals) {
      advance(arrival.at);
      const roll = rnd();
      const priority: Priority = roll < 0.05 ? 'elderly' : roll < 0.07 ? 'disabled' : roll < 0.08 ? 'pregnant' : 'none';
      const requestId = `${day}-${n++}`;
      const issued = arrival.booking
        ? queue.checkInBooking({ bookingCode: arrival.booking, priority, requestId, deviceId: kioskId, printOn: kioskId })
        : issueWalkIn(SERVICE_MIX[Math.floor(rnd() * SERVICE_MIX.length)]!, priority, requestId);
      const job = queue.store.printJobsOfTicket(issued.ticket.id)[0]!;
      queue.startPrint(job.id, kioskId);
      // About one print in a hundred fails (paper out) and is printed again.
      if (rnd() < 0.01) {
        queue.finishPrint(job.id, kioskId, { printed: false, reason: 'paper_out' });
        const again = queue.reprintTicket(issued.ticket.id);
        queue.finishPrint(again.id, kioskId, { printed: true, warning: null });
      } else {
        queue.finishPrint(job.id, kioskId, { printed: true, warning: null });
      }
    }
    // After the doors close everyone still inside is served.
    while (serving.size > 0 || queue.store.waitingCounts(day).size > 0) {
      const next = Math.min(...[...serving.values()].map((s) => s.until), now + MINUTE);
      advance(next);
      if (serving.size === 0 && queue.store.waitingCounts(day).size > 0) {
        // Waiting tickets no open position serves: the supervisor cancels them at closing.
        for (const t of queue.store.waitingTickets(day)) queue.cancelTicket(t.id, 'branch closed');
      }
    }
    for (const s of sessions) queue.signOut(s.session);
  }

  function issueWalkIn(serviceCode: string, priority: Priority, requestId: string) {
    const collective = serviceCode === 'KOLEKTIF';
    return queue.issueTicket({
      serviceCode,
      priority,
      requestId,
      deviceId: kioskId,
      printOn: kioskId,
      source: collective ? 'collective' : serviceCode === 'DROP' ? 'drop_box' : 'walk_in',
      ...(collective ? { claimCount: 1 + Math.floor(rnd() * 40) } : {}),
    });
  }
}
