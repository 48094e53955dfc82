/**
 * Telegram glue of the moderator toolkit (`src/moderation/`): asks Telegram who is an admin
 * (`getChatMember`: creator or administrator; an anonymous admin writing as the group counts),
 * and renders the shared outcomes — `/settings` as a message with an inline keyboard edited in
 * place on every press (admin status re-checked on each press), `/faq`, `/unanswered` (sent
 * to the admin privately), auto-answers, and the pinned welcome (`pinChatMessage`, with a
 * polite note when the bot lacks the right). Every decision is made by {@link Moderation}.
 */
import type { Api, Composer, Context } from 'grammy';
import { RATE_LIMITED_TEXT } from '../../core/rate-limit.js';
import { REPORT_DM_FAILED_TEXT, REPORT_SENT_TEXT, welcomeResultText, type Actor, type Moderation, type WelcomeMessage, type WelcomeResult } from '../../moderation/index.js';
import { groupOf } from '../../store/unanswered-log.js';
import { clipInput } from '../input.js';
import { messageText, senderId, stripMention } from './addressing.js';
import { editMenu, isTelegramAdmin, postWelcome, removeWelcome, renderOutcome, telegramGroup, type TelegramKit, type TelegramModerationHooks } from './moderation-chat.js';
import { renderTextHtml } from './render-html.js';
import { safeError } from './safe-error.js';
import { COMMANDS_EN, COMMANDS_ZH, type CommandText } from './texts.js';

export { isTelegramAdmin, menuKeyboard, telegramGroup, type TelegramKit, type TelegramModerationHooks } from './moderation-chat.js';

/** What every handler of the toolkit needs. */
interface Wiring {
  service: Moderation;
  kit: TelegramKit;
  actorOf(ctx: Context): Actor;
}

/** The moderator toolkit on Telegram. Install one per bot with {@link TelegramModeration.install}. */
export class TelegramModeration {
  constructor(readonly service: Moderation) {}

  /**
   * Adds `/settings`, `/faq`, `/unanswered` and the `m:` settings buttons to `composer`
   * (install before the generic button handler) and returns the hooks for the existing handlers.
   */
  install(composer: Composer<Context>, kit: TelegramKit): TelegramModerationHooks {
    const wiring: Wiring = { service: this.service, kit, actorOf: (ctx) => ({ group: telegramGroup(ctx), isAdmin: () => isTelegramAdmin(ctx, kit.logger) }) };
    installCommands(composer, wiring);
    installSettingsButtons(composer, wiring);
    return hooksOf(wiring);
  }
}

/** Replies in a group thread under the command; none in private chats. */
const replyToOf = (ctx: Context): number | undefined => (telegramGroup(ctx) === undefined ? undefined : ctx.msg?.message_id);

function installCommands(composer: Composer<Context>, w: Wiring): void {
  const { service, kit } = w;
  const admitted = async (ctx: Context, replyTo: number | undefined): Promise<boolean> => {
    const who = senderId(ctx);
    return ctx.from !== undefined && who !== undefined && (await kit.admit(ctx, who, replyTo));
  };
  composer.command('settings', async (ctx) => {
    const replyTo = replyToOf(ctx);
    if (!(await admitted(ctx, replyTo))) return;
    await renderOutcome(kit, ctx, await service.settingsCommand(w.actorOf(ctx), stripMention(ctx.match, ctx.me.username)), replyTo);
  });
  composer.command('faq', async (ctx) => {
    const replyTo = replyToOf(ctx);
    if (!(await admitted(ctx, replyTo))) return;
    const outcome = await service.faq(w.actorOf(ctx), stripMention(clipInput(ctx.match), ctx.me.username));
    // `/faq <topic>` sent as a reply to a member's message answers that member, under their message.
    const target = ctx.msg.reply_to_message;
    const author = target?.from;
    if (outcome.kind === 'answer' && target && author && !author.is_bot && target.forum_topic_created === undefined && replyTo !== undefined) {
      await kit.answer(ctx, kit.refOf(ctx, author.id), { type: 'button', id: outcome.topicId }, { replyTo: target.message_id });
      return;
    }
    await renderOutcome(kit, ctx, outcome, replyTo);
  });
  composer.command('unanswered', async (ctx) => {
    const replyTo = replyToOf(ctx);
    if (!(await admitted(ctx, replyTo))) return;
    const outcome = await service.unansweredReport(w.actorOf(ctx));
    if (outcome.kind !== 'report') return renderOutcome(kit, ctx, outcome, replyTo);
    await sendReportPrivately(kit, ctx, outcome.text, replyTo);
  });
}

/** The report quotes members' questions: it goes to the admin privately, never to the group. */
async function sendReportPrivately(kit: TelegramKit, ctx: Context, text: string, replyTo: number | undefined): Promise<void> {
  const admin = ctx.from;
  if (admin === undefined) return;
  try {
    for (const chunk of renderTextHtml(text)) {
      await ctx.api.sendMessage(admin.id, chunk, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
    }
  } catch (error) {
    kit.logger.info({ err: safeError(error, kit.token) }, 'unanswered report not delivered privately');
    await kit.sender.notice(ctx, REPORT_DM_FAILED_TEXT, undefined, replyTo);
    return;
  }
  await kit.sender.notice(ctx, REPORT_SENT_TEXT, undefined, replyTo);
}

function installSettingsButtons(composer: Composer<Context>, w: Wiring): void {
  const { service, kit } = w;
  composer.callbackQuery(/^m:/u, async (ctx) => {
    if (kit.limited(ctx.from.id)) return kit.answerCallback(ctx, RATE_LIMITED_TEXT);
    const group = telegramGroup(ctx);
    const outcome = await service.press(w.actorOf(ctx), ctx.callbackQuery.data);
    if (outcome.kind !== 'updated') return kit.answerCallback(ctx, outcome.text, true);
    await kit.answerCallback(ctx, outcome.toast);
    await editMenu(kit, ctx, outcome.view);
    if (!outcome.welcome || group === undefined) return;
    let result: WelcomeResult;
    let message: WelcomeMessage | undefined;
    if (outcome.welcome.action === 'post') ({ result, message } = await postWelcome(kit, service, ctx, group));
    else result = await removeWelcome(kit, ctx, outcome.welcome.message);
    const view = await service.welcomeDone(group, result, message);
    if (view) await editMenu(kit, ctx, view);
    await kit.sender.notice(ctx, welcomeResultText(result, 'telegram'));
  });
}

function hooksOf(w: Wiring): TelegramModerationHooks {
  const { service, kit } = w;
  return {
    present: (reply, ref) => service.present(reply, groupOf(ref.scope)),
    memberAllowed: (ctx) => service.memberAllowed(w.actorOf(ctx)),
    async buttonAllowed(ctx) {
      if (await service.memberAllowed(w.actorOf(ctx))) return true;
      await kit.answerCallback(ctx, await service.answersOffText(telegramGroup(ctx)), true);
      return false;
    },
    topics: (ctx, topics) => service.filterTopics(telegramGroup(ctx), topics),
    unaddressed: (ctx) => autoAnswerUnaddressed(w, ctx),
  };
}

/** A group message that does not address the bot: answered only when auto-answer says so. */
async function autoAnswerUnaddressed(w: Wiring, ctx: Context): Promise<void> {
  const msg = ctx.message;
  const group = telegramGroup(ctx);
  if (!msg || !ctx.from || group === undefined) return;
  // Only members' own words: not bots, channels, anonymous admins or forwards.
  if (ctx.from.is_bot || msg.sender_chat !== undefined || msg.forward_origin !== undefined || msg.is_automatic_forward === true) return;
  if (w.kit.chatFull(ctx)) return;
  const text = clipInput(messageText(msg).text);
  const outcome = await w.service.autoAnswer(group, text);
  if (outcome.kind !== 'answer') return;
  await w.kit.answer(ctx, w.kit.refOf(ctx, ctx.from.id), { type: 'button', id: outcome.topicId }, { intro: outcome.intro, replyTo: msg.message_id, question: text });
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
