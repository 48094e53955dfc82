/** Polling helpers for tests that wait on other processes, servers or timers. */

/**
 * Resolves once `check()` holds; rejects after `timeoutMs` naming `what` (a text, or a function
 * giving one at that moment, e.g. a process's output so far).
 */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string | (() => string) = 'a condition',
  pollMs = 20,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
