/**
 * The message handler: every DM is a question, and a server message is one when it mentions
 * the bot (`guild-messages.ts`). A forward (empty content, text in its snapshot) is analysed
 * like typed text, an image attachment is read by the OCR. Replies go under the per-user limit
 * and the channel budget: a full channel gets nothing more, not even the "slow down" notice.
 */
import { isPersonal, privateSuggestion } from '../../core/group-policy.js';
import { RATE_LIMITED_TEXT } from '../../core/rate-limit.js';
import type { Incoming } from '../../core/types.js';
import { clipInput } from '../input.js';
import { imageAttachment, readAttachment } from './attachments.js';
import { guildQuestion } from './guild-messages.js';
import type { DiscordHandlerKit } from './handler-kit.js';
import { scopeOf, userKey, type ChatMessage } from './interactions.js';
import { textPayload } from './render-embed.js';
import { ERROR_TEXT } from './texts.js';

/** The text of a message: its content, or for a forward the text of what was forwarded. */
export function messageTextOf(m: Pick<ChatMessage, 'content' | 'messageSnapshots'>): string {
  if (m.content.trim() !== '' || m.messageSnapshots === undefined) return m.content;
  return [...m.messageSnapshots.values()].map((s) => s.content).join('\n');
}

/** Answers `text` (or the message's screenshot) as replies to `m`, under the limits. */
async function answerMessage(kit: DiscordHandlerKit, m: ChatMessage, text: string): Promise<void> {
  const { budget, log } = kit;
  // A full channel gets nothing more, not even the "slow down" notice.
  if (budget.remaining(m.channelId) < 1) {
    log.debug({ event: 'channel-full', guild: m.guildId !== null }, 'discord: channel send budget exhausted; message ignored');
    return;
  }
  if (kit.limited(m.author.id)) {
    if (kit.notices.take(userKey(m.author.id)) && budget.tryTake(m.channelId, 1)) {
      await m.reply({ ...textPayload(RATE_LIMITED_TEXT), failIfNotExists: false });
    }
    return;
  }
  const ref = { user: userKey(m.author.id), scope: scopeOf(m.guildId, m.channelId) };
  const image = kit.images && imageAttachment(m);
  const read = kit.images && image ? await readAttachment(kit.images, image) : undefined;
  if (read && !read.ok) {
    if (budget.tryTake(m.channelId, 1)) await m.reply({ ...textPayload(read.notice), failIfNotExists: false });
    return;
  }
  const input: Incoming = read ? read.input : { type: 'text', text };
  const note = m.guildId !== null && isPersonal(input.type === 'text' ? input.text : text) ? privateSuggestion() : undefined;
  const payloads = await kit.answer(ref, input, { note });
  if (!budget.tryTake(m.channelId, payloads.length)) {
    log.debug({ event: 'channel-full', guild: m.guildId !== null }, 'discord: channel send budget exhausted; answer dropped');
    return;
  }
  for (const p of payloads) await m.reply({ ...p, failIfNotExists: false });
}

/** The message handler; it resolves when done and never rejects. */
export function messageHandler(kit: DiscordHandlerKit): (m: ChatMessage) => Promise<void> {
  return async (m) => {
    try {
      const botId = kit.botUserId();
      if (m.author.bot || m.system || m.webhookId !== null || m.author.id === botId) return;
      let text = clipInput(messageTextOf(m));
      if (m.guildId !== null) {
        const question = await guildQuestion(kit, m, text, botId);
        if (question === undefined) return;
        text = question;
      }
      await answerMessage(kit, m, text);
    } catch (error) {
      kit.log.error({ err: error, handler: 'message', guild: m.guildId !== null }, 'discord handler failed');
      try {
        if (kit.budget.tryTake(m.channelId, 1)) await m.reply({ ...textPayload(ERROR_TEXT), failIfNotExists: false });
      } catch (again) {
        kit.log.warn({ err: again }, 'discord: could not send the error reply');
      }
    }
  };
}
