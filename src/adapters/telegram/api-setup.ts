/**
 * Bot API client set-up: automatic retries for flood limits (429 with `retry_after`),
 * 5xx server errors and network failures, plus a warning log (without the token) for every
 * API call that still fails.
 *
 * Network failures (the server cannot be reached at all) are retried a bounded number of times
 * with a short doubling wait, each retry logged: @grammyjs/auto-retry alone would retry them
 * forever (and silently), so an unreachable server would hang start-up and every send.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { HttpError, type Bot, type Transformer } from 'grammy';
import type { Logger } from 'pino';
import { safeError } from './safe-error.js';

/** Options for {@link installApiRetries}. */
export interface RetryOptions {
  /** Most retries of one call after a 429 or 5xx reply (default 5). */
  maxRetryAttempts?: number;
  /** Longest `retry_after` honoured, in seconds (default 60); longer waits fail the call. */
  maxDelaySeconds?: number;
  /** Most retries of one call that could not reach the server (default {@link NETWORK_RETRIES}). */
  networkRetries?: number;
  /** Wait before the first network retry, in ms; it doubles up to 4 s (default {@link NETWORK_DELAY_MS}). */
  networkDelayMs?: number;
}

/** Retries of a call that could not reach the Bot API server (5 attempts in all). */
export const NETWORK_RETRIES = 4;
/** First wait before retrying such a call: 0.5 s, then 1, 2 and 4 s (7.5 s in all). */
export const NETWORK_DELAY_MS = 500;
const NETWORK_MAX_DELAY_MS = 4000;

/** How long all network retries of one call wait in total, in ms. */
export function networkRetryBudgetMs(retries = NETWORK_RETRIES, firstDelayMs = NETWORK_DELAY_MS): number {
  let total = 0;
  for (let i = 0; i < retries; i += 1) total += Math.min(firstDelayMs * 2 ** i, NETWORK_MAX_DELAY_MS);
  return total;
}

/** What grammY passes as a call's abort signal. */
type CallSignal = Parameters<Transformer>[3];

function pause(ms: number, signal?: CallSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', abort, { once: true });
    function done(): void {
      signal?.removeEventListener('abort', abort);
      resolve();
    }
    function abort(): void {
      clearTimeout(timer);
      reject(new Error('request aborted while waiting to retry'));
    }
  });
}

/** A transformer retrying calls that failed to reach the server (grammY's {@link HttpError}). */
function networkRetry(logger: Logger, token: string, retries: number, firstDelayMs: number): Transformer {
  return async (prev, method, payload, signal) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await prev(method, payload, signal);
      } catch (error) {
        if (!(error instanceof HttpError) || signal?.aborted || attempt > retries) throw error;
        const retryInMs = Math.min(firstDelayMs * 2 ** (attempt - 1), NETWORK_MAX_DELAY_MS);
        logger.warn({ method, attempt, retryInMs, err: safeError(error, token) }, 'Telegram Bot API unreachable; retrying');
        await pause(retryInMs, signal);
      }
    }
  };
}

/** Installs the retry and logging transformers on `bot.api` (and so on every `ctx.api`). */
export function installApiRetries(bot: Bot, logger: Logger, options: RetryOptions = {}): void {
  // grammY runs the transformer installed last outermost: network retries ← auto-retry ← logging.
  bot.api.config.use(networkRetry(logger, bot.token, options.networkRetries ?? NETWORK_RETRIES, options.networkDelayMs ?? NETWORK_DELAY_MS));
  bot.api.config.use(
    autoRetry({
      maxRetryAttempts: options.maxRetryAttempts ?? 5,
      maxDelaySeconds: options.maxDelaySeconds ?? 60,
      rethrowInternalServerErrors: false,
      // Network errors were retried (boundedly) above; auto-retry would retry them forever.
      rethrowHttpErrors: true,
    }),
  );
  // Installed after autoRetry, so it wraps it: only final failures (after retries) are logged.
  bot.api.config.use(async (prev, method, payload, signal) => {
    try {
      const result = await prev(method, payload, signal);
      if (!result.ok) {
        logger.warn({ method, errorCode: result.error_code, description: result.description }, 'Telegram API call failed');
      }
      return result;
    } catch (error) {
      if (signal?.aborted) throw error; // shutting down
      logger.warn({ method, err: safeError(error, bot.token) }, 'Telegram API call failed');
      throw error;
    }
  });
}
