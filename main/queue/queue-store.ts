import type Database from 'better-sqlite3';
import type { QueuedTicket } from './calling-policy.js';
import { eventPayloadSchemas, payloadVersion, type BranchEvent, type EventPayload, type EventType } from './events.js';
import type { Booking, CallView, DayBooking, Officer, OfficerSession, Position, PrinterStatusView, PrintJob, Priority, Service, Ticket } from './types.js';

/**
 * The queue's only SQL. Everything above it works with domain objects; everything here runs
 * inside the caller's transaction, so a command's reads and writes see one consistent state.
 */

interface TicketRow {
  id: string;
  status_code: string;
  business_day: string;
  prefix: string;
  number: number;
  display_number: string;
  service_code: string;
  source: Ticket['source'];
  priority: Ticket['priority'];
  booking_code: string | null;
  booking_slot_start: number | null;
  claim_count: number | null;
  nik_masked: string | null;
  status: Ticket['status'];
  outcome: Ticket['outcome'];
  arrived_at: number;
  issued_at: number;
  called_at: number | null;
  serving_at: number | null;
  finished_at: number | null;
  position_id: string | null;
  session_id: string | null;
  recall_count: number;
  notes: string | null;
}

const toTicket = (r: TicketRow): Ticket => ({
  id: r.id,
  statusCode: r.status_code,
  businessDay: r.business_day,
  prefix: r.prefix,
  number: r.number,
  displayNumber: r.display_number,
  serviceCode: r.service_code,
  source: r.source,
  priority: r.priority,
  bookingCode: r.booking_code,
  bookingSlotStart: r.booking_slot_start,
  claimCount: r.claim_count,
  nikMasked: r.nik_masked,
  status: r.status,
  outcome: r.outcome,
  arrivedAt: r.arrived_at,
  issuedAt: r.issued_at,
  calledAt: r.called_at,
  servingAt: r.serving_at,
  finishedAt: r.finished_at,
  positionId: r.position_id,
  sessionId: r.session_id,
  recallCount: r.recall_count,
  notes: r.notes,
});

interface ServiceRow {
  code: string;
  prefix: string;
  label_id: string;
  label_en: string;
  daily_quota: number;
  is_open: number;
  default_service_seconds: number;
  documents: string;
  sort_order: number;
}

const toService = (r: ServiceRow): Service => ({
  code: r.code,
  prefix: r.prefix,
  labelId: r.label_id,
  labelEn: r.label_en,
  dailyQuota: r.daily_quota,
  isOpen: r.is_open === 1,
  defaultServiceSeconds: r.default_service_seconds,
  documents: JSON.parse(r.documents) as Service['documents'],
  sortOrder: r.sort_order,
});

interface EventRow {
  seq: number;
  id: string;
  type: EventType;
  v: number;
  payload: string;
  at: number;
}

const toEvent = (r: EventRow): BranchEvent => ({ seq: r.seq, id: r.id, type: r.type, v: r.v, payload: JSON.parse(r.payload), at: r.at }) as BranchEvent;

/** A payload that does not match its type's schema: a bug in the command, which rolls back with it. */
export class EventPayloadError extends Error {
  override name = 'EventPayloadError';
}

export type QueueDatabase = Database.Database;

export interface DayServiceRow {
  serviceCode: string;
  issued: number;
  waiting: number;
  inService: number;
  done: number;
  completed: number;
  documentsIncomplete: number;
  rejected: number;
  referred: number;
  noShow: number;
  cancelled: number;
  avgWaitMs: number | null;
  longestWaitMs: number | null;
  oldestWaitingArrival: number | null;
  avgServiceMs: number | null;
}

export interface NewTicket {
  id: string;
  requestId: string | null;
  statusCode: string;
  businessDay: string;
  prefix: string;
  number: number;
  displayNumber: string;
  serviceCode: string;
  source: Ticket['source'];
  priority: Priority;
  bookingCode: string | null;
  bookingSlotStart: number | null;
  claimCount: number | null;
  nikMasked: string | null;
  arrivedAt: number;
  issuedAt: number;
}

export interface FinishedSample {
  calledAt: number;
  finishedAt: number;
}

export class QueueStore {
  private readonly s;

  constructor(readonly db: Database.Database) {
    const p = <T extends unknown[] = unknown[]>(sql: string) => db.prepare<T>(sql);
    this.s = {
      appendEvent: p('INSERT INTO events (id, type, v, payload, at) VALUES (?, ?, ?, ?, ?)'),
      eventsAfter: p('SELECT seq, id, type, v, payload, at FROM events WHERE seq > ? ORDER BY seq LIMIT ?'),
      lastSeq: p('SELECT coalesce(max(seq), 0) AS seq FROM events'),
      getSetting: p('SELECT value FROM settings WHERE key = ?'),
      setSetting: p('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      services: p('SELECT * FROM services ORDER BY sort_order, code'),
      service: p('SELECT * FROM services WHERE code = ?'),
      serviceByPrefix: p('SELECT * FROM services WHERE prefix = ?'),
      upsertService: p(`INSERT INTO services (code, prefix, label_id, label_en, daily_quota, is_open, default_service_seconds, documents, sort_order)
        VALUES (@code, @prefix, @labelId, @labelEn, @dailyQuota, @isOpen, @defaultServiceSeconds, @documents, @sortOrder)
        ON CONFLICT (code) DO UPDATE SET prefix = excluded.prefix, label_id = excluded.label_id, label_en = excluded.label_en,
          daily_quota = excluded.daily_quota, is_open = excluded.is_open, default_service_seconds = excluded.default_service_seconds,
          documents = excluded.documents, sort_order = excluded.sort_order`),
      quotaOverride: p('SELECT quota FROM quota_overrides WHERE service_code = ? AND business_day = ?'),
      setQuotaOverride: p(`INSERT INTO quota_overrides (service_code, business_day, quota) VALUES (?, ?, ?)
        ON CONFLICT (service_code, business_day) DO UPDATE SET quota = excluded.quota`),
      // The last number is read off the end of the (business_day, prefix, number) key: one seek, and no counter row to write.
      lastNumber: p('SELECT coalesce(max(number), 0) FROM tickets WHERE business_day = ? AND prefix = ?').pluck(),
      insertTicket: p(`INSERT INTO tickets (id, request_id, status_code, business_day, prefix, number, display_number, service_code, source,
          priority, booking_code, booking_slot_start, claim_count, nik_masked, status, arrived_at, issued_at)
        VALUES (@id, @requestId, @statusCode, @businessDay, @prefix, @number, @displayNumber, @serviceCode, @source,
          @priority, @bookingCode, @bookingSlotStart, @claimCount, @nikMasked, 'waiting', @arrivedAt, @issuedAt)`),
      ticket: p('SELECT * FROM tickets WHERE id = ?'),
      ticketByRequest: p('SELECT * FROM tickets WHERE request_id = ?'),
      ticketByStatusCode: p('SELECT * FROM tickets WHERE status_code = ?'),
      ticketsOfDay: p('SELECT * FROM tickets WHERE business_day = ? ORDER BY issued_at'),
      waiting: p("SELECT * FROM tickets WHERE status = 'waiting' AND business_day = ? ORDER BY arrived_at"),
      waitingForPolicy: p(`SELECT id, service_code, priority, source, arrived_at, number, booking_slot_start
        FROM tickets WHERE status = 'waiting' AND business_day = ? AND service_code = ?`).raw(),
      waitingCounts: p("SELECT service_code AS code, count(*) AS n FROM tickets WHERE status = 'waiting' AND business_day = ? GROUP BY service_code"),
      active: p("SELECT * FROM tickets WHERE status IN ('called', 'serving') ORDER BY called_at"),
      recentCallPriorities: p(`SELECT priority FROM tickets WHERE business_day = ? AND called_at IS NOT NULL
          AND service_code IN (SELECT value FROM json_each(?))
        ORDER BY called_at DESC LIMIT ?`).pluck(),
      recentDurations: p(`SELECT called_at AS calledAt, finished_at AS finishedAt FROM tickets
        WHERE status = 'done' AND service_code = ? AND called_at IS NOT NULL ORDER BY finished_at DESC LIMIT ?`),
      recentCalls: p(`SELECT t.id AS ticketId, t.display_number AS displayNumber, t.service_code AS serviceCode, t.position_id AS positionId,
          p.label AS positionLabel, p.kind AS positionKind, t.called_at AS at, t.recall_count AS recallCount
        FROM tickets t JOIN positions p ON p.id = t.position_id
        WHERE t.business_day = ? AND t.called_at IS NOT NULL ORDER BY t.called_at DESC LIMIT ?`),
      dayServiceStats: p(`SELECT service_code AS serviceCode, count(*) AS issued,
          sum(status = 'waiting') AS waiting, sum(status IN ('called', 'serving')) AS inService, sum(status = 'done') AS done,
          sum(outcome = 'completed') AS completed, sum(outcome = 'documents_incomplete') AS documentsIncomplete,
          sum(outcome = 'rejected') AS rejected, sum(outcome = 'referred') AS referred,
          sum(status = 'no_show') AS noShow, sum(status = 'cancelled') AS cancelled,
          avg(called_at - arrived_at) AS avgWaitMs, max(called_at - arrived_at) AS longestWaitMs,
          min(CASE WHEN status = 'waiting' THEN arrived_at END) AS oldestWaitingArrival,
          avg(CASE WHEN status = 'done' THEN finished_at - called_at END) AS avgServiceMs
        FROM tickets WHERE business_day = ? GROUP BY service_code`),
      dayOfficerStats: p(`SELECT o.id AS officerId, o.name AS name, count(t.id) AS done,
          sum(t.outcome = 'completed') AS completed, avg(t.finished_at - t.called_at) AS avgServiceMs
        FROM tickets t JOIN officer_sessions s ON s.id = t.session_id JOIN officers o ON o.id = s.officer_id
        WHERE t.business_day = ? AND t.status = 'done' GROUP BY o.id ORDER BY o.name`),
      // Two bounded reads instead of one OR, which SQLite would answer by reading every session ever held.
      sessionsBetween: p(`SELECT officer_id AS officerId, started_at AS startedAt, ended_at AS endedAt FROM officer_sessions
          WHERE ended_at IS NULL AND started_at < @to
        UNION ALL
        SELECT officer_id AS officerId, started_at AS startedAt, ended_at AS endedAt FROM officer_sessions
          WHERE ended_at > @from AND ended_at IS NOT NULL AND started_at < @to`),
      sessionTicketsOverlapping: p(`SELECT called_at AS calledAt, coalesce(finished_at, ?) AS finishedAt FROM tickets
        WHERE session_id = ? AND called_at IS NOT NULL AND called_at < ? AND (finished_at IS NULL OR finished_at > ?)`),
      concurrencySamples: p(`SELECT concurrency FROM tickets WHERE status = 'done' AND concurrency IS NOT NULL
        AND session_position_count = ? ORDER BY finished_at DESC LIMIT ?`),
      positions: p('SELECT * FROM positions ORDER BY kind, id'),
      position: p('SELECT * FROM positions WHERE id = ?'),
      positionServices: p('SELECT position_id, service_code FROM position_services'),
      servicesOfPosition: p('SELECT service_code FROM position_services WHERE position_id = ?').pluck(),
      upsertPosition: p(`INSERT INTO positions (id, kind, label, active) VALUES (?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, label = excluded.label, active = excluded.active`),
      clearPositionServices: p('DELETE FROM position_services WHERE position_id = ?'),
      addPositionService: p('INSERT INTO position_services (position_id, service_code) VALUES (?, ?)'),
      officer: p('SELECT id, name, pin_hash AS pinHash, active, failed_pins AS failedPins, locked_at AS lockedAt FROM officers WHERE id = ?'),
      officers: p('SELECT id, name, active, failed_pins AS failedPins, locked_at AS lockedAt FROM officers ORDER BY name'),
      countWrongPin: p('UPDATE officers SET failed_pins = failed_pins + 1 WHERE id = ? RETURNING failed_pins').pluck(),
      setOfficerLock: p('UPDATE officers SET failed_pins = ?, locked_at = ? WHERE id = ?'),
      upsertOfficer: p(`INSERT INTO officers (id, name, pin_hash, active) VALUES (?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, pin_hash = excluded.pin_hash, active = excluded.active`),
      activeSessions: p(`SELECT s.id, s.officer_id AS officerId, o.name AS officerName, s.device_id AS deviceId, s.started_at AS startedAt,
          (SELECT json_group_array(position_id) FROM session_positions sp WHERE sp.session_id = s.id AND sp.active = 1) AS positions
        FROM officer_sessions s JOIN officers o ON o.id = s.officer_id WHERE s.ended_at IS NULL ORDER BY s.started_at`),
      insertSession: p('INSERT INTO officer_sessions (id, officer_id, device_id, started_at) VALUES (?, ?, ?, ?)'),
      insertSessionPosition: p('INSERT INTO session_positions (session_id, position_id) VALUES (?, ?)'),
      endSession: p('UPDATE officer_sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL'),
      releaseSessionPositions: p('UPDATE session_positions SET active = 0 WHERE session_id = ?'),
      booking: p('SELECT code, service_code AS serviceCode, slot_start AS slotStart, slot_end AS slotEnd, nik_masked AS nikMasked, status, ticket_id AS ticketId FROM bookings WHERE code = ?'),
      bookingsBetween: p(`SELECT b.code, b.service_code AS serviceCode, b.slot_start AS slotStart, b.slot_end AS slotEnd, b.nik_masked AS nikMasked,
          b.status, b.ticket_id AS ticketId, t.display_number AS displayNumber, t.status AS ticketStatus
        FROM bookings b LEFT JOIN tickets t ON t.id = b.ticket_id
        WHERE b.slot_start >= ? AND b.slot_start < ? ORDER BY b.slot_start, b.code`),
      upsertBooking: p(`INSERT INTO bookings (code, service_code, slot_start, slot_end, nik_masked, status) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (code) DO UPDATE SET service_code = excluded.service_code, slot_start = excluded.slot_start, slot_end = excluded.slot_end,
          nik_masked = excluded.nik_masked, status = CASE WHEN bookings.status = 'checked_in' THEN bookings.status ELSE excluded.status END`),
      insertPrintJob: p(`INSERT INTO print_jobs (id, ticket_id, device_id, state, reprint_of, created_at, updated_at)
        VALUES (?, ?, ?, 'queued', ?, ?, ?)`),
      printJob: p(`SELECT id, ticket_id AS ticketId, device_id AS deviceId, state, reason, warning, reprint_of AS reprintOf,
        created_at AS createdAt, updated_at AS updatedAt FROM print_jobs WHERE id = ?`),
      openPrintJobs: p(`SELECT id, ticket_id AS ticketId, device_id AS deviceId, state, reason, warning, reprint_of AS reprintOf,
        created_at AS createdAt, updated_at AS updatedAt FROM print_jobs WHERE device_id = ? AND state IN ('queued', 'printing') ORDER BY created_at`),
      printJobsOfTicket: p(`SELECT id, ticket_id AS ticketId, device_id AS deviceId, state, reason, warning, reprint_of AS reprintOf,
        created_at AS createdAt, updated_at AS updatedAt FROM print_jobs WHERE ticket_id = ? ORDER BY created_at`),
      failedPrintJobsSince: p(`SELECT id, ticket_id AS ticketId, device_id AS deviceId, state, reason, warning, reprint_of AS reprintOf,
        created_at AS createdAt, updated_at AS updatedAt FROM print_jobs j WHERE state = 'failed' AND created_at >= ?
          AND NOT EXISTS (SELECT 1 FROM print_jobs r WHERE r.ticket_id = j.ticket_id AND r.rowid > j.rowid)
        ORDER BY created_at DESC`),
      updatePrintJob: p('UPDATE print_jobs SET state = ?, reason = ?, warning = ?, updated_at = ? WHERE id = ?'),
      printerStatus: p('SELECT device_id AS deviceId, status, detail, at FROM printer_status WHERE device_id = ?'),
      printerStatuses: p('SELECT device_id AS deviceId, status, detail, at FROM printer_status ORDER BY device_id'),
      setPrinterStatus: p(`INSERT INTO printer_status (device_id, status, detail, at) VALUES (?, ?, ?, ?)
        ON CONFLICT (device_id) DO UPDATE SET status = excluded.status, detail = excluded.detail, at = excluded.at`),
      checkInBooking: p("UPDATE bookings SET status = 'checked_in', ticket_id = ? WHERE code = ?"),
    };
  }

  /**
   * The waiting tickets the calling policy reads, per business day and service, kept in memory
   * because every ticket issued needs its service's whole queue for the wait estimate. Inserts
   * made by this connection are added once their transaction commits; any other change to a
   * ticket, or a commit by another connection (PRAGMA data_version moves), drops the copy.
   */
  private readonly waiting = new Map<string, QueuedTicket[]>();
  private waitingVersion = -1;
  private pendingWaiting: { key: string; ticket: QueuedTicket }[] = [];
  private waitingTouched = false;
  private depth = 0;
  private readonly commitListeners = new Set<() => void>();

  /** Called after every committed write transaction, whoever made it: the stream pumps on it. */
  onCommit(listener: () => void): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  transaction<T>(fn: () => T): T {
    const outermost = this.depth === 0;
    if (outermost) {
      this.pendingWaiting = [];
      this.waitingTouched = false;
    }
    const mark = this.pendingWaiting.length;
    this.depth++;
    try {
      // IMMEDIATE takes the write lock up front, so two kiosks issuing at once queue on the lock
      // instead of both reading the same counter and one failing at commit.
      const result = this.db.transaction(fn).immediate();
      if (outermost) {
        this.settleWaiting();
        for (const listener of this.commitListeners) listener();
      }
      return result;
    } catch (err) {
      this.pendingWaiting.length = mark;
      // A rolled-back outer transaction may have been read through; start from the database again.
      if (outermost) this.waiting.clear();
      throw err;
    } finally {
      this.depth--;
    }
  }

  private settleWaiting(): void {
    if (this.waitingTouched) {
      this.waiting.clear();
    } else {
      for (const { key, ticket } of this.pendingWaiting) {
        const list = this.waiting.get(key);
        if (list && !list.some((t) => t.id === ticket.id)) list.push(ticket);
      }
    }
    this.pendingWaiting = [];
  }

  private checkWaitingFresh(): void {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version !== this.waitingVersion) {
      this.waiting.clear();
      this.waitingVersion = version;
    }
  }

  /** A consistent read of several tables without taking the write lock. */
  read<T>(fn: () => T): T {
    return this.db.transaction(fn).deferred();
  }

  /**
   * Appends an event after checking its payload against its type's wire schema, so that nothing
   * malformed ever reaches the log, the stream or headquarters. What is stored is the schema's
   * output: a field the schema does not name (a ticket's status code, a masked ID) is left out.
   */
  appendEvent<T extends EventType>(type: T, payload: EventPayload<T>, at: number): BranchEvent<T> {
    const checked = eventPayloadSchemas[type].safeParse(payload);
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      throw new EventPayloadError(`a ${type} event with a bad payload was refused: ${issue.path.join('.') || 'payload'}: ${issue.message}`);
    }
    const id = crypto.randomUUID();
    const v = payloadVersion(type);
    const info = this.s.appendEvent.run(id, type, v, JSON.stringify(checked.data), at);
    return { seq: Number(info.lastInsertRowid), id, type, v, payload: checked.data, at } as BranchEvent<T>;
  }

  eventsAfter(seq: number, limit: number): BranchEvent[] {
    return (this.s.eventsAfter.all(seq, limit) as EventRow[]).map(toEvent);
  }

  lastSeq(): number {
    return (this.s.lastSeq.get() as { seq: number }).seq;
  }

  setting<T>(key: string): T | undefined {
    const row = this.s.getSetting.get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  setSetting(key: string, value: unknown): void {
    this.s.setSetting.run(key, JSON.stringify(value));
  }

  services(): Service[] {
    return (this.s.services.all() as ServiceRow[]).map(toService);
  }

  service(code: string): Service | undefined {
    const row = this.s.service.get(code) as ServiceRow | undefined;
    return row && toService(row);
  }

  serviceByPrefix(prefix: string): Service | undefined {
    const row = this.s.serviceByPrefix.get(prefix) as ServiceRow | undefined;
    return row && toService(row);
  }

  upsertService(s: Service): void {
    this.s.upsertService.run({ ...s, isOpen: s.isOpen ? 1 : 0, documents: JSON.stringify(s.documents) });
  }

  quotaFor(service: Service, day: string): number {
    const row = this.s.quotaOverride.get(service.code, day) as { quota: number } | undefined;
    return row?.quota ?? service.dailyQuota;
  }

  setQuotaOverride(code: string, day: string, quota: number): void {
    this.s.setQuotaOverride.run(code, day, quota);
  }

  /**
   * How many numbers a service's prefix has handed out on a day. The quota counts these: a ticket
   * transferred away or cancelled does not give its place back, so a transfer cannot get round the
   * quota and a cancelled ticket cannot be resold.
   */
  numbersIssued(service: Service, day: string): number {
    return this.s.lastNumber.get(day, service.prefix) as number;
  }

  /** The prefix's next number on a day; the caller's transaction holds the write lock until the ticket taking it is inserted. */
  nextNumber(day: string, prefix: string): number {
    return (this.s.lastNumber.get(day, prefix) as number) + 1;
  }

  insertTicket(t: NewTicket): void {
    this.s.insertTicket.run(t);
    if (this.depth === 0) this.waiting.clear();
    const { id, serviceCode, priority, source, arrivedAt, number, bookingSlotStart } = t;
    this.pendingWaiting.push({ key: `${t.businessDay}/${serviceCode}`, ticket: { id, serviceCode, priority, source, arrivedAt, number, bookingSlotStart } });
  }

  ticket(id: string): Ticket | undefined {
    const row = this.s.ticket.get(id) as TicketRow | undefined;
    return row && toTicket(row);
  }

  ticketByRequestId(requestId: string): Ticket | undefined {
    const row = this.s.ticketByRequest.get(requestId) as TicketRow | undefined;
    return row && toTicket(row);
  }

  ticketByStatusCode(code: string): Ticket | undefined {
    const row = this.s.ticketByStatusCode.get(code) as TicketRow | undefined;
    return row && toTicket(row);
  }

  ticketsOfDay(day: string): Ticket[] {
    return (this.s.ticketsOfDay.all(day) as TicketRow[]).map(toTicket);
  }

  waitingTickets(day: string): Ticket[] {
    return (this.s.waiting.all(day) as TicketRow[]).map(toTicket);
  }

  /** The columns the calling policy reads, for one service's waiting tickets. */
  waitingForPolicy(day: string, serviceCode: string): readonly QueuedTicket[] {
    const load = (): QueuedTicket[] => {
      const rows = this.s.waitingForPolicy.all(day, serviceCode) as [string, string, Priority, Ticket['source'], number, number, number | null][];
      return rows.map(([id, code, priority, source, arrivedAt, number, bookingSlotStart]) => ({ id, serviceCode: code, priority, source, arrivedAt, number, bookingSlotStart }));
    };
    // A transaction that changed a ticket may have moved any of them: read, and keep nothing.
    if (this.depth > 0 && this.waitingTouched) return load();
    this.checkWaitingFresh();
    const key = `${day}/${serviceCode}`;
    const cached = this.waiting.get(key);
    // Otherwise the transaction has only added tickets (pendingWaiting): the copy is what was
    // committed before it, and the reply of an issue sees its own ticket without a second read.
    const mine = this.depth > 0 ? this.pendingWaiting.filter((p) => p.key === key).map((p) => p.ticket) : [];
    if (cached) {
      const added = mine.filter((t) => !cached.some((c) => c.id === t.id));
      return added.length === 0 ? cached : [...cached, ...added];
    }
    const rows = load();
    const uncommitted = new Set(mine.map((t) => t.id));
    this.waiting.set(key, uncommitted.size === 0 ? rows : rows.filter((t) => !uncommitted.has(t.id)));
    return rows;
  }

  waitingCounts(day: string): Map<string, number> {
    return new Map((this.s.waitingCounts.all(day) as { code: string; n: number }[]).map((r) => [r.code, r.n]));
  }

  activeTickets(): Ticket[] {
    return (this.s.active.all() as TicketRow[]).map(toTicket);
  }

  /** Updates the named columns of one ticket; the column names come from this module's callers only. */
  updateTicket(id: string, fields: Partial<Record<TicketColumn, string | number | null>>): void {
    const cols = Object.keys(fields) as TicketColumn[];
    const sql = `UPDATE tickets SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`;
    this.cachedUpdate(sql).run({ ...fields, id });
    if (this.depth > 0) this.waitingTouched = true;
    else this.waiting.clear();
  }

  private readonly updates = new Map<string, Database.Statement>();
  private cachedUpdate(sql: string): Database.Statement {
    let stmt = this.updates.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.updates.set(sql, stmt);
    }
    return stmt;
  }

  /** Priorities of today's most recent calls at the given services, newest first. */
  recentCallPriorities(day: string, services: ReadonlySet<string>, limit: number): Priority[] {
    return this.s.recentCallPriorities.all(day, JSON.stringify([...services]), limit) as Priority[];
  }

  /** The day's latest calls, newest first, still at the position they were called to. */
  recentCalls(day: string, limit: number): CallView[] {
    return this.s.recentCalls.all(day, limit) as CallView[];
  }

  dayServiceStats(day: string): DayServiceRow[] {
    return this.s.dayServiceStats.all(day) as DayServiceRow[];
  }

  dayOfficerStats(day: string): { officerId: string; name: string; done: number; completed: number; avgServiceMs: number | null }[] {
    return this.s.dayOfficerStats.all(day) as { officerId: string; name: string; done: number; completed: number; avgServiceMs: number | null }[];
  }

  sessionsBetween(from: number, to: number): { officerId: string; startedAt: number; endedAt: number | null }[] {
    return this.s.sessionsBetween.all({ from, to }) as { officerId: string; startedAt: number; endedAt: number | null }[];
  }

  recentServices(serviceCode: string, limit: number): FinishedSample[] {
    return this.s.recentDurations.all(serviceCode, limit) as FinishedSample[];
  }

  /** Intervals of a session's services that overlap [from, to); unfinished ones count as running until `to`. */
  sessionIntervals(sessionId: string, from: number, to: number): FinishedSample[] {
    return this.s.sessionTicketsOverlapping.all(to, sessionId, to, from) as FinishedSample[];
  }

  concurrencySamples(positionCount: number, limit: number): number[] {
    return (this.s.concurrencySamples.all(positionCount, limit) as { concurrency: number }[]).map((r) => r.concurrency);
  }

  positions(): Position[] {
    const served = new Map<string, string[]>();
    for (const r of this.s.positionServices.all() as { position_id: string; service_code: string }[]) {
      const list = served.get(r.position_id) ?? [];
      list.push(r.service_code);
      served.set(r.position_id, list);
    }
    return (this.s.positions.all() as { id: string; kind: Position['kind']; label: string; active: number }[]).map((r) => ({
      id: r.id,
      kind: r.kind,
      label: r.label,
      active: r.active === 1,
      services: served.get(r.id) ?? [],
    }));
  }

  position(id: string): Position | undefined {
    const row = this.s.position.get(id) as { id: string; kind: Position['kind']; label: string; active: number } | undefined;
    if (!row) return undefined;
    return { id: row.id, kind: row.kind, label: row.label, active: row.active === 1, services: this.s.servicesOfPosition.all(id) as string[] };
  }

  upsertPosition(p: Position): void {
    this.s.upsertPosition.run(p.id, p.kind, p.label, p.active ? 1 : 0);
    this.s.clearPositionServices.run(p.id);
    for (const code of p.services) this.s.addPositionService.run(p.id, code);
  }

  officer(id: string): Officer | undefined {
    const row = this.s.officer.get(id) as (Omit<Officer, 'active'> & { active: number }) | undefined;
    return row && { ...row, active: row.active === 1 };
  }

  /** Every officer, without their PIN hash. */
  officers(): Omit<Officer, 'pinHash'>[] {
    return (this.s.officers.all() as (Omit<Officer, 'active' | 'pinHash'> & { active: number })[]).map((r) => ({ ...r, active: r.active === 1 }));
  }

  /** One more wrong PIN for the officer; returns how many in a row now. */
  countWrongPin(id: string): number {
    return this.s.countWrongPin.get(id) as number;
  }

  /** Sets the officer's wrong PINs in a row and their lock (null: unlocked). */
  setOfficerLock(id: string, failedPins: number, lockedAt: number | null): void {
    this.s.setOfficerLock.run(failedPins, lockedAt, id);
  }

  upsertOfficer(o: { id: string; name: string; pinHash: string; active: boolean }): void {
    this.s.upsertOfficer.run(o.id, o.name, o.pinHash, o.active ? 1 : 0);
  }

  activeSessions(): OfficerSession[] {
    return (this.s.activeSessions.all() as (Omit<OfficerSession, 'positions'> & { positions: string })[]).map((r) => ({
      ...r,
      positions: JSON.parse(r.positions) as string[],
    }));
  }

  insertSession(s: { id: string; officerId: string; deviceId: string | null; startedAt: number; positions: string[] }): void {
    this.s.insertSession.run(s.id, s.officerId, s.deviceId, s.startedAt);
    for (const p of s.positions) this.s.insertSessionPosition.run(s.id, p);
  }

  endSession(id: string, at: number): void {
    this.s.endSession.run(at, id);
    this.s.releaseSessionPositions.run(id);
  }

  booking(code: string): Booking | undefined {
    return this.s.booking.get(code) as Booking | undefined;
  }

  /** Bookings whose slot starts in [from, to), in slot order, with the ticket each checked in as. */
  bookingsBetween(from: number, to: number): DayBooking[] {
    const rows = this.s.bookingsBetween.all(from, to) as (Booking & { displayNumber: string | null; ticketStatus: Ticket['status'] | null })[];
    return rows.map(({ displayNumber, ticketStatus, ...b }) => ({ ...b, ticket: displayNumber !== null && ticketStatus !== null ? { displayNumber, status: ticketStatus } : null }));
  }

  upsertBooking(b: Omit<Booking, 'ticketId'>): void {
    this.s.upsertBooking.run(b.code, b.serviceCode, b.slotStart, b.slotEnd, b.nikMasked, b.status);
  }

  insertPrintJob(job: { id: string; ticketId: string; deviceId: string; reprintOf: string | null; at: number }): void {
    this.s.insertPrintJob.run(job.id, job.ticketId, job.deviceId, job.reprintOf, job.at, job.at);
  }

  printJob(id: string): PrintJob | undefined {
    return this.s.printJob.get(id) as PrintJob | undefined;
  }

  openPrintJobs(deviceId: string): PrintJob[] {
    return this.s.openPrintJobs.all(deviceId) as PrintJob[];
  }

  printJobsOfTicket(ticketId: string): PrintJob[] {
    return this.s.printJobsOfTicket.all(ticketId) as PrintJob[];
  }

  /** Failed prints since a time, except those of tickets printed again afterwards. */
  unresolvedPrintFailures(since: number): PrintJob[] {
    return this.s.failedPrintJobsSince.all(since) as PrintJob[];
  }

  updatePrintJob(id: string, state: PrintJob['state'], reason: PrintJob['reason'], warning: PrintJob['warning'], at: number): void {
    this.s.updatePrintJob.run(state, reason, warning, at, id);
  }

  printerStatus(deviceId: string): PrinterStatusView | undefined {
    return this.s.printerStatus.get(deviceId) as PrinterStatusView | undefined;
  }

  printerStatuses(): PrinterStatusView[] {
    return this.s.printerStatuses.all() as PrinterStatusView[];
  }

  setPrinterStatus(s: PrinterStatusView): void {
    this.s.setPrinterStatus.run(s.deviceId, s.status, s.detail, s.at);
  }

  markBookingCheckedIn(code: string, ticketId: string): void {
    this.s.checkInBooking.run(ticketId, code);
  }
}

export type TicketColumn =
  | 'service_code'
  | 'status'
  | 'outcome'
  | 'called_at'
  | 'serving_at'
  | 'finished_at'
  | 'position_id'
  | 'session_id'
  | 'session_position_count'
  | 'recall_count'
  | 'concurrency'
  | 'notes';
