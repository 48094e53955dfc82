/**
 * Telegram specifics of the toolkit: `getChatMember` on every press, anonymous admins, the
 * private delivery of `/unanswered`, the menu edited in place, `/faq` replying to a member's
 * message, auto-answer details, concise answers, and the scoped command menus.
 */
import type { InlineKeyboardMarkup, Message, Update } from 'grammy/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTelegramBot } from '../../src/adapters/telegram/bot.js';
import { ADMIN_COMMANDS_ZH, registerModerationCommands, TelegramModeration } from '../../src/adapters/telegram/moderation.js';
import { Assistant } from '../../src/core/assistant.js';
import { loadBrain } from '../../src/core/brain.js';
import { privateSuggestion } from '../../src/core/group-policy.js';
import type { Brain } from '../../src/core/respond.js';
import { createLogger } from '../../src/logger.js';
import { AUTO_NOTE, defaultSettings, GroupSettingsStore, Moderation, NOT_ADMIN_TEXT, REPORT_DM_FAILED_TEXT, REPORT_SENT_TEXT } from '../../src/moderation/index.js';
import { CONCISE_NOTE } from '../../src/moderation/present.js';
import { BOT_INFO, TEST_TOKEN } from '../telegram/stub-bot-api.js';
import { GROUP_ID, groupText, messageUpdate, textMessage } from '../telegram/updates.js';
import { shanghai } from './driver.js';
import { TG_USERS, telegramDriver } from './telegram-driver.js';
import Keyv from 'keyv';

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});

const setup = async (patch: Partial<ReturnType<typeof defaultSettings>> = {}) => {
  const clock = { now: shanghai('12:00') };
  const d = telegramDriver(brain, clock);
  await d.service.settings.set(d.group, { ...defaultSettings(), ...patch });
  return d;
};
const to = (d: Awaited<ReturnType<typeof setup>>, method: string) => d.calls.filter((c) => c.method === method);
const unescape = (s: string): string => s.replace(/&lt;/gu, '<').replace(/&gt;/gu, '>').replace(/&amp;/gu, '&');

describe('Telegram: admins', () => {
  it('GIVEN an admin pressing settings buttons THEN getChatMember is asked on every press and the menu message is edited in place', async () => {
    const d = await setup();
    await d.command('admin', 'settings');
    const menu = to(d, 'sendMessage')[0];
    const data = (menu.payload.reply_markup as InlineKeyboardMarkup).inline_keyboard.flat().map((b) => ('callback_data' in b ? b.callback_data : ''));
    expect(data.every((x) => x.startsWith('m:') && Buffer.byteLength(x) <= 64)).toBe(true);
    expect(menu.payload.reply_parameters).toMatchObject({ message_id: expect.any(Number) });
    for (const id of ['m:mode:auto', 'm:cd:+', 'm:pg:topics', 'm:pg:main']) await d.press('admin', id);
    expect(to(d, 'getChatMember')).toHaveLength(5);
    expect(to(d, 'editMessageText')).toHaveLength(4);
    expect(to(d, 'sendMessage')).toHaveLength(1);
    expect((await d.service.settingsOf(d.group)).cooldownSeconds).toBe(300);
    const topicsPage = to(d, 'editMessageText')[2].payload.reply_markup as InlineKeyboardMarkup;
    expect(topicsPage.inline_keyboard.every((row) => row.length <= 2)).toBe(true);
  });

  it('GIVEN a non-admin pressing a settings button THEN a private alert refuses it', async () => {
    const d = await setup();
    await d.press('member', 'm:mode:auto');
    expect(to(d, 'answerCallbackQuery')[0].payload).toMatchObject({ text: NOT_ADMIN_TEXT, show_alert: true });
    expect(to(d, 'editMessageText')).toHaveLength(0);
    expect((await d.service.settingsOf(d.group)).answerMode).toBe('command');
  });

  it('GIVEN getChatMember failing THEN the user is treated as no admin', async () => {
    const d = await setup();
    d.state.memberFails = true;
    await d.command('admin', 'settings');
    expect(d.take()).toMatchObject({ refused: true, menu: false });
    expect(to(d, 'getChatMember')).toHaveLength(1);
  });

  it('GIVEN an anonymous admin writing as the group THEN /settings opens without asking getChatMember; a linked channel does not count', async () => {
    const d = await setup();
    const asGroup = (senderChatId: number): Update => {
      const m = textMessage(GROUP_ID, 1087968824, '/settings') as Message & Record<string, unknown>;
      return messageUpdate({ ...m, sender_chat: { id: senderChatId, type: senderChatId === GROUP_ID ? 'supergroup' : 'channel', title: 'x' } } as Message);
    };
    await d.update(asGroup(GROUP_ID));
    expect(d.take().menu).toBe(true);
    expect(to(d, 'getChatMember')).toHaveLength(0);
    await d.update(asGroup(-1009999999999));
    expect(d.take()).toMatchObject({ menu: false, refused: true });
  });
});

describe('Telegram: /unanswered', () => {
  it('GIVEN an admin THEN the report goes to their private chat and the group only hears that it was sent', async () => {
    const d = await setup();
    await d.log.record({ platform: 'telegram', group: d.group, text: '我手机13812345678被拉群了怎么办', bestGuess: null, confidence: 0.1, at: new Date() });
    await d.command('admin', 'unanswered');
    const sent = to(d, 'sendMessage');
    const dm = sent.filter((c) => Number(c.payload.chat_id) === TG_USERS.admin);
    const group = sent.filter((c) => Number(c.payload.chat_id) === GROUP_ID);
    expect(dm).toHaveLength(1);
    expect(String(dm[0].payload.text)).toContain('138****5678');
    expect(group.map((c) => unescape(String(c.payload.text)))).toEqual([REPORT_SENT_TEXT]);
  });

  it('GIVEN an admin who never opened a private chat THEN the group is told how, and nothing of the report is posted there', async () => {
    const d = await setup();
    d.state.dmFails = true;
    await d.log.record({ platform: 'telegram', group: d.group, text: '今天天气怎么样', bestGuess: null, confidence: 0.1, at: new Date() });
    await d.command('admin', 'unanswered');
    const group = to(d, 'sendMessage').filter((c) => Number(c.payload.chat_id) === GROUP_ID);
    expect(group.map((c) => unescape(String(c.payload.text)))).toEqual([REPORT_DM_FAILED_TEXT]);
  });
});

describe('Telegram: answers', () => {
  it('GIVEN auto mode THEN the answer replies to the member message with the automatic-answer note, and a personal message gets the private-chat suggestion', async () => {
    const d = await setup({ answerMode: 'auto', cooldownSeconds: 0 });
    const u = groupText(TG_USERS.member, '我欠了5000块，催收天天打电话给我妈，这合法吗');
    await d.update(u);
    const [answer] = to(d, 'sendMessage');
    expect(answer.payload.reply_parameters).toMatchObject({ message_id: u.message?.message_id });
    const text = unescape(String(answer.payload.text));
    expect(text.startsWith(AUTO_NOTE)).toBe(true);
    const all = to(d, 'sendMessage').map((c) => unescape(String(c.payload.text))).join('\n');
    expect(all).toContain(privateSuggestion('https://t.me/cuishou_helper_bot?start=legality').slice(0, 20));
  });

  it('GIVEN auto mode THEN forwards, other bots, channel posts and automatic forwards are never auto-answered', async () => {
    const d = await setup({ answerMode: 'auto', cooldownSeconds: 0 });
    const q = '催收天天打电话给我妈，这合法吗';
    const base = textMessage(GROUP_ID, TG_USERS.member, q) as Message & Record<string, unknown>;
    await d.update(messageUpdate({ ...base, forward_origin: { type: 'hidden_user', sender_user_name: 'x', date: 1 } } as Message));
    await d.update(messageUpdate({ ...base, from: { id: 99, is_bot: true, first_name: 'OtherBot' } } as Message));
    await d.update(messageUpdate({ ...base, sender_chat: { id: -1005, type: 'channel', title: 'c' } } as Message));
    await d.update(messageUpdate({ ...base, is_automatic_forward: true } as Message));
    expect(d.take().answered).toEqual([]);
    await d.update(messageUpdate(base));
    expect(d.take().answered).toEqual(['legality']);
  });

  it('GIVEN /faq <topic> sent as a reply to a member message THEN the answer replies to that message', async () => {
    const d = await setup();
    const target = textMessage(GROUP_ID, TG_USERS.member, '我妈收到好多短信，我该怎么办');
    await d.update(groupText(TG_USERS.admin, '/faq 投诉', { replyTo: target }));
    const [answer] = to(d, 'sendMessage');
    expect(answer.payload.reply_parameters).toMatchObject({ message_id: target.message_id });
    expect(d.take().answered).toEqual(['complain']);
  });

  it('GIVEN concise answers THEN the step details come shortened, with a pointer to the full answer', async () => {
    const d = await setup({ detail: 'concise' });
    await d.press('member', 'f:d-steps-legality');
    const text = to(d, 'sendMessage').map((c) => unescape(String(c.payload.text))).join('\n');
    expect(text).not.toContain('<b>法律依据</b>');
    expect(text).toContain(CONCISE_NOTE);
  });

  it('GIVEN answers off THEN an old follow-up button pressed by a member gets a private toast, not an answer', async () => {
    const d = await setup({ answerMode: 'off' });
    await d.press('member', 'f:legality');
    expect(d.take().answered).toEqual([]);
    expect(String(to(d, 'answerCallbackQuery')[0].payload.text)).toContain('关闭');
  });
});

describe('Telegram: command menus', () => {
  it('GIVEN the toolkit THEN /faq is offered in groups and /settings, /unanswered to group admins, in English and Chinese', async () => {
    const moderation = new TelegramModeration(new Moderation({ brain, settings: new GroupSettingsStore(new Keyv()) }));
    const bot = createTelegramBot({ assistant: new Assistant(brain), logger: createLogger('silent'), token: TEST_TOKEN, botInfo: BOT_INFO, moderation });
    const calls: Array<Record<string, unknown>> = [];
    bot.api.config.use(async (_prev, method, payload) => {
      if (method === 'setMyCommands') calls.push(payload as Record<string, unknown>);
      return { ok: true, result: true } as never;
    });
    await registerModerationCommands(bot.api);
    expect(calls.map((c) => `${(c.scope as { type: string }).type}:${c.language_code ?? ''}`)).toEqual([
      'all_group_chats:',
      'all_group_chats:zh',
      'all_chat_administrators:',
      'all_chat_administrators:zh',
    ]);
    expect((calls[3].commands as Array<{ command: string }>).map((c) => c.command)).toEqual(ADMIN_COMMANDS_ZH.map((c) => c.command));
    expect((calls[3].commands as Array<{ command: string }>).map((c) => c.command)).toEqual(expect.arrayContaining(['faq', 'settings', 'unanswered', 'ask']));
  });
});
