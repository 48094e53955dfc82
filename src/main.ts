/**
 * `npm start`: loads configuration and the knowledge base, opens the store (`STORE_URL`), then
 * runs the Telegram and/or Discord bots when their tokens are set, or an interactive console
 * chat (in-memory store) when none is. SIGINT/SIGTERM stop the bots, draining in-flight
 * updates first, then close the store.
 */
import { runConsole } from './adapters/console/console-chat.js';
import { StartError } from './adapters/start-error.js';
import type { RunningAdapter } from './adapters/types.js';
import { ConfigError, loadConfig } from './config.js';
import { Assistant } from './core/assistant.js';
import { loadBrain } from './core/brain.js';
import { KnowledgeError } from './kb/errors.js';
import { createLogger, scrubSecrets, withSecrets } from './logger.js';
import { GroupSettingsStore, Moderation } from './moderation/index.js';
import { ImageReader } from './ocr/index.js';
import { StoreError, openStore, parseStoreUrl, throttleReports, UnansweredLog, unansweredRecorder } from './store/index.js';

/** Every secret the process knows, for scrubbing logs and start-up errors. */
let secrets: Array<string | undefined> = [];

function storePassword(url: string | undefined): string | undefined {
  try {
    return url ? decodeURIComponent(new URL(url).password) || undefined : undefined;
  } catch {
    return undefined;
  }
}

/** Longest wait for adapters to drain and the store to close before a forced exit. */
const SHUTDOWN_GRACE_MS = 20_000;

/**
 * A signal this soon after the first is the same request arriving twice (Ctrl-C reaches the
 * whole process group, and npm forwards it to the bot once more), not a second "exit now".
 */
const DUPLICATE_SIGNAL_MS = 1000;

async function main(): Promise<void> {
  const config = loadConfig();
  secrets = [config.TELEGRAM_BOT_TOKEN, config.TELEGRAM_WEBHOOK_SECRET, config.DISCORD_TOKEN, storePassword(config.STORE_URL)];
  const platforms = Boolean(config.TELEGRAM_BOT_TOKEN || config.DISCORD_TOKEN);
  const logger = withSecrets(createLogger(platforms ? config.LOG_LEVEL : 'warn'), secrets);
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  const brain = loadBrain();
  // The console keeps its conversation in memory; the bots use STORE_URL.
  const stores = await openStore(platforms ? parseStoreUrl(config.STORE_URL) : { kind: 'memory' }, {
    onError: (error) => logger.warn({ err: error }, 'store unreachable or failing; answering without context until it recovers'),
    onRecover: () => logger.info('store reachable again'),
  });
  const unanswered = new UnansweredLog(stores.unanswered);
  const assistant = new Assistant(brain, {
    store: stores.conversations,
    ttlMs: config.CONVERSATION_TTL_HOURS * 3600_000,
    onStoreError: throttleReports((error, suppressed) =>
      logger.warn({ err: error, suppressed }, 'conversation store failed; answering without context'),
    ),
    onUnanswered: unansweredRecorder(unanswered),
  });
  // One OCR child for the whole process, started on the first screenshot.
  const images = new ImageReader({ timeoutMs: config.OCR_TIMEOUT_MS, maxQueue: config.OCR_QUEUE_SIZE });
  if (!platforms) {
    try {
      await runConsole(assistant, process.stdin, process.stdout, { images });
    } finally {
      await Promise.all([stores.close(), images.close()]);
    }
    return;
  }
  const running: RunningAdapter[] = [];
  // Group settings, auto-answers, /faq, /unanswered: one shared toolkit for every platform.
  const settings = new GroupSettingsStore(stores.settings, {
    onError: throttleReports((error, suppressed) =>
      logger.warn({ err: error, suppressed }, 'settings store failed; using default group settings'),
    ),
  });
  const moderation = new Moderation({ brain, settings, unanswered, logger });
  const deps = { assistant, config, logger, moderation, images };
  try {
    if (config.TELEGRAM_BOT_TOKEN) {
      const { startTelegram } = await import('./adapters/telegram/index.js');
      running.push(await startTelegram(deps));
    }
    if (config.DISCORD_TOKEN) {
      const { startDiscord } = await import('./adapters/discord/index.js');
      running.push(await startDiscord(deps));
    }
  } catch (error) {
    // Stop what did start and release the store, or the open connections would keep the process alive.
    await Promise.allSettled(running.map((a) => a.stop()));
    await Promise.all([stores.close(), images.close()]);
    throw error;
  }
  logger.info({ adapters: running.map((a) => a.name), store: stores.location }, 'bot started');
  let stoppingSince: number | undefined;
  const stop = (signal: string): void => {
    if (stoppingSince !== undefined) {
      if (Date.now() - stoppingSince < DUPLICATE_SIGNAL_MS) return;
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stoppingSince = Date.now();
    logger.info({ signal }, 'stopping');
    setTimeout(() => {
      logger.error('shutdown took too long: exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    void Promise.allSettled(running.map((a) => a.stop()))
      .then(() => Promise.all([stores.close(), images.close()]))
      .catch((error: unknown) => logger.warn({ err: error }, 'closing the store failed'))
      .then(() => {
        logger.info('stopped');
        process.exit(0);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof KnowledgeError || error instanceof StoreError || error instanceof StartError) {
    process.stderr.write(`Cannot start: ${scrubSecrets(error.message, secrets)}\n`);
  } else {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`Cannot start: ${scrubSecrets(text, secrets)}\n`);
  }
  process.exitCode = 1;
});
