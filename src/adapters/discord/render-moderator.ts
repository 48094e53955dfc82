/**
 * The ephemeral prompt a moderator sees after "Answer with bot": a neutralized snippet of the
 * member's message and one button per candidate topic (`mod:…` custom ids).
 */
import { ButtonStyle, EmbedBuilder } from 'discord.js';
import { LIMITS, truncate } from './limits.js';
import { neutralizeUserText } from './neutralize.js';
import { button, buttonRows, NO_MENTIONS, type DiscordPayload } from './render-embed.js';

/** One topic the moderator can pick. */
export interface ModeratorChoice {
  /** `mod:<topicId>:<channelId>:<messageId>:<authorId>`. */
  customId: string;
  label: string;
  /** Matcher confidence 0..1, shown as a percentage when present. */
  confidence?: number;
}

const SNIPPET_MAX = 300;

/** Builds the moderator's ephemeral prompt. `matched` false means the choices are the main menu. */
export function renderModeratorPrompt(content: string, choices: readonly ModeratorChoice[], matched: boolean): DiscordPayload {
  const snippet = content.trim() === '' ? '（这条消息没有文字内容）' : truncate(neutralizeUserText(content, SNIPPET_MAX), SNIPPET_MAX);
  const how = matched
    ? '下面是最接近的话题。选择一个后，我会在频道里公开回复这条消息；只有你能看到这条提示。'
    : '没有识别出明确的话题，可以从常见问题里选一个。选择后，我会在频道里公开回复这条消息。';
  const embed = new EmbedBuilder()
    .setTitle('用助手回答这条消息')
    .setDescription(truncate(`> ${snippet}\n\n${how}`, LIMITS.embedDescription));
  const buttons = choices.map((c, i) =>
    button(
      c.customId,
      c.confidence === undefined ? c.label : `${c.label}（${Math.round(c.confidence * 100)}%）`,
      i === 0 && matched ? ButtonStyle.Primary : ButtonStyle.Secondary,
    ),
  );
  return { embeds: [embed], components: buttonRows(buttons), allowedMentions: NO_MENTIONS };
}
