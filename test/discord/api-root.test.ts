/**
 * `DISCORD_API_ROOT`: the bot, `discord:deploy` and `start:sharded` reach Discord's REST API (and,
 * through `GET /gateway/bot`, the gateway) at the configured root — here a local fake Discord
 * over real HTTP and WebSocket, as a REST proxy in front of Discord would be. The machine has no
 * route to discord.com, so anything still calling it directly fails these tests.
 */
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDiscord } from '../../src/adapters/discord/client.js';
import { loadConfig } from '../../src/config.js';
import { Assistant } from '../../src/core/assistant.js';
import { loadBrain } from '../../src/core/brain.js';
import type { Brain } from '../../src/core/respond.js';
import { ROOT } from '../../src/kb/load.js';
import { startBotProcess } from '../support/bot-process.js';
import { alive, descendants } from '../support/processes.js';
import { waitFor } from '../support/wait.js';
import { FakeDiscord } from './fake-discord.js';
import { IDS, memoryLogger, rawMessage, rawUser } from './harness.js';

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const TOKEN = 'MTMwMDAwMDAwMDAwMDAwMDAwMQ.fake.discord-token-for-the-fake-gateway';

async function fakeDiscord(shards = 1): Promise<FakeDiscord> {
  const fake = new FakeDiscord(shards);
  await fake.start();
  cleanups.push(() => fake.close());
  return fake;
}

const env = (fake: FakeDiscord): Record<string, string> => ({
  DISCORD_TOKEN: TOKEN,
  DISCORD_APP_ID: IDS.app,
  DISCORD_API_ROOT: fake.apiRoot,
  DISCORD_GUILD_ID: '',
  TELEGRAM_BOT_TOKEN: '',
  STORE_URL: 'memory',
  LOG_LEVEL: 'info',
});

describe('DISCORD_API_ROOT', () => {
  it('GIVEN DISCORD_API_ROOT THEN startDiscord logs in through it (REST and the gateway it names) and answers a DM', async () => {
    const fake = await fakeDiscord();
    const { logger, lines } = memoryLogger();
    const adapter = await startDiscord({ assistant: new Assistant(brain), config: loadConfig({}, env(fake)), logger });
    cleanups.push(() => adapter.stop());
    await waitFor(() => lines.some((l) => l.msg === 'discord connected'), 10_000, 'the client to be ready');
    expect(fake.gatewayBotCalls).toBe(1);
    expect(fake.sessions[0]?.token).toBe(TOKEN);
    fake.dispatch('MESSAGE_CREATE', { ...rawMessage({ channelId: IDS.dm, author: rawUser(IDS.member, 'member'), content: '家人收到催收短信怎么办' }), channel_type: 1 });
    await waitFor(() => fake.rest.channelPosts().length > 0, 10_000, () => `a DM answer: ${JSON.stringify(fake.rest.requests)}`);
    expect(fake.rest.find('POST', new RegExp(`^/channels/${IDS.dm}/messages$`, 'u'))).toHaveLength(1);
  });

  it('GIVEN DISCORD_API_ROOT THEN `npm run discord:deploy` registers the commands there', async () => {
    const fake = await fakeDiscord();
    const deploy = startBotProcess(['--import', 'tsx', join(ROOT, 'src', 'cli', 'discord-deploy.ts')], env(fake), cleanups);
    expect(await deploy.exited, deploy.output()).toBe(0);
    expect(deploy.output()).toMatch(/discord:deploy ok: registered 7 global Discord commands/u);
    expect(fake.rest.find('PUT', new RegExp(`^/applications/${IDS.app}/commands$`, 'u'))).toHaveLength(1);
  }, 30_000);

  it('GIVEN DISCORD_API_ROOT and a recommendation of 2 shards THEN `npm run start:sharded` asks it (not discord.com), both shards connect to its gateway, and SIGTERM stops them', async () => {
    const fake = await fakeDiscord(2);
    const manager = startBotProcess(['--import', 'tsx', join(ROOT, 'src', 'adapters', 'discord', 'sharded.ts')], env(fake), cleanups);
    await waitFor(() => manager.output().includes('all discord shards spawned'), 60_000, () => `the shards: ${manager.output()}`);
    expect(manager.output()).toContain('"shards":2');
    expect(fake.sessions.map((s) => s.shard.join('/')).sort()).toEqual(['0/2', '1/2']);
    const shards = descendants(manager.child.pid ?? -1);
    expect(shards.length).toBeGreaterThanOrEqual(2);
    manager.child.kill('SIGTERM');
    expect(await manager.exited).toBe(0);
    await waitFor(() => !shards.some(alive), 10_000, 'the shard processes to exit');
  }, 90_000);
});
