/**
 * The script each shard runs (spawned by `sharded.ts`): the normal start-up (configuration,
 * knowledge base, assistant) with only the Discord adapter. discord.js reads the shard ids
 * from the SHARDS / SHARD_COUNT variables the ShardingManager sets.
 */
import { ConfigError, loadConfig } from '../../config.js';
import { Assistant } from '../../core/assistant.js';
import { loadBrain } from '../../core/brain.js';
import { KnowledgeError } from '../../kb/errors.js';
import { createLogger, withSecrets } from '../../logger.js';
import { startDiscord } from './client.js';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DISCORD_TOKEN) throw new ConfigError('DISCORD_TOKEN is not set (the shard manager passes it to every shard)');
  const logger = withSecrets(createLogger(config.LOG_LEVEL), [config.DISCORD_TOKEN], { shard: process.env.SHARDS ?? null });
  const brain = loadBrain();
  const assistant = new Assistant(brain, {
    ttlMs: config.CONVERSATION_TTL_HOURS * 3600_000,
    onStoreError: (error) => logger.warn({ err: error }, 'conversation store failed; answering without context'),
  });
  // A stray rejection is logged; it never takes the shard down.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection in Discord shard'));
  const adapter = await startDiscord({ assistant, config, logger });
  let stopping = false;
  const stop = (reason: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'shard stopping');
    void adapter.stop().finally(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  // The manager went away: do not linger as an orphan.
  process.once('disconnect', () => stop('manager disconnected'));
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof KnowledgeError;
  const message = error instanceof Error ? (known ? error.message : (error.stack ?? error.message)) : String(error);
  process.stderr.write(`Cannot start Discord shard: ${message}\n`);
  process.exitCode = 1;
});
