/**
 * `npm start`: loads configuration and the knowledge base, opens the store (`STORE_URL`), then
 * runs the Telegram and/or Discord bots when their tokens are set, or an interactive console
 * chat (in-memory store) when none is. SIGINT/SIGTERM stop the bots, draining in-flight
 * updates first, then close the store.
 */
import { runConsole } from './adapters/console/console-chat.js';
import type { RunningAdapter } from './adapters/types.js';
import { ConfigError, loadConfig } from './config.js';
import { Assistant } from './core/assistant.js';
import { loadBrain } from './core/brain.js';
import { KnowledgeError } from './kb/errors.js';
import { createLogger } from './logger.js';
import { StoreError, openStore, parseStoreUrl, throttleReports, UnansweredLog, unansweredRecorder } from './store/index.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const platforms = Boolean(config.TELEGRAM_BOT_TOKEN || config.DISCORD_TOKEN);
  const logger = createLogger(platforms ? config.LOG_LEVEL : 'warn');
  const brain = loadBrain();
  // The console keeps its conversation in memory; the bots use STORE_URL.
  const stores = await openStore(platforms ? parseStoreUrl(config.STORE_URL) : { kind: 'memory' }, {
    onError: (error) => logger.warn({ err: error }, 'store unreachable or failing; answering without context until it recovers'),
    onRecover: () => logger.info('store reachable again'),
  });
  const assistant = new Assistant(brain, {
    store: stores.conversations,
    ttlMs: config.CONVERSATION_TTL_HOURS * 3600_000,
    onStoreError: throttleReports((error, suppressed) =>
      logger.warn({ err: error, suppressed }, 'conversation store failed; answering without context'),
    ),
    onUnanswered: unansweredRecorder(new UnansweredLog(stores.unanswered)),
  });
  if (!platforms) {
    try {
      await runConsole(assistant, process.stdin, process.stdout);
    } finally {
      await stores.close();
    }
    return;
  }
  const running: RunningAdapter[] = [];
  const deps = { assistant, config, logger };
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
    await stores.close();
    throw error;
  }
  logger.info({ adapters: running.map((a) => a.name), store: stores.location }, 'bot started');
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    void Promise.allSettled(running.map((a) => a.stop()))
      .then(() => stores.close())
      .catch((error: unknown) => logger.warn({ err: error }, 'closing the store failed'))
      .then(() => {
        logger.info('stopped');
        process.exit(0);
      });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof KnowledgeError || error instanceof StoreError) {
    process.stderr.write(`Cannot start: ${error.message}\n`);
  } else {
    process.stderr.write(`Cannot start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exitCode = 1;
});
