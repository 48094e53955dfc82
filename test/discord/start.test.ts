import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationCommandType, GatewayIntentBits, PermissionFlagsBits, REST, type Client } from 'discord.js';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BASE_INTENTS,
  FULL_INTENTS,
  isDisallowedIntents,
  NO_MESSAGE_CONTENT_WARNING,
  startDiscord,
} from '../../src/adapters/discord/client.js';
import { commandDefinitions, COMMANDS } from '../../src/adapters/discord/commands.js';
import { createShardManager, SHARD_SCRIPT, tsxExecArgv } from '../../src/adapters/discord/sharded.js';
import { deployCommands, deployTarget, DeployConfigError } from '../../src/adapters/discord/deploy.js';
import { loadConfig } from '../../src/config.js';
import { ROOT } from '../../src/kb/load.js';
import { Assistant } from '../../src/core/assistant.js';
import { loadBrain } from '../../src/core/brain.js';
import type { Brain } from '../../src/core/respond.js';
import { FakeRest, memoryLogger } from './harness.js';

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});

const config = loadConfig({}, { DISCORD_TOKEN: 'token-for-tests', DISCORD_APP_ID: '1300000000000000001' });

describe('startDiscord', () => {
  it('GIVEN Discord refuses the Message Content intent THEN it logs how to enable it and reconnects without it', async () => {
    const { logger, lines } = memoryLogger();
    const clients: Client[] = [];
    let attempts = 0;
    const adapter = await startDiscord(
      { assistant: new Assistant(brain), config, logger },
      {
        onClient: (c) => clients.push(c),
        login: () => (++attempts === 1 ? Promise.reject(new Error('Used disallowed intents')) : Promise.resolve('ok')),
      },
    );
    expect(adapter.name).toBe('discord');
    expect(clients).toHaveLength(2);
    expect(clients[0].options.intents.has(GatewayIntentBits.MessageContent)).toBe(true);
    expect(clients[1].options.intents.has(GatewayIntentBits.MessageContent)).toBe(false);
    for (const i of BASE_INTENTS) expect(clients[1].options.intents.has(i)).toBe(true);
    expect(clients[1].options.partials).toContain(1);
    expect(clients[1].options.allowedMentions).toEqual({ parse: [] });
    expect(lines.some((l) => l.level === 40 && l.msg === NO_MESSAGE_CONTENT_WARNING)).toBe(true);
    await expect(adapter.stop()).resolves.toBeUndefined();
  });

  it('GIVEN any other login failure THEN startDiscord rejects without retrying', async () => {
    const { logger } = memoryLogger();
    const clients: Client[] = [];
    await expect(
      startDiscord(
        { assistant: new Assistant(brain), config, logger },
        { onClient: (c) => clients.push(c), login: () => Promise.reject(new Error('An invalid token was provided.')) },
      ),
    ).rejects.toThrow(/invalid token/u);
    expect(clients).toHaveLength(1);
  });

  it('GIVEN no DISCORD_TOKEN THEN startDiscord refuses to start', async () => {
    const { logger } = memoryLogger();
    await expect(startDiscord({ assistant: new Assistant(brain), config: loadConfig({}, {}), logger })).rejects.toThrow(/DISCORD_TOKEN/u);
  });

  it('GIVEN the error shapes discord.js uses for close code 4014 THEN they are recognised', () => {
    expect(isDisallowedIntents(new Error('Used disallowed intents'))).toBe(true);
    expect(isDisallowedIntents(Object.assign(new Error('x'), { code: 'DisallowedIntents' }))).toBe(true);
    expect(isDisallowedIntents({ code: 4014 })).toBe(true);
    expect(isDisallowedIntents(new Error('Used invalid intents'))).toBe(false);
    expect(isDisallowedIntents(null)).toBe(false);
    expect(FULL_INTENTS).toContain(GatewayIntentBits.MessageContent);
  });
});

describe('command definitions', () => {
  it('GIVEN the definitions THEN /ask, /topics, /forget and the moderator context menu are localized for zh-CN', () => {
    const defs = JSON.parse(JSON.stringify(commandDefinitions())) as Array<Record<string, unknown>>;
    const byName = new Map(defs.map((d) => [d.name as string, d]));
    expect([...byName.keys()]).toEqual([COMMANDS.ask, COMMANDS.topics, COMMANDS.forget, COMMANDS.answerWithBot, 'settings', 'faq', 'unanswered']);
    for (const d of defs) expect((d.name_localizations as Record<string, string>)['zh-CN']).toBeTruthy();
    for (const name of [COMMANDS.ask, COMMANDS.topics, COMMANDS.forget]) {
      expect((byName.get(name)?.description_localizations as Record<string, string>)['zh-CN']).toBeTruthy();
    }
    const options = byName.get(COMMANDS.ask)?.options as Array<Record<string, unknown>>;
    expect(options.map((o) => [o.name, o.type, o.required])).toEqual([
      ['question', 3, true],
      ['private', 5, false],
    ]);
    const menu = byName.get(COMMANDS.answerWithBot);
    expect(menu?.type).toBe(ApplicationCommandType.Message);
    expect(menu?.name_localizations).toEqual({ 'zh-CN': '用助手回答' });
    expect(menu?.default_member_permissions).toBe(String(PermissionFlagsBits.ManageMessages));
    expect(menu?.contexts).toEqual([0]);
  });
});

describe('discord:deploy', () => {
  it('GIVEN missing DISCORD_TOKEN and DISCORD_APP_ID THEN the error names both', () => {
    expect(() => deployTarget(loadConfig({}, {}))).toThrow(DeployConfigError);
    expect(() => deployTarget(loadConfig({}, {}))).toThrow(/DISCORD_TOKEN[\s\S]*DISCORD_APP_ID/u);
    expect(() => deployTarget(loadConfig({}, { DISCORD_APP_ID: '1300000000000000001' }))).toThrow(/DISCORD_TOKEN/u);
  });

  it('GIVEN DISCORD_GUILD_ID THEN commands are bulk-overwritten in that guild, else globally', async () => {
    const fake = new FakeRest();
    const rest = (): REST => new REST({ version: '10', makeRequest: fake.makeRequest });
    const guild = deployTarget(loadConfig({}, { ...env(), DISCORD_GUILD_ID: '1300000000000000003' }));
    expect(await deployCommands(guild, rest())).toMatch(/7 Discord commands in guild 1300000000000000003/u);
    expect(await deployCommands(deployTarget(loadConfig({}, env())), rest())).toMatch(/7 global/u);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'PUT /applications/1300000000000000001/guilds/1300000000000000003/commands',
      'PUT /applications/1300000000000000001/commands',
    ]);
    expect(fake.requests[0].body).toEqual(JSON.parse(JSON.stringify(commandDefinitions())));
  });
});

describe('entry points without credentials', () => {
  const run = (script: string): { code: number | null; stderr: string } => {
    const cwd = mkdtempSync(join(tmpdir(), 'dc-')); // no .env here
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DISCORD_')));
    const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, script)], { cwd, env: clean, encoding: 'utf8', timeout: 60_000 });
    return { code: r.status, stderr: r.stderr };
  };

  it('GIVEN no Discord variables THEN discord:deploy, start:sharded and the shard script exit 1 naming what is missing', () => {
    const deploy = run('src/cli/discord-deploy.ts');
    expect(deploy.code).toBe(1);
    expect(deploy.stderr).toMatch(/DISCORD_TOKEN[\s\S]*DISCORD_APP_ID/u);
    const sharded = run('src/adapters/discord/sharded.ts');
    expect(sharded.code).toBe(1);
    expect(sharded.stderr).toMatch(/DISCORD_TOKEN/u);
    const child = run('src/adapters/discord/shard-child.ts');
    expect(child.code).toBe(1);
    expect(child.stderr).toMatch(/DISCORD_TOKEN is not set/u);
  });
});

function env(): NodeJS.ProcessEnv {
  return { DISCORD_TOKEN: 'token-for-tests', DISCORD_APP_ID: '1300000000000000001' };
}

describe('sharding', () => {
  it('GIVEN a token THEN the manager runs the shard script through tsx in process mode (not spawned here)', () => {
    expect(existsSync(SHARD_SCRIPT)).toBe(true);
    const manager = createShardManager('token-for-tests', 2);
    expect(manager.file).toBe(SHARD_SCRIPT);
    expect(manager.totalShards).toBe(2);
    const internals = manager as unknown as { mode: string; execArgv: string[]; respawn: boolean };
    expect(internals.mode).toBe('process');
    expect(internals.respawn).toBe(true);
    expect(internals.execArgv).toEqual(tsxExecArgv());
    expect(tsxExecArgv()[1]).toMatch(/^file:.*tsx/u);
  });
});
