/**
 * Storage behind one small interface: {@link openStore} turns a `STORE_URL` target into one
 * Keyv per kind of data, each in its own namespace:
 *
 * - `conv` — conversation state and the per-user scope index (ids only, TTL = conversation TTL);
 * - `settings` — per-group settings (no TTL);
 * - `unanswered` — the redacted log of questions the bot could not answer (TTL 30 days).
 *
 * Every Keyv throws on store errors, so callers (the Assistant races each call with a timeout)
 * see failures and can answer without context instead.
 */
import type Keyv from 'keyv';
import { connectRedis } from './redis-store.js';
import { SqliteFile, sqliteKeyv, type SqliteFileOptions } from './sqlite-store.js';
import { describeStoreTarget, type StoreTarget } from './store-url.js';

export { StoreError, type StoreErrorCode } from './errors.js';
export { createSqliteKeyv, SqliteFile, SqliteKeyvStore, type SqliteFileOptions } from './sqlite-store.js';
export { describeStoreTarget, parseStoreUrl, storeUrlProblem, DEFAULT_SQLITE_PATH, type StoreTarget } from './store-url.js';
export { throttleReports } from './throttle.js';
export { UnansweredLog, unansweredRecorder, type UnansweredEntry, type UnansweredRecord } from './unanswered-log.js';

/** The namespace of each kind of data. */
export const NAMESPACES = { conversations: 'conv', settings: 'settings', unanswered: 'unanswered' } as const;

/** The opened stores. */
export interface Stores {
  /** Which backend is in use. */
  readonly kind: StoreTarget['kind'];
  /** Where the data lives, without credentials (for logs). */
  readonly location: string;
  /** Conversation state (namespace `conv`). */
  readonly conversations: Keyv;
  /** Group settings (namespace `settings`). */
  readonly settings: Keyv;
  /** The redacted unanswered-question log (namespace `unanswered`). */
  readonly unanswered: Keyv;
  /** Flushes and closes the backend. Idempotent. */
  close(): Promise<void>;
}

/** Options for {@link openStore}. */
export interface OpenStoreOptions {
  /** Background failures: Redis unreachable (once per outage), a failed SQLite sweep. Must not throw. */
  onError?: (error: unknown) => void;
  /** Redis is reachable again after {@link onError}. */
  onRecover?: () => void;
  /** Longest wait for the first Redis connection before starting anyway (ms, default 2000). */
  redisWaitMs?: number;
  /** SQLite clock and sweep interval (tests). */
  sqlite?: SqliteFileOptions;
}

/**
 * Opens the store `target` (see `parseStoreUrl`). SQLite (and `memory`, an in-memory SQLite
 * database with the same expiry sweep) opens synchronously and throws `StoreError`
 * `STORE_OPEN_FAILED` if the file is unusable. Redis never fails here: while it is unreachable
 * every call fails fast and the client keeps reconnecting.
 */
export async function openStore(target: StoreTarget, options: OpenStoreOptions = {}): Promise<Stores> {
  const location = describeStoreTarget(target);
  if (target.kind === 'redis') {
    const redis = await connectRedis(target.url, {
      onDown: options.onError,
      onUp: options.onRecover,
      waitMs: options.redisWaitMs,
    });
    return {
      kind: 'redis',
      location,
      conversations: redis.keyv(NAMESPACES.conversations),
      settings: redis.keyv(NAMESPACES.settings),
      unanswered: redis.keyv(NAMESPACES.unanswered),
      close: () => redis.close(),
    };
  }
  const file = new SqliteFile(target.kind === 'memory' ? ':memory:' : target.path, {
    onSweepError: options.onError,
    ...options.sqlite,
  });
  return {
    kind: target.kind,
    location,
    conversations: sqliteKeyv(file, NAMESPACES.conversations),
    settings: sqliteKeyv(file, NAMESPACES.settings),
    unanswered: sqliteKeyv(file, NAMESPACES.unanswered),
    close: async () => file.close(),
  };
}
