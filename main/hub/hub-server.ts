import fastifyStatic from '@fastify/static';
import websocket from '@fastify/websocket';
import { existsSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { BranchQueue } from '../queue/branch-queue.js';
import type { AuthenticatedDevice, DeviceRegistry } from '../pairing/device-registry.js';
import type { FirstSetup } from '../pairing/first-setup.js';
import type { HealthMonitor } from '../ops/hub-health.js';
import type { HubLog } from '../ops/hub-log.js';
import { AttemptLimiter, WindowLimiter } from './attempt-limiter.js';
import { authorize, TOKEN_COOKIE, tokenOf } from './auth.js';
import { createEventStream, type EventStream } from './event-stream.js';
import { HttpError, toErrorResponse, validationError } from './http-errors.js';
import { openApiDocument } from './openapi.js';
import { pageHtml } from './pages.js';
import { createScanRelay } from './scan-relay.js';
import { createDeviceRelay } from './device-relay.js';
import { createBooths } from '../booth/booths.js';
import type { CaptureStore } from '../booth/capture-store.js';
import type { CallSettings } from '../wire/schemas.js';
import type { HubDeps, RouteSpec } from './route.js';
import { DEVICE_ROLES } from '../wire/schemas.js';
import { branchRoutes } from './routes/branch.js';
import { boothRoutes } from './routes/booth.js';
import { consoleRoutes } from './routes/console.js';
import { deviceRoutes } from './routes/devices.js';
import { printingRoutes } from './routes/printing.js';
import { reportRoutes } from './routes/reports.js';
import { supervisorRoutes } from './routes/supervisor.js';
import { ticketRoutes } from './routes/tickets.js';
import { shellRoutes } from './routes/shell.js';

export const API_PREFIX = '/api/v1';
/** A paired device's page keeps its cookie across restarts of the device: a year. */
const TOKEN_COOKIE_MAX_AGE_S = 365 * 24 * 3600;
/** Events committed by another process (a CLI tool, a second connection) reach clients within this. */
const EXTERNAL_EVENTS_POLL_MS = 1000;
const PAIRING_REQUESTS_PER_MINUTE = 10;

/** The whole API at a glance. */
export const ROUTES: readonly RouteSpec[] = [...branchRoutes, ...ticketRoutes, ...consoleRoutes, ...supervisorRoutes, ...reportRoutes, ...printingRoutes, ...deviceRoutes, ...boothRoutes, ...shellRoutes];

export interface HubOptions {
  queue: BranchQueue;
  devices: DeviceRegistry;
  setup: FirstSetup;
  /** Lets a TV with nothing but a browser show the lobby display without pairing. */
  publicDisplay: boolean;
  /** Where the built pages live (renderer/dist). */
  pagesDir: string;
  version: string;
  bodyLimitBytes?: number;
  /** The hub's own certificate: the API and pages are served over HTTPS (see hub-certificate.ts). */
  https?: { key: string; cert: string } | null;
  log: HubLog;
  health: HealthMonitor;
  sync: HubDeps['sync'];
  /** Documents captured at the booths (DATA_DIR/captures). */
  captures: CaptureStore;
  /** STUN and TURN servers for the booths' calls and how long captures are kept, from the hub profile. */
  callSettings: CallSettings;
}

export interface Hub {
  app: FastifyInstance;
  stream: EventStream;
}

const tokenCookie = (token: string) => `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${TOKEN_COOKIE_MAX_AGE_S}`;

const streamQuery = z.object({ after: z.coerce.number().int().min(0).optional(), token: z.string().optional(), state: z.enum(['0', '1']).optional() });

/**
 * Builds the branch hub: the HTTP API, the event stream and the pages. It holds no state of its
 * own beyond the connected clients; everything lives in the queue's database.
 */
export async function createHub(options: HubOptions): Promise<Hub> {
  const { queue, devices, publicDisplay } = options;
  const stream = createEventStream(queue.store, () => queue.snapshot());
  const booths = createBooths({ queue, devices, stream, captures: options.captures, callSettings: options.callSettings });
  const relay = createDeviceRelay(stream, booths.pairs);
  stream.subscribe((events) => {
    if (booths.noteEvents(events)) relay.refresh();
  });
  const deps: HubDeps = {
    queue,
    devices,
    setup: options.setup,
    log: options.log,
    health: options.health,
    scans: createScanRelay(stream),
    sync: options.sync,
    booths,
    captures: options.captures,
    limits: { pin: new AttemptLimiter(queue.clock), pairing: new WindowLimiter(queue.clock, PAIRING_REQUESTS_PER_MINUTE, 60_000) },
  };
  const tls = options.https ?? null;
  const app = Fastify({
    // Off: its request lines would carry ?token= query strings. The hub logs through options.log.
    logger: false,
    // An https.Server answers like an http.Server; Fastify's types only know the latter here.
    serverFactory: (handler) => (tls ? (createHttpsServer({ key: tls.key, cert: tls.cert }, handler) as unknown as Server) : createHttpServer(handler)),
    bodyLimit: options.bodyLimitBytes ?? 64 * 1024,
    return503OnClosing: true,
    // Errors Fastify raises before routing (a malformed URL) get the same body as ours.
    frameworkErrors: (err, _request, reply: FastifyReply) => {
      void reply.code(400).send({ error: { code: 'invalid', reason: 'url_malformed', params: {}, message: `the address is malformed: ${err.message}`, field: 'url' } });
    },
  });
  // Every commit of this process pumps the stream; the timer catches commits of other processes.
  const stopPumpingOnCommit = queue.store.onCommit(() => stream.schedulePump());
  const poll = setInterval(() => stream.schedulePump(), EXTERNAL_EVENTS_POLL_MS);
  poll.unref();
  app.addHook('onClose', async () => {
    clearInterval(poll);
    stopPumpingOnCommit();
  });
  // JSON only: a text body is refused as an unsupported media type rather than misread.
  app.removeContentTypeParser('text/plain');

  await app.register(websocket, {
    options: { maxPayload: 16 * 1024 },
    preClose: (done) => {
      stream.close();
      done();
    },
  });

  app.setErrorHandler((err, request, reply) => {
    const { status, body } = toErrorResponse(err);
    if (status >= 500) {
      // The route's pattern, never the address: a query string may hold a token.
      const at = { method: request.method, route: request.routeOptions.url ?? 'unrouted', status, reason: body.error.reason };
      if (options.health.noteFailure(err)) options.log.error('storage.fault', { ...at, error: err });
      else options.log.error('request.failed', { ...at, error: err });
    }
    void reply.code(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    void reply.code(404).send({ error: { code: 'not_found', reason: 'route_unknown', params: { method: request.method, path }, message: `no route ${request.method} ${path}`, field: 'url' } });
  });

  const parse = <S extends z.ZodType | undefined>(where: 'body' | 'params' | 'query', schema: S, value: unknown) => {
    if (!schema) return undefined;
    const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
    if (!result.success) throw validationError(where, result.error);
    return result.data;
  };

  for (const spec of ROUTES) {
    app.route({
      method: spec.method,
      url: API_PREFIX + spec.url,
      ...(spec.bodyLimitBytes ? { bodyLimit: spec.bodyLimitBytes } : {}),
      handler: async (request, reply) => {
        const device = authorize(spec.access, tokenOf(request.headers, request.query, false), devices, publicDisplay);
        const input = {
          params: parse('params', spec.params, request.params),
          query: parse('query', spec.query, request.query),
          body: parse('body', spec.body, request.body),
          device,
          ip: request.ip,
          baseUrl: `${request.protocol}://${request.host}`,
          setTokenCookie: (token: string) => void reply.header('set-cookie', tokenCookie(token)),
        };
        const body = request.body;
        if (!spec.body && body != null && !(typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0)) {
          throw new HttpError(400, 'invalid', 'this request takes no body', { field: 'body', reason: 'body_not_expected' });
        }
        const result = await spec.handle(input as never, deps);
        if (spec.download) {
          // Never kept in a browser's cache: a report or a captured ID card is read fresh, by whoever may.
          void reply.type(spec.download.type).header('content-disposition', `attachment; filename="${spec.download.filename(input as never)}"`).header('cache-control', 'no-store');
        }
        return reply.code(spec.statusOf?.(result) ?? spec.status ?? 200).send(result);
      },
    });
  }

  const openapi = openApiDocument(ROUTES, API_PREFIX, options.version);
  app.get(`${API_PREFIX}/openapi.json`, async () => openapi);

  // The upgrade is authorised before the handshake completes, so a refused client gets an HTTP status.
  const streamCallers = new WeakMap<FastifyRequest, AuthenticatedDevice | null>();
  const streamAccess = async (request: FastifyRequest): Promise<void> => {
    const query = streamQuery.safeParse(request.query);
    if (!query.success) throw validationError('query', query.error);
    streamCallers.set(request, authorize('read', tokenOf(request.headers, request.query, true), devices, publicDisplay));
  };
  app.get(`${API_PREFIX}/stream`, { websocket: true, preValidation: streamAccess }, (socket, request) => {
    const { after, state } = streamQuery.parse(request.query);
    stream.attach(socket, streamCallers.get(request) ?? null, after, state === '1');
  });

  for (const role of DEVICE_ROLES) {
    app.get(`/${role}`, async (request, reply) => {
      const queryToken = (request.query as { token?: unknown }).token;
      if (typeof queryToken === 'string' && devices.authenticate(queryToken)) {
        // A page opened with ?token= keeps it as a cookie and drops it from the address bar.
        return reply.header('set-cookie', tokenCookie(queryToken)).redirect(`/${role}`, 303);
      }
      const token = tokenOf(request.headers, undefined, false);
      const device = token ? devices.authenticate(token) : null;
      // A screen paired for another page opens its own; a supervisor may open every page.
      if (device && device.role !== role && device.role !== 'supervisor') return reply.redirect(`/${device.role}`, 303);
      // An unpaired (or revoked) screen shows its pairing code and opens its page once approved.
      const page = device || (role === 'display' && publicDisplay) ? role : 'pair';
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(pageHtml(page, options.pagesDir));
    });
  }
  // The first supervisor's browser, with the one-time code antre setup printed.
  app.get('/setup', async (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(pageHtml('pair', options.pagesDir)));
  // The phone status page behind a ticket's QR code: public, its code is the secret.
  app.get('/t/:statusCode', async (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(pageHtml('t', options.pagesDir)));
  app.get('/', async (_request, reply) => reply.redirect('/display', 302));
  // Only the pages' code and sounds are static; data always goes through the API and its roles.
  for (const folder of ['assets', 'audio']) {
    if (!existsSync(join(options.pagesDir, folder))) continue;
    await app.register(fastifyStatic, { root: join(options.pagesDir, folder), prefix: `/${folder}/`, decorateReply: false, maxAge: '1h' });
  }

  return { app, stream };
}
