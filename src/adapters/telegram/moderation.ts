/**
 * Telegram glue of the moderator toolkit (`src/moderation/`): asks Telegram who is an admin
 * (`getChatMember`: creator or administrator; an anonymous admin writing as the group counts),
 * and renders the shared outcomes — `/settings` as a message with an inline keyboard edited in
 * place on every press (admin status re-checked on each press), `/faq`, `/unanswered` (sent
 * to the admin privately), auto-answers, and the pinned welcome (`pinChatMessage`, with a
 * polite note when the bot lacks the right). Every decision is made by {@link Moderation}.
 */
import { GrammyError, InlineKeyboard, type Api, type Composer, type Context } from 'grammy';
import type { Logger } from 'pino';
import type { ConversationRef } from '../../core/assistant.js';
import { RATE_LIMITED_TEXT } from '../../core/rate-limit.js';
import type { Incoming, Reply } from '../../core/types.js';
import type { FollowUp } from '../../kb/schema.js';
import {
  REPORT_DM_FAILED_TEXT,
  REPORT_SENT_TEXT,
  welcomeResultText,
  type Actor,
  type MenuView,
  type Moderation,
  type Outcome,
  type WelcomeMessage,
  type WelcomeResult,
} from '../../moderation/index.js';
import { groupOf } from '../../store/unanswered-log.js';
import { clipInput } from '../input.js';
import { messageText, senderId, stripMention } from './addressing.js';
import { followUpKeyboard } from './keyboard.js';
import { renderTextHtml } from './render-html.js';
import type { Sender, SendOptions } from './send.js';
import { COMMANDS_EN, COMMANDS_ZH, type CommandText } from './texts.js';

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
    logger?.warn({ err: error instanceof GrammyError ? error.description : String(error) }, 'getChatMember failed; treated as not an admin');
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

/** The moderator toolkit on Telegram. Install one per bot with {@link TelegramModeration.install}. */
export class TelegramModeration {
  constructor(readonly service: Moderation) {}

  /**
   * Adds `/settings`, `/faq`, `/unanswered` and the `m:` settings buttons to `composer`
   * (install before the generic button handler) and returns the hooks for the existing handlers.
   */
  install(composer: Composer<Context>, kit: TelegramKit): TelegramModerationHooks {
    const { service } = this;
    const log = kit.logger;
    const actorOf = (ctx: Context): Actor => ({ group: telegramGroup(ctx), isAdmin: () => isTelegramAdmin(ctx, log) });
    const replyToOf = (ctx: Context): number | undefined => (telegramGroup(ctx) === undefined ? undefined : ctx.msg?.message_id);

    async function render(ctx: Context, outcome: Outcome, replyTo: number | undefined): Promise<void> {
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

    async function toast(ctx: Context, text?: string, alert = false): Promise<void> {
      try {
        await ctx.answerCallbackQuery(text === undefined ? undefined : { text, show_alert: alert });
      } catch (error) {
        log.debug({ err: error instanceof GrammyError ? error.description : String(error) }, 'answerCallbackQuery failed');
      }
    }

    async function editMenu(ctx: Context, view: MenuView): Promise<void> {
      const [html] = renderTextHtml(view.text);
      try {
        await ctx.editMessageText(html, { parse_mode: 'HTML', reply_markup: menuKeyboard(view), link_preview_options: { is_disabled: true } });
      } catch (error) {
        // "message is not modified" (same view) and "message to edit not found" are harmless.
        log.debug({ err: error instanceof GrammyError ? error.description : String(error) }, 'settings menu not edited');
      }
    }

    async function postWelcome(ctx: Context, group: string): Promise<{ result: WelcomeResult; message?: WelcomeMessage }> {
      const chat = ctx.chat;
      if (chat === undefined || kit.chatFull(ctx)) return { result: 'not-posted' };
      const [html] = renderTextHtml(await service.welcomeFor(group, 'telegram'));
      let messageId: number;
      try {
        messageId = (await ctx.api.sendMessage(chat.id, html, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } })).message_id;
      } catch (error) {
        log.info({ err: error instanceof GrammyError ? error.description : String(error) }, 'welcome message not posted');
        return { result: 'not-posted' };
      }
      const message = { chat: String(chat.id), id: String(messageId) };
      try {
        await ctx.api.pinChatMessage(chat.id, messageId, { disable_notification: true });
        return { result: 'pinned', message };
      } catch (error) {
        log.info({ err: error instanceof GrammyError ? error.description : String(error) }, 'welcome message not pinned');
        return { result: 'not-pinned', message };
      }
    }

    async function removeWelcome(ctx: Context, message: WelcomeMessage | undefined): Promise<WelcomeResult> {
      if (message === undefined || ctx.chat === undefined) return 'unpinned';
      try {
        await ctx.api.unpinChatMessage(ctx.chat.id, Number(message.id));
        return 'unpinned';
      } catch (error) {
        log.info({ err: error instanceof GrammyError ? error.description : String(error) }, 'welcome message not unpinned');
        return 'unpin-failed';
      }
    }

    composer.command('settings', async (ctx) => {
      const replyTo = replyToOf(ctx);
      const who = senderId(ctx);
      if (!ctx.from || who === undefined || !(await kit.admit(ctx, who, replyTo))) return;
      await render(ctx, await service.settingsCommand(actorOf(ctx), stripMention(ctx.match, ctx.me.username)), replyTo);
    });

    composer.command('faq', async (ctx) => {
      const replyTo = replyToOf(ctx);
      const who = senderId(ctx);
      if (!ctx.from || who === undefined || !(await kit.admit(ctx, who, replyTo))) return;
      const outcome = await service.faq(actorOf(ctx), stripMention(clipInput(ctx.match), ctx.me.username));
      // `/faq <topic>` sent as a reply to a member's message answers that member, under their message.
      const target = ctx.msg.reply_to_message;
      const author = target?.from;
      if (outcome.kind === 'answer' && target && author && !author.is_bot && target.forum_topic_created === undefined && replyTo !== undefined) {
        await kit.answer(ctx, kit.refOf(ctx, author.id), { type: 'button', id: outcome.topicId }, { replyTo: target.message_id });
        return;
      }
      await render(ctx, outcome, replyTo);
    });

    composer.command('unanswered', async (ctx) => {
      const replyTo = replyToOf(ctx);
      const who = senderId(ctx);
      if (!ctx.from || who === undefined || !(await kit.admit(ctx, who, replyTo))) return;
      const outcome = await service.unansweredReport(actorOf(ctx));
      if (outcome.kind !== 'report') return render(ctx, outcome, replyTo);
      // The report quotes members' questions: it goes to the admin privately, never to the group.
      try {
        for (const chunk of renderTextHtml(outcome.text)) {
          await ctx.api.sendMessage(ctx.from.id, chunk, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
        }
      } catch (error) {
        log.info({ err: error instanceof GrammyError ? error.description : String(error) }, 'unanswered report not delivered privately');
        await kit.sender.notice(ctx, REPORT_DM_FAILED_TEXT, undefined, replyTo);
        return;
      }
      await kit.sender.notice(ctx, REPORT_SENT_TEXT, undefined, replyTo);
    });

    composer.callbackQuery(/^m:/u, async (ctx) => {
      if (kit.limited(ctx.from.id)) return toast(ctx, RATE_LIMITED_TEXT);
      const group = telegramGroup(ctx);
      const outcome = await service.press(actorOf(ctx), ctx.callbackQuery.data);
      if (outcome.kind !== 'updated') return toast(ctx, outcome.text, true);
      await toast(ctx, outcome.toast);
      await editMenu(ctx, outcome.view);
      if (!outcome.welcome || group === undefined) return;
      let result: WelcomeResult;
      let message: WelcomeMessage | undefined;
      if (outcome.welcome.action === 'post') ({ result, message } = await postWelcome(ctx, group));
      else result = await removeWelcome(ctx, outcome.welcome.message);
      const view = await service.welcomeDone(group, result, message);
      if (view) await editMenu(ctx, view);
      await kit.sender.notice(ctx, welcomeResultText(result, 'telegram'));
    });

    return {
      present: (reply, ref) => service.present(reply, groupOf(ref.scope)),
      memberAllowed: (ctx) => service.memberAllowed(actorOf(ctx)),
      async buttonAllowed(ctx) {
        if (await service.memberAllowed(actorOf(ctx))) return true;
        await toast(ctx, await service.answersOffText(telegramGroup(ctx)), true);
        return false;
      },
      topics: (ctx, topics) => service.filterTopics(telegramGroup(ctx), topics),
      async unaddressed(ctx) {
        const msg = ctx.message;
        const group = telegramGroup(ctx);
        if (!msg || !ctx.from || group === undefined) return;
        // Only members' own words: not bots, channels, anonymous admins or forwards.
        if (ctx.from.is_bot || msg.sender_chat !== undefined || msg.forward_origin !== undefined || msg.is_automatic_forward === true) return;
        if (kit.chatFull(ctx)) return;
        const text = clipInput(messageText(msg).text);
        const outcome = await service.autoAnswer(group, text);
        if (outcome.kind !== 'answer') return;
        await kit.answer(ctx, kit.refOf(ctx, ctx.from.id), { type: 'button', id: outcome.topicId }, { intro: outcome.intro, replyTo: msg.message_id, question: text });
      },
    };
  }
}

/** The command menu in groups, Chinese: the usual commands plus `/faq`. */
export const GROUP_COMMANDS_ZH: readonly CommandText[] = [...COMMANDS_ZH, { command: 'faq', description: '查看某个话题的标准回答' }];
/** The command menu in groups, English. */
export const GROUP_COMMANDS_EN: readonly CommandText[] = [...COMMANDS_EN, { command: 'faq', description: "A topic's standard answer" }];
/** The command menu of group admins, Chinese: the group menu plus `/settings` and `/unanswered`. */
export const ADMIN_COMMANDS_ZH: readonly CommandText[] = [
  ...GROUP_COMMANDS_ZH,
  { command: 'settings', description: '本群机器人设置（管理员）' },
  { command: 'unanswered', description: '没能回答的问题（管理员）' },
];
/** The command menu of group admins, English. */
export const ADMIN_COMMANDS_EN: readonly CommandText[] = [
  ...GROUP_COMMANDS_EN,
  { command: 'settings', description: 'Bot settings for this group (admins)' },
  { command: 'unanswered', description: 'Questions the bot could not answer (admins)' },
];

/** Registers the group and group-admin command menus (call after `registerCommands`). */
export async function registerModerationCommands(api: Api): Promise<void> {
  await api.setMyCommands([...GROUP_COMMANDS_EN], { scope: { type: 'all_group_chats' } });
  await api.setMyCommands([...GROUP_COMMANDS_ZH], { scope: { type: 'all_group_chats' }, language_code: 'zh' });
  await api.setMyCommands([...ADMIN_COMMANDS_EN], { scope: { type: 'all_chat_administrators' } });
  await api.setMyCommands([...ADMIN_COMMANDS_ZH], { scope: { type: 'all_chat_administrators' }, language_code: 'zh' });
}
