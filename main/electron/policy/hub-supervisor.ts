import { HEALTHY_RUN_MS, restartDelay } from './crash-backoff.js';

/** What the hub's utility process tells the main process. */
export type HubChildMessage =
  | {
      type: 'ready';
      url: string;
      fingerprint: string | null;
      demoDevices?: { name: string; role: string; token: string }[];
      /** No supervisor is paired yet: the one-time setup code, for this PC's supervisor window. */
      setupCode?: string;
    }
  | { type: 'failed'; message: string };

/** The part of Electron's UtilityProcess the supervisor uses, so tests can hand it a fake. */
export interface HubChild {
  onMessage(listener: (message: HubChildMessage) => void): void;
  onExit(listener: (code: number) => void): void;
  kill(): void;
}

export type HubReport =
  | { event: 'hub.ready'; url: string; fingerprint: string | null }
  | { event: 'hub.exited'; code: number; restartInMs: number }
  | { event: 'hub.start_refused'; message: string };

export interface HubSupervisorOptions {
  spawn(): HubChild;
  onReady(ready: Extract<HubChildMessage, { type: 'ready' }>): void;
  report(report: HubReport): void;
  now?: () => number;
  schedule?: (fn: () => void, ms: number) => { cancel(): void };
}

/**
 * Keeps the branch hub running in its utility process (better-sqlite3 is synchronous, so it never
 * runs on the main process's thread): restarts it when it exits, after 1 s, 2 s, 4 s... up to a
 * minute, the count starting over once it has run for five minutes. A hub that refuses to start
 * (a bad profile, a damaged database, a data folder another hub holds) is not restarted: the
 * reason is reported and shown, since restarting cannot fix it.
 */
export function superviseHub(options: HubSupervisorOptions): { stop(): void } {
  const now = options.now ?? Date.now;
  const schedule =
    options.schedule ??
    ((fn, ms) => {
      const t = setTimeout(fn, ms);
      return { cancel: () => clearTimeout(t) };
    });
  let failures = 0;
  let stopped = false;
  let child: HubChild | null = null;
  let pending: { cancel(): void } | null = null;

  const start = () => {
    pending = null;
    const startedAt = now();
    let refused = false;
    const current = options.spawn();
    child = current;
    current.onMessage((message) => {
      if (message.type === 'ready') {
        options.report({ event: 'hub.ready', url: message.url, fingerprint: message.fingerprint });
        options.onReady(message);
      } else {
        refused = true;
        options.report({ event: 'hub.start_refused', message: message.message });
      }
    });
    current.onExit((code) => {
      if (child === current) child = null;
      if (stopped || refused) return;
      failures = now() - startedAt >= HEALTHY_RUN_MS ? 1 : failures + 1;
      const delay = restartDelay(failures);
      options.report({ event: 'hub.exited', code, restartInMs: delay });
      pending = schedule(start, delay);
    });
  };
  start();
  return {
    stop() {
      stopped = true;
      pending?.cancel();
      child?.kill();
    },
  };
}
