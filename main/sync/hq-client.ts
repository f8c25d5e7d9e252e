import { createHash, createHmac } from 'node:crypto';
import type { z } from 'zod';
import { pullPageSchemas, pushAnswer, signingText, SIGNATURE_HEADERS, SYNC_API_PREFIX, syncErrorBody, type PullFeedName } from '../wire/sync.js';
import type { OutboxBatch } from './outbox.js';
import type { PullApplier } from './pull-feeds.js';
import { SyncFailure, type HqLink } from './sync-worker.js';

const PULL_LIMIT = 500;

export interface HqClientOptions {
  url: string;
  branchId: string;
  secret: string;
  apply: PullApplier;
  /** A request whose whole answer (headers and body: a trickle too) takes longer is given up. */
  timeoutMs: number;
}

/** The contract's signature of a request: HMAC-SHA256 with the branch secret over its signing text. */
function signRequest(secret: string, method: string, pathWithQuery: string, time: number, nonce: string, body: string): string {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  return createHmac('sha256', secret).update(signingText(method, pathWithQuery, time, nonce, bodyHash)).digest('hex');
}

/** Headquarters' refusal as the contract words it: its reason and params, when the body says them. */
function refusalOf(text: string): { reason: string; params: Record<string, string | number | null> } | null {
  try {
    const body = syncErrorBody.safeParse(JSON.parse(text));
    return body.success ? { reason: body.data.error.reason, params: body.data.error.params } : null;
  } catch {
    return null;
  }
}

/**
 * Headquarters over HTTP (docs/sync-contract.md): every request signed with the real time (HQ
 * checks it against its own clock), answers checked against the wire schemas, every failure named
 * with a reason the supervisor page words.
 */
export function createHqClient(options: HqClientOptions): HqLink {
  const base = options.url.replace(/\/$/, '');
  const branchPath = `${SYNC_API_PREFIX}/${encodeURIComponent(options.branchId)}`;

  const call = async <S extends z.ZodType>(method: 'GET' | 'POST', path: string, body: unknown, schema: S, signal: AbortSignal): Promise<z.output<S>> => {
    const text = body === undefined ? '' : JSON.stringify(body);
    const time = Date.now();
    const nonce = crypto.randomUUID();
    const headers: Record<string, string> = {
      [SIGNATURE_HEADERS.branch]: options.branchId,
      [SIGNATURE_HEADERS.time]: String(time),
      [SIGNATURE_HEADERS.nonce]: nonce,
      [SIGNATURE_HEADERS.signature]: signRequest(options.secret, method, path, time, nonce, text),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    };
    const timeout = AbortSignal.timeout(options.timeoutMs);
    let status: number;
    let answer: string;
    try {
      const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : text, signal: AbortSignal.any([signal, timeout]) });
      status = res.status;
      answer = await res.text();
    } catch (err) {
      if (timeout.aborted) throw new SyncFailure('timeout', `${method} ${path}: no whole answer within ${options.timeoutMs / 1000} s`);
      if (signal.aborted) throw new SyncFailure('unreachable', `${method} ${path}: stopped`);
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new SyncFailure('unreachable', `${method} ${path}: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
    }
    if (status >= 400) {
      const refusal = refusalOf(answer);
      const said = refusal ? refusal.reason : answer.slice(0, 200).replace(/\s+/g, ' ');
      const message = `${method} ${path}: HTTP ${status} ${said}`;
      if (status === 401) throw new SyncFailure('signature_refused', message);
      if (status >= 500) throw new SyncFailure('server_error', message);
      const conflict = refusal?.reason === 'event_conflict' && typeof refusal.params.seq === 'number' ? refusal.params.seq : undefined;
      throw new SyncFailure('refused', message, conflict);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer);
    } catch {
      throw new SyncFailure('bad_answer', `${method} ${path}: HTTP ${status} with a body that is not JSON: ${answer.slice(0, 200).replace(/\s+/g, ' ')}`);
    }
    const checked = schema.safeParse(parsed);
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      throw new SyncFailure('bad_answer', `${method} ${path}: the answer's ${issue.path.join('.') || 'body'}: ${issue.message}`);
    }
    return checked.data;
  };

  return {
    async push(batch: OutboxBatch, signal: AbortSignal) {
      const body = { branch: options.branchId, epoch: batch.epoch.epoch, firstSeq: batch.epoch.firstSeq, events: batch.events };
      const answer = await call('POST', `${branchPath}/events`, body, pushAnswer, signal);
      if (answer.epoch !== batch.epoch.epoch) throw new SyncFailure('bad_answer', `headquarters answered for epoch ${answer.epoch}, not ${batch.epoch.epoch}`);
      return { heldThrough: answer.heldThrough };
    },

    async pull(feed: PullFeedName, cursor: string | null, signal: AbortSignal) {
      const query = new URLSearchParams({ ...(cursor === null ? {} : { after: cursor }), limit: String(PULL_LIMIT) });
      const page = await call('GET', `${branchPath}/${feed}?${query}`, undefined, pullPageSchemas[feed], signal);
      return { cursor: page.cursor, more: page.more, apply: () => options.apply(feed, page.items) };
    },
  };
}
