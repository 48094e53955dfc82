/**
 * Token-bucket rate limiter keyed by user or group. In memory, bounded in size; a `now`
 * function makes it deterministic in tests.
 */

/** Options for {@link RateLimiter}. */
export interface RateLimitOptions {
  /** Burst size. */
  capacity: number;
  /** Tokens added per second. */
  refillPerSecond: number;
  /** Most keys tracked at once (oldest dropped first). */
  maxKeys?: number;
  now?: () => number;
}

/** Answers "may this key act now?". */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly now: () => number;
  private readonly maxKeys: number;

  constructor(private readonly options: RateLimitOptions) {
    this.now = options.now ?? Date.now;
    this.maxKeys = options.maxKeys ?? 50_000;
  }

  /** Takes one token for `key`; false when the key is over its limit. */
  take(key: string): boolean {
    const now = this.now();
    const { capacity, refillPerSecond } = this.options;
    const b = this.buckets.get(key) ?? { tokens: capacity, at: now };
    b.tokens = Math.min(capacity, b.tokens + ((now - b.at) / 1000) * refillPerSecond);
    b.at = now;
    this.buckets.delete(key);
    this.buckets.set(key, b);
    if (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}

/** The polite reply sent (once per burst) to a user who is over the limit. */
export const RATE_LIMITED_TEXT = '消息有点多，我需要喘口气 🙂 请过几秒再发，我会继续帮你。';
