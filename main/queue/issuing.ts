import { businessDay, localTime } from './business-day.js';
import { policyConfig, today, type QueueContext } from './context.js';
import { QueueError, serviceParams, type Alternative } from './errors.js';
import { queuePrint } from './printing.js';
import { formatTicketNumber, maskNik, toTicketView } from './ticket-view.js';
import { MINUTE, type Booking, type Priority, type Service, type Ticket } from './types.js';
import { waitOfTicket } from './queue-view.js';
import type { WaitEstimate } from './types.js';

const MAX_NUMBER = 999;

export interface IssueRequest {
  serviceCode: string;
  source?: 'walk_in' | 'collective' | 'drop_box';
  priority?: Priority;
  /** Collective claims: how many claim files the representative brings. */
  claimCount?: number;
  /** A national ID number (16 digits); only its masked form is kept. */
  nik?: string;
  /** The issuing device's key for this tap: a retry with the same key returns the same ticket. */
  requestId?: string;
  /** The issuing device: its requestIds are its own, so no other device replays (or learns of) its tickets. */
  deviceId?: string;
  /** The device whose printer prints the ticket; its print job is queued with the ticket. */
  printOn?: string;
}

/** The stored key of a request: the device's id and its requestId (which cannot contain '/'). */
function requestKey(req: { requestId?: string; deviceId?: string }): string | null {
  if (req.requestId === undefined) return null;
  return req.deviceId === undefined ? req.requestId : `${req.deviceId}/${req.requestId}`;
}

export interface IssuedTicket {
  ticket: Ticket;
  wait: WaitEstimate | null;
  /** True when the request was a retry of one already issued. */
  replayed: boolean;
  /** A booking checked in after its window: served as a walk-in. */
  lateBooking?: boolean;
  /** The ticket's latest print job (the one queued with it, or for a retry the one it got): null when none. */
  printJobId: string | null;
}

/**
 * The phone status page's code: 16 characters from 31 unambiguous ones, about 79 random bits, so
 * the link cannot be guessed from the ticket number. Bytes past the last whole multiple of 31 are
 * drawn again, so every character is equally likely.
 */
function statusCode(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const limit = 256 - (256 % alphabet.length);
  let code = '';
  while (code.length < 16) {
    for (const b of crypto.getRandomValues(new Uint8Array(24))) {
      if (b < limit && code.length < 16) code += alphabet[b % alphabet.length];
    }
  }
  return code;
}

/** Where to send someone this service turns away: never back to the service that refused them. */
function alternativesTo(service: Service): Alternative[] {
  return service.code === 'DROP' ? ['book_online', 'come_back_later'] : ['book_online', 'drop_box'];
}

function openService(ctx: QueueContext, code: string): Service {
  const service = ctx.store.service(code);
  if (!service) throw new QueueError('not_found', `unknown service "${code}"`, { field: 'serviceCode', reason: 'service_unknown', params: { service: code } });
  if (!service.isOpen) {
    throw new QueueError('service_closed', `${service.labelEn} (${service.code}) is closed today`, {
      field: 'serviceCode',
      reason: 'service_closed',
      params: serviceParams(service),
      alternatives: alternativesTo(service),
    });
  }
  return service;
}

function checkQuota(ctx: QueueContext, service: Service, day: string): void {
  const quota = ctx.store.quotaFor(service, day);
  if (ctx.store.numbersIssued(service, day) >= quota) {
    throw new QueueError('quota_full', `today's quota of ${quota} tickets for ${service.labelEn} (${service.code}) is used up`, {
      field: 'serviceCode',
      reason: 'quota_full',
      params: { ...serviceParams(service), quota },
      quota,
      alternatives: alternativesTo(service),
    });
  }
}

interface Draft {
  service: Service;
  day: string;
  now: number;
  source: Ticket['source'];
  priority: Priority;
  requestId: string | null;
  claimCount: number | null;
  nikMasked: string | null;
  bookingCode: string | null;
  bookingSlotStart: number | null;
}

function insertTicket(ctx: QueueContext, d: Draft): Ticket {
  const number = ctx.store.nextNumber(d.day, d.service.prefix);
  if (number > MAX_NUMBER) {
    throw new QueueError('quota_full', `all ${MAX_NUMBER} numbers of prefix ${d.service.prefix} are used today`, {
      field: 'serviceCode',
      reason: 'numbers_used_up',
      params: { ...serviceParams(d.service), prefix: d.service.prefix, max: MAX_NUMBER },
      alternatives: alternativesTo(d.service),
    });
  }
  const id = crypto.randomUUID();
  ctx.store.insertTicket({
    id,
    requestId: d.requestId,
    statusCode: statusCode(),
    businessDay: d.day,
    prefix: d.service.prefix,
    number,
    displayNumber: formatTicketNumber(d.service.prefix, number),
    serviceCode: d.service.code,
    source: d.source,
    priority: d.priority,
    bookingCode: d.bookingCode,
    bookingSlotStart: d.bookingSlotStart,
    claimCount: d.claimCount,
    nikMasked: d.nikMasked,
    arrivedAt: d.now,
    issuedAt: d.now,
  });
  const ticket = ctx.store.ticket(id)!;
  ctx.store.appendEvent('ticket.issued', { ticket: toTicketView(ticket) }, d.now);
  return ticket;
}

/**
 * A retry of a tap already served returns the ticket it got. The same key on a different request
 * is a device bug, refused rather than answered with somebody else's ticket.
 */
function replay(ctx: QueueContext, req: { requestId?: string; deviceId?: string }, matches: (t: Ticket) => boolean): Ticket | null {
  const key = requestKey(req);
  if (key === null) return null;
  const existing = ctx.store.ticketByRequestId(key);
  if (!existing) return null;
  // A retry comes within seconds; the same key on another day would hand out a dead ticket.
  if (existing.businessDay !== today(ctx) || !matches(existing)) {
    throw new QueueError('conflict', `requestId ${req.requestId} was already used for ticket ${existing.displayNumber}, a different request`, { field: 'requestId', reason: 'request_id_reused' });
  }
  return existing;
}

/**
 * The answer to an issuing request, read in the command's own transaction: the wait and the print
 * job are those of the state the ticket was issued into, and the reply needs no read after commit.
 */
function answer(ctx: QueueContext, ticket: Ticket, service: Service | undefined, printJobId: string | null, now: number, extra: { replayed: boolean; lateBooking?: boolean }): IssuedTicket {
  return { ticket, ...extra, printJobId, wait: service ? waitOfTicket(ctx, ticket, service, now) : null };
}

/** A retry's answer: the ticket it got, as it is now, with its latest print job. */
function answerReplay(ctx: QueueContext, ticket: Ticket, extra: { lateBooking?: boolean }): IssuedTicket {
  const jobs = ctx.store.printJobsOfTicket(ticket.id);
  return answer(ctx, ticket, ctx.store.service(ticket.serviceCode), jobs[jobs.length - 1]?.id ?? null, ctx.clock(), { replayed: true, ...extra });
}

/** Issues a walk-in, collective or drop-box ticket: the number, the event and the quota check in one transaction. */
export function issueTicket(ctx: QueueContext, req: IssueRequest): IssuedTicket {
  const source = req.source ?? 'walk_in';
  if (source === 'collective' && req.claimCount === undefined) {
    throw new QueueError('invalid', 'a collective claim needs the number of claim files', { field: 'claimCount', reason: 'claim_count_required' });
  }
  if (source !== 'collective' && req.claimCount !== undefined) {
    throw new QueueError('invalid', 'only a collective claim carries a number of claim files', { field: 'claimCount', reason: 'claim_count_not_collective' });
  }
  const nikMasked = req.nik === undefined ? null : maskNik(req.nik);
  const sameRequest = (t: Ticket) =>
    t.source === source &&
    t.prefix === ctx.store.service(req.serviceCode)?.prefix &&
    t.priority === (req.priority ?? 'none') &&
    t.claimCount === (req.claimCount ?? null) &&
    t.nikMasked === nikMasked;
  return ctx.store.transaction(() => {
    const replayed = replay(ctx, req, sameRequest);
    if (replayed) return answerReplay(ctx, replayed, {});
    const now = ctx.clock();
    const day = today(ctx, now);
    const service = openService(ctx, req.serviceCode);
    checkQuota(ctx, service, day);
    const ticket = insertTicket(ctx, {
      service,
      day,
      now,
      source,
      priority: req.priority ?? 'none',
      requestId: requestKey(req),
      claimCount: req.claimCount ?? null,
      nikMasked,
      bookingCode: null,
      bookingSlotStart: null,
    });
    const job = req.printOn === undefined ? null : queuePrint(ctx, ticket, req.printOn);
    return answer(ctx, ticket, service, job?.id ?? null, now, { replayed: false });
  });
}

export interface CheckInRequest {
  bookingCode: string;
  priority?: Priority;
  requestId?: string;
  deviceId?: string;
  printOn?: string;
}

/** A booking that may check in now, with the service it is for and whether it comes too late to rank as a booking. */
export interface BookingAdmission {
  booking: Booking;
  service: Service;
  late: boolean;
}

/**
 * Whether a booking may check in at this moment; every reason it may not is a refusal the kiosk
 * words. The kiosk asks this before any other question, and the check-in asks it again.
 */
function admitBooking(ctx: QueueContext, code: string, now: number): BookingAdmission {
  const day = today(ctx, now);
  const { timeZone } = ctx.branch;
  const booking = ctx.store.booking(code);
  if (!booking) {
    throw new QueueError('not_found', `booking ${code} is not known at this branch: check the branch on the booking, or ask an officer`, {
      field: 'bookingCode',
      reason: 'booking_unknown',
      params: { booking: code },
      alternatives: ['ask_officer'],
    });
  }
  if (booking.status === 'cancelled') {
    throw new QueueError('booking_cancelled', `booking ${booking.code} was cancelled`, {
      field: 'bookingCode',
      reason: 'booking_cancelled',
      params: { booking: booking.code },
      alternatives: ['book_online', 'ask_officer'],
    });
  }
  if (booking.status === 'checked_in') {
    const ticket = booking.ticketId ? ctx.store.ticket(booking.ticketId) : undefined;
    throw new QueueError('booking_used', `booking ${booking.code} already checked in${ticket ? ` as ticket ${ticket.displayNumber}` : ''}`, {
      field: 'bookingCode',
      reason: 'booking_used',
      // Not the ticket it got: whoever types a booking code at a kiosk learns no queue number by it.
      params: { booking: booking.code },
      alternatives: ['ask_officer'],
    });
  }
  const config = policyConfig(ctx);
  const opensAt = booking.slotStart - config.bookingEarlyMinutes * MINUTE;
  const slotDay = businessDay(booking.slotStart, timeZone);
  // A slot just after midnight opens for check-in just before it, on the day before.
  if (slotDay < day || businessDay(opensAt, timeZone) > day) {
    throw new QueueError('booking_wrong_day', `booking ${booking.code} is for ${slotDay}, not today (${day})`, {
      field: 'bookingCode',
      reason: 'booking_wrong_day',
      params: { booking: booking.code, day: slotDay, today: day },
      slotDay,
      alternatives: slotDay > day ? ['come_back_later'] : ['book_online', 'ask_officer'],
    });
  }
  if (now < opensAt) {
    throw new QueueError('booking_too_early', `booking ${booking.code} is for ${localTime(booking.slotStart, timeZone)}: check-in opens at ${localTime(opensAt, timeZone)}`, {
      field: 'bookingCode',
      reason: 'booking_too_early',
      params: { booking: booking.code, slot: localTime(booking.slotStart, timeZone), opens: localTime(opensAt, timeZone) },
      opensAt,
      alternatives: ['come_back_later'],
    });
  }
  const service = ctx.store.service(booking.serviceCode);
  if (!service) {
    throw new QueueError('not_found', `booking ${booking.code} names unknown service "${booking.serviceCode}"`, {
      field: 'bookingCode',
      reason: 'booking_service_unknown',
      params: { booking: booking.code, service: booking.serviceCode },
    });
  }
  return { booking, service, late: now > booking.slotStart + config.bookingLateMinutes * MINUTE };
}

/** Whether a booking would check in now, changing nothing: the kiosk asks before the priority question. */
export function checkBooking(ctx: QueueContext, code: string): BookingAdmission {
  return ctx.store.read(() => admitBooking(ctx, code, ctx.clock()));
}

/**
 * Turns an online booking into a ticket. A booking may check in from its early tolerance before
 * the slot; within the late tolerance after the slot starts it ranks as a booking, later it joins
 * the walk-in queue. A booking is never refused for the branch quota or a closed service: its slot
 * was already granted against headquarters' booking quota. It still counts among the day's tickets.
 */
export function checkInBooking(ctx: QueueContext, req: CheckInRequest): IssuedTicket {
  return ctx.store.transaction(() => {
    const replayed = replay(ctx, req, (t) => t.bookingCode === req.bookingCode);
    if (replayed) return answerReplay(ctx, replayed, { lateBooking: replayed.bookingSlotStart === null });
    const now = ctx.clock();
    const day = today(ctx, now);
    const { booking, service, late } = admitBooking(ctx, req.bookingCode, now);
    const ticket = insertTicket(ctx, {
      service,
      day,
      now,
      source: 'booking',
      priority: req.priority ?? 'none',
      requestId: requestKey(req),
      claimCount: null,
      nikMasked: booking.nikMasked,
      bookingCode: booking.code,
      bookingSlotStart: late ? null : booking.slotStart,
    });
    ctx.store.markBookingCheckedIn(booking.code, ticket.id);
    const job = req.printOn === undefined ? null : queuePrint(ctx, ticket, req.printOn);
    return answer(ctx, ticket, service, job?.id ?? null, now, { replayed: false, lateBooking: late });
  });
}
