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
/** A kiosk's key for one tap, so a retry gets the same ticket (the kiosk sends a UUID). */
export const requestIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'a request id: 8 to 64 letters, digits, - or _');

/**
 * Characters refused in text a person typed: controls (C0, DEL, C1: an ESC reaches a thermal
 * printer or a terminal as a command), bidi overrides and isolates and the other invisible format
 * characters that reorder or hide what a screen shows, line and paragraph separators, the Hangul
 * fillers that draw as nothing, and lone surrogates. The zero-width joiners stay: scripts and
 * emoji need them. Notes keep their newlines and tabs.
 */
const UNSAFE_IN_LINE = /(?![\u200c\u200d])[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029\u115f\u1160\u3164\uffa0]/u;
const UNSAFE_IN_NOTES = /(?![\u200c\u200d\n\t])[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029\u115f\u1160\u3164\uffa0]/u;

const refuseUnsafe = (pattern: RegExp) => (value: string, ctx: z.RefinementCtx) => {
  const found = pattern.exec(value);
  if (!found) return;
  const codePoint = `U+${found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  ctx.addIssue({ code: 'custom', message: `contains an invisible or control character (${codePoint}) at character ${found.index + 1}: type it again without it` });
};

/** One line a person typed (a name, a label, a reason): trimmed, min to max characters, nothing invisible. */
export const safeText = (max: number, min = 1) => z.string().trim().min(min).max(max).superRefine(refuseUnsafe(UNSAFE_IN_LINE));
/** Several lines a person typed (an officer's notes): newlines and tabs are kept, nothing else invisible. */
export const safeNotes = (max: number) => z.string().max(max).superRefine(refuseUnsafe(UNSAFE_IN_NOTES));

const code = serviceCodeSchema;
const id = idSchema;
const uuid = z.uuid();
const text = safeText;

export const issueTicketBody = z.strictObject({
  serviceCode: code,
  source: z.enum(['walk_in', 'collective', 'drop_box']).default('walk_in'),
  priority: z.enum(PRIORITIES).default('none'),
  claimCount: z.number().int().min(1).max(1000).optional(),
  nik: z.string().regex(/^\d{16}$/, 'a national ID number (NIK) of 16 digits').optional(),
  requestId: requestIdSchema.optional(),
});

export const checkInBody = z.strictObject({
  bookingCode: bookingCodeSchema,
  priority: z.enum(PRIORITIES).default('none'),
  requestId: requestIdSchema.optional(),
});

/** A booking code checked before the participant answers anything more: nothing is issued. */
export const bookingCheckBody = z.strictObject({ bookingCode: bookingCodeSchema });

export const ticketParams = z.strictObject({ ticketId: uuid });
export const positionParams = z.strictObject({ positionId: id });
export const serviceParams = z.strictObject({ code });
export const deviceParams = z.strictObject({ deviceId: uuid });
export const officerParams = z.strictObject({ officerId: id });
export const statusCodeParams = z.strictObject({ statusCode: z.string().regex(/^[a-z2-9]{16}$/, 'a ticket status code') });

export const callTicketBody = z.strictObject({ ticketId: uuid });
export const finishBody = z.strictObject({ outcome: z.enum(OUTCOMES), notes: safeNotes(2000).optional() });
/** To another service, or within one to a single position or officer (at most one of the two). */
export const transferBody = z
  .strictObject({ toService: code, toPositionId: id.optional(), toOfficerId: id.optional() })
  .refine((b) => b.toPositionId === undefined || b.toOfficerId === undefined, { message: 'name a position or an officer, not both', path: ['toOfficerId'] });
/** The console's draft of a service in progress: the documents ticked and the notes so far. */
export const serviceDraftBody = z.strictObject({ checked: z.array(id).max(50), notes: safeNotes(2000) });
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
export const tickerBody = z.strictObject({ text: safeText(500, 0) });

const policySettings = z
  .strictObject({
    bookingEarlyMinutes: z.number().int().min(0).max(240),
    bookingLateMinutes: z.number().int().min(0).max(240),
    normalsPerPriority: z.number().int().min(0).max(20),
    maxWaitMinutes: z.number().int().min(5).max(24 * 60),
    maxRecalls: z.number().int().min(0).max(10),
  })
  .partial();
export const policyBody = policySettings.refine((change) => Object.keys(change).length > 0, { message: 'name at least one policy setting to change' });
/** A draft of the policy to preview (nothing saved); settings left out are the ones in force. */
export const policyPreviewBody = z.strictObject({ policy: policySettings, count: z.number().int().min(1).max(10).default(5) });

/** The supervisor signs an officer out; their called and serving tickets go back to their queues. */
export const releaseSessionBody = z.strictObject({ reason: text(200) });

/** A table of the end-of-day report as a file: its words in the page's language, and the separator the spreadsheet expects. */
export const dayCsvQuery = z.strictObject({
  day: z.iso.date().optional(),
  lang: z.enum(['id', 'en']).default('id'),
  separator: z.enum(['semicolon', 'comma']).default('semicolon'),
});

/** A position's whole description; `active` left out keeps it as it is (a new position starts active). */
export const positionBody = z.strictObject({
  kind: z.enum(POSITION_KINDS),
  label: text(40),
  active: z.boolean().optional(),
  services: z.array(code).min(1).max(20),
});

/**
 * An officer's name and whether they may sign in; `active` left out keeps it as it is. The PIN is
 * needed only to add an officer: a rename keeps the PIN, and a PIN given replaces it (and unlocks).
 */
export const officerBody = z.strictObject({
  name: text(80),
  pin: pinSchema.optional(),
  active: z.boolean().optional(),
});
export const officerPinBody = z.strictObject({ pin: pinSchema });

/** Booking slots the hub accepts: from 2000 to 2100, at most half a day long. Anything else is a corrupt booking. */
const EARLIEST_SLOT = Date.UTC(2000, 0, 1);
const LATEST_SLOT = Date.UTC(2100, 0, 1);
const LONGEST_SLOT_MS = 12 * 3600_000;
const slotTime = z
  .number()
  .int()
  .min(EARLIEST_SLOT, 'a slot time in epoch milliseconds, from the year 2000 on')
  .max(LATEST_SLOT, 'a slot time in epoch milliseconds, before the year 2100');

export const bookingsBody = z.strictObject({
  bookings: z
    .array(
      z.strictObject({
        code: bookingCodeSchema,
        serviceCode: code,
        slotStart: slotTime,
        slotEnd: slotTime,
        nikMasked: z.string().regex(/^\*{0,12}\d{4}$/, 'a masked NIK: stars then the last 4 digits').nullable().default(null),
        status: z.enum(['booked', 'cancelled']).default('booked'),
      })
        .refine((b) => b.slotEnd > b.slotStart, { message: 'slotEnd must be after slotStart', path: ['slotEnd'] })
        .refine((b) => b.slotEnd - b.slotStart <= LONGEST_SLOT_MS, { message: 'a slot lasts at most 12 hours', path: ['slotEnd'] }),
    )
    .min(1)
    .max(5000),
});

export const DEVICE_TOKEN_KINDS = ['page', 'agent'] as const;
/** A device's page (a browser or the app's window) or its device agent (the kiosk's printer and scanner). */
export type DeviceTokenKind = (typeof DEVICE_TOKEN_KINDS)[number];

/** Who prints a kiosk's tickets: its own device agent, or a network printer the hub runs (`hub:<name>`). */
const printerBinding = z.string().regex(/^(agent|hub:[^\u0000-\u001f]{1,60})$/, "'agent' or 'hub:' and the name of a printer in the hub profile");
/** What a paired device serves: a booth screen its booth position, a kiosk its printer. */
export const deviceBindingBody = z.strictObject({ positionId: id.optional(), printer: printerBinding.nullable().optional() });
export type DeviceBinding = z.infer<typeof deviceBindingBody>;

export const pairingRequestBody = z.strictObject({
  name: text(60),
  /** The page the device opened, as a hint for the supervisor; the supervisor decides the role. */
  role: z.enum(DEVICE_ROLES).optional(),
  kind: z.enum(DEVICE_TOKEN_KINDS).default('page'),
});
export const pairingClaimBody = z.strictObject({
  claimSecret: z.string().min(32).max(128),
  /** A page asks for its token as an HttpOnly cookie, so no script on it can ever read the token. */
  cookie: z.boolean().default(false),
});
const pairingCode = z.string().trim().toUpperCase().regex(/^[A-Z0-9]{6}$/, 'the 6-character code the new device shows');
export const approveBody = z.strictObject({
  code: pairingCode,
  role: z.enum(DEVICE_ROLES),
  name: text(60).optional(),
  positionId: id.optional(),
  printer: printerBinding.nullable().optional(),
  /** Pair this screen (or agent) as another part of a device already paired: a kiosk's page and its agent. */
  joinDeviceId: uuid.optional(),
});
export const setupBody = z.strictObject({
  code: z.string().trim().toUpperCase().regex(/^[A-Z0-9]{5}-?[A-Z0-9]{5}$/, 'the setup code printed by antre setup, like K7M2Q-9XPLD'),
  name: text(60),
});

/**
 * A video booth's call with the console serving it: WebRTC signalling and call control, relayed
 * by the hub from one device to the other and never stored. The booth always offers and the
 * console answers; `callId` names one peer connection, so signals of a replaced one are dropped.
 */
const callId = uuid;
/** An SDP of Chromium's audio and video offer is about 6 KB; the stream takes 16 KB frames. */
export const MAX_SDP_CHARS = 12_000;
const sdp = z.string().min(1).max(MAX_SDP_CHARS);
export const relayBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('offer'), callId, sdp }),
  z.strictObject({ kind: z.literal('answer'), callId, sdp }),
  z.strictObject({
    kind: z.literal('candidate'),
    callId,
    candidate: z.string().max(1024),
    sdpMid: z.string().max(64).nullable(),
    sdpMLineIndex: z.number().int().min(0).max(63).nullable(),
  }),
  /** The console has no working call with this booth (it reloaded, or the call failed): the booth offers again unless its call is `callId`. */
  z.strictObject({ kind: z.literal('restart'), callId: callId.nullable() }),
  /** Whether the officer is with this booth: two-way audio and full video, or neither and reduced video. */
  z.strictObject({ kind: z.literal('focus'), focused: z.boolean() }),
  /** The officer asks for a still of this document, taken by the booth at its camera's full resolution and uploaded. */
  z.strictObject({ kind: z.literal('capture'), requestId: uuid, documentId: id }),
  /** The booth could not take or upload the still asked for. */
  z.strictObject({ kind: z.literal('capture_failed'), requestId: uuid, documentId: id, reason: z.enum(['camera', 'upload', 'no_consent']) }),
]);
export type RelayBody = z.infer<typeof relayBody>;
export type RelayKind = RelayBody['kind'];

/** Messages a client may send on the stream. */
export const clientMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ping') }),
  /** For one device (`to`, its id); the hub checks that the pair may talk and names the sender itself. */
  z.strictObject({ type: z.literal('relay'), to: uuid, body: relayBody }),
]);
export type ClientMessage = z.infer<typeof clientMessage>;

export type { BranchEvent, EventType, EventPayload, TicketView } from '../queue/events.js';
export type {
  BranchSnapshot,
  CallReason,
  CallView,
  DayBooking,
  DayReport,
  OfficerDay,
  OfficerSession,
  PolicyConfig,
  OfficerStaffView,
  Outcome,
  PrinterStatusView,
  PrintJob,
  Position,
  PositionKind,
  PositionStaffView,
  Priority,
  QueuedTicketView,
  RequiredDocument,
  Service,
  ServiceDay,
  ServiceQueue,
  StaffOverview,
  WaitEstimate,
} from '../queue/types.js';
export { EVENT_TYPES, eventPayloadSchemas } from '../queue/events.js';

/**
 * What changed in a page's state (a stream opened with `state=1`), computed by the hub when it
 * sends events and never stored: each section present replaces the page's whole section; a queue
 * replaces the queue of its service. `serviceCodes` is every service in order, present when the
 * list of services itself changed. Filtered like the snapshot for the device that receives it.
 */
export type StateDelta = Partial<Omit<import('../queue/types.js').BranchSnapshot, 'seq' | 'now' | 'queues'>> & {
  /** The hub's clock when it was computed. */
  now: number;
  queues?: import('../queue/types.js').ServiceQueue[];
  serviceCodes?: string[];
};

/**
 * A frame to a stream opened with `state=1`: the events after `after` up to `seq` that this device
 * may see (possibly none), and what they changed in its state. `after` is the `seq` of the previous
 * frame on this stream (or the stream's `after`), so a page that sees another `after` missed something.
 */
export interface StateFrame {
  type: 'events';
  after: number;
  seq: number;
  events: import('../queue/events.js').BranchEvent[];
  state?: StateDelta;
}

/** What the stream sends: every event after the client's last sequence, then live ones. */
export type ServerMessage =
  | { type: 'hello'; seq: number; role: DeviceRole }
  | { type: 'event'; event: import('../queue/events.js').BranchEvent }
  /** Several events at once, in order: what committed since the client's last message. */
  | { type: 'events'; events: import('../queue/events.js').BranchEvent[]; after?: number; seq?: number; state?: StateDelta }
  | { type: 'reset'; seq: number; reason: string }
  /** Relayed to one kiosk's streams, never stored: a code its own scanner read just now. */
  | { type: 'scan'; code: string }
  /** The devices this one may relay to now (a booth: the console serving it; a console: its booths' screens). */
  | { type: 'peers'; peers: RelayPeer[] }
  /** A relayed message from a peer, its sender named by the hub. */
  | { type: 'relay'; from: string; body: RelayBody }
  /** A relayed message the hub did not pass on: the peer is offline, or not this device's to talk to. */
  | { type: 'relay_refused'; to: string; kind: RelayKind; error: { code: string; reason: string; params: Record<string, string | number | null>; message: string } }
  /** To a booth screen: what it shows now. */
  | { type: 'booth'; booth: BoothView }
  /** To the console serving a ticket: its consent and captured documents, after each change. */
  | { type: 'documents'; documents: TicketDocuments }
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
  /** A drop-box receipt's code, written on the envelope (the same as printed); null for other tickets. */
  trackingCode: string | null;
}

/** POST /tickets/check-in/check: the booking would check in now. Nothing personal: no NIK, no slot. */
export interface BookingCheckResponse {
  bookingCode: string;
  serviceCode: string;
  /** Past its window: it would be served in the walk-in queue. */
  late: boolean;
}

export interface TicketStatusResponse {
  displayNumber: string;
  serviceCode: string;
  serviceLabelId: string;
  serviceLabelEn: string;
  status: import('../queue/types.js').TicketStatus;
  wait: import('../queue/types.js').WaitEstimate | null;
  position: { label: string; kind: import('../queue/types.js').PositionKind } | null;
  /** A drop-box envelope waits for nobody: the phone says so instead of a wait. */
  source: import('../queue/types.js').TicketSource;
  /** The hub's clock and the branch's zone: a phone shows the branch's time, not its own. */
  now: number;
  timeZone: string;
  /** The service the ticket was taken for, when an officer has moved it to another since; null otherwise. */
  transferredFrom: { serviceCode: string; labelId: string; labelEn: string } | null;
  /** What to bring for the service the ticket is in now. */
  documents: import('../queue/types.js').RequiredDocument[];
}

export interface DeviceView {
  id: string;
  name: string;
  role: DeviceRole | null;
  status: 'pending' | 'expired' | 'approved' | 'active' | 'revoked';
  pairingCode: string | null;
  /** What a waiting device asked for: the page it opened, and whether it is a page or a device agent. */
  requestedRole: DeviceRole | null;
  requestedKind: DeviceTokenKind;
  /** A request approved to become part of this paired device (a kiosk's agent joining its page). */
  joinDeviceId: string | null;
  /** A booth screen's booth position. */
  positionId: string | null;
  /** A kiosk's printer: 'agent', 'hub:<name>', or null when nothing prints its tickets. */
  printer: string | null;
  /** Whether the device's page and its agent hold a token. */
  hasPage: boolean;
  hasAgent: boolean;
  requestedAt: number;
  approvedAt: number | null;
  lastSeenAt: number | null;
}

export interface SupervisorOverview {
  /** The hub's clock, which the waits are measured against (a browser's clock may differ). */
  now: number;
  report: import('../queue/types.js').DayReport;
  devices: (DeviceView & { online: boolean })[];
  /** The network printers the hub runs, which a kiosk may be bound to. */
  hubPrinters: string[];
  /** Each kiosk printer's last word, with a sentence for the fault list ("Printer Kiosk lobby: paper out"). */
  printers: (import('../queue/types.js').PrinterStatusView & { deviceName: string; message: string })[];
  /** Today's tickets whose print failed and was not redone: each can be reprinted. */
  printFailures: { jobId: string; ticketId: string; displayNumber: string; deviceId: string; deviceName: string; reason: string; at: number; message: string }[];
  /** The hub's own health, with where its files are for the branch's IT person. */
  health: HubHealth & { paths: { dataDir: string; backupDir: string; logFile: string | null } };
  /** Sync with headquarters; null when the hub profile has no `hq` section (the branch runs alone). */
  sync: SyncStatus | null;
}

/**
 * Why the last try to reach headquarters failed: not reachable, no answer in time (or a trickle),
 * a server error, an answer that is not the contract's, the branch's signature refused (a wrong
 * secret or a clock far off), or another refusal.
 */
export const SYNC_FAILURE_REASONS = ['unreachable', 'timeout', 'server_error', 'bad_answer', 'signature_refused', 'refused'] as const;
export type SyncFailureReason = (typeof SYNC_FAILURE_REASONS)[number];

export interface SyncStatus {
  /** Headquarters' address, as the hub profile names it. */
  hq: string;
  /** The last exchange with headquarters succeeded. */
  connected: boolean;
  lastSuccessAt: number | null;
  lastAttemptAt: number | null;
  /** Events headquarters has not acknowledged yet. */
  waiting: number;
  /** The last failed try, and since when tries have failed; null once one succeeds. */
  failure: { reason: SyncFailureReason; detail: string; at: number; since: number; tries: number } | null;
  /** When the worker tries again after a failure. */
  nextTryAt: number | null;
  /** The life of the branch log that new events are appended in. */
  epoch: string;
}

/** Why the hub cannot store anything right now: every write is refused with 503 storage_unavailable and this reason. */
export const STORAGE_FAULT_REASONS = ['storage_full', 'storage_failed', 'storage_read_only'] as const;
export type StorageFaultReason = (typeof STORAGE_FAULT_REASONS)[number];

/** GET /health: public, so it names no folder and no secret; a monitor reads `ok` and the status (503 when the database cannot be written). */
export interface HubHealth {
  ok: boolean;
  branch: import('../queue/types.js').BranchIdentity;
  seq: number;
  version: string;
  schemaVersion: number;
  database: {
    /** The last write did not fail for lack of storage, and the file and its folder may be written. */
    writable: boolean;
    /** The storage fault the last failed write met, until a write succeeds again. */
    fault: { reason: StorageFaultReason; since: number } | null;
  };
  /** Free space for the hub's user on the data folder's disk; null when it cannot be read. */
  disk: { freeBytes: number | null };
  backup: {
    /** The newest verified backup: its file name (not its folder), time and size. */
    last: { at: number; file: string; bytes: number } | null;
    everyMinutes: number;
    /** No backup within its schedule (with a few minutes' grace). */
    overdue: boolean;
    /** The last attempt failed, with a short reason (SQLITE_FULL, ENOSPC, quick_check); null once one succeeds. */
    failure: { at: number; reason: string } | null;
  };
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
  /** The originals to bring for the service; absent or empty prints none. */
  documents?: { labelId: string; labelEn: string }[];
  /** A booking that checked in after its window and joins the walk-in queue. */
  lateBooking?: boolean;
  /** When the supervisor asked for this copy again; absent or null for the first print. */
  reprintedAt?: number | null;
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
export const printerStatusBody = z.strictObject({ status: z.enum(PRINTER_CONDITIONS), detail: safeText(200, 0).nullable().default(null) });
export const printJobParams = z.strictObject({ jobId: uuid });
export const reprintBody = z.strictObject({ deviceId: uuid.optional() });
export const scanBody = z.strictObject({ code: z.string().min(1).max(512) });

/** GET /positions/:id/preview */
export interface PreviewResponse {
  picks: { ticket: import('../queue/events.js').TicketView; reason: import('../queue/types.js').CallReason }[];
}

/** POST /settings/policy/preview: the next picks of every active position under a draft policy. */
export type PolicyPreviewResponse = import('../queue/types.js').PolicyPreview;

/** GET /bookings: the day's online bookings with their check-in state. */
export type DayBookingsResponse = import('../queue/types.js').DayBookings;

/** POST /officers/:id/sign-out: the session ended and the tickets back in their queues. */
export interface ReleaseSessionResponse {
  sessionId: string;
  requeued: import('../queue/events.js').TicketView[];
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

/** A device this one may relay to: a booth screen and the console serving its booth. */
export interface RelayPeer {
  deviceId: string;
  /** The booth the pair is about. */
  positionId: string;
  /** Whether the peer has a stream open now; a message to an offline peer is refused. */
  online: boolean;
}

/** A required document as the booth and the console see it: not shown yet, captured, or reviewed by the officer. */
export type DocumentState = 'missing' | 'captured' | 'accepted' | 'redo';
export const CAPTURE_REVIEWS = ['accepted', 'redo'] as const;
export type CaptureReview = 'pending' | (typeof CAPTURE_REVIEWS)[number];

/**
 * What a booth screen shows, and all it may know: its booth, and while someone is called there,
 * that person's number, service, documents and outcome. No ticket id, no ID number, no notes.
 */
export interface BoothView {
  /** The booth the screen is bound to; null until the supervisor chooses one. */
  position: { id: string; label: string } | null;
  /** ended: the outcome and the rating, until the participant rates or a few minutes pass. */
  phase: 'idle' | 'called' | 'serving' | 'ended';
  visit: BoothVisit | null;
}

export interface BoothVisit {
  displayNumber: string;
  service: { code: string; labelId: string; labelEn: string };
  calledAt: number;
  documents: { id: string; labelId: string; labelEn: string; state: DocumentState }[];
  /** When the participant agreed that their documents are photographed; null until then. */
  consentAt: number | null;
  outcome: import('../queue/types.js').Outcome | null;
  rating: number | null;
}

/** A still of a document taken at a booth, as the serving console and the supervisor see it. */
export interface CaptureView {
  id: string;
  ticketId: string;
  documentId: string;
  /** The console's request it answers. */
  requestId: string;
  width: number;
  height: number;
  bytes: number;
  capturedAt: number;
  review: CaptureReview;
}

/** A ticket's documents at a booth: consent and every capture, newest last. */
export interface TicketDocuments {
  ticketId: string;
  positionId: string;
  consentAt: number | null;
  captures: CaptureView[];
}

/** POST /booth/captures: a still of one document, as base64 JPEG. */
export const MAX_CAPTURE_BYTES = 8 * 1024 * 1024;
export const captureBody = z.strictObject({
  requestId: uuid,
  documentId: id,
  jpeg: z
    .string()
    .max(Math.ceil(MAX_CAPTURE_BYTES / 3) * 4, `a JPEG of at most ${MAX_CAPTURE_BYTES / 1024 / 1024} MB`)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'a JPEG image in base64'),
});
export const captureParams = z.strictObject({ captureId: uuid });
export const captureReviewBody = z.strictObject({ review: z.enum(CAPTURE_REVIEWS) });
export const ratingBody = z.strictObject({ rating: z.number().int().min(1).max(5) });

/** GET /calls/settings: how a booth and a console reach each other's media (STUN/TURN from the hub profile). */
export interface CallSettings {
  iceServers: { urls: string[]; username?: string; credential?: string }[];
  /** How long the hub keeps captured documents: the booth tells the participant before they consent. */
  captureRetentionDays: number;
}
