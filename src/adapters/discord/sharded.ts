/**
 * `npm run start:sharded`: runs the Discord bot under discord.js's ShardingManager (for bots in
 * many servers; Discord requires sharding from 2,500 guilds). Each shard is a child process
 * running `shard-child.ts` (the normal start-up with only Discord) through tsx. The shard count
 * is Discord's recommendation, asked through `DISCORD_API_ROOT` when it is set (discord.js's own
 * 'auto' would always ask discord.com directly); the shards inherit the variable.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ShardingManager } from 'discord.js';
import type { Logger } from 'pino';
import { ConfigError, loadConfig } from '../../config.js';
import { createLogger, withSecrets } from '../../logger.js';
import { discordRest, recommendedShardCount } from './rest-root.js';

/** The script every shard runs. */
export const SHARD_SCRIPT = join(import.meta.dirname, 'shard-child.ts');

/** Node flags that let the child processes run TypeScript (tsx's ESM loader, by absolute URL). */
export function tsxExecArgv(): string[] {
  return ['--import', import.meta.resolve('tsx')];
}

/** Creates (does not spawn) the manager. */
export function createShardManager(token: string, totalShards: number | 'auto' = 'auto'): ShardingManager {
  if (!existsSync(SHARD_SCRIPT)) throw new Error(`shard script not found: ${SHARD_SCRIPT}`);
  return new ShardingManager(SHARD_SCRIPT, {
    token,
    totalShards,
    mode: 'process',
    respawn: true,
    execArgv: tsxExecArgv(),
  });
}

/** Spawns every shard and logs their life cycle; resolves once all are ready. */
export async function runSharded(token: string, logger: Logger, apiRoot?: string): Promise<ShardingManager> {
  const shards = await recommendedShardCount(discordRest(token, apiRoot));
  logger.info({ shards, api: apiRoot ?? 'https://discord.com/api' }, 'discord recommended shard count');
  const manager = createShardManager(token, shards);
  manager.on('shardCreate', (shard) => {
    logger.info({ shard: shard.id }, 'discord shard launched');
    shard.on('death', () => logger.warn({ shard: shard.id }, 'discord shard exited (will respawn)'));
    shard.on('error', (error) => logger.error({ err: error, shard: shard.id }, 'discord shard error'));
  });
  const stop = (): void => {
    manager.respawn = false;
    for (const shard of manager.shards.values()) shard.kill();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await manager.spawn({ timeout: 120_000 });
  logger.info({ shards: manager.shards.size }, 'all discord shards spawned');
  return manager;
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DISCORD_TOKEN) throw new ConfigError('invalid configuration:\n- DISCORD_TOKEN: required for npm run start:sharded');
  const logger = withSecrets(createLogger(config.LOG_LEVEL), [config.DISCORD_TOKEN], { adapter: 'discord-sharding' });
  await runSharded(config.DISCORD_TOKEN, logger, config.DISCORD_API_ROOT);
}

if (pathToFileURL(process.argv[1] ?? '').href === import.meta.url) {
  main().catch((error: unknown) => {
    process.stderr.write(`Cannot start sharded Discord bot: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
