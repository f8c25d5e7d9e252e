import { z } from 'zod';
import { OUTCOMES, POSITION_KINDS, PRINT_FAILURES, PRINTER_CONDITIONS, PRIORITIES } from '../queue/types.js';

/**
 * The hub's wire contract: request bodies, parameters and stream messages with their runtime
 * schemas. Pages, the device agent and headquarters import this module and nothing else of main/.
 */

export const DEVICE_ROLES = ['kiosk', 'display', 'booth', 'console', 'supervisor'] as const;
export type DeviceRole = (typeof DEVICE_ROLES)[number];

/** The formats of the identifiers people type or configure, shared by the API and the profiles. */
export const serviceCodeSchema = z.string().regex(/^[A-Z][A-Z0-9_]{1,15}$/, 'a service code: 2 to 16 capital letters, digits or _');
export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'an identifier: 1 to 64 letters, digits, - or _');
export const pinSchema = z.string().regex(/^\d{4,8}$/, 'a PIN of 4 to 8 digits');
export const bookingCodeSchema = z.string().trim().toUpperCase().regex(/^[A-Z0-9-]{4,32}$/, 'a booking code: 4 to 32 letters, digits or -');

const code = serviceCodeSchema;
const id = idSchema;
const uuid = z.uuid();
const text = (max: number) => z.string().trim().min(1).max(max);

export const issueTicketBody = z.strictObject({
  serviceCode: code,
  source: z.enum(['walk_in', 'collective', 'drop_box']).default('walk_in'),
  priority: z.enum(PRIORITIES).default('none'),
  claimCount: z.number().int().min(1).max(1000).optional(),
  nik: z.string().regex(/^\d{16}$/, 'a national ID number (NIK) of 16 digits').optional(),
  requestId: z.string().min(8).max(64).optional(),
});

export const checkInBody = z.strictObject({
  bookingCode: bookingCodeSchema,
  priority: z.enum(PRIORITIES).default('none'),
  requestId: z.string().min(8).max(64).optional(),
});

export const ticketParams = z.strictObject({ ticketId: uuid });
export const positionParams = z.strictObject({ positionId: id });
export const serviceParams = z.strictObject({ code });
export const deviceParams = z.strictObject({ deviceId: uuid });
export const officerParams = z.strictObject({ officerId: id });
export const statusCodeParams = z.strictObject({ statusCode: z.string().regex(/^[a-z2-9]{16}$/, 'a ticket status code') });

export const callTicketBody = z.strictObject({ ticketId: uuid });
export const finishBody = z.strictObject({ outcome: z.enum(OUTCOMES), notes: z.string().max(2000).optional() });
export const transferBody = z.strictObject({ toService: code });
export const cancelBody = z.strictObject({ reason: text(200) });

export const signInBody = z.strictObject({
  officerId: id,
  pin: pinSchema,
  positions: z.array(id).min(1).max(6),
});

const documentBody = z.strictObject({ id, labelId: text(120), labelEn: text(120) });

export const serviceBody = z.strictObject({
  prefix: z.string().regex(/^[A-Z]$/, 'one capital letter'),
  labelId: text(80),
  labelEn: text(80),
  dailyQuota: z.number().int().min(0).max(999),
  isOpen: z.boolean(),
  defaultServiceSeconds: z.number().int().min(30).max(4 * 3600),
  documents: z.array(documentBody).max(30),
  sortOrder: z.number().int().min(0).max(1000),
});

export const serviceOpenBody = z.strictObject({ isOpen: z.boolean() });
export const quotaBody = z.strictObject({ quota: z.number().int().min(0).max(999) });
export const tickerBody = z.strictObject({ text: z.string().max(500) });

export const policyBody = z
  .strictObject({
    bookingEarlyMinutes: z.number().int().min(0).max(240),
    bookingLateMinutes: z.number().int().min(0).max(240),
    normalsPerPriority: z.number().int().min(0).max(20),
    maxWaitMinutes: z.number().int().min(5).max(24 * 60),
    maxRecalls: z.number().int().min(0).max(10),
  })
  .partial()
  .refine((change) => Object.keys(change).length > 0, { message: 'name at least one policy setting to change' });

export const positionBody = z.strictObject({
  kind: z.enum(POSITION_KINDS),
  label: text(40),
  active: z.boolean().default(true),
  services: z.array(code).min(1).max(20),
});

export const officerBody = z.strictObject({
  name: text(80),
  pin: pinSchema,
  active: z.boolean().default(true),
});

export const bookingsBody = z.strictObject({
  bookings: z
    .array(
      z.strictObject({
        code: bookingCodeSchema,
        serviceCode: code,
        slotStart: z.number().int().positive(),
        slotEnd: z.number().int().positive(),
        nikMasked: z.string().regex(/^\*{0,12}\d{4}$/, 'a masked NIK: stars then the last 4 digits').nullable().default(null),
        status: z.enum(['booked', 'cancelled']).default('booked'),
      }).refine((b) => b.slotEnd > b.slotStart, { message: 'slotEnd must be after slotStart', path: ['slotEnd'] }),
    )
    .min(1)
    .max(5000),
});

export const pairingRequestBody = z.strictObject({ name: text(60) });
export const pairingClaimBody = z.strictObject({ claimSecret: z.string().min(32).max(128) });
export const approveBody = z.strictObject({
  code: z.string().trim().toUpperCase().regex(/^[A-Z0-9]{6}$/, 'the 6-character code the new device shows'),
  role: z.enum(DEVICE_ROLES),
  name: text(60).optional(),
});

/** Messages a client may send on the stream. */
export const clientMessage = z.discriminatedUnion('type', [z.strictObject({ type: z.literal('ping') })]);

export type { BranchEvent, EventType, EventPayload, TicketView } from '../queue/events.js';
export type {
  BranchSnapshot,
  CallReason,
  CallView,
  DayReport,
  OfficerDay,
  OfficerSession,
  Outcome,
  PrinterStatusView,
  PrintJob,
  Position,
  Priority,
  QueuedTicketView,
  RequiredDocument,
  Service,
  ServiceDay,
  ServiceQueue,
  WaitEstimate,
} from '../queue/types.js';
export { EVENT_TYPES, eventPayloadSchemas } from '../queue/events.js';

/** What the stream sends: every event after the client's last sequence, then live ones. */
export type ServerMessage =
  | { type: 'hello'; seq: number; role: DeviceRole }
  | { type: 'event'; event: import('../queue/events.js').BranchEvent }
  /** Several events at once, in order: what committed since the client's last message. */
  | { type: 'events'; events: import('../queue/events.js').BranchEvent[] }
  | { type: 'reset'; seq: number; reason: string }
  | { type: 'pong' }
  | { type: 'error'; message: string };

/** Response bodies the pages rely on; the hub's handlers are checked against them. */
export interface IssuedTicketResponse {
  ticket: import('../queue/events.js').TicketView;
  /** The code of the phone status page, /t/<statusCode>. */
  statusCode: string;
  nikMasked: string | null;
  wait: import('../queue/types.js').WaitEstimate | null;
  replayed: boolean;
  lateBooking: boolean;
  /** The print queued with the ticket; its progress arrives as print.* events. */
  printJobId: string | null;
}

export interface TicketStatusResponse {
  displayNumber: string;
  serviceCode: string;
  serviceLabelId: string;
  serviceLabelEn: string;
  status: import('../queue/types.js').TicketStatus;
  wait: import('../queue/types.js').WaitEstimate | null;
  position: { label: string; kind: import('../queue/types.js').PositionKind } | null;
}

export interface DeviceView {
  id: string;
  name: string;
  role: DeviceRole | null;
  status: 'pending' | 'expired' | 'approved' | 'active' | 'revoked';
  pairingCode: string | null;
  requestedAt: number;
  approvedAt: number | null;
  lastSeenAt: number | null;
}

export interface SupervisorOverview {
  /** The hub's clock, which the waits are measured against (a browser's clock may differ). */
  now: number;
  report: import('../queue/types.js').DayReport;
  devices: (DeviceView & { online: boolean })[];
  /** Each kiosk printer's last word, with a sentence for the fault list ("Printer Kiosk lobby: paper out"). */
  printers: (import('../queue/types.js').PrinterStatusView & { deviceName: string; message: string })[];
  /** Today's tickets whose print failed and was not redone: each can be reprinted. */
  printFailures: { jobId: string; ticketId: string; displayNumber: string; deviceId: string; deviceName: string; reason: string; at: number; message: string }[];
}

/** What a printer needs to print a ticket: laid out on the device, so the hub sends data, not bytes. */
export interface TicketToPrint {
  branchName: string;
  timeZone: string;
  displayNumber: string;
  serviceLabelId: string;
  serviceLabelEn: string;
  source: 'walk_in' | 'booking' | 'collective' | 'drop_box';
  priority: 'none' | 'elderly' | 'disabled' | 'pregnant' | 'other';
  issuedAt: number;
  peopleAhead: number | null;
  waitSeconds: number | null;
  statusUrl: string;
  nikMasked: string | null;
  claimCount: number | null;
  /** Drop box: the code written on the envelope and printed as a barcode. */
  trackingCode: string | null;
}

/** A print job as a kiosk's device agent receives it. */
export interface PrintJobMessage {
  job: { id: string; ticketId: string; state: 'queued' | 'printing' | 'printed' | 'failed'; reprint: boolean };
  ticket: TicketToPrint;
}

export const printResultBody = z.discriminatedUnion('printed', [
  z.strictObject({ printed: z.literal(true), warning: z.enum(['paper_near_end']).nullable().default(null) }),
  z.strictObject({ printed: z.literal(false), reason: z.enum(PRINT_FAILURES) }),
]);
export const printerStatusBody = z.strictObject({ status: z.enum(PRINTER_CONDITIONS), detail: z.string().max(200).nullable().default(null) });
export const printJobParams = z.strictObject({ jobId: uuid });
export const reprintBody = z.strictObject({ deviceId: uuid.optional() });
export const scanBody = z.strictObject({ code: z.string().min(1).max(512) });

/** GET /positions/:id/preview */
export interface PreviewResponse {
  picks: { ticket: import('../queue/events.js').TicketView; reason: import('../queue/types.js').CallReason }[];
}

/** GET /tickets/:id (staff) */
export interface TicketDetailResponse {
  ticket: import('../queue/events.js').TicketView;
  nikMasked: string | null;
  notes: string | null;
  wait: import('../queue/types.js').WaitEstimate | null;
}

/** GET /officers */
export interface OfficersResponse {
  officers: { id: string; name: string; active: boolean }[];
}
