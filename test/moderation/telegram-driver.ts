/**
 * The Telegram side of the cross-platform cases: the real grammY bot (`createTelegramBot`) with
 * the toolkit installed, fed updates through `bot.handleUpdate`, and a local Bot API (an API
 * transformer that records every call and answers `getChatMember`, `pinChatMessage`, private
 * `sendMessage` like Telegram would).
 */
import type { InlineKeyboardMarkup, Message, Update } from 'grammy/types';
import type Keyv from 'keyv';
import { ChatBudget } from '../../src/adapters/telegram/chat-budget.js';
import { createTelegramBot } from '../../src/adapters/telegram/bot.js';
import { TelegramModeration } from '../../src/adapters/telegram/moderation.js';
import { Assistant } from '../../src/core/assistant.js';
import { RateLimiter } from '../../src/core/rate-limit.js';
import type { Brain } from '../../src/core/respond.js';
import { SendBudget } from '../../src/core/send-budget.js';
import { createLogger } from '../../src/logger.js';
import { inScript } from '../../src/moderation/present.js';
import { NOT_ADMIN_TEXT } from '../../src/moderation/texts.js';
import { BOT_INFO, TEST_TOKEN } from '../telegram/stub-bot-api.js';
import { botMessage, buttonPress, GROUP_ID, groupText } from '../telegram/updates.js';
import { emptyObservation, moderationFor, titleIndex, type Clock, type Command, type Driver, type Observation, type Who } from './driver.js';

/** User ids. */
export const TG_USERS = { admin: 501, member: 502 } as const;

/** One recorded Bot API call. */
export interface TgCall {
  method: string;
  payload: Record<string, unknown>;
}

/** Scripted behaviour of the local Bot API. */
export interface TgApiState {
  admins: Set<number>;
  pinFails: boolean;
  dmFails: boolean;
  /** getChatMember fails (e.g. the bot was removed, or Telegram is down). */
  memberFails: boolean;
}

const unescape = (html: string): string => html.replace(/&lt;/gu, '<').replace(/&gt;/gu, '>').replace(/&quot;/gu, '"').replace(/&amp;/gu, '&');

/** Builds the Telegram driver. */
export function telegramDriver(
  brain: Brain,
  clock: Clock,
  settingsStore?: Keyv,
): Driver & { calls: TgCall[]; state: TgApiState; update(u: Update): Promise<void> } {
  const { service, log } = moderationFor(brain, clock, settingsStore);
  const assistant = new Assistant(brain);
  const plenty = (): SendBudget => new SendBudget({ windows: [{ limit: 10_000, ms: 60_000 }] });
  const bot = createTelegramBot({
    assistant,
    logger: createLogger('silent'),
    token: TEST_TOKEN,
    botInfo: BOT_INFO,
    rateLimiter: new RateLimiter({ capacity: 10_000, refillPerSecond: 10_000 }),
    chatBudget: new ChatBudget({ group: plenty(), private: plenty() }),
    moderation: new TelegramModeration(service),
  });
  const state: TgApiState = { admins: new Set([TG_USERS.admin]), pinFails: false, dmFails: false, memberFails: false };
  const calls: TgCall[] = [];
  let nextId = 5000;
  bot.api.config.use(async (_prev, method, payload) => {
    const body = (payload ?? {}) as Record<string, unknown>;
    calls.push({ method, payload: body });
    const fail = (error_code: number, description: string): never => ({ ok: false, error_code, description }) as never;
    switch (method) {
      case 'getChatMember': {
        if (state.memberFails) return fail(400, 'Bad Request: member list is inaccessible');
        const id = Number(body.user_id);
        const status = state.admins.has(id) ? 'administrator' : 'member';
        return { ok: true, result: { status, user: { id, is_bot: false, first_name: `U${id}` } } } as never;
      }
      case 'pinChatMessage':
        return state.pinFails ? fail(400, 'Bad Request: not enough rights to manage pinned messages in the chat') : ({ ok: true, result: true } as never);
      case 'sendMessage': {
        const chatId = Number(body.chat_id);
        if (chatId > 0 && state.dmFails) return fail(403, "Forbidden: bot can't initiate conversation with a user");
        const chat = chatId < 0 ? { id: chatId, type: 'supergroup', title: 'Group' } : { id: chatId, type: 'private', first_name: 'U' };
        return { ok: true, result: { message_id: nextId++, date: 1_700_000_000, chat, from: { id: BOT_INFO.id, is_bot: true, first_name: 'Bot' }, text: String(body.text) } } as never;
      }
      default:
        return { ok: true, result: true } as never;
    }
  });
  const titles = titleIndex(brain, (s) => inScript({ script: 'traditional' }, s));
  let menuMessage: Message = botMessage(GROUP_ID, 'settings');
  let seen = 0;
  const ids = (markup: unknown, prefix: string): string[] =>
    ((markup as InlineKeyboardMarkup | undefined)?.inline_keyboard.flat() ?? [])
      .map((b) => ('callback_data' in b ? String(b.callback_data) : ''))
      .filter((d) => d.startsWith(prefix))
      .map((d) => d.slice(prefix.length));

  return {
    platform: 'telegram',
    group: `tg:${GROUP_ID}`,
    service,
    log,
    calls,
    state,
    update: (u) => bot.handleUpdate(u),
    async chat(who, text) {
      await bot.handleUpdate(groupText(TG_USERS[who], text));
    },
    async mention(who, text) {
      await bot.handleUpdate(groupText(TG_USERS[who], `@${BOT_INFO.username} ${text}`));
    },
    async command(who: Who, name: Command, arg?: string) {
      await bot.handleUpdate(groupText(TG_USERS[who], arg === undefined ? `/${name}` : `/${name} ${arg}`));
    },
    async press(who, id) {
      await bot.handleUpdate(buttonPress(TG_USERS[who], id, menuMessage));
    },
    revokeAdmin() {
      state.admins.delete(TG_USERS.admin);
    },
    denyPin() {
      state.pinFails = true;
    },
    take(): Observation {
      const o = emptyObservation();
      for (const { method, payload } of calls.slice(seen)) {
        if (method === 'sendMessage' || method === 'editMessageText') {
          const text = String(payload.text);
          const chatId = Number(payload.chat_id);
          if (method === 'sendMessage' && chatId > 0) {
            o.report = unescape(text);
            continue;
          }
          // The first bold text is the answer's title (an intro, if any, is plain).
          const title = /<b>([^<]+)<\/b>/u.exec(text)?.[1];
          const topic = title === undefined ? undefined : titles.get(unescape(title));
          if (method === 'sendMessage' && topic) {
            o.answered.push(topic.id);
            o.traditional ||= topic.traditional;
            continue;
          }
          const plain = unescape(text);
          if (plain.includes('能做什么') && plain.startsWith('📌')) o.welcomePosted = true;
          else if (plain === NOT_ADMIN_TEXT) o.refused = true;
          else o.texts.push(plain);
          if (ids(payload.reply_markup, 'm:').length > 0) {
            o.menu = true;
            if (method === 'sendMessage') menuMessage = { ...botMessage(GROUP_ID, 'settings') };
          }
          o.listed.push(...ids(payload.reply_markup, 'f:'));
        } else if (method === 'answerCallbackQuery' && typeof payload.text === 'string') {
          if (payload.text === NOT_ADMIN_TEXT) o.refused = true;
          else o.texts.push(payload.text);
        } else if (method === 'pinChatMessage' && !state.pinFails) {
          o.pinned = true;
        }
      }
      seen = calls.length;
      return o;
    },
    async close() {
      // Nothing to stop: the bot never polls and the API is in-process.
    },
  };
}
