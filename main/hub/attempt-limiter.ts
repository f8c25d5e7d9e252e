/**
 * Slows down guessing. A key has `free` attempts; after that each attempt must wait a delay that
 * doubles with every failure, up to a ceiling; a success forgets the key. Kept in memory:
 * a hub restart forgives, which costs an attacker a restart they cannot cause (the officers'
 * own count of wrong PINs, which locks them, is in the database).
 *
 * An attempt is counted when it starts, not when its slow check ends: `reserve` runs before the
 * PIN hash is computed, synchronously, so a burst of parallel guesses sees each other's
 * attempts and all but the free ones are turned away without being checked.
 */
export class AttemptLimiter {
  private readonly failures = new Map<string, { count: number; until: number }>();
  /** Keys that failed together (an officer and the consoles that tried them): forgiving one forgives the others. */
  private readonly partners = new Map<string, Set<string>>();

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

  /**
   * Starts an attempt for all the keys at once: the milliseconds the longest-waiting key must still
   * wait (nothing is counted then), or 0 with the attempt already counted as a failure against
   * every key, until `succeed` forgets them.
   */
  reserve(keys: readonly string[]): number {
    const wait = Math.max(0, ...keys.map((k) => this.waitFor(k)));
    if (wait > 0) return wait;
    const now = this.clock();
    for (const key of keys) {
      const count = (this.failures.get(key)?.count ?? 0) + 1;
      const delay = count < this.free ? 0 : Math.min(this.maxDelayMs, this.firstDelayMs * 2 ** (count - this.free));
      this.failures.set(key, { count, until: now + delay });
      const linked = this.partners.get(key) ?? new Set<string>();
      for (const other of keys) if (other !== key) linked.add(other);
      this.partners.set(key, linked);
    }
    return 0;
  }

  /** The attempt was right: its keys start afresh. */
  succeed(keys: readonly string[]): void {
    for (const key of keys) this.forget(key);
  }

  /**
   * A person forgave the key (a supervisor unlocked the officer): it starts afresh, and so do the
   * keys that failed with it, so the officer's own console does not keep them waiting.
   */
  forgive(key: string): void {
    for (const other of this.partners.get(key) ?? []) this.forget(other);
    this.forget(key);
  }

  private forget(key: string): void {
    this.failures.delete(key);
    this.partners.delete(key);
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
