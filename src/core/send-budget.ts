/**
 * Outgoing-message budgets per chat or channel: "at most `limit` messages in any `ms`
 * window", for one or more windows at once (e.g. 5 per 5 s and 20 per minute). Unlike the
 * per-user {@link RateLimiter} (a token bucket on what people send), this bounds what the bot
 * sends into one place, so a crowd of users — each within their own limit — still cannot push
 * the bot over a platform's per-chat limit (Telegram ~20 messages/minute per group, Discord 5
 * messages per 5 s per channel). Exact sliding windows, in memory, bounded in size.
 */

/** One window: at most `limit` sends in any `ms` milliseconds. */
export interface SendWindow {
  limit: number;
  ms: number;
}

/** Options for {@link SendBudget}. */
export interface SendBudgetOptions {
  windows: readonly SendWindow[];
  /** Most keys tracked at once; the least recently used is forgotten first (default 10 000). */
  maxKeys?: number;
  now?: () => number;
}

/** Sliding-window send budget keyed by chat/channel. */
export class SendBudget {
  /** Send times per key, oldest first, pruned to the longest window. */
  private readonly sent = new Map<string, number[]>();
  private readonly windows: readonly SendWindow[];
  private readonly span: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(options: SendBudgetOptions) {
    if (options.windows.length === 0) throw new RangeError('SendBudget needs at least one window');
    for (const w of options.windows) {
      if (!(w.limit >= 1 && w.ms > 0)) throw new RangeError(`invalid send window ${JSON.stringify(w)}`);
    }
    this.windows = options.windows;
    this.span = Math.max(...options.windows.map((w) => w.ms));
    this.maxKeys = options.maxKeys ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** The smallest window limit: an answer of more messages than this can never be sent at once. */
  get maxBurst(): number {
    return Math.min(...this.windows.map((w) => w.limit));
  }

  /**
   * Records `n` sends for `key` if every window has room for all of them, and returns true;
   * otherwise records nothing and returns false (all or nothing, so an answer is never cut).
   */
  tryTake(key: string, n = 1): boolean {
    if (n <= 0) return true;
    const now = this.now();
    const times = this.recent(key, now);
    if (this.room(times, now) < n) return false;
    for (let i = 0; i < n; i += 1) times.push(now);
    this.touch(key, times);
    return true;
  }

  /** How many messages `key` could send right now. */
  remaining(key: string): number {
    const now = this.now();
    return this.room(this.recent(key, now), now);
  }

  /** Keys currently tracked (for tests and memory checks). */
  get size(): number {
    return this.sent.size;
  }

  private room(times: readonly number[], now: number): number {
    let room = Infinity;
    for (const w of this.windows) {
      const since = now - w.ms;
      let inWindow = 0;
      for (let i = times.length - 1; i >= 0 && times[i] > since; i -= 1) inWindow += 1;
      room = Math.min(room, w.limit - inWindow);
    }
    return Math.max(0, room);
  }

  /** The key's send times still inside the longest window (a fresh array when none). */
  private recent(key: string, now: number): number[] {
    const times = this.sent.get(key);
    if (times === undefined) return [];
    const since = now - this.span;
    let drop = 0;
    while (drop < times.length && times[drop] <= since) drop += 1;
    if (drop > 0) times.splice(0, drop);
    if (times.length === 0) this.sent.delete(key);
    return times;
  }

  private touch(key: string, times: number[]): void {
    this.sent.delete(key);
    this.sent.set(key, times);
    while (this.sent.size > this.maxKeys) {
      const oldest = this.sent.keys().next().value;
      if (oldest === undefined) break;
      this.sent.delete(oldest);
    }
  }
}
