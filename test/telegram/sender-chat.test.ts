/**
 * Messages sent "as a channel" (from Channel_Bot, 136817688) or by an anonymous admin (from
 * GroupAnonymousBot, 1087968824) carry the same placeholder `from` whoever wrote them, in every
 * group. They are told apart by `sender_chat`: each channel / group gets its own rate bucket and
 * its own conversation.
 */
import type { Message } from 'grammy/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTelegramBot } from '../../src/adapters/telegram/bot.js';
import { Assistant, conversationKey } from '../../src/core/assistant.js';
import { loadBrain } from '../../src/core/brain.js';
import { RATE_LIMITED_TEXT } from '../../src/core/rate-limit.js';
import type { Brain } from '../../src/core/respond.js';
import { createLogger } from '../../src/logger.js';
import { installLocalApi } from '../hardening/local-api.js';
import { BOT_INFO, TEST_TOKEN } from './stub-bot-api.js';
import { messageUpdate, textMessage } from './updates.js';

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});

const CHANNEL_BOT = { id: 136817688, is_bot: true, first_name: 'Channel', username: 'Channel_Bot' };
const ANONYMOUS_ADMIN = { id: 1087968824, is_bot: true, first_name: 'Group', username: 'GroupAnonymousBot' };
const [GROUP_A, GROUP_B] = [-1001000000001, -1001000000002];
const [CHANNEL_A, CHANNEL_B] = [-1002000000001, -1002000000002];

/** A mention of the bot in `group`, sent as `senderChat` with `from` the placeholder account. */
function asChat(group: number, senderChat: number, from: typeof CHANNEL_BOT, text = '@cuishou_helper_bot 催收打给我妈合法吗') {
  const message = textMessage(group, from.id, text);
  const chat = senderChat === group ? { id: group, type: 'supergroup', title: 'Group' } : { id: senderChat, type: 'channel', title: 'Channel' };
  return messageUpdate({ ...message, from, sender_chat: chat } as Message);
}

function setup() {
  const assistant = new Assistant(brain);
  const bot = createTelegramBot({ assistant, logger: createLogger('silent'), token: TEST_TOKEN, botInfo: BOT_INFO });
  return { assistant, bot, api: installLocalApi(bot) };
}

describe('sender_chat', () => {
  it('GIVEN channel A using up its burst in group A THEN channel B posting in group B is still answered (its own rate bucket)', async () => {
    const { bot, api } = setup();
    for (let i = 0; i < 6; i += 1) await bot.handleUpdate(asChat(GROUP_A, CHANNEL_A, CHANNEL_BOT));
    expect(api.sent().filter((c) => Number(c.payload.chat_id) === GROUP_A).some((c) => String(c.payload.text).includes(RATE_LIMITED_TEXT))).toBe(true);
    api.reset();
    await bot.handleUpdate(asChat(GROUP_B, CHANNEL_B, CHANNEL_BOT));
    const sent = api.sent().map((c) => String(c.payload.text));
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.join('\n')).not.toContain(RATE_LIMITED_TEXT);
  });

  it('GIVEN anonymous admins of two groups THEN each group keeps its own conversation, none under the placeholder account', async () => {
    const { assistant, bot } = setup();
    await bot.handleUpdate(asChat(GROUP_A, GROUP_A, ANONYMOUS_ADMIN));
    await bot.handleUpdate(asChat(GROUP_B, GROUP_B, ANONYMOUS_ADMIN));
    for (const group of [GROUP_A, GROUP_B]) {
      expect(await assistant.store.get(conversationKey({ user: `tg:${group}`, scope: `chat:${group}` })), String(group)).toBeDefined();
    }
    expect(await assistant.store.get(`scopes:tg:${ANONYMOUS_ADMIN.id}`)).toBeUndefined();
  });
});
