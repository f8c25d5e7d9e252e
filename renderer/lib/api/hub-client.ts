/**
 * The pages' only way to the hub's HTTP API. It turns every failure into a HubError carrying the
 * refusal's stable reason and params, which the page words with renderer/lib/i18n/refusals.ts;
 * components never call fetch themselves, and never show the hub's English message.
 */

/** A value the hub put into a refusal for the page to word: a label, a ticket number, a count. */
export type RefusalParams = Record<string, string | number | null>;

export interface ErrorBody {
  error: { code: string; reason?: string; params?: RefusalParams; message: string; field?: string; alternatives?: string[]; [detail: string]: unknown };
}

export class HubError extends Error {
  /** The refusal's stable name (position_busy, quota_full, ...): the coarse code when the hub sent none. */
  readonly reason: string;
  readonly params: RefusalParams;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorBody['error'] | null = null,
  ) {
    super(message);
    this.reason = details?.reason ?? code;
    this.params = details?.params ?? {};
  }

  /**
   * True when the hub could not be reached at all (network, hub down, a gateway's or a closing
   * hub's own page): worth retrying. A 503 with the hub's own error body is a refusal, said by reason.
   */
  get unreachable(): boolean {
    return this.status === 0 || ((this.status === 502 || this.status === 503 || this.status === 504) && this.details === null);
  }
}

const API = '/api/v1';

export async function hubRequest<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, init: { timeoutMs?: number } = {}): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), init.timeoutMs ?? 8000);
  let response: Response;
  try {
    response = await fetch(API + path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal,
    });
  } catch {
    throw new HubError(0, 'unreachable', 'the branch hub cannot be reached');
  } finally {
    clearTimeout(timer);
  }
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    // Only the hub's own error body counts: a proxy's, or Fastify's 503 while closing, is not one.
    const body = (parsed as { error?: unknown } | null)?.error;
    const error = typeof body === 'object' && body !== null ? (body as ErrorBody['error']) : undefined;
    // A gateway's own page (hub down behind a proxy) has no error body: said as unreachable.
    const fallback = response.status >= 502 && response.status <= 504 ? 'unreachable' : 'http_error';
    throw new HubError(response.status, error?.code ?? fallback, error?.message ?? `the hub answered ${response.status}`, error ?? null);
  }
  return (parsed ?? (text as unknown)) as T;
}

export const hubGet = <T>(path: string) => hubRequest<T>('GET', path);
export const hubPost = <T>(path: string, body: unknown = {}) => hubRequest<T>('POST', path, body);
export const hubPut = <T>(path: string, body: unknown) => hubRequest<T>('PUT', path, body);
export const hubDelete = <T>(path: string) => hubRequest<T>('DELETE', path);
