/**
 * The Telegram bot's wiring: commands, private chat, group rules, follow-up buttons, rate
 * limiting and error handling, on a grammY {@link Bot}. Pure wiring — it never starts polling
 * or a server, so it is driven offline in tests via `bot.handleUpdate` with `botInfo` set.
 *
 * Input it ignores on purpose: edited messages (`edited_message` is not even requested — an
 * edit is not a new question, and answering edits would let one message trigger many
 * answers), channel posts, and automatic forwards from a linked channel into its discussion
 * group. Forwarded messages in a private chat are content the user wants analysed: their text
 * (or caption) goes to the core like typed text. Every text is clipped to
 * `MAX_INPUT_CHARS` (4096) first.
 *
 * Limits: each user gets a token bucket ({@link defaultRateLimiter}); each chat gets a send
 * budget ({@link ChatBudget}: 18 messages/minute in a group, 30 per 30 s in private) that also
 * bounds the "slow down" notices, so a crowd cannot make the bot exceed Telegram's flood limits.
 * Replying `/ask` to someone's message is open to every member by design (it answers that
 * member's question, publicly, under the same limits). The admin-only tools (`/settings`,
 * `/unanswered`) and auto-answers come from the optional moderator toolkit (`moderation.ts`).
 */
import { sequentialize } from '@grammyjs/runner';
import { Bot, type Context } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Logger } from 'pino';
import type { Assistant, ConversationRef } from '../../core/assistant.js';
import { crisisGroupNote, isCrisisReply, isPersonal, privateSuggestion, shouldAnswerInGroup } from '../../core/group-policy.js';
import { RATE_LIMITED_TEXT, RateLimiter } from '../../core/rate-limit.js';
import { labelOf } from '../../core/respond.js';
import { isActionId, TRIAGE_START_ID } from '../../core/triage-ids.js';
import type { Incoming } from '../../core/types.js';
import type { FollowUp } from '../../kb/schema.js';
import type { TextFromImage } from '../../ocr/index.js';
import { withSecrets } from '../../logger.js';
import { clipInput } from '../input.js';
import {
  conversationScope,
  deepLink,
  mentionsBot,
  messageText,
  repliesToBot,
  senderId,
  stripMention,
  userRef,
  type BotIdentity,
} from './addressing.js';
import { ChatBudget } from './chat-budget.js';
import type { InFlight } from './in-flight.js';
import { followUpKeyboard, parseCallbackData } from './keyboard.js';
import type { TelegramModeration, TelegramModerationHooks } from './moderation.js';
import { imageOf, installPhotoHandlers } from './photo.js';
import { RateGate } from './rate-gate.js';
import { safeError } from './safe-error.js';
import { Sender, type SendOptions } from './send.js';
import {
  ASK_USAGE_TEXT,
  FORGET_DONE_TEXT,
  FORGET_FAILED_TEXT,
  GROUP_BUSY_TEXT,
  HELP_TEXT,
  SORRY_TEXT,
  STALE_BUTTON_TEXT,
  TOPICS_TEXT,
  WELCOME_TEXT,
} from './texts.js';

/** Options for {@link createTelegramBot}. */
export interface TelegramBotOptions {
  assistant: Assistant;
  logger: Logger;
  /** BotFather token. Never logged. */
  token: string;
  /** The bot's own account; set it to run offline (tests) — otherwise `bot.init()` fetches it. */
  botInfo?: UserFromGetMe;
  /** Bot API server root (self-hosted telegram-bot-api), e.g. `http://127.0.0.1:8081`. */
  apiRoot?: string;
  /** Per-user limiter (default: bursts of 5, one more every 2 s). */
  rateLimiter?: RateLimiter;
  /** Counts in-flight updates so shutdown can drain them (installed first when given). */
  inFlight?: InFlight;
  /** Per-chat send budgets (default: {@link ChatBudget} with Telegram's limits). */
  chatBudget?: ChatBudget;
  /** The moderator toolkit (group settings, auto-answers, /settings, /faq, /unanswered); without it groups behave as before. */
  moderation?: TelegramModeration;
  /** Reads screenshots (photos, image documents; `photo.ts`); without it images are treated as before. */
  images?: TextFromImage;
}

/** Topics left out of `/topics` (small talk, the menu itself). */
const HIDDEN_TOPICS = new Set(['greeting', 'thanks', 'help']);

/** Button id that is never a topic: the core answers it with the "button expired" menu. */
const STALE_BUTTON_ID = '-';

/** Default rate limit: a burst of 5 messages, then one every 2 seconds. */
export function defaultRateLimiter(): RateLimiter {
  return new RateLimiter({ capacity: 5, refillPerSecond: 0.5 });
}

/**
 * The key updates are serialized by (chat + sender): one person's (or channel's) messages in one
 * chat are handled in order, different senders concurrently.
 */
export function sequenceKey(ctx: Context): string | undefined {
  const chat = ctx.chat?.id;
  const user = senderId(ctx);
  if (chat === undefined && user === undefined) return undefined;
  return `${chat ?? ''}:${user ?? ''}`;
}

/** Creates the configured bot. Does not contact Telegram. */
export function createTelegramBot(options: TelegramBotOptions): Bot {
  const { assistant, token } = options;
  const logger = withSecrets(options.logger, [token], { adapter: 'telegram' });
  const apiRoot = options.apiRoot?.replace(/\/+$/, '');
  const bot = new Bot(token, {
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
    ...(apiRoot ? { client: { apiRoot } } : {}),
  });
  const gate = new RateGate(options.rateLimiter ?? defaultRateLimiter());
  const budget = options.chatBudget ?? new ChatBudget();
  const sender = new Sender(
    (ctx, messages) => ctx.chat === undefined || budget.tryTake(ctx.chat, messages),
    (ctx, messages) =>
      logger.debug({ updateId: ctx.update.update_id, chatType: ctx.chat?.type, messages }, 'chat send budget exhausted; answer dropped'),
  );
  const { kb } = assistant.brain;
  /** Moderator-toolkit hooks, set once the handlers are installed (below). */
  let mod: TelegramModerationHooks | undefined;

  const identity = (ctx: Context): BotIdentity => ({ id: ctx.me.id, username: ctx.me.username });
  const inGroup = (ctx: Context): boolean => ctx.chat !== undefined && ctx.chat.type !== 'private';

  /** Runs one turn through the assistant and sends the answer. */
  async function answer(
    ctx: Context,
    ref: ConversationRef,
    input: Incoming,
    send: SendOptions & { question?: string } = {},
  ): Promise<void> {
    const turn = await assistant.handle(ref, input);
    const reply = mod ? await mod.present(turn.reply, ref) : turn.reply;
    let outro = send.outro;
    if (inGroup(ctx) && isCrisisReply(reply.kind)) {
      outro = crisisGroupNote(kb.safety.texts.crisis.groupNote, deepLink(ctx.me.username, 'menu'));
    } else if (inGroup(ctx) && send.question !== undefined && isPersonal(send.question)) {
      outro = privateSuggestion(deepLink(ctx.me.username, reply.topicId ?? 'menu'));
    }
    logger.debug(
      { updateId: ctx.update.update_id, chatType: ctx.chat?.type, kind: reply.kind, intent: reply.intent, confidence: reply.confidence },
      'answered',
    );
    await sender.reply(ctx, reply, { ...send, outro });
  }

  /** True when the update's chat cannot take another message now (the group is flooded). */
  const chatFull = (ctx: Context): boolean => ctx.chat !== undefined && budget.remaining(ctx.chat) < 1;

  /**
   * Rate limits for messages: true to go on. A full chat drops the message silently (no
   * notice either — that would add to the flood); a user over their limit is told once per burst.
   */
  async function admitMessage(ctx: Context, userId: number, replyTo?: number): Promise<boolean> {
    if (chatFull(ctx)) {
      logger.debug({ updateId: ctx.update.update_id, chatType: ctx.chat?.type }, 'chat send budget exhausted; message ignored');
      return false;
    }
    const decision = gate.check(userRef(userId));
    if (decision === 'allow') return true;
    if (decision === 'notify') await sender.notice(ctx, RATE_LIMITED_TEXT, undefined, replyTo);
    return false;
  }

  async function answerCallback(ctx: Context, text?: string): Promise<void> {
    try {
      await ctx.answerCallbackQuery(text === undefined ? undefined : { text });
    } catch (error) {
      // Usually "query is too old": the answer itself can still be sent.
      logger.debug({ err: safeError(error, token) }, 'answerCallbackQuery failed');
    }
  }

  const refOf = (ctx: Context, userId: number): ConversationRef => ({
    user: userRef(userId),
    scope: ctx.chat ? conversationScope(ctx.chat, ctx.msg) : 'private',
  });

  function allTopics(): FollowUp[] {
    const ids = [...Object.keys(kb.common.labels), ...kb.topics.keys()];
    const out: FollowUp[] = [];
    for (const id of new Set(ids)) {
      const topic = kb.topics.get(id);
      if (topic && !HIDDEN_TOPICS.has(id)) out.push({ id, label: labelOf(assistant.brain, topic) });
    }
    return out;
  }

  async function report(error: unknown, ctx: Context): Promise<void> {
    logger.error(
      { err: safeError(error, token), updateId: ctx.update.update_id, chatType: ctx.chat?.type },
      'telegram update failed',
    );
    try {
      // A button's query may already be answered (then this toast fails quietly): also say it in the chat.
      if (ctx.callbackQuery) await answerCallback(ctx, SORRY_TEXT);
      const replyTo = inGroup(ctx) && !ctx.callbackQuery ? ctx.msg?.message_id : undefined;
      if (ctx.chat) await sender.notice(ctx, SORRY_TEXT, undefined, replyTo);
    } catch (sendError) {
      logger.warn({ err: safeError(sendError, token) }, 'could not tell the user about the failure');
    }
  }

  if (options.inFlight) bot.use(options.inFlight.middleware);
  bot.use(sequentialize(sequenceKey));
  bot.catch((err) => report(err.error, err.ctx));
  const safe = bot.errorBoundary((err) => report(err.error, err.ctx));
  // Before the commands and the generic button handler below, so `m:` settings buttons reach it.
  mod = options.moderation?.install(safe, {
    answer,
    admit: admitMessage,
    limited: (userId) => gate.check(userRef(userId)) !== 'allow',
    chatFull,
    sender,
    refOf,
    logger,
  });

  safe.command('start', async (ctx) => {
    const replyTo = inGroup(ctx) ? ctx.msg.message_id : undefined;
    const who = senderId(ctx);
    if (who === undefined || !(await admitMessage(ctx, who, replyTo))) return;
    const payload = ctx.match.trim();
    const ref = refOf(ctx, who);
    if (payload !== '' && payload !== 'menu' && (kb.topics.has(payload) || payload === TRIAGE_START_ID)) {
      await answer(ctx, ref, { type: 'button', id: payload }, { replyTo });
    } else {
      await answer(ctx, ref, { type: 'button', id: 'menu' }, { intro: WELCOME_TEXT, replyTo });
    }
  });

  safe.command('help', async (ctx) => {
    const replyTo = inGroup(ctx) ? ctx.msg.message_id : undefined;
    const who = senderId(ctx);
    if (who === undefined || !(await admitMessage(ctx, who, replyTo))) return;
    await sender.notice(ctx, HELP_TEXT, followUpKeyboard(kb.common.menu), replyTo);
  });

  safe.command('topics', async (ctx) => {
    const replyTo = inGroup(ctx) ? ctx.msg.message_id : undefined;
    const who = senderId(ctx);
    if (who === undefined || !(await admitMessage(ctx, who, replyTo))) return;
    if (mod && !(await mod.memberAllowed(ctx))) return;
    await sender.notice(ctx, TOPICS_TEXT, followUpKeyboard(mod ? await mod.topics(ctx, allTopics()) : allTopics(), { perRow: 2 }), replyTo);
  });

  safe.command('forget', async (ctx) => {
    const replyTo = inGroup(ctx) ? ctx.msg.message_id : undefined;
    const who = senderId(ctx);
    if (who === undefined || !(await admitMessage(ctx, who, replyTo))) return;
    const done = await assistant.forgetUser(userRef(who));
    if (!done) logger.warn({ updateId: ctx.update.update_id }, 'forget failed: store unavailable');
    await sender.notice(ctx, done ? FORGET_DONE_TEXT : FORGET_FAILED_TEXT, undefined, replyTo);
  });

  safe.command(['ask', 'answer'], async (ctx) => {
    const group = inGroup(ctx);
    const replyTo = group ? ctx.msg.message_id : undefined;
    const who = senderId(ctx);
    if (who === undefined || !(await admitMessage(ctx, who, replyTo))) return;
    if (mod && !(await mod.memberAllowed(ctx))) return;
    if (answerImage && imageOf(ctx.msg)) return answerImage(ctx, ctx.msg, refOf(ctx, who), replyTo);
    const question = stripMention(clipInput(ctx.match), ctx.me.username);
    if (question !== '') {
      await answer(ctx, refOf(ctx, who), { type: 'text', text: question }, { replyTo, question });
      return;
    }
    // No argument: answer the message this command replies to, as a reply to it, in its author's conversation.
    const target = ctx.msg.reply_to_message;
    const author = target?.from;
    if (answerImage && group && target && author && !author.is_bot && imageOf(target)) {
      return answerImage(ctx, target, refOf(ctx, author.id), target.message_id);
    }
    const targetText = target ? stripMention(clipInput(messageText(target).text), ctx.me.username) : '';
    if (group && target && author && !author.is_bot && target.forum_topic_created === undefined && targetText !== '') {
      await answer(ctx, refOf(ctx, author.id), { type: 'text', text: targetText }, { replyTo: target.message_id, question: targetText });
      return;
    }
    await sender.notice(ctx, ASK_USAGE_TEXT, group ? undefined : followUpKeyboard(kb.common.menu), replyTo);
  });

  safe.on('callback_query:data', async (ctx) => {
    // Every press is answered (the client shows a spinner until then); over a limit only with a toast.
    if (chatFull(ctx)) {
      await answerCallback(ctx, ctx.chat?.type === 'private' ? RATE_LIMITED_TEXT : GROUP_BUSY_TEXT);
      return;
    }
    if (gate.check(userRef(ctx.from.id)) !== 'allow') {
      await answerCallback(ctx, RATE_LIMITED_TEXT);
      return;
    }
    if (mod && !(await mod.buttonAllowed(ctx))) return;
    const id = parseCallbackData(ctx.callbackQuery.data);
    const known = id !== null && (kb.topics.has(id) || isActionId(id));
    await answerCallback(ctx, known ? undefined : STALE_BUTTON_TEXT);
    if (!ctx.chat) return; // inline-mode message: nowhere to send an answer
    await answer(ctx, refOf(ctx, ctx.from.id), { type: 'button', id: id ?? STALE_BUTTON_ID });
  });

  // Game and other non-data callback queries: always answer so the client stops waiting.
  safe.on('callback_query', (ctx) => answerCallback(ctx));

  // Screenshots, before the text handlers below (which get every image the photo handlers pass on).
  const answerImage = options.images
    ? installPhotoHandlers(
        safe,
        { answer, admit: admitMessage, memberAllowed: (ctx) => mod?.memberAllowed(ctx) ?? Promise.resolve(true), refOf, sender, logger },
        { images: options.images, token, apiRoot },
      )
    : undefined;

  safe.chatType('private').on('message', async (ctx) => {
    if (!(await admitMessage(ctx, ctx.from.id))) return;
    // Forwarded messages (e.g. a collection SMS screenshot's caption or a forwarded text) are content to analyse.
    const text = clipInput(messageText(ctx.msg).text);
    await answer(ctx, refOf(ctx, ctx.from.id), { type: 'text', text });
  });

  safe.chatType(['group', 'supergroup']).on('message', async (ctx) => {
    const msg = ctx.msg;
    // A linked channel's post copied into its discussion group is not a question to the bot.
    if (msg.is_automatic_forward === true) return;
    const me = identity(ctx);
    const mentioned = mentionsBot(msg, me);
    const replyToBot = repliesToBot(msg, me);
    if (!shouldAnswerInGroup({ mentioned, replyToBot, command: false })) {
      await mod?.unaddressed(ctx);
      return;
    }
    const question = stripMention(clipInput(messageText(msg).text), me.username);
    // A bare sticker/emoji reply to the bot is a reaction, not a question.
    if (question === '' && !mentioned) return;
    if (mod && !(await mod.memberAllowed(ctx))) return;
    const who = senderId(ctx) ?? ctx.from.id;
    if (!(await admitMessage(ctx, who, msg.message_id))) return;
    const input: Incoming = question === '' ? { type: 'button', id: 'menu' } : { type: 'text', text: question };
    await answer(ctx, refOf(ctx, who), input, { replyTo: msg.message_id, question });
  });

  return bot;
}
