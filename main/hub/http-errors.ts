import type { z } from 'zod';
import { STORAGE_FAULT_MESSAGES, storageFaultOf } from '../ops/storage-fault.js';
import { QueueError, type QueueErrorCode, type RefusalDetails, type RefusalParams } from '../queue/errors.js';

/**
 * An error body every client can rely on: a coarse code, the refusal's stable reason with the
 * params a page words it from, an English sentence for logs and programs, and the field at fault.
 */
export interface ErrorBody {
  error: { code: string; reason: string; params: RefusalParams; message: string; field?: string; [detail: string]: unknown };
}

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: RefusalDetails,
  ) {
    super(message);
  }

  get reason(): string {
    return this.details.reason;
  }

  get params(): RefusalParams {
    return this.details.params ?? {};
  }
}

const STATUS: Record<QueueErrorCode, number> = {
  invalid: 400,
  not_found: 404,
  conflict: 409,
  service_closed: 409,
  quota_full: 409,
  booking_wrong_day: 409,
  booking_too_early: 409,
  booking_used: 409,
  booking_cancelled: 409,
};

export function validationError(where: 'body' | 'params' | 'query', error: z.ZodError): HttpError {
  const issue = error.issues[0]!;
  const path = issue.path.map(String).join('.');
  const unknownKey = issue.code === 'unrecognized_keys';
  const field = unknownKey ? issue.keys[0]! : path === '' ? where : path;
  const message = unknownKey ? `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')} in ${where}` : `${field}: ${issue.message}`;
  return new HttpError(400, 'invalid', message, {
    field,
    reason: unknownKey ? 'unknown_field' : 'invalid_input',
    params: { field },
    issues: error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  });
}

/** A refusal's body: the reason falls back to the coarse code, so every body has both. */
function body(code: string, message: string, details: Partial<RefusalDetails>): ErrorBody {
  return { error: { code, message, ...details, reason: details.reason ?? code, params: details.params ?? {} } };
}

/** Turns anything thrown by a handler into a status and a body, never leaking internals. */
export function toErrorResponse(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof HttpError) return { status: err.statusCode, body: body(err.code, err.message, err.details) };
  if (err instanceof QueueError) return { status: STATUS[err.code], body: body(err.code, err.message, err.details) };
  const fastifyError = err as { statusCode?: number; code?: string; message?: string };
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    const known = FASTIFY_REFUSALS[fastifyError.code ?? ''];
    return {
      status: fastifyError.statusCode,
      body: body(known?.code ?? 'invalid', known?.message ?? fastifyError.message ?? 'bad request', { field: 'body', reason: known?.reason ?? 'bad_request' }),
    };
  }
  // A full or failing disk refused the write, which was rolled back: worth retrying once it is fixed.
  const storage = storageFaultOf(err);
  if (storage) return { status: 503, body: body('storage_unavailable', STORAGE_FAULT_MESSAGES[storage], { reason: storage }) };
  return { status: 500, body: body('internal', 'the hub could not complete this request; it has been logged', { reason: 'internal' }) };
}

/** Refusals Fastify makes before a handler runs, in the hub's own terms. */
const FASTIFY_REFUSALS: Record<string, { code: string; reason: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'too_large', reason: 'body_too_large', message: 'the request body is larger than the hub accepts' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type', reason: 'body_not_json', message: 'send the body as application/json' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'invalid', reason: 'body_empty', message: 'the body is empty: send a JSON object' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid', reason: 'body_malformed', message: 'the body is not valid JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'invalid', reason: 'body_malformed', message: 'the body is not valid JSON' },
};
