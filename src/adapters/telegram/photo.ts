/**
 * Screenshots on Telegram: photos and image documents are downloaded (getFile, then the file
 * URL; size-checked before and while downloading, kept in memory only), read by the process's
 * OCR and answered as a received message (the SMS check, with the reading shown back).
 *
 * - Private chat: every photo or image document.
 * - Groups: only when addressed — a caption that @-mentions the bot, a photo sent as a reply to
 *   the bot, or `/ask` replying to a message with an image (see `bot.ts`). Anything else goes on
 *   to the group handlers unchanged.
 * - An image that cannot be read gets a short reply saying why (too large, not an image, …).
 */
import type { Composer, Context } from 'grammy';
import type { Message } from 'grammy/types';
import type { Logger } from 'pino';
import type { ConversationRef } from '../../core/assistant.js';
import { shouldAnswerInGroup } from '../../core/group-policy.js';
import type { Incoming } from '../../core/types.js';
import { checkByteSize, OcrError, type TextFromImage } from '../../ocr/index.js';
import { downloadImage, imageInput, readImageFile } from '../image-input.js';
import { mentionsBot, repliesToBot } from './addressing.js';
import { safeError } from './safe-error.js';
import type { Sender, SendOptions } from './send.js';

/** Telegram's Bot API server when none is configured. */
const DEFAULT_API_ROOT = 'https://api.telegram.org';

/** The file of a message's image. */
export interface TelegramImage {
  fileId: string;
  /** Size in bytes, when Telegram says. */
  fileSize?: number;
}

/** The image of a message: its largest photo size, or a document whose type is an image. */
export function imageOf(msg: Message): TelegramImage | undefined {
  const largest = msg.photo?.at(-1);
  if (largest) return { fileId: largest.file_id, fileSize: largest.file_size };
  const doc = msg.document;
  if (doc?.mime_type?.startsWith('image/')) return { fileId: doc.file_id, fileSize: doc.file_size };
  return undefined;
}

/** What the photo handlers need from the bot (the same pieces the moderator toolkit gets). */
export interface PhotoHooks {
  answer(ctx: Context, ref: ConversationRef, input: Incoming, send?: SendOptions & { question?: string }): Promise<void>;
  admit(ctx: Context, userId: number, replyTo?: number): Promise<boolean>;
  memberAllowed(ctx: Context): Promise<boolean>;
  refOf(ctx: Context, userId: number): ConversationRef;
  sender: Sender;
  logger: Logger;
}

/** Where files are fetched from. */
export interface FileSource {
  images: TextFromImage;
  token: string;
  apiRoot?: string;
}

/** Fetches a Telegram file into memory. Throws {@link OcrError}; never puts the token in a message. */
export async function downloadTelegramFile(ctx: Context, image: TelegramImage, source: FileSource): Promise<Uint8Array> {
  if (image.fileSize !== undefined) checkByteSize(image.fileSize);
  let path: string | undefined;
  try {
    const file = await ctx.api.getFile(image.fileId);
    if (file.file_size !== undefined) checkByteSize(file.file_size);
    path = file.file_path;
  } catch (error) {
    if (error instanceof OcrError) throw error;
    throw new OcrError('OCR_DOWNLOAD_FAILED', `getFile failed: ${safeError(error, source.token).message}`);
  }
  if (path === undefined) throw new OcrError('OCR_DOWNLOAD_FAILED', 'getFile returned no file_path');
  // A local Bot API server (--local) answers with the file's absolute path on its own disk.
  if (path.startsWith('/')) return readImageFile(path);
  const root = (source.apiRoot ?? DEFAULT_API_ROOT).replace(/\/+$/u, '');
  return downloadImage(`${root}/file/bot${source.token}/${path}`);
}

/** Installs the photo handlers on `composer` (before the generic message handlers); returns the answerer for `/ask`. */
export function installPhotoHandlers(
  composer: Composer<Context>,
  hooks: PhotoHooks,
  source: FileSource,
): (ctx: Context, msg: Message, ref: ConversationRef, replyTo?: number) => Promise<void> {
  async function answerImage(ctx: Context, msg: Message, ref: ConversationRef, replyTo?: number): Promise<void> {
    const image = imageOf(msg);
    if (!image) return;
    const read = await imageInput(source.images, downloadTelegramFile(ctx, image, source));
    if (!read.ok) {
      hooks.logger.info({ updateId: ctx.update.update_id, chatType: ctx.chat?.type, code: read.code }, 'screenshot not read');
      await hooks.sender.notice(ctx, read.notice, undefined, replyTo);
      return;
    }
    const text = read.input.type === 'text' ? read.input.text : '';
    hooks.logger.debug({ updateId: ctx.update.update_id, ms: Math.round(read.ms), chars: text.length }, 'screenshot read');
    await hooks.answer(ctx, ref, read.input, { replyTo, question: text });
  }

  composer.on(['message:photo', 'message:document'], async (ctx, next) => {
    const msg = ctx.msg;
    if (!imageOf(msg) || !ctx.from) return next();
    if (ctx.chat.type === 'private') {
      if (!(await hooks.admit(ctx, ctx.from.id))) return;
      await answerImage(ctx, msg, hooks.refOf(ctx, ctx.from.id));
      return;
    }
    if (msg.is_automatic_forward === true) return next();
    const me = { id: ctx.me.id, username: ctx.me.username };
    if (!shouldAnswerInGroup({ mentioned: mentionsBot(msg, me), replyToBot: repliesToBot(msg, me), command: false })) return next();
    if (!(await hooks.memberAllowed(ctx))) return;
    if (!(await hooks.admit(ctx, ctx.from.id, msg.message_id))) return;
    await answerImage(ctx, msg, hooks.refOf(ctx, ctx.from.id), msg.message_id);
  });
  return answerImage;
}
