import type { StaffOverview, SupervisorOverview } from '../../main/wire/schemas.js';
import { BranchState } from '../lib/state/branch-state.svelte.js';
import { isUnreachable, type Problem } from './hub-problem.js';
import { loadCurrentDevice, loadOverview, loadStaff } from './supervisor-service.js';
import type { TextKey } from './supervisor-text.js';

/** The overview is cheap but not free: a burst of events reloads it once. */
const REFRESH_DEBOUNCE_MS = 250;
/** Waits and device contact change without events; this keeps them current. */
const REFRESH_EVERY_MS = 30_000;
const RETRY_UNREACHABLE_MS = 3_000;

export interface Notice {
  key: TextKey;
  values: Record<string, string | number>;
}

/**
 * The supervisor's picture of the branch: the shared snapshot (queues, officers on duty, ticker)
 * and the supervisor's overview (today's figures and devices), both kept current from the stream.
 */
export class SupervisorState {
  readonly branch = new BranchState();
  overview = $state<SupervisorOverview | null>(null);
  /** Officers and positions as the supervisor manages them; reloaded with the overview. */
  staff = $state<StaffOverview | null>(null);
  /** Why the overview could not be loaded; the last one loaded stays on screen meanwhile. */
  problem = $state<Problem | null>(null);
  /**
   * When the figures on screen were last loaded, on the hub's clock: waits are measured against it,
   * and a browser's clock may be off by minutes.
   */
  loadedAt = $state<number | null>(null);
  /** The device id of this browser, so its own pairing is not revoked unawares; null until known. */
  selfId = $state<string | null>(null);
  /** The last change that went through, said once in a live region. */
  notice = $state<Notice | null>(null);
  /** A change without a dialog of its own (opening a service) that the hub refused. */
  refusal = $state<Problem | null>(null);

  #interval: ReturnType<typeof setInterval> | undefined;
  #soon: ReturnType<typeof setTimeout> | undefined;
  #noticeTimer: ReturnType<typeof setTimeout> | undefined;
  #unsubscribe: (() => void) | null = null;
  #self: Promise<void> | null = null;
  /** Only the newest request's answer is shown: an older, slower one must not overwrite it. */
  #request = 0;

  get timeZone(): string {
    return this.branch.snapshot?.branch.timeZone ?? 'Asia/Jakarta';
  }

  async start(): Promise<void> {
    // Every event may move a figure, a device or a printer (print.* and printer.status included);
    // the branch state applies the events itself, so only the overview is asked again here.
    this.#unsubscribe = this.branch.onEvent(() => this.#overviewSoon());
    this.#interval = setInterval(() => void this.refresh(), REFRESH_EVERY_MS);
    await Promise.all([this.branch.start(), this.refresh()]);
  }

  stop(): void {
    this.branch.stop();
    this.#unsubscribe?.();
    clearInterval(this.#interval);
    clearTimeout(this.#soon);
    clearTimeout(this.#noticeTimer);
  }

  async refresh(): Promise<void> {
    clearTimeout(this.#soon);
    const request = ++this.#request;
    const [result, staff] = await Promise.all([loadOverview(), loadStaff()]);
    if (request !== this.#request) return;
    if (staff.ok) this.staff = staff.value;
    if (result.ok) {
      this.overview = result.value;
      this.problem = null;
      this.loadedAt = result.value.now;
      this.#self ??= this.#loadSelf();
      return;
    }
    this.problem = result.problem;
    if (isUnreachable(result.problem)) this.#soon = setTimeout(() => void this.refresh(), RETRY_UNREACHABLE_MS);
  }

  /** Asked once; a failed answer is asked again at the next refresh. */
  async #loadSelf(): Promise<void> {
    const result = await loadCurrentDevice();
    if (result.ok) this.selfId = result.value.device?.id ?? null;
    else this.#self = null;
  }

  /** After a change: the overview reloads now rather than when the stream's event arrives (the branch state follows its events). */
  refreshSoon(): void {
    this.#overviewSoon();
  }

  #overviewSoon(): void {
    clearTimeout(this.#soon);
    this.#soon = setTimeout(() => void this.refresh(), REFRESH_DEBOUNCE_MS);
  }

  announce(key: TextKey, values: Record<string, string | number> = {}): void {
    this.refusal = null;
    this.notice = { key, values };
    clearTimeout(this.#noticeTimer);
    this.#noticeTimer = setTimeout(() => (this.notice = null), 8_000);
  }

  failed(problem: Problem | null): void {
    if (problem) this.refusal = problem;
  }
}
