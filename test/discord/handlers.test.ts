/**
 * Handler edge cases with small fakes satisfying the handlers' structural interfaces
 * (the main flows run on real discord.js structures in flows.test.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/adapters/discord/commands.js';
import {
  BOT_TARGET_TEXT,
  createHandlers,
  ERROR_TEXT,
  FORGET_FAILED_TEXT,
  GUILD_ONLY_TEXT,
  scopeOf,
  stripBotMention,
  type ButtonPressInteraction,
  type ChannelPoster,
  type ChatMessage,
  type MessageMenuInteraction,
  type RespondableInteraction,
  type SlashCommandInteraction,
} from '../../src/adapters/discord/handlers.js';
import type { DiscordPayload } from '../../src/adapters/discord/render-embed.js';
import { Assistant } from '../../src/core/assistant.js';
import { loadBrain } from '../../src/core/brain.js';
import type { Brain } from '../../src/core/respond.js';
import { memoryLogger } from './harness.js';

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});

type Call = [method: string, options: unknown];

class FakeInteraction implements RespondableInteraction {
  readonly calls: Call[] = [];
  deferred = false;
  replied = false;
  failReplies = false;
  constructor(
    readonly guildId: string | null = '1',
    readonly channelId: string | null = '2',
    readonly user = { id: '3', bot: false },
  ) {}
  private record(method: string, options: unknown): Promise<unknown> {
    this.calls.push([method, options]);
    return this.failReplies ? Promise.reject(new Error('Unknown interaction')) : Promise.resolve(undefined);
  }
  async reply(o: unknown): Promise<unknown> {
    await this.record('reply', o);
    this.replied = true;
    return undefined;
  }
  async deferReply(o?: unknown): Promise<unknown> {
    await this.record('deferReply', o);
    this.deferred = true;
    return undefined;
  }
  async editReply(o: unknown): Promise<unknown> {
    await this.record('editReply', o);
    this.replied = true;
    return undefined;
  }
  followUp(o: unknown): Promise<unknown> {
    return this.record('followUp', o);
  }
  deferUpdate(): Promise<unknown> {
    this.deferred = true;
    return this.record('deferUpdate', undefined);
  }
}

function setup(assistant = new Assistant(brain), poster: ChannelPoster = { post: () => Promise.resolve() }) {
  const { logger, lines } = memoryLogger();
  const handlers = createHandlers({ assistant, logger, poster, botUserId: () => '99', deferAfterMs: 5 });
  return { handlers, lines };
}

const contentOf = (call: Call | undefined): unknown => (call?.[1] as { content?: unknown } | undefined)?.content;

describe('handlers (fakes)', () => {
  it('GIVEN the answer fails after the reply was deferred THEN the deferred reply is edited with the polite error', async () => {
    const assistant = new Assistant(brain);
    assistant.handle = () => new Promise((_, reject) => setTimeout(() => reject(new Error('late failure')), 30));
    const { handlers, lines } = setup(assistant);
    const i = Object.assign(new FakeInteraction(), {
      commandName: COMMANDS.ask,
      options: { getString: () => '证据怎么保存', getBoolean: () => true },
    }) satisfies SlashCommandInteraction;
    await handlers.slashCommand(i);
    expect(i.calls.map((c) => c[0])).toEqual(['deferReply', 'editReply']);
    expect(contentOf(i.calls[1])).toBe(ERROR_TEXT);
    expect(lines.some((l) => l.msg === 'discord handler failed')).toBe(true);
  });

  it('GIVEN even the error reply fails THEN the handler still resolves and logs both', async () => {
    const assistant = new Assistant(brain);
    const { handlers, lines } = setup(assistant);
    const i = Object.assign(new FakeInteraction(), {
      commandName: COMMANDS.topics,
      options: { getString: () => null, getBoolean: () => null },
    }) satisfies SlashCommandInteraction;
    i.failReplies = true;
    await expect(handlers.slashCommand(i)).resolves.toBeUndefined();
    expect(lines.filter((l) => l.level === 50 || l.level === 40).length).toBeGreaterThanOrEqual(2);
  });

  it('GIVEN the store cannot delete THEN /forget says it failed instead of claiming success', async () => {
    const assistant = new Assistant(brain, { storeTimeoutMs: 20 });
    assistant.forgetUser = () => Promise.resolve(false);
    const { handlers } = setup(assistant);
    const i = Object.assign(new FakeInteraction(), {
      commandName: COMMANDS.forget,
      options: { getString: () => null, getBoolean: () => null },
    }) satisfies SlashCommandInteraction;
    await handlers.slashCommand(i);
    expect(contentOf(i.calls[0])).toBe(FORGET_FAILED_TEXT);
  });

  it('GIVEN the context menu on a message without text THEN the moderator gets the main menu topics to choose from', async () => {
    const { handlers } = setup();
    const i = Object.assign(new FakeInteraction(), {
      commandName: COMMANDS.answerWithBot,
      targetMessage: { id: '10', content: '', channelId: '2', author: { id: '4', bot: false } },
    }) satisfies MessageMenuInteraction;
    await handlers.messageMenu(i);
    const payload = i.calls[0][1] as DiscordPayload & { flags: number };
    const ids = payload.components.flatMap((r) => r.toJSON().components.map((b) => (b as { custom_id: string }).custom_id));
    expect(ids).toEqual(brain.kb.common.menu.map((f) => `mod:${f.id}:2:10:4`));
    expect(payload.flags).toBe(64);
  });

  it('GIVEN the context menu on a bot message, or a mod button in a DM THEN the user is told why nothing happens', async () => {
    const { handlers } = setup();
    const menu = Object.assign(new FakeInteraction(), {
      commandName: COMMANDS.answerWithBot,
      targetMessage: { id: '10', content: '合法吗', channelId: '2', author: { id: '99', bot: true } },
    }) satisfies MessageMenuInteraction;
    await handlers.messageMenu(menu);
    expect(contentOf(menu.calls[0])).toBe(BOT_TARGET_TEXT);
    const press = Object.assign(new FakeInteraction(null, '5'), {
      customId: 'mod:legality:2:10:4',
      memberPermissions: null,
    }) satisfies ButtonPressInteraction;
    await handlers.button(press);
    expect(contentOf(press.calls[0])).toBe(GUILD_ONLY_TEXT);
  });

  it('GIVEN guild messages THEN only those mentioning the bot are answered, and the mention is stripped', async () => {
    const { handlers } = setup();
    const replies: unknown[] = [];
    const msg = (content: string, mentioned: boolean): ChatMessage => ({
      id: '20',
      content,
      author: { id: '4', bot: false },
      guildId: '1',
      channelId: '2',
      system: false,
      webhookId: null,
      mentions: { users: { has: (id: string) => mentioned && id === '99' } },
      reply: (o) => {
        replies.push(o);
        return Promise.resolve(undefined);
      },
    });
    await handlers.message(msg('催收短信是真的吗', false));
    expect(replies).toHaveLength(0);
    await handlers.message(msg('<@99> 催收短信是真的吗', true));
    expect(replies).toHaveLength(1);
    expect(stripBotMention('<@99>  你好 <@!99>', '99')).toBe('你好');
    expect(scopeOf(null, '5')).toBe('dm');
    expect(scopeOf('1', '2')).toBe('guild:1:channel:2');
  });
});
