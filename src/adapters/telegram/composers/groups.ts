/**
 * Groups and supergroups as one grammY {@link Composer}: the bot answers a message that
 * @-mentions it or replies to it, and leaves every other message to the moderator toolkit's
 * auto-answers (when installed). A linked channel's automatic forward is never a question.
 */
import { Composer, type Context } from 'grammy';
import { shouldAnswerInGroup } from '../../../core/group-policy.js';
import type { Incoming } from '../../../core/types.js';
import { clipInput } from '../../input.js';
import { mentionsBot, messageText, repliesToBot, senderId, stripMention, type BotIdentity } from '../addressing.js';
import type { TelegramBotKit } from '../kit.js';

/** The bot's own account, as the addressing checks need it. */
function identity(ctx: Context): BotIdentity {
  return { id: ctx.me.id, username: ctx.me.username };
}

/** The group message handler: mentions and replies to the bot. */
export function groupComposer(kit: TelegramBotKit): Composer<Context> {
  const composer = new Composer<Context>();
  composer.chatType(['group', 'supergroup']).on('message', async (ctx) => {
    const msg = ctx.msg;
    // A linked channel's post copied into its discussion group is not a question to the bot.
    if (msg.is_automatic_forward === true) return;
    const me = identity(ctx);
    const mentioned = mentionsBot(msg, me);
    const replyToBot = repliesToBot(msg, me);
    if (!shouldAnswerInGroup({ mentioned, replyToBot, command: false })) {
      await kit.moderation?.unaddressed(ctx);
      return;
    }
    const question = stripMention(clipInput(messageText(msg).text), me.username);
    // A bare sticker/emoji reply to the bot is a reaction, not a question.
    if (question === '' && !mentioned) return;
    if (kit.moderation && !(await kit.moderation.memberAllowed(ctx))) return;
    const who = senderId(ctx) ?? ctx.from.id;
    if (!(await kit.admit(ctx, who, msg.message_id))) return;
    const input: Incoming = question === '' ? { type: 'button', id: 'menu' } : { type: 'text', text: question };
    await kit.answer(ctx, kit.refOf(ctx, who), input, { replyTo: msg.message_id, question });
  });
  return composer;
}
