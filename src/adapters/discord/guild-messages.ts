/**
 * Which server messages are questions to the bot: those that @-mention it (the mention is
 * removed from the question). Every other server message goes to the moderator toolkit's
 * auto-answers, when installed; a server that turned answers off is not answered.
 */
import type { DiscordHandlerKit } from './handler-kit.js';
import type { ChatMessage } from './interactions.js';

/** The user's text with every mention of the bot removed. */
export function stripBotMention(content: string, botId: string): string {
  return content.replace(new RegExp(`<@!?${botId}>`, 'gu'), ' ').replace(/\s+/gu, ' ').trim();
}

/**
 * The question in server message `m` (its clipped `text` without the bot's mention), or
 * undefined when the bot is not to answer it: not mentioned (then offered to the auto-answers)
 * or answers are off for the member.
 */
export async function guildQuestion(kit: DiscordHandlerKit, m: ChatMessage, text: string, botId: string | null): Promise<string | undefined> {
  if (botId === null || !m.mentions.users.has(botId)) {
    await kit.mod?.unaddressed(m);
    return undefined;
  }
  const question = stripBotMention(text, botId);
  if (kit.mod && !(await kit.mod.memberAllowed(m))) return undefined;
  return question;
}
