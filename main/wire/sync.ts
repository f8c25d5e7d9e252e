import { z } from 'zod';
import { bookingsBody, idSchema, serviceBody, serviceCodeSchema } from './schemas.js';

/**
 * Sync contract v1 between a branch hub and headquarters: what travels, and how a request is
 * signed. docs/sync-contract.md says why each rule is there; main/sync (the branch) and hq/ (the
 * reference headquarters) both import this module, so neither can drift from the other.
 */

export const SYNC_CONTRACT_VERSION = 1;

/** Every path of the contract starts with this; the branch's own id follows it. */
export const SYNC_API_PREFIX = '/api/v1/branches';

/** The headers that carry a request's signature. */
export const SIGNATURE_HEADERS = {
  branch: 'x-antre-branch',
  time: 'x-antre-time',
  nonce: 'x-antre-nonce',
  signature: 'x-antre-signature',
} as const;

/** A request signed longer ago than this, or this far in the future (a clock off), is refused. */
export const MAX_REQUEST_AGE_MS = 5 * 60_000;

export const nonceSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'a nonce: 16 to 64 letters, digits, - or _ (a UUID)');

/**
 * The text a request's HMAC-SHA256 is computed over, with the branch's secret as key; the
 * signature header carries it in lowercase hex. `pathWithQuery` is the request target exactly as
 * sent (no scheme or host); `bodySha256Hex` hashes the body's bytes (an empty body for a GET).
 */
export function signingText(method: string, pathWithQuery: string, time: number, nonce: string, bodySha256Hex: string): string {
  return `${method.toUpperCase()}\n${pathWithQuery}\n${time}\n${nonce}\n${bodySha256Hex}`;
}

const epochSchema = z.guid('an epoch: a UUID');
const seqSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
/** Event times as the branch recorded them, epoch milliseconds from 2000 to 2100. */
const eventTime = z.number().int().min(Date.UTC(2000, 0, 1)).max(Date.UTC(2100, 0, 1));

/** One fact of a branch log: HQ keys it by (branch, epoch, seq) and stores its payload as sent. */
export const syncEventSchema = z.strictObject({
  seq: seqSchema,
  id: z.guid('an event id: a UUID'),
  type: z.string().max(64).regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, 'an event type such as ticket.issued'),
  /** The payload's schema version (main/queue/events.ts payloadVersion). */
  v: z.number().int().min(1).max(1000),
  at: eventTime,
  payload: z.record(z.string(), z.unknown()),
});
export type SyncEvent = z.infer<typeof syncEventSchema>;

/** The most events one push may carry. */
export const MAX_PUSH_EVENTS = 2000;

/**
 * POST {prefix}/{branch}/events: events of ONE epoch in ascending seq order. `firstSeq` is the
 * epoch's first seq (the same in every push of that epoch), so HQ knows where its gap-free run
 * starts even when a later batch arrives first.
 */
export const pushBody = z
  .strictObject({
    branch: idSchema,
    epoch: epochSchema,
    firstSeq: seqSchema,
    events: z.array(syncEventSchema).min(1).max(MAX_PUSH_EVENTS),
  })
  .superRefine((batch, ctx) => {
    batch.events.forEach((e, i) => {
      if (e.seq < batch.firstSeq) ctx.addIssue({ code: 'custom', path: ['events', i, 'seq'], message: `seq ${e.seq} is before the epoch's firstSeq ${batch.firstSeq}` });
      const before = batch.events[i - 1];
      if (before && e.seq <= before.seq) ctx.addIssue({ code: 'custom', path: ['events', i, 'seq'], message: `seq ${e.seq} does not follow ${before.seq}: send events in ascending seq order, each once` });
    });
  });
export type PushBody = z.infer<typeof pushBody>;

/**
 * HQ's answer to a push: the highest seq of that epoch it holds with no gap from firstSeq
 * (firstSeq - 1 when it holds none of the start). The branch moves its cursor to it, never further.
 */
export const pushAnswer = z.object({
  epoch: epochSchema,
  heldThrough: z.number().int().min(0),
  /** Events of this request HQ had not held before (the rest were duplicates). */
  stored: z.number().int().min(0),
});
export type PushAnswer = z.infer<typeof pushAnswer>;

export const PULL_FEEDS = ['catalogue', 'quotas', 'bookings'] as const;
export type PullFeedName = (typeof PULL_FEEDS)[number];

export const MAX_PULL_LIMIT = 1000;

/** GET {prefix}/{branch}/{feed}?after={cursor}&limit={n}: `after` left out reads from the start. */
export const pullQuery = z.strictObject({
  after: z.string().regex(/^\d{1,18}$/, "a cursor from headquarters' previous answer").optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(500),
});

/** A booking made on the booking site, for the kiosk to check in against. */
export const bookingFeedItem = bookingsBody.shape.bookings.element;
/** A service of the branch's catalogue, whole. */
export const catalogueFeedItem = serviceBody.extend({ code: serviceCodeSchema });
/** A service's ticket quota for one business day at the branch. */
export const quotaFeedItem = z.strictObject({ serviceCode: serviceCodeSchema, businessDay: z.iso.date(), quota: z.number().int().min(0).max(999) });

const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    /** Pass it back as `after`; when no item is new it is the cursor that was sent. */
    cursor: z.string().min(1).max(200),
    /** Another page follows at once. */
    more: z.boolean(),
  });

export const pullPageSchemas = {
  catalogue: page(catalogueFeedItem),
  quotas: page(quotaFeedItem),
  bookings: page(bookingFeedItem),
} satisfies Record<PullFeedName, z.ZodType>;
export type PullPage<F extends PullFeedName> = z.output<(typeof pullPageSchemas)[F]>;

/**
 * Why HQ refused a sync request (the `reason` of the error body). 401: the signature headers are
 * missing, the signature does not verify, the request is too old or from the future, its nonce was
 * used already, or the branch is unknown or disabled. 403: a branch signed for another branch's
 * path or body. 409: the epoch's firstSeq differs from what HQ holds, or a seq HQ holds already
 * carries another event id. 400: the body or query breaks the schemas above.
 */
export const SYNC_REFUSAL_REASONS = [
  'signature_missing',
  'signature_invalid',
  'signature_expired',
  'signature_replayed',
  'branch_unknown',
  'branch_disabled',
  'branch_mismatch',
  'epoch_mismatch',
  'event_conflict',
  'invalid_input',
  'unknown_field',
  'body_malformed',
  'body_too_large',
  'body_not_json',
  'route_unknown',
  'internal',
] as const;
export type SyncRefusalReason = (typeof SYNC_REFUSAL_REASONS)[number];

/** Every refusal's body, as the hub's own: a coarse code, a fine reason, the field at fault, params. */
export const syncErrorBody = z.object({
  error: z.object({
    code: z.string(),
    reason: z.string(),
    message: z.string(),
    field: z.string().optional(),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  }),
});
export type SyncErrorBody = z.infer<typeof syncErrorBody>;
