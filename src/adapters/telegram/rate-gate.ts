/**
 * Per-user rate limiting on top of the shared {@link RateLimiter}, remembering who has
 * already been told to slow down so the notice is sent once per burst, not once per message.
 */
import type { RateLimiter } from '../../core/rate-limit.js';

/** What to do with one incoming action. */
export type GateDecision = 'allow' | 'notify' | 'drop';

/** Most over-limit users remembered at once. */
const MAX_NOTIFIED = 10_000;

/** Wraps a limiter: {@link RateGate.check} says whether to answer, notify, or stay silent. */
export class RateGate {
  private readonly notified = new Set<string>();

  constructor(private readonly limiter: RateLimiter) {}

  /**
   * `allow` when `key` has a token; `notify` the first time it is over the limit in a
   * burst; `drop` for further messages in the same burst.
   */
  check(key: string): GateDecision {
    if (this.limiter.take(key)) {
      this.notified.delete(key);
      return 'allow';
    }
    if (this.notified.has(key)) return 'drop';
    if (this.notified.size >= MAX_NOTIFIED) this.notified.clear();
    this.notified.add(key);
    return 'notify';
  }
}
