import type { HubLog } from '../ops/hub-log.js';
import type { Clock } from '../queue/types.js';
import type { SyncFailureReason, SyncStatus } from '../wire/schemas.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffSettings } from './backoff.js';
import type { PullFeedName } from '../wire/sync.js';
import type { Epoch } from './log-identity.js';
import type { Outbox, OutboxBatch } from './outbox.js';

/** Why one exchange with headquarters failed, in a word the supervisor page says in its language. */
export class SyncFailure extends Error {
  override name = 'SyncFailure';
  constructor(
    readonly reason: SyncFailureReason,
    message: string,
    /** Headquarters holds another event at this seq of the epoch (event_conflict). */
    readonly conflictSeq?: number,
  ) {
    super(message);
  }
}

/** Headquarters as the worker sees it: one call per push batch and per pull page. */
export interface HqLink {
  /** Sends one epoch's events; resolves with the highest seq of that epoch headquarters holds without a gap. */
  push(batch: OutboxBatch, signal: AbortSignal): Promise<{ heldThrough: number }>;
  /** One page of a feed after the cursor; `more` when another page follows at once. */
  pull(feed: PullFeedName, cursor: string | null, signal: AbortSignal): Promise<{ cursor: string; more: boolean; apply: () => void }>;
}

export interface SyncSettings {
  /** Events per push request. */
  batchSize: number;
  /** After a commit, wait this long for more before pushing, so a burst goes in one request. */
  pushDelayMs: number;
  /** Bookings, catalogue and quotas are pulled this often. */
  pullEveryMs: number;
  /** A request whose whole answer has not arrived by then (a trickle) is given up. */
  requestTimeoutMs: number;
  backoff: BackoffSettings;
}

export const DEFAULT_SYNC_SETTINGS: SyncSettings = { batchSize: 1000, pushDelayMs: 250, pullEveryMs: 60_000, requestTimeoutMs: 20_000, backoff: DEFAULT_BACKOFF };

/** Catalogue first: bookings and quotas name services. */
const FEEDS: readonly PullFeedName[] = ['catalogue', 'quotas', 'bookings'];

export interface SyncWorkerOptions {
  outbox: Outbox;
  link: HqLink;
  /** Runs the pull's writes and its cursor as one transaction (the queue's store). */
  transaction: <T>(fn: () => T) => T;
  log: HubLog;
  /** The hub's clock, for the times the supervisor reads; waits use real timers. */
  clock: Clock;
  hqUrl: string;
  epoch: () => string;
  /**
   * Headquarters holds other events than this file under its epoch from `fromSeq` on: the file was
   * put back by hand without a new epoch. Starts one there, so those events go under it.
   */
  splitEpoch: (fromSeq: number) => Epoch;
  settings?: Partial<SyncSettings>;
  random?: () => number;
}

/**
 * The hub's sync with headquarters: pushes the outbox when there is something to push (shortly
 * after a commit, in batches), pulls bookings, catalogue and quotas on a schedule, and after a
 * failure waits longer each time (with jitter) before trying again. All network I/O is async and
 * every database step is short, so the queue never waits for headquarters; the cursors live in
 * the database, so a restart resumes where it stopped.
 */
export function createSyncWorker(options: SyncWorkerOptions) {
  const { outbox, link, log, clock } = options;
  const settings = { ...DEFAULT_SYNC_SETTINGS, ...options.settings };
  const random = options.random ?? Math.random;

  let stopped = false;
  let running: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wakeAt = Number.POSITIVE_INFINITY;
  const abort = new AbortController();
  let nextPullAt = 0;
  let failures = 0;
  let lastSuccessAt: number | null = null;
  let lastAttemptAt: number | null = null;
  let failure: SyncStatus['failure'] = null;
  let retryAt: number | null = null;

  /** Wakes the worker in `ms` unless it is due sooner already. */
  const wake = (ms: number): void => {
    if (stopped) return;
    const at = Date.now() + ms;
    if (at >= wakeAt) return;
    clearTimeout(timer);
    wakeAt = at;
    timer = setTimeout(() => {
      wakeAt = Number.POSITIVE_INFINITY;
      void cycle();
    }, ms);
    timer.unref();
  };

  /** Pushes what was committed when the cycle began; later commits wait for the next cycle, so a busy branch still pulls. */
  const push = async (): Promise<void> => {
    const until = outbox.lastSeq();
    for (let batch = outbox.nextBatch(settings.batchSize); batch && !stopped && outbox.pushCursor() < until; batch = outbox.nextBatch(settings.batchSize)) {
      let heldThrough: number;
      try {
        ({ heldThrough } = await link.push(batch, abort.signal));
      } catch (err) {
        const seq = err instanceof SyncFailure ? err.conflictSeq : undefined;
        if (seq === undefined || seq < batch.epoch.firstSeq || seq > batch.events.at(-1)!.seq) throw err;
        const split = options.splitEpoch(seq);
        log.warn('sync.log_rewound', { hq: options.hqUrl, epoch: batch.epoch.epoch, fromSeq: seq, newEpoch: split.epoch, detail: (err as Error).message });
        continue;
      }
      const before = outbox.pushCursor();
      const cursor = outbox.acknowledge(batch.epoch.epoch, heldThrough, clock());
      // Headquarters took the batch but holds less than it: sending it again would loop.
      if (cursor <= before && cursor < batch.events.at(-1)!.seq) {
        throw new SyncFailure('bad_answer', `headquarters acknowledged seq ${heldThrough} of epoch ${batch.epoch.epoch} after a batch up to ${batch.events.at(-1)!.seq}`);
      }
    }
  };

  const pull = async (): Promise<void> => {
    for (const feed of FEEDS) {
      for (let more = true; more && !stopped; ) {
        const page = await link.pull(feed, outbox.pullCursor(feed), abort.signal);
        options.transaction(() => {
          page.apply();
          outbox.setPullCursor(feed, page.cursor, clock());
        });
        more = page.more;
      }
    }
  };

  const succeeded = (): void => {
    if (failure) log.info('sync.recovered', { hq: options.hqUrl, failedSince: new Date(failure.since).toISOString(), tries: failures });
    failures = 0;
    failure = null;
    retryAt = null;
    lastSuccessAt = clock();
  };

  const failed = (err: unknown): void => {
    failures++;
    const reason = err instanceof SyncFailure ? err.reason : 'refused';
    const detail = (err as Error).message;
    const now = clock();
    failure = { reason, detail, at: now, since: failure?.since ?? now, tries: failures };
    const delay = backoffDelay(failures, settings.backoff, random);
    retryAt = now + delay;
    // A commit during the failed try may have asked for an early push: the back-off wins.
    clearTimeout(timer);
    wakeAt = Number.POSITIVE_INFINITY;
    // Every failed try is logged with its reason; an unexpected error also with its stack.
    const fields = { hq: options.hqUrl, reason, tries: failures, retryInMs: delay, waiting: outbox.waiting() };
    if (err instanceof SyncFailure) log.warn('sync.failed', { ...fields, detail });
    else log.error('sync.failed', { ...fields, error: err });
    wake(delay);
  };

  const cycle = async (): Promise<void> => {
    if (running || stopped) return;
    running = (async () => {
      lastAttemptAt = clock();
      try {
        await push();
        if (Date.now() >= nextPullAt) {
          await pull();
          nextPullAt = Date.now() + settings.pullEveryMs;
        }
        if (stopped) return;
        succeeded();
        wake(Math.max(0, nextPullAt - Date.now()));
      } catch (err) {
        if (!stopped) failed(err);
      }
    })().finally(() => {
      running = null;
    });
    await running;
    // Commits that arrived while this cycle ran are pushed now (unless waiting out a failure).
    if (!stopped && failures === 0 && outbox.waiting() > 0) wake(settings.pushDelayMs);
  };

  return {
    /** Starts at once: pushes what waits and pulls. */
    start(): void {
      wake(0);
    },

    /** Something was committed: push it soon, unless headquarters is being waited out after a failure. */
    notify(): void {
      if (failures === 0) wake(settings.pushDelayMs);
    },

    /** Runs one cycle now and waits for it (tests, and an impatient supervisor). */
    async syncNow(): Promise<void> {
      await running;
      await cycle();
    },

    status(): SyncStatus {
      return {
        hq: options.hqUrl,
        connected: lastSuccessAt !== null && failure === null,
        lastSuccessAt,
        lastAttemptAt,
        waiting: outbox.waiting(),
        failure,
        nextTryAt: retryAt,
        epoch: options.epoch(),
      };
    },

    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      abort.abort();
      await running;
    },
  };
}

export type SyncWorker = ReturnType<typeof createSyncWorker>;
