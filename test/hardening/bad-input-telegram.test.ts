/**
 * Bad input through the real grammY bot (`bot.handleUpdate`, local Bot API): every update
 * gets a sensible reply or is ignored on purpose, nothing throws, every message sent is valid
 * Telegram HTML within 4096 characters, and the core never sees more than MAX_INPUT_CHARS.
 */
import type { Message, Update } from 'grammy/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_INPUT_CHARS } from '../../src/adapters/input.js';
import { createTelegramBot } from '../../src/adapters/telegram/bot.js';
import { ChatBudget } from '../../src/adapters/telegram/chat-budget.js';
import { SORRY_TEXT, STALE_BUTTON_TEXT } from '../../src/adapters/telegram/texts.js';
import { allTriageIds } from '../../src/core/triage-ids.js';
import { loadBrain } from '../../src/core/brain.js';
import { RateLimiter } from '../../src/core/rate-limit.js';
import type { Brain } from '../../src/core/respond.js';
import { SendBudget } from '../../src/core/send-budget.js';
import { createLogger } from '../../src/logger.js';
import { BOT_INFO, TEST_TOKEN } from '../telegram/stub-bot-api.js';
import { parseTelegramHtml } from '../telegram/telegram-html.js';
import { botMessage, buttonPress, GROUP_ID, groupText, messageUpdate, privateText, textMessage } from '../telegram/updates.js';
import { installLocalApi } from './local-api.js';
import { recordingAssistant } from '../support/recording-assistant.js';

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});

const unlimited = (): SendBudget => new SendBudget({ windows: [{ limit: 1_000_000, ms: 1 }] });

const NO_TEXT = '没有看到文字内容';
const MENTION = `@${BOT_INFO.username}`;

function setup() {
  const { assistant, inputs } = recordingAssistant(brain);
  const logs: string[] = [];
  const logger = createLogger('debug', { write: (line: string) => void logs.push(line) });
  const bot = createTelegramBot({
    assistant,
    logger,
    token: TEST_TOKEN,
    botInfo: BOT_INFO,
    rateLimiter: new RateLimiter({ capacity: 10_000, refillPerSecond: 10_000 }),
    chatBudget: new ChatBudget({ group: unlimited(), private: unlimited() }),
  });
  const api = installLocalApi(bot);
  /** Feeds updates; asserts nothing threw, no failure was reported, and every message is valid. */
  async function feed(...updates: Update[]): Promise<string[]> {
    api.reset();
    for (const u of updates) await expect(bot.handleUpdate(u)).resolves.toBeUndefined();
    const texts = api.sent().map((c) => String(c.payload.text));
    for (const t of texts) {
      expect(t.length).toBeLessThanOrEqual(4096);
      expect(() => parseTelegramHtml(t)).not.toThrow();
      expect(t).not.toBe(SORRY_TEXT);
    }
    expect(logs.filter((l) => l.includes('"level":50'))).toEqual([]);
    return texts;
  }
  return { bot, api, feed, inputs, logs };
}

/** A message of another kind (sticker, photo, voice …) with no text. */
function mediaMessage(chatId: number, userId: number, extra: Record<string, unknown>): Message {
  const base = textMessage(chatId, userId, 'x') as unknown as Record<string, unknown>;
  delete base.text;
  delete base.entities;
  return { ...base, ...extra } as unknown as Message;
}

const STICKER = { sticker: { file_id: 's', file_unique_id: 'su', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false } };
const PHOTO = { photo: [{ file_id: 'p', file_unique_id: 'pu', width: 90, height: 90 }] };
const VOICE = { voice: { file_id: 'v', file_unique_id: 'vu', duration: 3 } };

describe('Telegram: odd text', () => {
  it('GIVEN empty, whitespace-only, emoji-only, zero-width and control-character messages in private THEN each gets the menu asking for text', async () => {
    const { feed } = setup();
    for (const text of ['', '   \n\t  ', '😀🙏🏻👍🏽❤️', '\u200b\u200c\u200d\u2060\ufeff', '\u0000\u0007\u001b\u007f\u0085', '\u202e\u202d\u2066\u2069']) {
      const texts = await feed(privateText(1001, text));
      expect(texts.length, JSON.stringify(text)).toBeGreaterThan(0);
      expect(texts.join('\n'), JSON.stringify(text)).toContain(NO_TEXT);
    }
  });

  it('GIVEN right-to-left marks and zero-width characters inside a real question THEN it is still understood', async () => {
    const { feed } = setup();
    const texts = await feed(privateText(1002, '\u202e催\u200b收\u200d短\u2066信是\u202c真的吗\u200f'));
    const titles = [brain.kb.topics.get('verify-sms')!, ...brain.kb.topics.get('verify-sms')!.questions].map((t) => `<b>${'ask' in t ? t.ask : t.title}</b>`);
    expect(titles.some((t) => texts[0].includes(t)), texts[0]).toBe(true);
  });

  it('GIVEN a 100 KB message THEN the core sees at most MAX_INPUT_CHARS and an answer is sent', async () => {
    const { feed, inputs } = setup();
    const big = '催收打电话给我爸妈，合法吗？'.repeat(7_500);
    expect(big.length).toBeGreaterThan(100_000);
    const t0 = Date.now();
    const texts = await feed(privateText(1003, big), groupText(1003, `/ask ${big}`), groupText(1003, `${MENTION} ${big}`));
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(texts.length).toBeGreaterThanOrEqual(3);
    expect(inputs).toHaveLength(3);
    for (const i of inputs) expect(i.type === 'text' && i.text.length <= MAX_INPUT_CHARS).toBe(true);
  });

  it('GIVEN HTML and Markdown meant to break formatting THEN everything sent is valid, escaped HTML', async () => {
    const { feed } = setup();
    const evil = '</b><a href="tg://user?id=1">x</a><pre>```*_~||[link](http://e.vil)&amp;&#x3C;&lt;script> 催收合法吗';
    const texts = await feed(privateText(1004, evil), groupText(1004, `/ask ${evil}`), groupText(1004, `${MENTION} ${evil}`));
    expect(texts.length).toBeGreaterThanOrEqual(3);
    for (const t of texts) expect(t).not.toMatch(/<a |<script|<\/?pre>```/u);
  });

  it('GIVEN entities whose offsets point outside the text THEN nothing throws', async () => {
    const { feed } = setup();
    const msg = { ...textMessage(GROUP_ID, 1005, `${MENTION} 怎么投诉`), entities: [{ type: 'mention', offset: 500, length: 99 }, { type: 'bold', offset: -3, length: 2 }] };
    await feed(messageUpdate(msg as Message));
  });
});

describe('Telegram: media, edits, forwards and other updates', () => {
  it('GIVEN a sticker, photo or voice note without text in private THEN the menu asks for text; in a group (even replying to the bot) THEN silence', async () => {
    const { feed } = setup();
    for (const media of [STICKER, PHOTO, VOICE]) {
      expect((await feed(messageUpdate(mediaMessage(1101, 1101, media)))).join('\n')).toContain(NO_TEXT);
      expect(await feed(messageUpdate(mediaMessage(GROUP_ID, 1101, media)))).toEqual([]);
      expect(await feed(messageUpdate(mediaMessage(GROUP_ID, 1101, { ...media, reply_to_message: botMessage(GROUP_ID) })))).toEqual([]);
    }
  });

  it('GIVEN a photo whose caption mentions the bot in a group THEN the caption is answered', async () => {
    const { feed, inputs } = setup();
    const caption = `${MENTION} 这条催收短信是真的吗`;
    const texts = await feed(
      messageUpdate(mediaMessage(GROUP_ID, 1102, { ...PHOTO, caption, caption_entities: [{ type: 'mention', offset: 0, length: MENTION.length }] })),
    );
    expect(texts.length).toBeGreaterThan(0);
    expect(inputs).toEqual([{ type: 'text', text: '这条催收短信是真的吗' }]);
  });

  it('GIVEN edited messages (private and a group mention) THEN they are ignored silently and never reach the core', async () => {
    const { feed, api, inputs } = setup();
    const edited = (m: Message): Update => ({ update_id: 9_000_001 + m.message_id, edited_message: { ...m, edit_date: 1_700_000_100 } }) as Update;
    await feed(edited(textMessage(1201, 1201, '家人收到催收短信怎么办')), edited(textMessage(GROUP_ID, 1201, `${MENTION} 怎么投诉`)));
    expect(api.calls).toEqual([]);
    expect(inputs).toEqual([]);
  });

  it('GIVEN channel posts, membership changes and reactions THEN they are ignored silently', async () => {
    const { feed, api } = setup();
    const channel = { id: -1009, type: 'channel', title: 'C' };
    await feed(
      { update_id: 9_100_001, channel_post: { message_id: 1, date: 1, chat: channel, text: `${MENTION} 合法吗` } } as Update,
      { update_id: 9_100_002, edited_channel_post: { message_id: 1, date: 1, edit_date: 2, chat: channel, text: 'x' } } as Update,
      {
        update_id: 9_100_003,
        my_chat_member: {
          chat: { id: GROUP_ID, type: 'supergroup', title: 'G' },
          from: { id: 1, is_bot: false, first_name: 'A' },
          date: 1,
          old_chat_member: { status: 'left', user: { id: BOT_INFO.id, is_bot: true, first_name: 'B' } },
          new_chat_member: { status: 'member', user: { id: BOT_INFO.id, is_bot: true, first_name: 'B' } },
        },
      } as Update,
      { update_id: 9_100_004 } as Update,
    );
    expect(api.calls).toEqual([]);
  });

  it('GIVEN a forwarded collection text in private THEN it is passed to the core unchanged, marked as a message the person received', async () => {
    const { feed, inputs } = setup();
    const sms = '【XX金融】您的家人张三在我司借款已严重逾期，请督促其今日18点前还款，否则将上门走访并联系其通讯录。';
    const forwarded = {
      ...textMessage(1301, 1301, sms),
      forward_origin: { type: 'hidden_user', sender_user_name: '10690000', date: 1_699_000_000 },
    };
    const texts = await feed(messageUpdate(forwarded as Message));
    expect(texts.length).toBeGreaterThan(0);
    expect(inputs).toEqual([{ type: 'text', text: sms, origin: 'forwarded' }]);
  });

  it('GIVEN a forwarded message in a group without a mention, or an automatic forward from a linked channel THEN silence', async () => {
    const { feed, api } = setup();
    const fwd = { ...textMessage(GROUP_ID, 1302, '家人收到催收短信怎么办'), forward_origin: { type: 'hidden_user', sender_user_name: 'x', date: 1 } };
    const auto = { ...textMessage(GROUP_ID, 136817688, `${MENTION} 频道公告`), is_automatic_forward: true, sender_chat: { id: -1009, type: 'channel', title: 'C' } };
    await feed(messageUpdate(fwd as Message), messageUpdate(auto as Message));
    expect(api.calls).toEqual([]);
  });

  it('GIVEN an anonymous admin (sender_chat) mentioning the bot THEN it is answered without error', async () => {
    const { feed } = setup();
    const anon = { ...textMessage(GROUP_ID, 1087968824, `${MENTION} 怎么投诉`), sender_chat: { id: GROUP_ID, type: 'supergroup', title: 'G' } };
    expect((await feed(messageUpdate(anon as Message))).length).toBeGreaterThan(0);
  });
});

describe('Telegram: stale and foreign buttons', () => {
  it('GIVEN unknown, malformed or oversized callback data (old buttons after a restart) THEN a toast says it expired and the menu is sent', async () => {
    const { feed, api } = setup();
    for (const data of ['', 'f:', 'f:../../etc/passwd', `f:${'a'.repeat(200)}`, '\u0000', 'mod:legality:1:2:3', '{"a":1}', 'f:gone-topic', 'f:ＬＥＧＡＬＩＴＹ']) {
      const texts = await feed(buttonPress(1401, data, botMessage(1401)));
      expect(api.callsTo('answerCallbackQuery')[0]?.payload.text, JSON.stringify(data)).toBe(STALE_BUTTON_TEXT);
      expect(texts.join('\n')).toContain('失效');
    }
  });

  it('GIVEN a live topic or guided-analysis button THEN no "expired" toast', async () => {
    const { feed, api } = setup();
    for (const id of [...brain.kb.common.menu.map((m) => m.id), 'menu', ...allTriageIds()]) {
      await feed(buttonPress(1402, `f:${id}`, botMessage(1402)));
      expect(api.callsTo('answerCallbackQuery')[0]?.payload.text, id).toBeUndefined();
    }
  });

  it('GIVEN a callback without data (game) or without a message (inline) THEN it is acknowledged and nothing else is sent', async () => {
    const { feed, api } = setup();
    const from = { id: 1403, is_bot: false, first_name: 'U' };
    await feed(
      { update_id: 9_200_001, callback_query: { id: 'g1', from, chat_instance: 'c', game_short_name: 'g' } } as Update,
      { update_id: 9_200_002, callback_query: { id: 'i1', from, chat_instance: 'c', inline_message_id: 'im', data: 'f:complain' } } as Update,
    );
    expect(api.callsTo('answerCallbackQuery')).toHaveLength(2);
    expect(api.sent()).toEqual([]);
  });
});
