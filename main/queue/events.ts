import { z } from 'zod';
import { OUTCOMES, POSITION_KINDS, PRIORITIES, TICKET_SOURCES, TICKET_STATUSES } from './types.js';

/**
 * The branch's events: every state change appends exactly one, in the same transaction. They are
 * facts for the record and for headquarters' reports (who served which ticket at which position,
 * and how it ended); pages read the same events. Never a participant's name or an unmasked ID, and
 * nothing that is not a fact: no scanned codes, pairing codes or secrets.
 */

export const ticketViewSchema = z.object({
  id: z.string(),
  businessDay: z.string(),
  displayNumber: z.string(),
  serviceCode: z.string(),
  source: z.enum(TICKET_SOURCES),
  priority: z.enum(PRIORITIES),
  claimCount: z.number().int().nullable(),
  status: z.enum(TICKET_STATUSES),
  outcome: z.enum(OUTCOMES).nullable(),
  arrivedAt: z.number(),
  issuedAt: z.number(),
  calledAt: z.number().nullable(),
  positionId: z.string().nullable(),
  recallCount: z.number().int(),
});
export type TicketView = z.infer<typeof ticketViewSchema>;

const documentSchema = z.object({ id: z.string(), labelId: z.string(), labelEn: z.string() });

export const serviceViewSchema = z.object({
  code: z.string(),
  prefix: z.string(),
  labelId: z.string(),
  labelEn: z.string(),
  dailyQuota: z.number().int(),
  isOpen: z.boolean(),
  defaultServiceSeconds: z.number().int(),
  documents: z.array(documentSchema),
  sortOrder: z.number().int(),
});

const positionViewSchema = z.object({
  id: z.string(),
  kind: z.enum(POSITION_KINDS),
  label: z.string(),
  active: z.boolean(),
  services: z.array(z.string()),
});

const callSchema = z.object({
  ticketId: z.string(),
  displayNumber: z.string(),
  serviceCode: z.string(),
  positionId: z.string(),
  positionLabel: z.string(),
  positionKind: z.enum(POSITION_KINDS),
});

export const eventPayloadSchemas = {
  'ticket.issued': z.object({ ticket: ticketViewSchema }),
  'ticket.called': callSchema.extend({ officerId: z.string(), reason: z.enum(['overdue', 'booking', 'priority', 'arrival', 'chosen']) }),
  'ticket.recalled': callSchema.extend({ officerId: z.string(), recallCount: z.number().int() }),
  'ticket.serving': z.object({ ticketId: z.string(), positionId: z.string(), officerId: z.string() }),
  'ticket.done': z.object({
    ticketId: z.string(),
    serviceCode: z.string(),
    positionId: z.string(),
    officerId: z.string(),
    outcome: z.enum(OUTCOMES),
    serviceSeconds: z.number(),
  }),
  'ticket.no_show': z.object({ ticketId: z.string(), positionId: z.string(), officerId: z.string(), reason: z.enum(['officer', 'recall_limit']) }),
  'ticket.cancelled': z.object({ ticketId: z.string(), reason: z.string() }),
  /** Version 2: the position or officer it was sent to within the service, who alone are offered it (null: anyone). */
  'ticket.transferred': z.object({ ticketId: z.string(), fromService: z.string(), toService: z.string(), toPositionId: z.string().nullable(), toOfficerId: z.string().nullable() }),
  /** The supervisor signed out the officer who held it: back in its queue with its number and arrival time. */
  'ticket.requeued': z.object({ ticketId: z.string(), serviceCode: z.string(), positionId: z.string(), officerId: z.string(), wasStatus: z.enum(['called', 'serving']), reason: z.string() }),
  'print.queued': z.object({ jobId: z.string(), ticketId: z.string(), deviceId: z.string(), displayNumber: z.string(), reprint: z.boolean() }),
  'print.started': z.object({ jobId: z.string(), ticketId: z.string(), deviceId: z.string() }),
  'print.printed': z.object({ jobId: z.string(), ticketId: z.string(), deviceId: z.string(), warning: z.string().nullable() }),
  'print.failed': z.object({ jobId: z.string(), ticketId: z.string(), deviceId: z.string(), displayNumber: z.string(), reason: z.string() }),
  'printer.status': z.object({ deviceId: z.string(), status: z.string(), detail: z.string().nullable() }),
  'service.updated': z.object({ service: serviceViewSchema }),
  'service.quota_set': z.object({ serviceCode: z.string(), businessDay: z.string(), quota: z.number().int() }),
  'position.updated': z.object({ position: positionViewSchema }),
  'officer.updated': z.object({ officerId: z.string(), name: z.string(), active: z.boolean() }),
  'officer.signed_in': z.object({ sessionId: z.string(), officerId: z.string(), officerName: z.string(), positions: z.array(z.string()) }),
  /** Version 2: who ended the session, and the supervisor's reason when it was them (null otherwise). */
  'officer.signed_out': z.object({ sessionId: z.string(), officerId: z.string(), by: z.enum(['officer', 'supervisor']), reason: z.string().nullable() }),
  /** The supervisor gave the officer a new PIN; it also lifts a lock. */
  'officer.pin_reset': z.object({ officerId: z.string() }),
  /** Too many wrong PINs in a row: the officer cannot sign in until a supervisor unlocks them. */
  'officer.locked': z.object({ officerId: z.string(), failedPins: z.number().int() }),
  'officer.unlocked': z.object({ officerId: z.string() }),
  'booking.imported': z.object({ codes: z.array(z.string()) }),
  'settings.updated': z.object({ key: z.string(), value: z.unknown() }),
  'device.pairing_requested': z.object({ deviceId: z.string(), name: z.string(), role: z.string().nullable(), kind: z.enum(['page', 'agent']) }),
  'device.approved': z.object({ deviceId: z.string(), name: z.string(), role: z.string() }),
  'device.bound': z.object({ deviceId: z.string(), positionId: z.string().nullable(), printer: z.string().nullable() }),
  'device.claimed': z.object({ deviceId: z.string(), kind: z.enum(['page', 'agent']) }),
  'device.revoked': z.object({ deviceId: z.string() }),
} as const;

export type EventType = keyof typeof eventPayloadSchemas;
export type EventPayload<T extends EventType> = z.infer<(typeof eventPayloadSchemas)[T]>;

/**
 * The version of each type's payload, stored with every event: a change to a payload bumps its
 * type's version, so headquarters reads an old event by the shape it was written in. Version 2:
 * a call, recall, start, finish and no-show name the officer; a finish names its service; a
 * sign-out says who ended the session and why; a transfer names the position or officer it went to.
 */
const PAYLOAD_VERSIONS: Partial<Record<EventType, number>> = {
  'ticket.called': 2,
  'ticket.recalled': 2,
  'ticket.serving': 2,
  'ticket.done': 2,
  'ticket.no_show': 2,
  'ticket.transferred': 2,
  'officer.signed_out': 2,
};

export function payloadVersion(type: EventType): number {
  return PAYLOAD_VERSIONS[type] ?? 1;
}

/** One event; without a type argument, the union of every kind, narrowed by `type`. */
export type BranchEvent<T extends EventType = EventType> = T extends EventType
  ? {
      seq: number;
      id: string;
      type: T;
      /** The payload's version (payloadVersion of its type when it was written). */
      v: number;
      payload: EventPayload<T>;
      at: number;
    }
  : never;

export const EVENT_TYPES = Object.keys(eventPayloadSchemas) as EventType[];
