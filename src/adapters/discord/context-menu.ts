/**
 * The "Answer with bot" message context menu: the moderator sees the top 3 matching topics
 * (or the menu's topics when nothing matches) ephemerally and picks one (`mod:…` button,
 * handled in `buttons.ts`); a target with a screenshot is read and answered instead.
 */
import { RATE_LIMITED_TEXT } from '../../core/rate-limit.js';
import { clipInput } from '../input.js';
import { imageMenuAnswer, imageAttachment } from './attachments.js';
import { COMMANDS } from './commands.js';
import { moderatorCustomId } from './custom-ids.js';
import { topicLabel, type DiscordHandlerKit } from './handler-kit.js';
import { EPHEMERAL, scopeOf, userKey, type MessageMenuInteraction, type TargetMessage } from './interactions.js';
import { renderModeratorPrompt, type ModeratorChoice } from './render-moderator.js';
import { BOT_TARGET_TEXT, GUILD_ONLY_TEXT, UNKNOWN_COMMAND_TEXT } from './texts.js';

/** The moderator's choices for `m`: its best-matching topics (up to 3), else the menu (up to 5). */
function choicesFor(kit: DiscordHandlerKit, m: TargetMessage): { choices: ModeratorChoice[]; matched: boolean } {
  const { brain } = kit.assistant;
  const alternatives = brain.matcher.match(clipInput(m.content)).alternatives;
  const picks: Array<{ topicId: string; confidence?: number }> = [];
  for (const alt of alternatives) {
    const topicId = brain.kb.intents.find((x) => x.id === alt.intent)?.topic;
    if (topicId && brain.kb.topics.has(topicId) && !picks.some((p) => p.topicId === topicId)) {
      picks.push({ topicId, confidence: alt.confidence });
    }
  }
  const matched = picks.length > 0;
  if (!matched) for (const f of brain.kb.common.menu) picks.push({ topicId: f.id });
  const choices: ModeratorChoice[] = [];
  for (const p of picks.slice(0, matched ? 3 : 5)) {
    const customId = moderatorCustomId({ topicId: p.topicId, channelId: m.channelId, messageId: m.id, authorId: m.author.id });
    if (customId === null) continue;
    choices.push({ customId, label: topicLabel(kit, p.topicId), confidence: p.confidence });
  }
  return { choices, matched };
}

/** The context-menu handler; it resolves when done and never rejects. */
export function contextMenuHandler(kit: DiscordHandlerKit): (i: MessageMenuInteraction) => Promise<void> {
  return async (i) => {
    try {
      if (kit.limited(i.user.id)) return await kit.say(i, RATE_LIMITED_TEXT);
      if (i.commandName !== COMMANDS.answerWithBot) return await kit.say(i, UNKNOWN_COMMAND_TEXT);
      if (i.guildId === null) return await kit.say(i, GUILD_ONLY_TEXT);
      const target = i.targetMessage;
      if (target.author.bot) return await kit.say(i, BOT_TARGET_TEXT);
      const image = kit.images && imageAttachment(target);
      if (kit.images && image) {
        const invoker = { user: userKey(i.user.id), scope: scopeOf(i.guildId, i.channelId) };
        const author = { user: userKey(target.author.id), scope: scopeOf(i.guildId, target.channelId) };
        const menu = imageMenuAnswer(kit.images, image, { invoker, author, memberPermissions: i.memberPermissions }, (ref, input) => kit.answer(ref, input));
        return await kit.respond(i, menu.ephemeral, menu.work);
      }
      const { choices, matched } = choicesFor(kit, target);
      kit.log.info({ event: 'mod-menu', choices: choices.length, matched }, 'discord context menu');
      await i.reply({ ...renderModeratorPrompt(clipInput(target.content), choices, matched), ...EPHEMERAL });
    } catch (error) {
      await kit.failed(i, error, 'context-menu');
    }
  };
}
