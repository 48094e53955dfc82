/**
 * One task at a time per key, in arrival order; different keys run concurrently. Used where a
 * read-modify-write of stored state must not interleave with another for the same key (one
 * user's turns and `/forget`, one group's settings). In-process: several processes sharing a
 * store are not serialized by it. A key's entry is dropped as soon as its queue is empty.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `task` after every task queued before it under `key` has settled; resolves as it does. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with queued or running tasks. */
  get size(): number {
    return this.tails.size;
  }
}
