/**
 * Who a Telegram message is addressed to and which conversation it belongs to: bot
 * mentions, replies to the bot, conversation scopes (per chat and forum topic) and deep links.
 */
import type { Context } from 'grammy';
import type { Chat, Message, MessageEntity } from 'grammy/types';

/** The bits of the bot's own account needed here. */
export interface BotIdentity {
  id: number;
  username: string;
}

/** The text of a message or the caption of a media message, with its entities. */
export function messageText(msg: Message): { text: string; entities: MessageEntity[] } {
  if (msg.text !== undefined) return { text: msg.text, entities: msg.entities ?? [] };
  if (msg.caption !== undefined) return { text: msg.caption, entities: msg.caption_entities ?? [] };
  return { text: '', entities: [] };
}

function mentionPattern(username: string): RegExp {
  const escaped = username.replace(/[^A-Za-z0-9_]/g, '');
  return new RegExp(`@${escaped}(?![A-Za-z0-9_])`, 'giu');
}

/** True when the message @-mentions the bot (by entity, or by its @username in the text). */
export function mentionsBot(msg: Message, me: BotIdentity): boolean {
  const { text, entities } = messageText(msg);
  for (const e of entities) {
    if (e.type === 'text_mention' && e.user.id === me.id) return true;
    if (e.type === 'mention') {
      const handle = text.slice(e.offset, e.offset + e.length);
      if (handle.toLowerCase() === `@${me.username.toLowerCase()}`) return true;
    }
  }
  return mentionPattern(me.username).test(text);
}

/**
 * True when the message replies to one of the bot's messages. In forum topics every message
 * "replies" to the topic's service message; that is not a reply to the bot.
 */
export function repliesToBot(msg: Message, me: BotIdentity): boolean {
  const target = msg.reply_to_message;
  if (target === undefined || target.forum_topic_created !== undefined) return false;
  return target.from?.id === me.id;
}

/** Removes every @mention of the bot from `text` and tidies the spaces left behind. */
export function stripMention(text: string, username: string): string {
  return text
    .replace(mentionPattern(username), ' ')
    .replace(/[ \t\u3000]{2,}/gu, ' ')
    .replace(/^[\s,，:：]+/u, '')
    .trim();
}

/** The fields of a (possibly inaccessible) message that locate it in a forum topic. */
export interface ThreadInfo {
  is_topic_message?: boolean;
  message_thread_id?: number;
}

/** The forum topic a message belongs to, if it is in one. */
export function threadOf(msg: ThreadInfo | undefined): number | undefined {
  return msg?.is_topic_message === true ? msg.message_thread_id : undefined;
}

/**
 * The conversation scope: `private` in a private chat; `chat:<id>` in a group, or
 * `chat:<id>:thread:<topic>` inside a forum topic. Paired with the user id, two members of
 * one group never share state.
 */
export function conversationScope(chat: Pick<Chat, 'id' | 'type'>, msg?: ThreadInfo): string {
  if (chat.type === 'private') return 'private';
  const thread = threadOf(msg);
  return thread === undefined ? `chat:${chat.id}` : `chat:${chat.id}:thread:${thread}`;
}

/**
 * Who sent the update, as the id rate limits and conversations are keyed on: for a message sent
 * as a chat (`sender_chat`: a channel, or the group itself for an anonymous admin) that chat —
 * Telegram then puts the same placeholder account in `from` for everyone (Channel_Bot
 * 136817688, GroupAnonymousBot 1087968824), in every group; otherwise the user.
 */
export function senderId(ctx: Context): number | undefined {
  return ctx.message?.sender_chat?.id ?? ctx.from?.id;
}

/** The platform-qualified user id used by the core (`tg:<id>`). */
export function userRef(userId: number): string {
  return `tg:${userId}`;
}

/** A `t.me` deep link that opens a private chat and sends `/start <payload>`. */
export function deepLink(username: string, payload: string): string {
  const safe = /^[A-Za-z0-9_-]{1,64}$/.test(payload) ? payload : 'menu';
  return `https://t.me/${encodeURIComponent(username)}?start=${safe}`;
}
