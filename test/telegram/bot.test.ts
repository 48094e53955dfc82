import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { createTelegramBot } from '../../src/adapters/telegram/bot.js';
import { registerCommands } from '../../src/adapters/telegram/commands.js';
import {
  ASK_USAGE_TEXT,
  FORGET_DONE_TEXT,
  FORGET_FAILED_TEXT,
  SORRY_TEXT,
  STALE_BUTTON_TEXT,
  WELCOME_TEXT,
} from '../../src/adapters/telegram/texts.js';
import { Assistant, conversationKey } from '../../src/core/assistant.js';
import { loadBrain } from '../../src/core/brain.js';
import { RATE_LIMITED_TEXT, RateLimiter } from '../../src/core/rate-limit.js';
import type { Brain } from '../../src/core/respond.js';
import type { ConversationState } from '../../src/core/types.js';
import { createLogger } from '../../src/logger.js';
import { BOT_INFO, TEST_TOKEN, useStubBotApi, type ApiCall } from './stub-bot-api.js';
import { parseTelegramHtml } from './telegram-html.js';
import { botMessage, buttonPress, GROUP_ID, groupText, messageUpdate, privateText, textMessage } from './updates.js';

let brain: Brain;
const stub = useStubBotApi();
beforeAll(() => {
  brain = loadBrain();
});

const generous = (): RateLimiter => new RateLimiter({ capacity: 1000, refillPerSecond: 1000 });

function setup(options: { rateLimiter?: RateLimiter; brain?: Brain } = {}) {
  const assistant = new Assistant(options.brain ?? brain);
  const logs: string[] = [];
  const logger = createLogger('debug', { write: (line: string) => void logs.push(line) });
  const bot = createTelegramBot({
    assistant,
    logger,
    token: TEST_TOKEN,
    botInfo: BOT_INFO,
    apiRoot: stub.root,
    rateLimiter: options.rateLimiter ?? generous(),
  });
  return { bot, assistant, logs };
}

const sent = (): ApiCall[] => stub.callsTo('sendMessage');
const textOf = (c: ApiCall): string => String(c.body.text);
const keyboardOf = (c: ApiCall): InlineKeyboardMarkup | undefined => c.body.reply_markup as InlineKeyboardMarkup | undefined;
const callbackDataOf = (c: ApiCall): string[] =>
  (keyboardOf(c)?.inline_keyboard.flat() ?? []).map((b) => ('callback_data' in b ? String(b.callback_data) : ''));

async function stateOf(assistant: Assistant, user: string, scope: string): Promise<ConversationState | undefined> {
  return assistant.store.get<ConversationState>(conversationKey({ user, scope }));
}

describe('Telegram bot: private chat', () => {
  it('GIVEN a question in a private chat THEN the answer is HTML with an inline keyboard of f:<id> buttons ≤ 64 bytes', async () => {
    const { bot, assistant } = setup();
    await bot.handleUpdate(privateText(42, '催收打电话给我爸妈，这样合法吗'));
    const calls = sent();
    expect(calls.length).toBeGreaterThanOrEqual(1);
    const last = calls[calls.length - 1];
    for (const c of calls) {
      expect(c.body.chat_id).toBe(42);
      expect(c.body.parse_mode).toBe('HTML');
      expect(c.body.link_preview_options).toEqual({ is_disabled: true });
      expect(c.body.reply_parameters).toBeUndefined();
      expect(textOf(c).length).toBeLessThanOrEqual(4096);
      parseTelegramHtml(textOf(c));
    }
    const asks = brain.kb.topics.get('legality')!.questions.map((q) => `<b>${q.ask}</b>`);
    expect(asks.some((a) => textOf(calls[0]).includes(a)), 'the title is a question of the legality topic').toBe(true);
    const data = callbackDataOf(last);
    expect(data.length).toBeGreaterThan(0);
    for (const d of data) {
      expect(d).toMatch(/^f:[a-z][a-z0-9-]*$/);
      expect(Buffer.byteLength(d)).toBeLessThanOrEqual(64);
    }
    expect((await stateOf(assistant, 'tg:42', 'private'))?.lastTopic).toBe('legality');
  });

  it('GIVEN /start THEN a welcome with the topic menu; GIVEN /start <topicId> THEN that topic is answered', async () => {
    const { bot } = setup();
    await bot.handleUpdate(privateText(43, '/start'));
    expect(textOf(sent()[0])).toContain(WELCOME_TEXT.split('\n')[0]);
    expect(callbackDataOf(sent()[0])).toEqual(brain.kb.common.menu.map((m) => `f:${m.id}`));
    stub.reset();
    await bot.handleUpdate(privateText(43, '/start complain'));
    expect(textOf(sent()[0])).toContain(`<b>${brain.kb.topics.get('complain')!.title}</b>`);
    stub.reset();
    await bot.handleUpdate(privateText(43, '/start triage'));
    expect(textOf(sent()[0])).toContain('第1步');
    expect(callbackDataOf(sent()[0])).toContain('f:t-role-borrower');
  });

  it('GIVEN /topics THEN every answerable topic is offered as an id-only button, two per row', async () => {
    const { bot } = setup();
    await bot.handleUpdate(privateText(44, '/topics'));
    const [call] = sent();
    const data = callbackDataOf(call);
    expect(data).toContain('f:verify-sms');
    expect(data).toContain('f:crisis');
    expect(data).not.toContain('f:thanks');
    expect(data.every((d) => /^f:[a-z-]+$/.test(d))).toBe(true);
    expect(keyboardOf(call)!.inline_keyboard.slice(0, -1).every((row) => row.length === 2)).toBe(true);
  });

  it('GIVEN /help and an empty /ask in private THEN usage texts are sent as escaped HTML', async () => {
    const { bot } = setup();
    await bot.handleUpdate(privateText(45, '/help'));
    await bot.handleUpdate(privateText(45, '/ask'));
    expect(textOf(sent()[0])).toContain('/topics');
    expect(textOf(sent()[1])).toBe(ASK_USAGE_TEXT);
    for (const c of sent()) parseTelegramHtml(textOf(c));
  });
});

describe('Telegram bot: groups', () => {
  it('GIVEN a group message without a mention THEN the bot stays silent', async () => {
    const { bot } = setup();
    await bot.handleUpdate(groupText(5, '催收打电话给我爸妈，这样合法吗'));
    await bot.handleUpdate(groupText(5, '今天有人收到催收短信吗 @someone_else'));
    expect(stub.calls).toEqual([]);
  });

  it('GIVEN a group message mentioning the bot THEN it answers as a reply, with the mention stripped before matching', async () => {
    const { bot, assistant } = setup();
    const update = groupText(5, `@${BOT_INFO.username} 催收打电话给我爸妈，这样合法吗`);
    await bot.handleUpdate(update);
    const [first] = sent();
    expect(first.body.chat_id).toBe(GROUP_ID);
    expect(first.body.reply_parameters).toMatchObject({ message_id: update.message!.message_id });
    expect((await stateOf(assistant, 'tg:5', `chat:${GROUP_ID}`))?.lastTopic).toBe('legality');
  });

  it('GIVEN a mention found only in the text, or a reply to the bot THEN the bot answers', async () => {
    const { bot } = setup();
    await bot.handleUpdate(groupText(6, `家人收到催收短信怎么办 @${BOT_INFO.username.toUpperCase()}`, { noEntities: true }));
    expect(sent().length).toBeGreaterThan(0);
    stub.reset();
    await bot.handleUpdate(groupText(6, '那联系我家人合法吗', { replyTo: botMessage(GROUP_ID) }));
    expect(sent().length).toBeGreaterThan(0);
  });

  it('GIVEN /ask <question> in a group THEN the answer replies to the /ask message', async () => {
    const { bot } = setup();
    const update = groupText(7, '/ask 催收说要上门，怎么办');
    await bot.handleUpdate(update);
    expect(sent()[0].body.reply_parameters).toMatchObject({ message_id: update.message!.message_id });
  });

  it("GIVEN a moderator replies /ask to a member's message THEN the bot answers that message, as a reply to it, in the member's conversation", async () => {
    const { bot, assistant } = setup();
    const member = textMessage(GROUP_ID, 501, '我妈收到短信说我借呗逾期了，这短信是真的吗');
    const update = groupText(900, '/ask', { replyTo: member });
    await bot.handleUpdate(update);
    const [first] = sent();
    expect(first.body.reply_parameters).toMatchObject({ message_id: member.message_id });
    expect(await stateOf(assistant, 'tg:501', `chat:${GROUP_ID}`)).toBeDefined();
    expect(await stateOf(assistant, 'tg:900', `chat:${GROUP_ID}`)).toBeUndefined();
    stub.reset();
    await bot.handleUpdate(groupText(900, `/answer@${BOT_INFO.username}`, { replyTo: member }));
    expect(sent()[0].body.reply_parameters).toMatchObject({ message_id: member.message_id });
  });

  it('GIVEN a personal question in a group THEN the answer suggests a private chat with a t.me deep link', async () => {
    const { bot } = setup();
    await bot.handleUpdate(groupText(8, `@${BOT_INFO.username} 我欠了3万逾期两个月，催收打给我爸妈合法吗`));
    const all = sent().map(textOf).join('\n');
    expect(all).toMatch(new RegExp(`https://t\\.me/${BOT_INFO.username}\\?start=[a-z-]+`));
    expect(all).toContain('私聊我');
  });

  it('GIVEN a message in a forum topic THEN state is keyed by chat and thread and the answer stays in the thread', async () => {
    const { bot, assistant } = setup();
    await bot.handleUpdate(groupText(9, `@${BOT_INFO.username} 怎么保存证据`, { threadId: 77 }));
    expect(sent()[0].body.message_thread_id).toBe(77);
    expect(await stateOf(assistant, 'tg:9', `chat:${GROUP_ID}:thread:77`)).toBeDefined();
    expect(await stateOf(assistant, 'tg:9', `chat:${GROUP_ID}`)).toBeUndefined();
  });
});

describe('Telegram bot: buttons', () => {
  it('GIVEN a follow-up button press THEN the callback query is answered and the topic is sent', async () => {
    const { bot, assistant } = setup();
    await bot.handleUpdate(buttonPress(42, 'f:complain', botMessage(42)));
    const [answer] = stub.callsTo('answerCallbackQuery');
    expect(answer.body.callback_query_id).toMatch(/^cq/);
    expect(answer.body.text).toBeUndefined();
    expect(textOf(sent()[0])).toContain(`<b>${brain.kb.topics.get('complain')!.title}</b>`);
    expect((await stateOf(assistant, 'tg:42', 'private'))?.lastTopic).toBe('complain');
  });

  it('GIVEN two members of one group THEN a button pressed by one never changes the other’s state', async () => {
    const { bot, assistant } = setup();
    const scope = `chat:${GROUP_ID}`;
    await bot.handleUpdate(groupText(11, `@${BOT_INFO.username} 催收打电话给我爸妈，这样合法吗`));
    const answerMessage = botMessage(GROUP_ID);
    await bot.handleUpdate(buttonPress(12, 'f:complain', answerMessage));
    const a = await stateOf(assistant, 'tg:11', scope);
    const b = await stateOf(assistant, 'tg:12', scope);
    expect(a).toMatchObject({ lastTopic: 'legality', turns: 1 });
    expect(b).toMatchObject({ lastTopic: 'complain', turns: 1 });
    await bot.handleUpdate(buttonPress(11, 'f:evidence', answerMessage));
    expect(await stateOf(assistant, 'tg:11', scope)).toMatchObject({ lastTopic: 'evidence', turns: 2 });
    expect(await stateOf(assistant, 'tg:12', scope)).toMatchObject({ lastTopic: 'complain', turns: 1 });
  });

  it('GIVEN a question, details or guided-analysis button THEN it is answered without the stale toast', async () => {
    const { bot } = setup();
    const [questionId, entry] = [...brain.questions.entries()][0];
    for (const data of [`f:${questionId}`, `f:d-steps-${questionId}`, 'f:triage', 'f:menu']) {
      stub.reset();
      await bot.handleUpdate(buttonPress(42, data, botMessage(42)));
      expect(stub.callsTo('answerCallbackQuery')[0].body.text, data).toBeUndefined();
      expect(textOf(sent()[0]), data).not.toContain('失效');
    }
    stub.reset();
    await bot.handleUpdate(buttonPress(42, `f:${questionId}`, botMessage(42)));
    expect(textOf(sent()[0])).toContain(entry.question.ask);
  });

  it('GIVEN /start <questionId> from a deep link THEN that question is answered, not the welcome', async () => {
    const { bot } = setup();
    const [questionId, entry] = [...brain.questions.entries()][1];
    await bot.handleUpdate(privateText(44, `/start ${questionId}`));
    expect(textOf(sent()[0])).toContain(entry.question.ask);
    expect(textOf(sent()[0])).not.toContain(WELCOME_TEXT.split('\n')[0]);
  });

  it('GIVEN a forwarded collection text in private THEN it is checked as a received message', async () => {
    const { bot } = setup();
    // Weak evidence (a debt, a phone number): typed, it is a question; forwarded, it is a message to check.
    const sms = '您的借款已经逾期很多天了，请联系客服13800001111处理';
    const reference = new Assistant(brain);
    const typed = await reference.handle({ user: 'tg:0', scope: 'private' }, { type: 'text', text: sms });
    const received = await reference.handle({ user: 'tg:1', scope: 'private' }, { type: 'text', text: sms, origin: 'forwarded' });
    expect(typed.reply.flow).not.toBe('sms-check');
    expect(received.reply.flow).toBe('sms-check');
    expect(typed.reply.title).not.toBe(received.reply.title);
    const message = { ...textMessage(45, 45, sms), forward_origin: { type: 'hidden_user', sender_user_name: 'X', date: 1_700_000_000 } };
    await bot.handleUpdate(messageUpdate(message as Parameters<typeof messageUpdate>[0]));
    expect(textOf(sent()[0])).toContain(received.reply.title);
    expect(sent().map(textOf).join('')).not.toContain('13800001111');
  });

  it('GIVEN an old or unknown button THEN the query is answered with a notice and the menu is sent', async () => {
    const { bot } = setup();
    for (const data of ['f:gone-topic', 'something-else', 'f:投诉']) {
      stub.reset();
      await bot.handleUpdate(buttonPress(42, data, botMessage(42)));
      expect(stub.callsTo('answerCallbackQuery')[0].body.text).toBe(STALE_BUTTON_TEXT);
      expect(textOf(sent()[0])).toContain('失效');
      expect(callbackDataOf(sent()[sent().length - 1])).toEqual(brain.kb.common.menu.map((m) => `f:${m.id}`));
    }
  });
});

describe('Telegram bot: privacy, limits and errors', () => {
  it('GIVEN /forget THEN every stored conversation of that user is deleted and others are kept', async () => {
    const { bot, assistant } = setup();
    await bot.handleUpdate(privateText(21, '家人收到催收短信怎么办'));
    await bot.handleUpdate(groupText(21, `@${BOT_INFO.username} 怎么投诉`));
    await bot.handleUpdate(privateText(22, '家人收到催收短信怎么办'));
    expect(await stateOf(assistant, 'tg:21', 'private')).toBeDefined();
    expect(await stateOf(assistant, 'tg:21', `chat:${GROUP_ID}`)).toBeDefined();
    stub.reset();
    await bot.handleUpdate(privateText(21, '/forget'));
    expect(textOf(sent()[0])).toBe(FORGET_DONE_TEXT);
    expect(await stateOf(assistant, 'tg:21', 'private')).toBeUndefined();
    expect(await stateOf(assistant, 'tg:21', `chat:${GROUP_ID}`)).toBeUndefined();
    expect(await assistant.store.get('scopes:tg:21')).toBeUndefined();
    expect(await stateOf(assistant, 'tg:22', 'private')).toBeDefined();
  });

  it('GIVEN the store cannot delete THEN /forget says it could not be completed', async () => {
    const { bot, assistant } = setup();
    vi.spyOn(assistant, 'forgetUser').mockResolvedValue(false);
    await bot.handleUpdate(privateText(23, '/forget'));
    expect(textOf(sent()[0])).toBe(FORGET_FAILED_TEXT);
  });

  it('GIVEN HTML in user text THEN nothing the bot sends contains it unescaped', async () => {
    const { bot } = setup();
    const evil = '<b>x</b>&<script>alert(1)</script> 催收打电话给我妈合法吗';
    await bot.handleUpdate(groupText(31, `/ask ${evil}`));
    await bot.handleUpdate(privateText(31, evil));
    await bot.handleUpdate(groupText(31, `@${BOT_INFO.username} 我的手机号13812345678 <i>被爆通讯录</i>&amp;`));
    const member = textMessage(GROUP_ID, 32, `${evil} 13912345678`);
    await bot.handleUpdate(groupText(33, '/ask', { replyTo: member }));
    expect(sent().length).toBeGreaterThanOrEqual(4);
    for (const c of sent()) {
      const text = textOf(c);
      expect(text).not.toMatch(/<script|<b>x|<i>被/);
      expect(() => parseTelegramHtml(text)).not.toThrow();
    }
  });

  it('GIVEN a reply longer than 4096 characters THEN it is sent as several valid messages with the keyboard on the last', async () => {
    const complain = brain.kb.topics.get('complain')!;
    const body = Array.from({ length: 300 }, (_, i) => `第${i + 1}条：<证据> & 说明，时间、号码、内容都要写清楚。`).join('\n');
    const topics = new Map(brain.kb.topics);
    topics.set('complain', { ...complain, template: { title: '超长模板', body } });
    // An answer far beyond the schema's limit, to force the /ask reply over 4096 characters.
    const questions = new Map([...brain.questions].map(([id, e]) => [id, { ...e, question: { ...e.question, answer: `${e.question.answer}${'很长的回答。'.repeat(800)}` } }]));
    const big: Brain = { ...brain, questions, kb: { ...brain.kb, topics } };
    const { bot } = setup({ brain: big });

    const ask = groupText(41, `/ask@${BOT_INFO.username} 去哪里投诉`);
    await bot.handleUpdate(ask);
    const asked = sent();
    stub.reset();
    await bot.handleUpdate(buttonPress(41, 'f:d-template-complain', botMessage(GROUP_ID)));
    const pressed = sent();

    for (const calls of [asked, pressed]) {
      expect(calls.length).toBeGreaterThan(1);
      for (const c of calls) {
        expect(textOf(c).length).toBeLessThanOrEqual(4096);
        parseTelegramHtml(textOf(c));
      }
      expect(calls.slice(0, -1).every((c) => c.body.reply_markup === undefined)).toBe(true);
      expect(keyboardOf(calls[calls.length - 1])).toBeDefined();
    }
    // Only the first chunk of the /ask answer quotes the question.
    expect(asked[0].body.reply_parameters).toMatchObject({ message_id: ask.message!.message_id });
    expect(asked.slice(1).every((c) => c.body.reply_parameters === undefined)).toBe(true);
    const decoded = pressed.map((c) => parseTelegramHtml(textOf(c)).text).join('').replace(/\s/g, '');
    expect(decoded).toContain(body.replace(/\s/g, ''));
  });

  it('GIVEN a burst of messages THEN the limit notice is sent once per burst and answers resume after refill', async () => {
    let now = 1_000_000;
    const { bot } = setup({ rateLimiter: new RateLimiter({ capacity: 2, refillPerSecond: 0.5, now: () => now }) });
    for (let i = 0; i < 5; i += 1) await bot.handleUpdate(privateText(51, '家人收到催收短信怎么办'));
    const texts = sent().map(textOf);
    expect(texts.filter((t) => t === RATE_LIMITED_TEXT)).toHaveLength(1);
    expect(texts.filter((t) => t.startsWith('<b>'))).toHaveLength(2);
    stub.reset();
    now += 2_000;
    await bot.handleUpdate(privateText(51, '家人收到催收短信怎么办'));
    expect(sent().map(textOf).some((t) => t.startsWith('<b>'))).toBe(true);
  });

  it('GIVEN button spam THEN over-limit presses get only an answerCallbackQuery toast', async () => {
    const now = 5_000_000;
    const { bot } = setup({ rateLimiter: new RateLimiter({ capacity: 1, refillPerSecond: 0.5, now: () => now }) });
    const msg = botMessage(GROUP_ID);
    await bot.handleUpdate(buttonPress(61, 'f:complain', msg));
    stub.reset();
    await bot.handleUpdate(buttonPress(61, 'f:evidence', msg));
    await bot.handleUpdate(buttonPress(61, 'f:evidence', msg));
    expect(sent()).toHaveLength(0);
    const toasts = stub.callsTo('answerCallbackQuery');
    expect(toasts).toHaveLength(2);
    expect(toasts.every((t) => t.body.text === RATE_LIMITED_TEXT)).toBe(true);
  });

  it('GIVEN a handler error THEN the user gets a polite reply, the error is logged without the token, and the bot keeps running', async () => {
    const { bot, assistant, logs } = setup();
    const spy = vi.spyOn(assistant, 'handle').mockRejectedValueOnce(new Error(`boom while calling /bot${TEST_TOKEN}/sendMessage`));
    await expect(bot.handleUpdate(privateText(71, '家人收到催收短信怎么办'))).resolves.toBeUndefined();
    expect(textOf(sent()[0])).toBe(SORRY_TEXT);
    const joined = logs.join('');
    expect(joined).toContain('telegram update failed');
    expect(joined).not.toContain(TEST_TOKEN);
    spy.mockRestore();
    stub.reset();
    await bot.handleUpdate(privateText(71, '家人收到催收短信怎么办'));
    expect(textOf(sent()[0])).toMatch(/^<b>/);
  });

  it('GIVEN a handler error on a button THEN the callback query is still answered', async () => {
    const { bot, assistant } = setup();
    vi.spyOn(assistant, 'handle').mockRejectedValueOnce(new Error('store exploded'));
    await bot.handleUpdate(buttonPress(72, 'f:complain', botMessage(72)));
    expect(stub.callsTo('answerCallbackQuery').length).toBeGreaterThanOrEqual(1);
    expect(sent().map(textOf)).toContain(SORRY_TEXT);
  });

  it('GIVEN a non-text private message THEN the menu asks for text', async () => {
    const { bot } = setup();
    const sticker = { ...textMessage(81, 81, ''), text: undefined, sticker: { file_id: 'x' } };
    await bot.handleUpdate(messageUpdate(sticker as never));
    expect(textOf(sent()[0])).toContain('没有看到文字内容');
  });
});

describe('registerCommands', () => {
  it('GIVEN start-up THEN commands are registered in English by default and in Chinese for zh', async () => {
    const { bot } = setup();
    await registerCommands(bot.api);
    const calls = stub.callsTo('setMyCommands');
    expect(calls).toHaveLength(2);
    const byLang = new Map(calls.map((c) => [c.body.language_code ?? 'default', c.body.commands as Array<{ command: string; description: string }>]));
    expect(byLang.get('default')?.map((c) => c.command)).toEqual(['start', 'topics', 'ask', 'help', 'forget']);
    expect(byLang.get('zh')?.[0].description).toMatch(/[\u4e00-\u9fff]/);
  });
});
