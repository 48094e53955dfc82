/**
 * The bot's own commands as one grammY {@link Composer}: `/start` (with deep-link payloads),
 * `/help`, `/topics`, `/forget`, and `/ask` / `/answer` (a question, or — sent as a reply in a
 * group — the replied-to member's message). The moderator toolkit's commands live in
 * `moderation.ts` (`src/adapters/telegram/`) and are installed before these.
 */
import { Composer, type CommandContext, type Context } from 'grammy';
import { isLiveButton, labelOf } from '../../../core/respond.js';
import { SMALL_TALK_INTENTS, type FollowUp } from '../../../kb/schema.js';
import { clipInput } from '../../input.js';
import { messageText, senderId, stripMention, userRef } from '../addressing.js';
import { followUpKeyboard } from '../keyboard.js';
import type { TelegramBotKit } from '../kit.js';
import { imageOf } from '../photo.js';
import { ASK_USAGE_TEXT, FORGET_DONE_TEXT, FORGET_FAILED_TEXT, HELP_TEXT, TOPICS_TEXT, WELCOME_TEXT } from '../texts.js';
import type { ImageAnswerer } from './photos.js';

/** Who sent an admitted command, and the message to reply to (groups only). */
interface AdmittedCommand {
  who: number;
  replyTo: number | undefined;
}

/** The sender of a command, when the rate limits let it through (they send the "slow down" notice). */
async function admitCommand(kit: TelegramBotKit, ctx: CommandContext<Context>): Promise<AdmittedCommand | undefined> {
  const replyTo = kit.inGroup(ctx) ? ctx.msg.message_id : undefined;
  const who = senderId(ctx);
  if (who === undefined || !(await kit.admit(ctx, who, replyTo))) return undefined;
  return { who, replyTo };
}

/** Every topic a user can pick in `/topics`, with its button label. */
function allTopics(kit: TelegramBotKit): FollowUp[] {
  const { brain } = kit.assistant;
  const ids = [...Object.keys(brain.kb.common.labels), ...brain.kb.topics.keys()];
  const out: FollowUp[] = [];
  for (const id of new Set(ids)) {
    const topic = brain.kb.topics.get(id);
    if (topic && !SMALL_TALK_INTENTS.has(id)) out.push({ id, label: labelOf(brain, topic) });
  }
  return out;
}

/** `/ask` and `/answer`: the argument, an image, or the message the command replies to. */
async function ask(kit: TelegramBotKit, ctx: CommandContext<Context>, answerImage: ImageAnswerer | undefined): Promise<void> {
  const group = kit.inGroup(ctx);
  const admitted = await admitCommand(kit, ctx);
  if (admitted === undefined) return;
  const { who, replyTo } = admitted;
  if (kit.moderation && !(await kit.moderation.memberAllowed(ctx))) return;
  if (answerImage && imageOf(ctx.msg)) return answerImage(ctx, ctx.msg, kit.refOf(ctx, who), replyTo);
  const question = stripMention(clipInput(ctx.match), ctx.me.username);
  if (question !== '') {
    await kit.answer(ctx, kit.refOf(ctx, who), { type: 'text', text: question }, { replyTo, question });
    return;
  }
  // No argument: answer the message this command replies to, as a reply to it, in its author's conversation.
  const target = ctx.msg.reply_to_message;
  const author = target?.from;
  if (answerImage && group && target && author && !author.is_bot && imageOf(target)) {
    return answerImage(ctx, target, kit.refOf(ctx, author.id), target.message_id);
  }
  const targetText = target ? stripMention(clipInput(messageText(target).text), ctx.me.username) : '';
  if (group && target && author && !author.is_bot && target.forum_topic_created === undefined && targetText !== '') {
    await kit.answer(ctx, kit.refOf(ctx, author.id), { type: 'text', text: targetText }, { replyTo: target.message_id, question: targetText });
    return;
  }
  await kit.sender.notice(ctx, ASK_USAGE_TEXT, group ? undefined : followUpKeyboard(kit.assistant.brain.kb.common.menu), replyTo);
}

/**
 * The command handlers, each under the per-user and per-chat limits. `answerImage` (from the
 * photo composer) lets `/ask` read a screenshot, its own or the replied-to message's.
 */
export function commandComposer(kit: TelegramBotKit, answerImage?: ImageAnswerer): Composer<Context> {
  const composer = new Composer<Context>();
  const { assistant, sender } = kit;
  const { kb } = assistant.brain;

  composer.command('start', async (ctx) => {
    const admitted = await admitCommand(kit, ctx);
    if (admitted === undefined) return;
    const { who, replyTo } = admitted;
    const payload = ctx.match.trim();
    const ref = kit.refOf(ctx, who);
    if (payload !== '' && payload !== 'menu' && isLiveButton(assistant.brain, payload)) {
      await kit.answer(ctx, ref, { type: 'button', id: payload }, { replyTo });
    } else {
      await kit.answer(ctx, ref, { type: 'button', id: 'menu' }, { intro: WELCOME_TEXT, replyTo });
    }
  });

  composer.command('help', async (ctx) => {
    const admitted = await admitCommand(kit, ctx);
    if (admitted === undefined) return;
    await sender.notice(ctx, HELP_TEXT, followUpKeyboard(kb.common.menu), admitted.replyTo);
  });

  composer.command('topics', async (ctx) => {
    const admitted = await admitCommand(kit, ctx);
    if (admitted === undefined) return;
    const mod = kit.moderation;
    if (mod && !(await mod.memberAllowed(ctx))) return;
    const topics = mod ? await mod.topics(ctx, allTopics(kit)) : allTopics(kit);
    await sender.notice(ctx, TOPICS_TEXT, followUpKeyboard(topics, { perRow: 2 }), admitted.replyTo);
  });

  composer.command('forget', async (ctx) => {
    const admitted = await admitCommand(kit, ctx);
    if (admitted === undefined) return;
    const done = await assistant.forgetUser(userRef(admitted.who));
    if (!done) kit.logger.warn({ updateId: ctx.update.update_id }, 'forget failed: store unavailable');
    await sender.notice(ctx, done ? FORGET_DONE_TEXT : FORGET_FAILED_TEXT, undefined, admitted.replyTo);
  });

  composer.command(['ask', 'answer'], (ctx) => ask(kit, ctx, answerImage));
  return composer;
}
