/**
 * End to end, Discord: the real `npm start` (a child process) against a local fake Discord —
 * REST over HTTP and a WebSocket gateway — reached only through `DISCORD_API_ROOT`, as behind a
 * REST proxy. It logs in for real (GET /gateway/bot, HELLO, IDENTIFY, READY, GUILD_CREATE), then
 * answers a DM question, a button press and a mention in a server channel, and stops cleanly on
 * SIGTERM to npm.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../discord/fake-discord.js';
import { IDS, rawButton, rawMessage, rawUser, type Json } from '../discord/harness.js';
import { startNpm } from '../support/npm-process.js';
import { waitFor } from '../support/wait.js';

const TOKEN = 'MTMwMDAwMDAwMDAwMDAwMDAwMQ.e2e.fake-discord-token-for-npm-start';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Embeds of a recorded REST body. */
const embedsOf = (body: unknown): Array<{ title?: string; description?: string }> => ((body as Json).embeds as Array<{ title?: string }>) ?? [];

describe('npm start against a fake Discord gateway + REST (DISCORD_API_ROOT)', () => {
  it('GIVEN a DM question, a button press and a server mention THEN each is answered; GIVEN SIGTERM to npm THEN the bot stops cleanly', async () => {
    const fake = new FakeDiscord();
    await fake.start();
    cleanups.push(() => fake.close());
    const env = { DISCORD_TOKEN: TOKEN, DISCORD_APP_ID: IDS.app, DISCORD_API_ROOT: fake.apiRoot, STORE_URL: 'memory', LOG_LEVEL: 'info' };
    const bot = startNpm(['start'], env, cleanups);
    await bot.waitFor('discord connected');
    await bot.waitFor('bot started');
    expect(fake.sessions).toHaveLength(1);
    const member = rawUser(IDS.member, 'member');

    fake.dispatch('MESSAGE_CREATE', { ...rawMessage({ channelId: IDS.dm, author: member, content: '家人收到催收短信怎么办' }), channel_type: 1 });
    const dmPosts = (): unknown[] => fake.rest.find('POST', new RegExp(`^/channels/${IDS.dm}/messages$`, 'u')).map((r) => r.body);
    await waitFor(() => dmPosts().length > 0, 20_000, () => `a DM answer: ${bot.output()}`);
    expect(embedsOf(dmPosts()[0])[0]?.title).toBeTruthy();

    fake.dispatch('INTERACTION_CREATE', rawButton('f:legality', { user: member }));
    await waitFor(() => fake.rest.callbacks().length > 0, 20_000, () => `the button's answer: ${bot.output()}`);
    const pressed = fake.rest.callbacks()[0] as { type: number; data: Json };
    expect(embedsOf(pressed.data)[0]?.title).toMatch(/合法/u);
    expect(pressed.data.flags).toBe(64); // a button pressed in a server: only the presser sees it

    const mention = rawMessage({ channelId: IDS.channel, guildId: IDS.guild, author: member, content: `<@${IDS.bot}> 催收打电话给我妈合法吗`, mentions: [rawUser(IDS.bot, 'helper-bot', true)] });
    fake.dispatch('MESSAGE_CREATE', { ...mention, member: { roles: [], joined_at: new Date(0).toISOString(), deaf: false, mute: false } });
    const channelPosts = (): Json[] => fake.rest.find('POST', new RegExp(`^/channels/${IDS.channel}/messages$`, 'u')).map((r) => r.body as Json);
    await waitFor(() => channelPosts().length > 0, 20_000, () => `the mention's answer: ${bot.output()}`);
    expect((channelPosts()[0]?.message_reference as Json | undefined)?.message_id).toBe(mention.id);
    expect(channelPosts()[0]?.allowed_mentions).toEqual({ parse: [] });

    bot.kill('SIGTERM');
    expect(await bot.exited, bot.output()).toBe(0);
    expect(bot.output()).toContain('"msg":"stopped"');
    await waitFor(() => bot.left().length === 0, 5000, 'the bot process to end');
  }, 90_000);
});
