/**
 * What the Telegram moderator glue does to a chat: who is an admin (`getChatMember`), the
 * settings menu as an inline keyboard, and rendering a {@link Outcome} — notices, the menu
 * edited in place, toasts, and posting / pinning / unpinning the welcome message.
 */
import { InlineKeyboard, type Context } from 'grammy';
import type { Logger } from 'pino';
import type { ConversationRef } from '../../core/assistant.js';
import type { Incoming, Reply } from '../../core/types.js';
import type { FollowUp } from '../../kb/schema.js';
import type { MenuView, Moderation, Outcome, WelcomeMessage, WelcomeResult } from '../../moderation/index.js';
import { senderId } from './addressing.js';
import { followUpKeyboard } from './keyboard.js';
import { renderTextHtml } from './render-html.js';
import { safeError } from './safe-error.js';
import type { Sender, SendOptions } from './send.js';

/** What the bot's wiring lends the glue (closures of `createTelegramBot`). */
export interface TelegramKit {
  /** Runs one turn through the assistant and sends the (styled) answer. */
  answer(ctx: Context, ref: ConversationRef, input: Incoming, send?: SendOptions & { question?: string }): Promise<void>;
  /** Per-user and per-chat limits for a message; sends the "slow down" notice itself. */
  admit(ctx: Context, userId: number, replyTo?: number): Promise<boolean>;
  /** True when the user is over their limit (button presses). */
  limited(userId: number): boolean;
  /** True when the chat cannot take another message now. */
  chatFull(ctx: Context): boolean;
  sender: Sender;
  refOf(ctx: Context, userId: number): ConversationRef;
  /** Answers a button press (a toast when `text` is given, an alert with `alert`); a failure is only logged. */
  answerCallback(ctx: Context, text?: string, alert?: boolean): Promise<void>;
  /** BotFather token, cut out of logged errors. */
  readonly token: string;
  logger: Logger;
}

/** Hooks the bot's existing handlers call. */
export interface TelegramModerationHooks {
  /** Styles a reply for its group. */
  present(reply: Reply, ref: ConversationRef): Promise<Reply>;
  /** False when the group turned answers off and the sender is no admin. */
  memberAllowed(ctx: Context): Promise<boolean>;
  /** Like {@link memberAllowed} for a follow-up button; a refused press gets a private toast. */
  buttonAllowed(ctx: Context): Promise<boolean>;
  /** A group message that does not address the bot (auto-answer mode). */
  unaddressed(ctx: Context): Promise<void>;
  /** A topic list without the group's disabled topics. */
  topics(ctx: Context, topics: FollowUp[]): Promise<FollowUp[]>;
}

/** Telegram's anonymous-admin account ("Group", GroupAnonymousBot). */
const ANONYMOUS_ADMIN_ID = 1087968824;

/** The group of the update's chat (`tg:<id>`), undefined in private chats. */
export function telegramGroup(ctx: Context): string | undefined {
  const chat = ctx.chat;
  return chat === undefined || chat.type === 'private' ? undefined : `tg:${chat.id}`;
}

/**
 * Asks Telegram, now, whether the sender administers the chat: `creator` or `administrator`.
 * A message an anonymous admin sent as the group itself counts. Failures count as "no".
 */
export async function isTelegramAdmin(ctx: Context, logger?: Logger): Promise<boolean> {
  const chat = ctx.chat;
  const from = ctx.from;
  if (chat === undefined || chat.type === 'private' || from === undefined) return false;
  const senderChat = ctx.message?.sender_chat;
  if (senderChat !== undefined) return senderChat.id === chat.id && from.id === ANONYMOUS_ADMIN_ID;
  try {
    const member = await ctx.api.getChatMember(chat.id, from.id);
    return member.status === 'creator' || member.status === 'administrator';
  } catch (error) {
    logger?.warn({ err: safeError(error) }, 'getChatMember failed; treated as not an admin');
    return false;
  }
}

/** The settings menu as an inline keyboard (`m:` callback data; topic toggles two per row). */
export function menuKeyboard(view: MenuView): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  const rows = view.page === 'topics' ? pairs(view.rows.flat()) : view.rows;
  rows.forEach((row, i) => {
    for (const b of row) keyboard.text(b.label, b.id);
    if (i < rows.length - 1) keyboard.row();
  });
  return keyboard;
}

function pairs<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += 2) out.push(items.slice(i, i + 2));
  return out;
}

/** Sends an outcome of the toolkit to the chat (`replyTo` threads it under the command). */
export async function renderOutcome(kit: TelegramKit, ctx: Context, outcome: Outcome, replyTo: number | undefined): Promise<void> {
  switch (outcome.kind) {
    case 'notice':
    case 'refused':
    case 'report':
      await kit.sender.notice(ctx, outcome.text, undefined, replyTo);
      return;
    case 'menu':
      await kit.sender.notice(ctx, outcome.note ? `${outcome.note}\n\n${outcome.view.text}` : outcome.view.text, menuKeyboard(outcome.view), replyTo);
      return;
    case 'topics':
      await kit.sender.notice(ctx, outcome.text, followUpKeyboard(outcome.topics, { perRow: 2 }), replyTo);
      return;
    case 'answer': {
      const who = senderId(ctx);
      if (who !== undefined) await kit.answer(ctx, kit.refOf(ctx, who), { type: 'button', id: outcome.topicId }, { intro: outcome.intro, replyTo });
      return;
    }
    case 'silent':
      return;
  }
}

/** Edits the settings menu in place. */
export async function editMenu(kit: TelegramKit, ctx: Context, view: MenuView): Promise<void> {
  const [html] = renderTextHtml(view.text);
  try {
    await ctx.editMessageText(html, { parse_mode: 'HTML', reply_markup: menuKeyboard(view), link_preview_options: { is_disabled: true } });
  } catch (error) {
    // "message is not modified" (same view) and "message to edit not found" are harmless.
    kit.logger.debug({ err: safeError(error, kit.token) }, 'settings menu not edited');
  }
}

/** Posts the group's welcome and pins it; says how far it got. */
export async function postWelcome(kit: TelegramKit, service: Moderation, ctx: Context, group: string): Promise<{ result: WelcomeResult; message?: WelcomeMessage }> {
  const chat = ctx.chat;
  if (chat === undefined || kit.chatFull(ctx)) return { result: 'not-posted' };
  const [html] = renderTextHtml(await service.welcomeFor(group, 'telegram'));
  let messageId: number;
  try {
    messageId = (await ctx.api.sendMessage(chat.id, html, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } })).message_id;
  } catch (error) {
    kit.logger.info({ err: safeError(error, kit.token) }, 'welcome message not posted');
    return { result: 'not-posted' };
  }
  const message = { chat: String(chat.id), id: String(messageId) };
  try {
    await ctx.api.pinChatMessage(chat.id, messageId, { disable_notification: true });
    return { result: 'pinned', message };
  } catch (error) {
    kit.logger.info({ err: safeError(error, kit.token) }, 'welcome message not pinned');
    return { result: 'not-pinned', message };
  }
}

/** Unpins the welcome message the bot pinned before. */
export async function removeWelcome(kit: TelegramKit, ctx: Context, message: WelcomeMessage | undefined): Promise<WelcomeResult> {
  if (message === undefined || ctx.chat === undefined) return 'unpinned';
  try {
    await ctx.api.unpinChatMessage(ctx.chat.id, Number(message.id));
    return 'unpinned';
  } catch (error) {
    kit.logger.info({ err: safeError(error, kit.token) }, 'welcome message not unpinned');
    return 'unpin-failed';
  }
}
