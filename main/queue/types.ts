import type { Reservation } from './calling-policy.js';
import type { TicketView } from './events.js';

/** Domain types of the branch queue. Times are epoch milliseconds; days are YYYY-MM-DD in the branch zone. */

export type Clock = () => number;

export const MINUTE = 60_000;

export const TICKET_SOURCES = ['walk_in', 'booking', 'collective', 'drop_box'] as const;
export type TicketSource = (typeof TICKET_SOURCES)[number];

export const PRIORITIES = ['none', 'elderly', 'disabled', 'pregnant', 'other'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const TICKET_STATUSES = ['waiting', 'called', 'serving', 'done', 'no_show', 'cancelled'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const OUTCOMES = ['completed', 'documents_incomplete', 'rejected', 'referred'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const POSITION_KINDS = ['booth', 'counter'] as const;
export type PositionKind = (typeof POSITION_KINDS)[number];


export interface RequiredDocument {
  id: string;
  labelId: string;
  labelEn: string;
}

export interface Service {
  code: string;
  prefix: string;
  labelId: string;
  labelEn: string;
  dailyQuota: number;
  isOpen: boolean;
  defaultServiceSeconds: number;
  documents: RequiredDocument[];
  sortOrder: number;
}

export interface Position {
  id: string;
  kind: PositionKind;
  label: string;
  active: boolean;
  services: string[];
}

export interface Ticket {
  id: string;
  statusCode: string;
  businessDay: string;
  prefix: string;
  number: number;
  displayNumber: string;
  serviceCode: string;
  source: TicketSource;
  priority: Priority;
  bookingCode: string | null;
  bookingSlotStart: number | null;
  claimCount: number | null;
  nikMasked: string | null;
  status: TicketStatus;
  outcome: Outcome | null;
  arrivedAt: number;
  issuedAt: number;
  calledAt: number | null;
  servingAt: number | null;
  finishedAt: number | null;
  positionId: string | null;
  sessionId: string | null;
  recallCount: number;
  notes: string | null;
}

export interface Booking {
  code: string;
  serviceCode: string;
  slotStart: number;
  slotEnd: number;
  nikMasked: string | null;
  status: 'booked' | 'checked_in' | 'cancelled';
  ticketId: string | null;
}

/** A booking of the day as the supervisor follows it: the ticket it checked in as, and that ticket's state now. */
export interface DayBooking extends Booking {
  ticket: { displayNumber: string; status: TicketStatus } | null;
}

/** An officer as the branch keeps them: the PIN only as its slow hash, and the wrong PINs in a row. */
export interface Officer {
  id: string;
  name: string;
  pinHash: string;
  active: boolean;
  /** Wrong PINs since the last sign-in; at MAX_WRONG_PINS the officer is locked. */
  failedPins: number;
  /** When too many wrong PINs locked the officer; null while they may sign in. */
  lockedAt: number | null;
}

/** An officer as the supervisor manages them: never the PIN or its hash. */
export interface OfficerStaffView {
  id: string;
  name: string;
  active: boolean;
  failedPins: number;
  lockedAt: number | null;
  /** Where they serve now, since when and from which console (null: signed in without one); null when signed out. */
  onDuty: { positions: string[]; since: number; deviceId: string | null } | null;
}

/** A position as the supervisor manages it: who serves it now and the ticket it holds. */
export interface PositionStaffView extends Position {
  staffedBy: string | null;
  holding: { ticketId: string; displayNumber: string; serviceCode: string; status: 'called' | 'serving'; calledAt: number; servingAt: number | null } | null;
}

export interface StaffOverview {
  officers: OfficerStaffView[];
  positions: PositionStaffView[];
}

export interface OfficerSession {
  id: string;
  officerId: string;
  officerName: string;
  deviceId: string | null;
  startedAt: number;
  positions: string[];
}

export interface PolicyConfig {
  /** How early before its slot a booking may check in and rank as a booking. */
  bookingEarlyMinutes: number;
  /** How late after its slot starts a booking still ranks as a booking; later ones join the walk-in queue. */
  bookingLateMinutes: number;
  /** One priority ticket after this many normal ones. */
  normalsPerPriority: number;
  /** A ticket waiting longer than this is called next whatever its class. */
  maxWaitMinutes: number;
  /** Recalls allowed before the next recall marks the ticket a no-show. */
  maxRecalls: number;
}

export const DEFAULT_POLICY: PolicyConfig = {
  bookingEarlyMinutes: 30,
  bookingLateMinutes: 15,
  normalsPerPriority: 2,
  maxWaitMinutes: 90,
  maxRecalls: 2,
};

export type CallReason = 'overdue' | 'booking' | 'priority' | 'arrival';

export interface WaitEstimate {
  peopleAhead: number;
  seconds: number;
  /** False when no officer serves the service now: the figure assumes one counter opens. */
  staffed: boolean;
  basis: 'learned' | 'default';
}

/** A waiting ticket in calling order, with why it is where it is and how long it should wait. */
export interface QueuedTicketView extends TicketView {
  wait: WaitEstimate;
  reason: CallReason;
  /** Transferred to one position or officer, who alone is offered it while they are on duty; staff see it. */
  reservedFor: Reservation | null;
}

export interface ServiceQueue {
  service: Service;
  quotaToday: number;
  issuedToday: number;
  waiting: QueuedTicketView[];
  /** What a participant taking a ticket now would be told. */
  nextArrival: WaitEstimate;
  /** How many services at once the officers on duty can give this service. */
  capacity: number;
}

/** Everything a page draws, and the event sequence it reflects, to resume the stream from. */
export interface BranchSnapshot {
  seq: number;
  /** The hub's clock when the snapshot was taken: screens show the branch's time, not their own. */
  now: number;
  branch: BranchIdentity;
  businessDay: string;
  ticker: string;
  queues: ServiceQueue[];
  /** Tickets called or in service now. */
  active: TicketView[];
  /** Today's latest calls, newest first. */
  recentCalls: CallView[];
  positions: Position[];
  sessions: Omit<OfficerSession, 'deviceId'>[];
}

/** A call as the lobby shows it: the number and where to go. */
export interface CallView {
  ticketId: string;
  displayNumber: string;
  serviceCode: string;
  positionId: string;
  positionLabel: string;
  positionKind: PositionKind;
  /** When it was called. */
  at: number;
  /** How many times it has been called again. */
  recallCount: number;
}

export interface BranchIdentity {
  id: string;
  name: string;
  timeZone: string;
  /** The online booking site the kiosk offers to participants it turns away; none when not set. */
  bookingSiteUrl?: string;
}

/** A service's day: what came in, how it went out, and how long people waited. */
export interface ServiceDay {
  serviceCode: string;
  labelId: string;
  labelEn: string;
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
  avgWaitSeconds: number | null;
  /** The longest wait so far: a ticket still waiting counts with the time it has waited until now. */
  longestWaitSeconds: number | null;
  avgServiceSeconds: number | null;
}

export interface OfficerDay {
  officerId: string;
  name: string;
  done: number;
  completed: number;
  avgServiceSeconds: number | null;
  hoursOnDuty: number;
  /** Services finished per hour signed in; null before a quarter hour on duty, when it would mislead. */
  perHour: number | null;
}

export interface DayReport {
  businessDay: string;
  services: ServiceDay[];
  officers: OfficerDay[];
}

export const PRINTER_CONDITIONS = ['ready', 'paper_near_end', 'paper_out', 'cover_open', 'offline', 'error', 'unreachable'] as const;
export type PrinterCondition = (typeof PRINTER_CONDITIONS)[number];

/** Why a print did not come out; each is something a person at the branch can fix. */
export const PRINT_FAILURES = ['offline', 'cover_open', 'paper_out', 'error', 'no_answer', 'unreachable', 'interrupted'] as const;
export type PrintFailure = (typeof PRINT_FAILURES)[number];

export interface PrintJob {
  id: string;
  ticketId: string;
  deviceId: string;
  state: 'queued' | 'printing' | 'printed' | 'failed';
  reason: PrintFailure | null;
  warning: 'paper_near_end' | null;
  reprintOf: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface PrinterStatusView {
  deviceId: string;
  status: PrinterCondition;
  detail: string | null;
  at: number;
}

/** GET /settings/policy/preview: what every active position would call next under a draft policy. */
export interface PolicyPreview {
  /** The policy previewed: the one in force with the draft's changes. */
  policy: PolicyConfig;
  positions: { positionId: string; label: string; kind: PositionKind; picks: { ticket: TicketView; reason: CallReason }[] }[];
}

/** The day's online bookings with their check-in state. */
export interface DayBookings {
  businessDay: string;
  /** The hub's clock: whether a slot has passed is measured against it. */
  now: number;
  /** How late after its slot a booking still checks in ahead of walk-ins (the calling policy's). */
  lateMinutes: number;
  bookings: DayBooking[];
}
