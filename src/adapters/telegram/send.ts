/**
 * Sending rendered answers: HTML chunks in order, link previews off, the first chunk quoting
 * the question (groups) and the keyboard on the last chunk.
 */
import type { Context, InlineKeyboard } from 'grammy';
import type { Reply } from '../../core/types.js';
import { followUpKeyboard } from './keyboard.js';
import { renderReplyHtml, renderTextHtml } from './render-html.js';

/** How one answer is sent. */
export interface SendOptions {
  /** Plain paragraph before the answer (escaped). */
  intro?: string;
  /** Plain paragraph after the answer (escaped). */
  outro?: string;
  /** Message to reply to (groups). */
  replyTo?: number;
}

/** Sends HTML chunks to the update's chat (and forum topic). */
export async function sendChunks(
  ctx: Context,
  chunks: readonly string[],
  keyboard?: InlineKeyboard,
  replyTo?: number,
): Promise<void> {
  for (const [i, text] of chunks.entries()) {
    await ctx.reply(text, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(i === 0 && replyTo !== undefined
        ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } }
        : {}),
      ...(i === chunks.length - 1 && keyboard ? { reply_markup: keyboard } : {}),
    });
  }
}

/** Sends a plain-text notice (escaped) with an optional keyboard. */
export function sendNotice(ctx: Context, text: string, keyboard?: InlineKeyboard, replyTo?: number): Promise<void> {
  return sendChunks(ctx, renderTextHtml(text), keyboard, replyTo);
}

/** Sends a structured reply with its follow-up keyboard. */
export function sendReply(ctx: Context, reply: Reply, options: SendOptions = {}): Promise<void> {
  return sendChunks(
    ctx,
    renderReplyHtml(reply, { intro: options.intro, outro: options.outro }),
    followUpKeyboard(reply.followUps),
    options.replyTo,
  );
}
