/**
 * Bounds a store operation in time: the operation's own result or error, or `onTimeout()`'s
 * error once `ms` have passed. The timer is always cleared; the operation itself is not
 * cancelled (keyv has no cancellation), its late outcome is ignored.
 */
export async function withTimeout<T>(op: () => Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  try {
    return await Promise.race([op(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
