import type { z } from 'zod';
import { QueueError, type QueueErrorCode } from '../queue/errors.js';

/** An error body every client can rely on: a code, a sentence, and the field at fault. */
export interface ErrorBody {
  error: { code: string; message: string; field?: string; [detail: string]: unknown };
}

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
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
  const field = path === '' ? where : path;
  const message = issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')} in ${where}` : `${field}: ${issue.message}`;
  return new HttpError(400, 'invalid', message, {
    field: issue.code === 'unrecognized_keys' ? issue.keys[0] : field,
    issues: error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  });
}

/** Turns anything thrown by a handler into a status and a body, never leaking internals. */
export function toErrorResponse(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof HttpError) return { status: err.statusCode, body: { error: { code: err.code, message: err.message, ...err.details } } };
  if (err instanceof QueueError) return { status: STATUS[err.code], body: { error: { code: err.code, message: err.message, ...err.details } } };
  const fastifyError = err as { statusCode?: number; code?: string; message?: string };
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return {
      status: fastifyError.statusCode,
      body: { error: { code: fastifyCode(fastifyError.code), message: fastifyMessage(fastifyError), field: 'body' } },
    };
  }
  return { status: 500, body: { error: { code: 'internal', message: 'the hub could not complete this request; it has been logged' } } };
}

function fastifyCode(code: string | undefined): string {
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'too_large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported_media_type';
    default:
      return 'invalid';
  }
}

function fastifyMessage(err: { code?: string; message?: string }): string {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'the request body is larger than the hub accepts';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'send the body as application/json';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'the body is empty: send a JSON object';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'the body is not valid JSON';
    default:
      return err.message ?? 'bad request';
  }
}
