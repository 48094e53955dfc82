/**
 * `npm start`: loads configuration and the knowledge base, then runs the Telegram and/or
 * Discord bots when their tokens are set, or an interactive console chat when none is.
 * SIGINT/SIGTERM stop the bots, draining in-flight updates first.
 */
import { runConsole } from './adapters/console/console-chat.js';
import type { RunningAdapter } from './adapters/types.js';
import { ConfigError, loadConfig } from './config.js';
import { Assistant } from './core/assistant.js';
import { loadBrain } from './core/brain.js';
import { KnowledgeError } from './kb/errors.js';
import { createLogger } from './logger.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const platforms = Boolean(config.TELEGRAM_BOT_TOKEN || config.DISCORD_TOKEN);
  const logger = createLogger(platforms ? config.LOG_LEVEL : 'warn');
  const brain = loadBrain();
  const assistant = new Assistant(brain, {
    ttlMs: config.CONVERSATION_TTL_HOURS * 3600_000,
    onStoreError: (error) => logger.warn({ err: error }, 'conversation store failed; answering without context'),
  });
  if (!platforms) {
    await runConsole(assistant, process.stdin, process.stdout);
    return;
  }
  const running: RunningAdapter[] = [];
  const deps = { assistant, config, logger };
  if (config.TELEGRAM_BOT_TOKEN) {
    const { startTelegram } = await import('./adapters/telegram/index.js');
    running.push(await startTelegram(deps));
  }
  if (config.DISCORD_TOKEN) {
    const { startDiscord } = await import('./adapters/discord/index.js');
    running.push(await startDiscord(deps));
  }
  logger.info({ adapters: running.map((a) => a.name) }, 'bot started');
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    void Promise.allSettled(running.map((a) => a.stop())).then(() => {
      logger.info('stopped');
      process.exit(0);
    });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof KnowledgeError) {
    process.stderr.write(`Cannot start: ${error.message}\n`);
  } else {
    process.stderr.write(`Cannot start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exitCode = 1;
});
