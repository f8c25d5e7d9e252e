/**
 * Slows down guessing. After `free` failures for a key, each further attempt must wait a delay
 * that doubles with every failure, up to a ceiling; a success forgets the key. Kept in memory:
 * a hub restart forgives, which costs an attacker a restart they cannot cause.
 */
export class AttemptLimiter {
  private readonly failures = new Map<string, { count: number; until: number }>();

  constructor(
    private readonly clock: () => number,
    private readonly free = 5,
    private readonly firstDelayMs = 30_000,
    private readonly maxDelayMs = 15 * 60_000,
  ) {}

  /** Milliseconds the key must still wait, 0 when it may try now. */
  waitFor(key: string): number {
    const entry = this.failures.get(key);
    return entry ? Math.max(0, entry.until - this.clock()) : 0;
  }

  fail(key: string): void {
    const count = (this.failures.get(key)?.count ?? 0) + 1;
    const delay = count <= this.free ? 0 : Math.min(this.maxDelayMs, this.firstDelayMs * 2 ** (count - this.free - 1));
    this.failures.set(key, { count, until: this.clock() + delay });
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }
}

/** Counts events per key in a fixed window, for rate limits on anonymous requests. */
export class WindowLimiter {
  private readonly counts = new Map<string, { count: number; windowStart: number }>();

  constructor(
    private readonly clock: () => number,
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** True when the key may go ahead; counts the attempt. */
  take(key: string): boolean {
    const now = this.clock();
    const entry = this.counts.get(key);
    if (!entry || now - entry.windowStart >= this.windowMs) {
      if (this.counts.size > 10_000) this.counts.clear();
      this.counts.set(key, { count: 1, windowStart: now });
      return true;
    }
    entry.count++;
    return entry.count <= this.max;
  }
}
