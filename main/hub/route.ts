import type { z } from 'zod';
import type { BranchQueue } from '../queue/branch-queue.js';
import type { AuthenticatedDevice, DeviceRegistry } from '../pairing/device-registry.js';
import type { FirstSetup } from '../pairing/first-setup.js';
import type { HealthMonitor } from '../ops/hub-health.js';
import type { HubLog } from '../ops/hub-log.js';
import type { DeviceRole, SyncStatus } from '../wire/schemas.js';
import type { AttemptLimiter, WindowLimiter } from './attempt-limiter.js';
import type { ScanRelay } from './scan-relay.js';
import type { Booths } from '../booth/booths.js';
import type { CaptureStore } from '../booth/capture-store.js';

/**
 * Who may call a route: anyone (pairing, health, the phone status page), every paired device
 * (`read`, which the lobby display may reach without a token when the branch allows it), or
 * the listed roles.
 */
export type Access = 'public' | 'read' | readonly DeviceRole[];

export interface HubDeps {
  queue: BranchQueue;
  devices: DeviceRegistry;
  /** The first supervisor's one-time setup code. */
  setup: FirstSetup;
  /** The hub's log: log.info(event, fields), warn, error. Secret-named fields (pin, token, code, nik...) are never written. */
  log: HubLog;
  /** Storage faults, free disk and backups, for /health and the supervisor. */
  health: HealthMonitor;
  /** Passes a kiosk's scans to its own page, unstored. */
  scans: ScanRelay;
  /** The video booths: what each booth screen shows, consent, captures and ratings. */
  booths: Booths;
  /** Captured documents: their rows and JPEG files. */
  captures: CaptureStore;
  /** Sync with headquarters; null when the hub profile has no `hq` section. */
  sync: { status(): SyncStatus } | null;
  limits: {
    /** Wrong officer PINs, per officer and per console. */
    pin: AttemptLimiter;
    /** Pairing requests per network address: each one writes a row and an event. */
    pairing: WindowLimiter;
  };
}

export interface RouteInput<B, P, Q> {
  body: B;
  params: P;
  query: Q;
  /** The calling device; null only on public routes and the token-free display. */
  device: AuthenticatedDevice | null;
  /** The caller's network address. */
  ip: string;
  /** How the caller reached the hub, e.g. http://192.168.1.10:8080: links printed for it use this. */
  baseUrl: string;
  /** Gives the calling browser a device token as an HttpOnly cookie (pairing, setup). */
  setTokenCookie(token: string): void;
}

type Schema = z.ZodType | undefined;
type Out<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteSpec<B extends Schema = Schema, P extends Schema = Schema, Q extends Schema = Schema> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  summary: string;
  tag: string;
  access: Access;
  body?: B;
  params?: P;
  query?: Q;
  /** The success status; 200 unless said. */
  status?: number;
  /** A status chosen from the result (health: 503 when the database cannot be written). */
  statusOf?: (result: unknown) => number;
  /** A larger body limit than the hub's default, for the few routes that take lists. */
  bodyLimitBytes?: number;
  /** A file download instead of JSON: its media type and file name; the handler returns the text. */
  download?: { type: string; filename: (input: RouteInput<Out<B>, Out<P>, Out<Q>>) => string };
  handle(input: RouteInput<Out<B>, Out<P>, Out<Q>>, deps: HubDeps): unknown;
}

/** Declares a route with its input types inferred from its schemas. */
export function route<B extends Schema = undefined, P extends Schema = undefined, Q extends Schema = undefined>(spec: RouteSpec<B, P, Q>): RouteSpec {
  return spec as unknown as RouteSpec;
}
