import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { MAX_PUSH_EVENTS, PULL_FEEDS, pullQuery, pushBody, SYNC_API_PREFIX, type PullFeedName } from '../../main/wire/sync.js';
import type { OnlineBookingApi } from '../booking/online-booking.js';
import { bookingRequest, slotsQuery } from '../booking/online-booking.js';
import type { HqDatabase } from '../db/hq-database.js';
import { readFeed } from '../feeds/feed-reader.js';
import type { HqLog } from '../hq-log.js';
import { nationalView } from '../national/national-view.js';
import type { EventIntake } from '../sync/event-intake.js';
import { claimNonce, type createRequestVerifier } from '../sync/signed-request.js';
import { HqError, parseInput } from './hq-error.js';

export interface HqServerDeps {
  db: HqDatabase;
  verify: ReturnType<typeof createRequestVerifier>;
  intake: EventIntake;
  booking: OnlineBookingApi;
  log: HqLog;
  /** The booking site's bearer token; the booking API is closed without one. */
  bookingToken: string | undefined;
  /** The bearer token of the national view's readers; closed without one. */
  viewToken: string | undefined;
}

/** A push of MAX_PUSH_EVENTS events of generous size fits; anything bigger is refused unread. */
const BODY_LIMIT = MAX_PUSH_EVENTS * 8 * 1024;

const digest = (text: string) => createHash('sha256').update(text).digest();

/** The bearer token a route needs, compared in constant time. */
function requireToken(req: FastifyRequest, token: string | undefined, what: string): void {
  if (!token) throw new HqError(401, 'unauthorized', `the ${what} is not open: headquarters was started without its token`, { reason: 'token_not_configured', field: 'authorization', params: {} });
  const given = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (!given || !timingSafeEqual(digest(given), digest(token))) {
    throw new HqError(401, 'unauthorized', `give the ${what}'s token as "Authorization: Bearer TOKEN"`, { reason: 'token_invalid', field: 'authorization', params: {} });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new HqError(400, 'invalid', 'the body is not valid JSON', { reason: 'body_malformed', field: 'body', params: {} });
  }
}

const FASTIFY_REFUSALS: Record<string, { status: number; code: string; reason: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'too_large', reason: 'body_too_large', message: 'the body is larger than headquarters accepts: send fewer events per push' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'invalid', reason: 'body_not_json', message: 'send the body as application/json' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'invalid', reason: 'body_malformed', message: 'the body is empty: send a JSON object' },
};

/** Headquarters' HTTP API: the sync contract's routes, the booking site's, the national view. */
export function buildHqServer(deps: HqServerDeps): FastifyInstance {
  const app = Fastify({ bodyLimit: BODY_LIMIT, logger: false });
  // The signature covers the body's bytes: keep them as received and parse after checking it.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  const signedBranch = async (req: FastifyRequest<{ Params: { branch: string } }>): Promise<{ branch: string; nonce: string }> => {
    const signed = await deps.verify({ method: req.method, url: req.url, headers: req.headers, body: typeof req.body === 'string' ? req.body : '' });
    if (signed.branch !== req.params.branch) {
      throw new HqError(403, 'forbidden', `branch ${signed.branch} may not act for branch ${req.params.branch}`, { reason: 'branch_mismatch', field: 'url', params: { branch: signed.branch, path: req.params.branch } });
    }
    return signed;
  };

  app.post<{ Params: { branch: string } }>(`${SYNC_API_PREFIX}/:branch/events`, async (req) => {
    const { branch, nonce } = await signedBranch(req);
    const batch = parseInput(pushBody, parseJson(String(req.body ?? '')), 'body');
    if (batch.branch !== branch) throw new HqError(403, 'forbidden', `branch ${branch} sent events of branch ${batch.branch}`, { reason: 'branch_mismatch', field: 'branch', params: { branch, path: batch.branch } });
    return deps.intake(branch, nonce, batch);
  });

  app.get<{ Params: { branch: string; feed: string } }>(`${SYNC_API_PREFIX}/:branch/:feed`, async (req) => {
    if (!(PULL_FEEDS as readonly string[]).includes(req.params.feed)) throw routeUnknown(req);
    const { branch, nonce } = await signedBranch(req);
    const query = parseInput(pullQuery, req.query, 'query');
    await claimNonce(deps.db, branch, nonce);
    return readFeed(deps.db, branch, req.params.feed as PullFeedName, Number(query.after ?? 0), query.limit);
  });

  app.post('/api/v1/bookings', async (req, reply) => {
    requireToken(req, deps.bookingToken, 'booking API');
    const booking = await deps.booking.book(parseInput(bookingRequest, parseJson(String(req.body ?? '')), 'body'));
    return reply.code(201).send(booking);
  });

  app.get('/api/v1/slots', async (req) => {
    requireToken(req, deps.bookingToken, 'booking API');
    return { slots: await deps.booking.slots(parseInput(slotsQuery, req.query, 'query')) };
  });

  app.get('/api/v1/national', async (req) => {
    requireToken(req, deps.viewToken, 'national view');
    return nationalView(deps.db);
  });

  app.get('/health', async () => {
    await deps.db.query('SELECT 1');
    return { ok: true };
  });

  const routeUnknown = (req: FastifyRequest) =>
    new HqError(404, 'not_found', `no route ${req.method} ${req.url.split('?')[0]}`, { reason: 'route_unknown', field: 'url', params: { method: req.method, path: req.url.split('?')[0]! } });

  app.setNotFoundHandler((req, reply) => {
    const err = routeUnknown(req);
    void reply.code(err.status).send(err.body());
  });

  app.setErrorHandler((err: unknown, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof HqError) {
      if (err.status === 401 || err.status === 403) deps.log.warn('request.refused', { method: req.method, path: req.url.split('?')[0], reason: err.reason, detail: err.message });
      return reply.code(err.status).send(err.body());
    }
    const known = FASTIFY_REFUSALS[(err as { code?: string }).code ?? ''];
    if (known) return reply.code(known.status).send(new HqError(known.status, known.code, known.message, { reason: known.reason, field: 'body', params: {} }).body());
    deps.log.error('request.failed', { method: req.method, path: req.url.split('?')[0], error: err });
    return reply.code(500).send(new HqError(500, 'internal', 'headquarters could not complete this request; it has been logged', { reason: 'internal', params: {} }).body());
  });

  return app;
}
