/**
 * Bot API client set-up: automatic retries for flood limits (429 with `retry_after`),
 * 5xx server errors and network failures, plus a warning log (without the token) for every
 * API call that still fails.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import type { Bot } from 'grammy';
import type { Logger } from 'pino';
import { safeError } from './safe-error.js';

/** Options for {@link installApiRetries}. */
export interface RetryOptions {
  /** Most retries of one call (default 5). */
  maxRetryAttempts?: number;
  /** Longest `retry_after` honoured, in seconds (default 60); longer waits fail the call. */
  maxDelaySeconds?: number;
}

/** Installs the retry and logging transformers on `bot.api` (and so on every `ctx.api`). */
export function installApiRetries(bot: Bot, logger: Logger, options: RetryOptions = {}): void {
  bot.api.config.use(
    autoRetry({
      maxRetryAttempts: options.maxRetryAttempts ?? 5,
      maxDelaySeconds: options.maxDelaySeconds ?? 60,
      rethrowInternalServerErrors: false,
      rethrowHttpErrors: false,
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
