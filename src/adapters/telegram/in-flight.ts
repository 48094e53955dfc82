/** Counts updates being processed, so shutdown can wait for them to finish. */
import type { Context, MiddlewareFn } from 'grammy';

/** Tracks in-flight updates; install {@link InFlight.middleware} first. */
export class InFlight {
  private count = 0;
  private waiters: Array<() => void> = [];

  /** Number of updates being processed now. */
  get size(): number {
    return this.count;
  }

  /** Middleware that counts the update while the rest of the chain runs. */
  readonly middleware: MiddlewareFn<Context> = async (_ctx, next) => {
    this.count += 1;
    try {
      await next();
    } finally {
      this.count -= 1;
      if (this.count === 0) for (const w of this.waiters.splice(0)) w();
    }
  };

  /** Resolves when no update is in flight, or after `timeoutMs` (true if drained). */
  drain(timeoutMs: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
