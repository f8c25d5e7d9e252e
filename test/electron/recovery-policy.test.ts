import { describe, expect, it } from 'vitest';
import { crashAction, restartDelay } from '../../main/electron/policy/crash-backoff.js';
import { superviseHub, type HubChild, type HubChildMessage, type HubReport } from '../../main/electron/policy/hub-supervisor.js';
import { mayRestartForUpdate, IN_USE_FOR_MS } from '../../main/electron/policy/update-staging.js';

const MIN = 60_000;

describe('a page that crashes or hangs', () => {
  it('is reloaded after 1, 2 and 4 seconds, then shows the local error page past three crashes a minute', () => {
    const now = 10 * MIN;
    expect(crashAction([now], now)).toEqual({ action: 'reload', delayMs: 1000 });
    expect(crashAction([now - 5000, now], now)).toEqual({ action: 'reload', delayMs: 2000 });
    expect(crashAction([now - 9000, now - 5000, now], now)).toEqual({ action: 'reload', delayMs: 4000 });
    expect(crashAction([now - 12000, now - 9000, now - 5000, now], now)).toEqual({ action: 'error-page', retryMs: MIN });
  });

  it('crashes older than a minute are forgotten', () => {
    const now = 10 * MIN;
    expect(crashAction([now - 3 * MIN, now - 2 * MIN, now - 61_000, now], now)).toEqual({ action: 'reload', delayMs: 1000 });
  });
});

describe("the hub's utility process", () => {
  class FakeChild implements HubChild {
    message?: (m: HubChildMessage) => void;
    exit?: (code: number) => void;
    killed = false;
    onMessage(l: (m: HubChildMessage) => void) {
      this.message = l;
    }
    onExit(l: (code: number) => void) {
      this.exit = l;
    }
    kill() {
      this.killed = true;
    }
  }

  function harness() {
    let clock = 0;
    const children: FakeChild[] = [];
    const reports: HubReport[] = [];
    const timers: { fn: () => void; at: number; cancelled: boolean }[] = [];
    const ready: string[] = [];
    const supervisor = superviseHub({
      spawn: () => {
        const c = new FakeChild();
        children.push(c);
        return c;
      },
      onReady: (m) => ready.push(m.url),
      report: (r) => reports.push(r),
      now: () => clock,
      schedule: (fn, ms) => {
        const t = { fn, at: clock + ms, cancelled: false };
        timers.push(t);
        return { cancel: () => (t.cancelled = true) };
      },
    });
    const advance = (ms: number) => {
      clock += ms;
      for (const t of timers.filter((t) => !t.cancelled && t.at <= clock)) {
        t.cancelled = true;
        t.fn();
      }
    };
    return { children, reports, ready, supervisor, advance, get clock() { return clock; } };
  }

  it('is restarted with growing delays when it dies, and each exit is reported', () => {
    const h = harness();
    h.children[0]!.message!({ type: 'ready', url: 'https://127.0.0.1:8080', fingerprint: 'ab' });
    expect(h.ready).toEqual(['https://127.0.0.1:8080']);
    h.children[0]!.exit!(134);
    expect(h.reports.at(-1)).toEqual({ event: 'hub.exited', code: 134, restartInMs: 1000 });
    h.advance(999);
    expect(h.children).toHaveLength(1);
    h.advance(1);
    expect(h.children).toHaveLength(2);
    h.children[1]!.exit!(1);
    expect(h.reports.at(-1)).toMatchObject({ restartInMs: 2000 });
    h.advance(2000);
    h.children[2]!.exit!(1);
    expect(h.reports.at(-1)).toMatchObject({ restartInMs: 4000 });
  });

  it('starts counting again after it ran five minutes', () => {
    const h = harness();
    h.children[0]!.exit!(1);
    h.advance(1000);
    h.children[1]!.exit!(1);
    h.advance(2000);
    h.advance(6 * MIN);
    h.children[2]!.exit!(1);
    expect(h.reports.at(-1)).toMatchObject({ restartInMs: 1000 });
  });

  it('is not restarted when it refused to start (a restart cannot fix a damaged database), and stop() ends it for good', () => {
    const h = harness();
    h.children[0]!.message!({ type: 'failed', message: 'branch.db is damaged' });
    h.children[0]!.exit!(1);
    h.advance(10 * MIN);
    expect(h.children).toHaveLength(1);
    expect(h.reports).toEqual([{ event: 'hub.start_refused', message: 'branch.db is damaged' }]);

    const g = harness();
    g.supervisor.stop();
    expect(g.children[0]!.killed).toBe(true);
    g.children[0]!.exit!(0);
    g.advance(10 * MIN);
    expect(g.children).toHaveLength(1);
  });

  it('restart delays stop growing at a minute', () => {
    expect([1, 2, 3, 7, 8, 20].map(restartDelay)).toEqual([1000, 2000, 4000, 60_000, 60_000, 60_000]);
  });
});

describe('when a downloaded update is installed', () => {
  const kiosk = { role: 'kiosk' as const, kiosk: true };
  const console_ = { role: 'console' as const, kiosk: false };
  const at = (localHour: number, over: Partial<Parameters<typeof mayRestartForUpdate>[0]> = {}) =>
    mayRestartForUpdate({ downloaded: true, windows: [kiosk], lastInputAt: [0], runsHub: false, now: 100 * MIN, localHour, ...over });

  it('never while a participant is using the kiosk', () => {
    expect(at(10, { lastInputAt: [100 * MIN - 30_000] })).toBe(false);
    expect(at(21, { lastInputAt: [100 * MIN - IN_USE_FOR_MS + 1] })).toBe(false);
    expect(at(10, { lastInputAt: [100 * MIN - IN_USE_FOR_MS] })).toBe(true);
  });

  it('a PC running the hub, or a staff screen, only at night; nothing without a download', () => {
    expect(at(10, { runsHub: true })).toBe(false);
    expect(at(22, { runsHub: true })).toBe(true);
    expect(at(10, { windows: [console_] })).toBe(false);
    expect(at(5, { windows: [console_] })).toBe(true);
    expect(at(22, { downloaded: false })).toBe(false);
  });
});
