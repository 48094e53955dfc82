/**
 * Screenshots on Discord: an image attachment of a DM, of a message that @-mentions the bot,
 * or of a message a member runs "用助手回答" on is downloaded (size-checked, in memory only),
 * read by the process's OCR and answered as a received message (the SMS check, with the
 * reading shown back). An image that cannot be read gets a short reply saying why.
 */
import { PermissionFlagsBits } from 'discord.js';
import type { ConversationRef } from '../../core/assistant.js';
import type { Incoming } from '../../core/types.js';
import { checkByteSize, type TextFromImage } from '../../ocr/index.js';
import { downloadImage, imageInput, type ImageInput } from '../image-input.js';
import type { DiscordPayload } from './render-embed.js';
import { textPayload } from './render-embed.js';

/** An attachment as discord.js exposes it (the fields used here). */
export interface AttachmentInfo {
  readonly url: string;
  readonly contentType: string | null;
  readonly size: number;
  readonly name: string;
}

/** Image file names, for attachments Discord sent without a content type. */
const IMAGE_NAME = /\.(png|jpe?g|webp|gif|heic|heif|bmp|tiff?)$/iu;

/** The first image attachment of a message, if any. */
export function imageAttachment(m: { readonly attachments?: ReadonlyMap<string, AttachmentInfo> }): AttachmentInfo | undefined {
  for (const a of m.attachments?.values() ?? []) {
    if (a.contentType ? a.contentType.startsWith('image/') : IMAGE_NAME.test(a.name)) return a;
  }
  return undefined;
}

/** Downloads and reads an attachment (its announced size is checked first). Never rejects. */
export function readAttachment(images: TextFromImage, attachment: AttachmentInfo): Promise<ImageInput> {
  const bytes = (async () => {
    checkByteSize(attachment.size);
    return downloadImage(attachment.url);
  })();
  return imageInput(images, bytes);
}

/** The parts of a context-menu interaction the image answer needs. */
export interface ImageMenuTarget {
  invoker: ConversationRef;
  author: ConversationRef;
  memberPermissions?: { has(permission: bigint): boolean } | null;
}

/**
 * "用助手回答" on a message with an image: a moderator (Manage Messages) gets the analysis
 * posted publicly, in the author's conversation; anyone else sees it only themselves.
 * Returns whether to answer ephemerally, and the work that renders the answer.
 */
export function imageMenuAnswer(
  images: TextFromImage,
  attachment: AttachmentInfo,
  target: ImageMenuTarget,
  answer: (ref: ConversationRef, input: Incoming) => Promise<DiscordPayload[]>,
): { ephemeral: boolean; work: () => Promise<DiscordPayload[]> } {
  const moderator = target.memberPermissions?.has(PermissionFlagsBits.ManageMessages) === true;
  const work = async (): Promise<DiscordPayload[]> => {
    const read = await readAttachment(images, attachment);
    if (!read.ok) return [textPayload(read.notice)];
    return answer(moderator ? target.author : target.invoker, read.input);
  };
  return { ephemeral: !moderator, work };
}
