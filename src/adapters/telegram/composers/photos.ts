/**
 * Screenshots (`../photo.ts`) as one grammY {@link Composer}: photos and image documents in
 * private chats, and in groups when addressed. Installed before the text handlers, which get
 * every image it passes on. Its answerer also serves `/ask` on a message with an image.
 */
import { Composer, type Context } from 'grammy';
import type { Message } from 'grammy/types';
import type { ConversationRef } from '../../../core/assistant.js';
import type { TextFromImage } from '../../../ocr/index.js';
import type { TelegramBotKit } from '../kit.js';
import { installPhotoHandlers } from '../photo.js';

/** Reads the image of `msg` and answers it in conversation `ref` (replying to `replyTo`). */
export type ImageAnswerer = (ctx: Context, msg: Message, ref: ConversationRef, replyTo?: number) => Promise<void>;

/** The photo composer and its answerer for `/ask`. */
export interface PhotoComposer {
  composer: Composer<Context>;
  answerImage: ImageAnswerer;
}

/** The photo handlers, reading images with `images` and fetching files with the kit's token and API root. */
export function photoComposer(kit: TelegramBotKit, images: TextFromImage): PhotoComposer {
  const composer = new Composer<Context>();
  const answerImage = installPhotoHandlers(composer, kit, { images, token: kit.token, apiRoot: kit.apiRoot });
  return { composer, answerImage };
}
