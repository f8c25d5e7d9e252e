import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { StartupError } from '../db/integrity.js';
import type { HubLog } from '../ops/hub-log.js';
import type { HqSection } from '../profiles/profile-schema.js';
import type { BranchQueue } from '../queue/branch-queue.js';
import { createHqClient } from './hq-client.js';
import { epochsOf, startNewEpoch } from './log-identity.js';
import { createOutbox } from './outbox.js';
import { createPullApplier } from './pull-feeds.js';
import { createSyncWorker, DEFAULT_SYNC_SETTINGS, type SyncSettings, type SyncWorker } from './sync-worker.js';

export interface StartSyncOptions {
  hq: HqSection;
  /** The profile's folder, which a relative secretFile is read from. */
  baseDir: string;
  profileFile?: string;
  db: Database.Database;
  queue: BranchQueue;
  log: HubLog;
  /** Overrides of the worker's timing (tests). */
  settings?: Partial<SyncSettings>;
}

/** The branch secret, from the profile or from its file (trimmed: an editor's final newline is not part of it). */
function branchSecret(hq: HqSection, baseDir: string, profileFile: string | undefined): string {
  if (hq.secret !== undefined) return hq.secret;
  const file = resolve(baseDir, hq.secretFile!);
  let secret: string;
  try {
    secret = readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw new StartupError(`${profileFile ?? 'profile'}: hub.hq.secretFile ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): put the branch secret headquarters issued there, readable by the hub's user only`);
  }
  if (secret.length < 32) throw new StartupError(`${profileFile ?? 'profile'}: hub.hq.secretFile ${file} holds ${secret.length} characters: the branch secret headquarters issued has at least 32`);
  return secret;
}

/** Wires the sync with headquarters for a hub whose profile has an `hq` section, and starts it. */
export function startSync(options: StartSyncOptions): SyncWorker {
  const { hq, db, queue, log } = options;
  const secret = branchSecret(hq, options.baseDir, options.profileFile);
  const outbox = createOutbox(db);
  const settings = { ...DEFAULT_SYNC_SETTINGS, pullEveryMs: hq.pullEverySeconds * 1000, ...options.settings };
  const worker = createSyncWorker({
    outbox,
    // Requests are signed with the real time: headquarters checks it against its own clock.
    link: createHqClient({ url: hq.url, branchId: queue.branch.id, secret, apply: createPullApplier(queue, log), timeoutMs: settings.requestTimeoutMs }),
    transaction: (fn) => queue.store.transaction(fn),
    log,
    clock: queue.clock,
    hqUrl: hq.url,
    epoch: () => epochsOf(db).at(-1)!.epoch,
    splitEpoch: (fromSeq) => startNewEpoch(db, 'restored', queue.clock(), fromSeq),
    settings,
  });
  const stopListening = queue.store.onCommit(() => worker.notify());
  worker.start();
  log.info('sync.started', { hq: hq.url, branch: queue.branch.id, waiting: outbox.waiting() });
  return {
    ...worker,
    async stop() {
      stopListening();
      await worker.stop();
    },
  };
}
