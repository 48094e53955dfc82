/**
 * Redis through @keyv/redis, configured to fail fast: while the connection is down, commands
 * are rejected at once (`disableOfflineQueue`) instead of queueing until Redis returns, a
 * command that cannot even be sent within {@link REDIS_COMMAND_TIMEOUT_MS} is rejected, and the
 * client keeps reconnecting in the background (backoff up to 2 s). A server that accepts
 * commands but never answers (frozen, network partition) is bounded by the caller: the
 * Assistant gives each turn a total store budget. One client serves every namespace.
 */
import KeyvRedis, { createClient } from '@keyv/redis';
import Keyv from 'keyv';

/** Longest wait for one Redis command to be sent (node-redis does not time out replies). */
export const REDIS_COMMAND_TIMEOUT_MS = 1000;
/** Longest wait for a TCP connection to Redis. */
export const REDIS_CONNECT_TIMEOUT_MS = 2000;

/** Longest wait for pending replies on close. */
const CLOSE_WAIT_MS = 1000;

/** Options for {@link connectRedis}. */
export interface RedisOptions {
  /** Called once when the connection is lost or cannot be made (not on every retry), and for errors on a live connection. */
  onDown?: (error: unknown) => void;
  /** Called when the connection is back after {@link onDown}. */
  onUp?: () => void;
  /** Longest wait for the first connection before starting anyway (ms, default 2000). */
  waitMs?: number;
}

/** A connected (or reconnecting) Redis client with a Keyv per namespace. */
export interface RedisConnection {
  /** True while commands can be sent. */
  readonly ready: boolean;
  /** A Keyv over `namespace` (keys `namespace::key`), throwing on errors. */
  keyv(namespace: string): Keyv;
  /** Closes the connection; pending commands fail. Idempotent. */
  close(): Promise<void>;
}

/** Reconnect backoff: 50 ms doubling to 2 s, with jitter so instances do not retry in step. */
function backoff(retries: number): number {
  return Math.min(50 * 2 ** retries, 2000) + Math.floor(Math.random() * 100);
}

/**
 * Connects to `url` in the background and resolves once connected or after `waitMs`, whichever
 * comes first, so the bot starts (answering without context) even when Redis is down. Never
 * rejects for connection problems; they are reported through `onDown`.
 */
export async function connectRedis(url: string, options: RedisOptions = {}): Promise<RedisConnection> {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    commandOptions: { timeout: REDIS_COMMAND_TIMEOUT_MS },
    socket: { connectTimeout: REDIS_CONNECT_TIMEOUT_MS, reconnectStrategy: backoff },
  });
  let down = false;
  const reportDown = (error: unknown): void => {
    // An error on a ready connection is not an outage: report it, and keep watching for one.
    if (client.isReady) {
      options.onDown?.(error);
      return;
    }
    if (down) return;
    down = true;
    options.onDown?.(error);
  };
  // node-redis emits 'error' for every failed (re)connect attempt; an 'error' event without a
  // listener would crash the process, so this listener must exist before connect().
  client.on('error', reportDown);
  client.on('ready', () => {
    if (!down) return;
    down = false;
    options.onUp?.();
  });

  let closed = false;
  const connecting = client.connect().catch((error: unknown) => {
    // Only reached when the client gives up (closed during connect): report unless closing.
    if (!closed) reportDown(error);
  });
  const waitMs = options.waitMs ?? 2000;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    connecting,
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, waitMs);
    }),
  ]).finally(() => clearTimeout(timer));

  return {
    get ready() {
      return client.isReady;
    },
    keyv(namespace) {
      const adapter = new KeyvRedis(client, { namespace, throwOnConnectError: true, throwOnErrors: true });
      const keyv = new Keyv(adapter, { namespace, useKeyPrefix: false, throwOnErrors: true });
      // Failed calls reject (throwOnErrors) and are reported by the caller; keyv also emits
      // them as events, which must never be unhandled.
      keyv.on('error', () => undefined);
      return keyv;
    },
    async close() {
      if (closed) return;
      closed = true;
      if (!client.isOpen) return;
      if (client.isReady) {
        // Graceful close waits for pending replies, which a frozen server never sends.
        let timer: NodeJS.Timeout | undefined;
        const gaveUp = await Promise.race([
          client.close().then(() => false),
          new Promise<boolean>((resolve) => {
            timer = setTimeout(() => resolve(true), CLOSE_WAIT_MS);
          }),
        ]).finally(() => clearTimeout(timer));
        if (gaveUp) client.destroy();
      } else {
        // Still (re)connecting: stop now; the pending retry ends within one backoff step.
        client.destroy();
      }
    },
  };
}
