/** Builders of Telegram updates for feeding `bot.handleUpdate` in tests. */
import type { Message, MessageEntity, Update } from 'grammy/types';
import { BOT_INFO } from './stub-bot-api.js';

let nextUpdateId = 1;
let nextMessageId = 1;

/** A group chat id used across tests. */
export const GROUP_ID = -1001234567890;

function entitiesOf(text: string): MessageEntity[] {
  const out: MessageEntity[] = [];
  const cmd = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text);
  if (cmd) out.push({ type: 'bot_command', offset: 0, length: cmd[0].length });
  const mention = new RegExp(`@${BOT_INFO.username}`, 'g');
  for (let m = mention.exec(text); m; m = mention.exec(text)) {
    if (cmd && m.index < cmd[0].length) continue;
    out.push({ type: 'mention', offset: m.index, length: m[0].length });
  }
  return out;
}

/** Options for a message. */
export interface MessageOptions {
  replyTo?: Message;
  threadId?: number;
  /** Leave entities out (to test text-only mention detection). */
  noEntities?: boolean;
}

/** A text message from `userId` in a private chat or (chatId < 0) a supergroup. */
export function textMessage(chatId: number, userId: number, text: string, options: MessageOptions = {}): Message {
  const entities = options.noEntities ? [] : entitiesOf(text);
  return {
    message_id: nextMessageId++,
    date: 1_700_000_000,
    chat: chatId < 0 ? { id: chatId, type: 'supergroup', title: 'Group' } : { id: chatId, type: 'private', first_name: 'U' },
    from: { id: userId, is_bot: false, first_name: `User${userId}` },
    text,
    ...(entities.length > 0 ? { entities } : {}),
    ...(options.replyTo ? { reply_to_message: options.replyTo as Message & { reply_to_message: undefined } } : {}),
    ...(options.threadId !== undefined ? { message_thread_id: options.threadId, is_topic_message: true } : {}),
  } as Message;
}

/** A message the bot sent earlier (for reply-to-bot tests). */
export function botMessage(chatId: number, text = '之前的回答'): Message {
  return {
    message_id: nextMessageId++,
    date: 1_700_000_000,
    chat: chatId < 0 ? { id: chatId, type: 'supergroup', title: 'Group' } : { id: chatId, type: 'private', first_name: 'U' },
    from: { id: BOT_INFO.id, is_bot: true, first_name: BOT_INFO.first_name, username: BOT_INFO.username },
    text,
  } as Message;
}

/** Wraps a message into an update. */
export function messageUpdate(message: Message): Update {
  return { update_id: nextUpdateId++, message } as Update;
}

/** A private text message update. */
export function privateText(userId: number, text: string): Update {
  return messageUpdate(textMessage(userId, userId, text));
}

/** A group text message update. */
export function groupText(userId: number, text: string, options: MessageOptions = {}, chatId = GROUP_ID): Update {
  return messageUpdate(textMessage(chatId, userId, text, options));
}

/** A button press by `userId` on `message` (a message the bot sent). */
export function buttonPress(userId: number, data: string, message: Message): Update {
  return {
    update_id: nextUpdateId++,
    callback_query: {
      id: `cq${nextUpdateId}`,
      from: { id: userId, is_bot: false, first_name: `User${userId}` },
      chat_instance: 'ci',
      message,
      data,
    },
  } as Update;
}

/** Options for a photo or document message. */
export interface MediaOptions extends MessageOptions {
  caption?: string;
  /** The size Telegram reports for the file (default 100 kB). */
  fileSize?: number;
}

function mediaBase(chatId: number, userId: number, options: MediaOptions): Message {
  const caption = options.caption;
  const entities = caption && !options.noEntities ? entitiesOf(caption) : [];
  return {
    message_id: nextMessageId++,
    date: 1_700_000_000,
    chat: chatId < 0 ? { id: chatId, type: 'supergroup', title: 'Group' } : { id: chatId, type: 'private', first_name: 'U' },
    from: { id: userId, is_bot: false, first_name: `User${userId}` },
    ...(caption !== undefined ? { caption } : {}),
    ...(entities.length > 0 ? { caption_entities: entities } : {}),
    ...(options.replyTo ? { reply_to_message: options.replyTo as Message & { reply_to_message: undefined } } : {}),
  } as Message;
}

/** A photo message (two sizes, as Telegram sends them; the larger is `fileId`). */
export function photoMessage(chatId: number, userId: number, fileId: string, options: MediaOptions = {}): Message {
  const size = options.fileSize ?? 100_000;
  return {
    ...mediaBase(chatId, userId, options),
    photo: [
      { file_id: `${fileId}-thumb`, file_unique_id: `t-${fileId}`, width: 90, height: 195, file_size: 2_000 },
      { file_id: fileId, file_unique_id: `p-${fileId}`, width: 591, height: 1280, file_size: size },
    ],
  } as Message;
}

/** A document message (`mimeType` e.g. `image/png` or `application/pdf`). */
export function documentMessage(chatId: number, userId: number, fileId: string, mimeType: string, options: MediaOptions = {}): Message {
  return {
    ...mediaBase(chatId, userId, options),
    document: { file_id: fileId, file_unique_id: `d-${fileId}`, file_name: 'screenshot', mime_type: mimeType, file_size: options.fileSize ?? 100_000 },
  } as Message;
}
