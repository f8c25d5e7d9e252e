import { createHash, createHmac } from 'node:crypto';
import { z } from 'zod';
import type { OutboxBatch, PullFeed } from './outbox.js';
import { SyncFailure, type HqLink } from './sync-worker.js';
import { pullPageSchemas, type PullApplier } from './pull-feeds.js';

const PULL_LIMIT = 500;

const pushAnswer = z.object({ epoch: z.string(), heldThrough: z.number().int().min(0) });

export interface HqClientOptions {
  url: string;
  branchId: string;
  secret: string;
  apply: PullApplier;
  clock?: () => number;
  /** A request whose whole answer (headers and body: a trickle too) takes longer is given up. */
  timeoutMs: number;
}

/** The signature over a request: method, path with query, time, nonce and the body's hash. */
export function signRequest(secret: string, method: string, path: string, time: number, nonce: string, body: string): string {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  return createHmac('sha256', secret).update(`${method}\n${path}\n${time}\n${nonce}\n${bodyHash}`).digest('hex');
}

/** Headquarters over HTTP: signed requests, answers checked against the contract, failures named. */
export function createHqClient(options: HqClientOptions): HqLink {
  const base = options.url.replace(/\/$/, '');
  const clock = options.clock ?? Date.now;
  const branchPath = `/api/v1/branches/${encodeURIComponent(options.branchId)}`;

  const call = async <S extends z.ZodType>(method: 'GET' | 'POST', path: string, body: unknown, schema: S, signal: AbortSignal): Promise<z.output<S>> => {
    const text = body === undefined ? '' : JSON.stringify(body);
    const time = clock();
    const nonce = crypto.randomUUID();
    const headers: Record<string, string> = {
      'x-antre-branch': options.branchId,
      'x-antre-time': String(time),
      'x-antre-nonce': nonce,
      'x-antre-signature': signRequest(options.secret, method, path, time, nonce, text),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    };
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const both = AbortSignal.any([signal, timeout]);
    let status: number;
    let answer: string;
    try {
      const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : text, signal: both });
      status = res.status;
      answer = await res.text();
    } catch (err) {
      if (timeout.aborted) throw new SyncFailure('timeout', `${method} ${path}: no whole answer within ${options.timeoutMs / 1000} s`);
      if (signal.aborted) throw new SyncFailure('unreachable', `${method} ${path}: stopped`);
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new SyncFailure('unreachable', `${method} ${path}: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
    }
    const said = () => answer.slice(0, 200).replace(/\s+/g, ' ');
    if (status === 401 || status === 403) throw new SyncFailure('signature_refused', `${method} ${path}: HTTP ${status} ${said()}`);
    if (status >= 500) throw new SyncFailure('server_error', `${method} ${path}: HTTP ${status} ${said()}`);
    if (status >= 400) throw new SyncFailure('refused', `${method} ${path}: HTTP ${status} ${said()}`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer);
    } catch {
      throw new SyncFailure('bad_answer', `${method} ${path}: HTTP ${status} with a body that is not JSON: ${said()}`);
    }
    const checked = schema.safeParse(parsed);
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      throw new SyncFailure('bad_answer', `${method} ${path}: the answer's ${issue.path.join('.') || 'body'} ${issue.message}`);
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

    async pull(feed: PullFeed, cursor: string | null, signal: AbortSignal) {
      const query = new URLSearchParams({ limit: String(PULL_LIMIT), ...(cursor === null ? {} : { after: cursor }) });
      const page = await call('GET', `${branchPath}/${feed}?${query}`, undefined, pullPageSchemas[feed], signal);
      return { cursor: page.cursor, more: page.more, apply: () => options.apply(feed, page.items) };
    },
  };
}
