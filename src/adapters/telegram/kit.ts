/**
 * The per-bot context every Telegram composer is built from: the assistant, the logger (token
 * scrubbed), the budgeted {@link Sender}, the per-user {@link RateGate} and per-chat
 * {@link ChatBudget}, and the few operations all handlers share — run a turn and send the
 * answer, admit a message under the limits, answer a button press, report a failed update.
 * It exists so each composer (`composers/*.ts`) is a small factory taking this kit, testable
 * on its own, instead of a closure inside one long `createTelegramBot`.
 */
import type { Context } from 'grammy';
import type { Logger } from 'pino';
import type { Assistant, ConversationRef } from '../../core/assistant.js';
import { crisisGroupNote, isCrisisReply, isPersonal, privateSuggestion } from '../../core/group-policy.js';
import { RATE_LIMITED_TEXT, RateLimiter } from '../../core/rate-limit.js';
import type { Incoming } from '../../core/types.js';
import { withSecrets } from '../../logger.js';
import { conversationScope, deepLink, userRef } from './addressing.js';
import { ChatBudget } from './chat-budget.js';
import type { TelegramKit, TelegramModerationHooks } from './moderation.js';
import type { PhotoHooks } from './photo.js';
import { RateGate } from './rate-gate.js';
import { safeError } from './safe-error.js';
import { Sender, type SendOptions } from './send.js';
import { SORRY_TEXT } from './texts.js';

/** The options of `createTelegramBot` the kit is built from. */
export interface BotKitOptions {
  assistant: Assistant;
  logger: Logger;
  /** BotFather token. Never logged. */
  token: string;
  /** Bot API server root (self-hosted telegram-bot-api), e.g. `http://127.0.0.1:8081`. */
  apiRoot?: string;
  /** Per-user limiter (default: bursts of 5, one more every 2 s). */
  rateLimiter?: RateLimiter;
  /** Per-chat send budgets (default: {@link ChatBudget} with Telegram's limits). */
  chatBudget?: ChatBudget;
}

/** How one answer is sent, plus the question it answers (for the group notes). */
export type AnswerOptions = SendOptions & { question?: string };

/**
 * What the composers share. It is also the moderator toolkit's {@link TelegramKit} and the
 * photo handlers' {@link PhotoHooks}, so the existing installers take it as it is.
 */
export interface TelegramBotKit extends TelegramKit, PhotoHooks {
  readonly assistant: Assistant;
  /** BotFather token, for file downloads and for cutting it out of logged errors. */
  readonly token: string;
  /** The Bot API server root without trailing slashes, when one is configured. */
  readonly apiRoot?: string;
  readonly gate: RateGate;
  readonly budget: ChatBudget;
  /** The moderator toolkit's hooks once it is installed (`composers/moderation.ts`); undefined without it. */
  moderation: TelegramModerationHooks | undefined;
  /** Runs one turn through the assistant and sends the answer (group notes added in groups). */
  answer(ctx: Context, ref: ConversationRef, input: Incoming, send?: AnswerOptions): Promise<void>;
  /** True in groups, supergroups and channels; false in private chats and without a chat. */
  inGroup(ctx: Context): boolean;
  /** Logs a failed update and tells the user, politely; never rejects. */
  report(error: unknown, ctx: Context): Promise<void>;
}

/** Default rate limit: a burst of 5 messages, then one every 2 seconds. */
export function defaultRateLimiter(): RateLimiter {
  return new RateLimiter({ capacity: 5, refillPerSecond: 0.5 });
}

/** True when the update's chat is not a private chat. */
function inGroup(ctx: Context): boolean {
  return ctx.chat !== undefined && ctx.chat.type !== 'private';
}

/** The conversation of `userId` in the update's chat (and forum topic). */
function refOf(ctx: Context, userId: number): ConversationRef {
  return { user: userRef(userId), scope: ctx.chat ? conversationScope(ctx.chat, ctx.msg) : 'private' };
}

/** Builds the kit. Does not contact Telegram. */
export function createBotKit(options: BotKitOptions): TelegramBotKit {
  const { assistant, token } = options;
  const logger = withSecrets(options.logger, [token], { adapter: 'telegram' });
  const budget = options.chatBudget ?? new ChatBudget();
  const sender = new Sender(
    (ctx, messages) => ctx.chat === undefined || budget.tryTake(ctx.chat, messages),
    (ctx, messages) =>
      logger.debug({ updateId: ctx.update.update_id, chatType: ctx.chat?.type, messages }, 'chat send budget exhausted; answer dropped'),
  );
  const kit: TelegramBotKit = {
    assistant,
    token,
    apiRoot: options.apiRoot?.replace(/\/+$/, ''),
    logger,
    sender,
    gate: new RateGate(options.rateLimiter ?? defaultRateLimiter()),
    budget,
    moderation: undefined,
    answer: (ctx, ref, input, send) => answerTurn(kit, ctx, ref, input, send),
    admit: (ctx, userId, replyTo) => admitMessage(kit, ctx, userId, replyTo),
    limited: (userId) => kit.gate.check(userRef(userId)) !== 'allow',
    chatFull: (ctx) => ctx.chat !== undefined && budget.remaining(ctx.chat) < 1,
    memberAllowed: (ctx) => kit.moderation?.memberAllowed(ctx) ?? Promise.resolve(true),
    answerCallback: (ctx, text, alert) => answerCallbackQuery(kit, ctx, text, alert),
    inGroup,
    refOf,
    report: (error, ctx) => reportFailure(kit, error, ctx),
  };
  return kit;
}

/** {@link TelegramBotKit.answer}: the turn, the group's style, the crisis or "ask in private" note. */
async function answerTurn(
  kit: TelegramBotKit,
  ctx: Context,
  ref: ConversationRef,
  input: Incoming,
  send: AnswerOptions = {},
): Promise<void> {
  const turn = await kit.assistant.handle(ref, input);
  const mod = kit.moderation;
  const reply = mod ? await mod.present(turn.reply, ref) : turn.reply;
  let outro = send.outro;
  if (inGroup(ctx) && isCrisisReply(reply.kind)) {
    outro = crisisGroupNote(kit.assistant.brain.kb.safety.texts.crisis.groupNote, deepLink(ctx.me.username, 'crisis'));
  } else if (inGroup(ctx) && send.question !== undefined && isPersonal(send.question)) {
    outro = privateSuggestion(deepLink(ctx.me.username, reply.topicId ?? 'menu'));
  }
  kit.logger.debug(
    { updateId: ctx.update.update_id, chatType: ctx.chat?.type, kind: reply.kind, intent: reply.intent, confidence: reply.confidence },
    'answered',
  );
  await kit.sender.reply(ctx, reply, { ...send, outro });
}

/**
 * Rate limits for messages: true to go on. A full chat drops the message silently (no
 * notice either — that would add to the flood); a user over their limit is told once per burst.
 */
async function admitMessage(kit: TelegramBotKit, ctx: Context, userId: number, replyTo?: number): Promise<boolean> {
  if (kit.chatFull(ctx)) {
    kit.logger.debug({ updateId: ctx.update.update_id, chatType: ctx.chat?.type }, 'chat send budget exhausted; message ignored');
    return false;
  }
  const decision = kit.gate.check(userRef(userId));
  if (decision === 'allow') return true;
  if (decision === 'notify') await kit.sender.notice(ctx, RATE_LIMITED_TEXT, undefined, replyTo);
  return false;
}

/** {@link TelegramBotKit.answerCallback}. */
async function answerCallbackQuery(kit: TelegramBotKit, ctx: Context, text?: string, alert = false): Promise<void> {
  try {
    await ctx.answerCallbackQuery(text === undefined ? undefined : { text, ...(alert ? { show_alert: true } : {}) });
  } catch (error) {
    // Usually "query is too old": the answer itself can still be sent.
    kit.logger.debug({ err: safeError(error, kit.token) }, 'answerCallbackQuery failed');
  }
}

/** {@link TelegramBotKit.report}. */
async function reportFailure(kit: TelegramBotKit, error: unknown, ctx: Context): Promise<void> {
  kit.logger.error(
    { err: safeError(error, kit.token), updateId: ctx.update.update_id, chatType: ctx.chat?.type },
    'telegram update failed',
  );
  try {
    // A button's query may already be answered (then this toast fails quietly): also say it in the chat.
    if (ctx.callbackQuery) await kit.answerCallback(ctx, SORRY_TEXT);
    const replyTo = inGroup(ctx) && !ctx.callbackQuery ? ctx.msg?.message_id : undefined;
    if (ctx.chat) await kit.sender.notice(ctx, SORRY_TEXT, undefined, replyTo);
  } catch (sendError) {
    kit.logger.warn({ err: safeError(sendError, kit.token) }, 'could not tell the user about the failure');
  }
}
