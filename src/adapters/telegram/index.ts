/**
 * Starts the Telegram connector: long polling with @grammyjs/runner, or a webhook server when
 * `TELEGRAM_WEBHOOK_URL` is set. Registers the command menu, retries flood-limited and failed
 * API calls, and drains in-flight updates on `stop()`.
 */
import type { Server } from 'node:http';
import { run } from '@grammyjs/runner';
import { GrammyError, HttpError } from 'grammy';
import { withSecrets } from '../../logger.js';
import { StartError } from '../start-error.js';
import type { AdapterDeps, RunningAdapter } from '../types.js';
import { installApiRetries, NETWORK_RETRIES, networkRetryBudgetMs } from './api-setup.js';
import { createTelegramBot } from './bot.js';
import { registerCommands } from './commands.js';
import { InFlight } from './in-flight.js';
import { registerModerationCommands, TelegramModeration } from './moderation.js';
import { safeError } from './safe-error.js';
import { createWebhookServer, webhookPath } from './webhook.js';

export { createTelegramBot, type TelegramBotOptions } from './bot.js';
export { registerCommands } from './commands.js';

/** Update types the bot handles (everything else is not even delivered). */
export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

/** Longest wait for in-flight updates on shutdown. */
const DRAIN_MS = 10_000;

/** Starts the Telegram bot. Rejects if the token is missing or Telegram refuses it. */
export async function startTelegram(deps: AdapterDeps): Promise<RunningAdapter> {
  const { config, assistant } = deps;
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) throw new Error('TELEGRAM_BOT_TOKEN is not set');
  const secret = config.TELEGRAM_WEBHOOK_SECRET;
  const secrets = [token, secret];
  const logger = withSecrets(deps.logger, secrets, { adapter: 'telegram' });
  const inFlight = new InFlight();
  const moderation = deps.moderation ? new TelegramModeration(deps.moderation) : undefined;
  const bot = createTelegramBot({ assistant, logger: withSecrets(deps.logger, secrets), token, apiRoot: config.TELEGRAM_API_ROOT, inFlight, moderation, images: deps.images });
  installApiRetries(bot, logger);

  try {
    // Not bot.init(): it retries an unreachable server forever; getMe through the bounded retries instead.
    bot.botInfo = await bot.api.getMe();
  } catch (error) {
    throw initFailure(error, config.TELEGRAM_API_ROOT ?? 'https://api.telegram.org', secrets);
  }
  try {
    await registerCommands(bot.api);
    if (moderation) await registerModerationCommands(bot.api);
  } catch (error) {
    logger.warn({ err: safeError(error, secrets) }, 'setMyCommands failed; the command menu may be outdated');
  }

  const url = config.TELEGRAM_WEBHOOK_URL;
  if (url && secret) {
    const server = createWebhookServer(bot, { secretToken: secret, path: webhookPath(url), logger });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.PORT, () => {
        server.off('error', reject);
        resolve();
      });
    });
    try {
      await bot.api.setWebhook(url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] });
    } catch (error) {
      await closeServer(server);
      throw new StartError('WEBHOOK_FAILED', `setWebhook failed: ${safeError(error, secrets).message} (check TELEGRAM_WEBHOOK_URL)`, { cause: error });
    }
    logger.info({ port: config.PORT, username: bot.botInfo.username }, 'Telegram webhook server listening');
    return {
      name: 'telegram',
      async stop() {
        // Stop accepting requests, let the running ones finish (their updates are drained), and
        // drop keep-alive connections as soon as they are idle instead of waiting for Telegram.
        const closed = closeServer(server, DRAIN_MS);
        await inFlight.drain(DRAIN_MS);
        await closed;
      },
    };
  }

  // Long polling needs the webhook removed (getUpdates fails while one is set). Some servers do
  // not implement it; if a webhook really is still set, the failing getUpdates is logged.
  try {
    await bot.api.deleteWebhook();
  } catch (error) {
    logger.warn({ err: safeError(error, secrets) }, 'deleteWebhook failed; polling anyway');
  }
  const runner = run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] }, silent: true } });
  runner.task()?.catch((error: unknown) => {
    logger.error({ err: safeError(error, secrets) }, 'Telegram polling stopped');
  });
  logger.info({ username: bot.botInfo.username }, 'Telegram long polling started');
  return {
    name: 'telegram',
    async stop() {
      if (runner.isRunning()) await runner.stop();
      await inFlight.drain(DRAIN_MS);
    },
  };
}

/** The start-up error for a failed `getMe`: unreachable server, refused token, or anything else. */
function initFailure(error: unknown, apiRoot: string, secrets: Array<string | undefined>): StartError {
  const { message } = safeError(error, secrets);
  if (error instanceof HttpError) {
    const seconds = networkRetryBudgetMs() / 1000;
    return new StartError(
      'PLATFORM_UNREACHABLE',
      `cannot reach the Telegram Bot API at ${apiRoot} (${NETWORK_RETRIES + 1} attempts over ${seconds} s): ${message}. ` +
        'Check the network, or TELEGRAM_API_ROOT if you run your own Bot API server.',
      { cause: error },
    );
  }
  const refused = error instanceof GrammyError ? 'Telegram rejected the bot token' : 'Telegram start-up failed';
  return new StartError('PLATFORM_REJECTED', `${refused} (${message}); check TELEGRAM_BOT_TOKEN`, { cause: error });
}

/**
 * Closes `server`: no new connections; idle keep-alive connections are closed as soon as they
 * are idle (checked every 50 ms); after `graceMs` every connection is closed.
 */
function closeServer(server: Server, graceMs = 0): Promise<void> {
  return new Promise((resolve) => {
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearInterval(idle);
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}
