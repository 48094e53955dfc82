/**
 * Sending rendered answers: HTML chunks in order, link previews off, the first chunk quoting
 * the question (groups) and the keyboard on the last chunk. Every message the bot sends goes
 * through a {@link Sender}, which asks the per-chat budget first: an answer is sent whole or
 * not at all, so no chat ever gets more messages than Telegram allows.
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

/** May this update's chat receive `messages` more messages now? Records them when it answers true. */
export type SendAdmission = (ctx: Context, messages: number) => boolean;

/** Sends HTML chunks to the update's chat (and forum topic), without any budget check. */
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

/** Sends through a budget; each method resolves false when the answer was dropped. */
export class Sender {
  constructor(
    private readonly admit: SendAdmission = () => true,
    private readonly onDrop: (ctx: Context, messages: number) => void = () => undefined,
  ) {}

  /** Sends `chunks` when the chat's budget has room for all of them. */
  async chunks(ctx: Context, chunks: readonly string[], keyboard?: InlineKeyboard, replyTo?: number): Promise<boolean> {
    if (chunks.length === 0) return true;
    if (!this.admit(ctx, chunks.length)) {
      this.onDrop(ctx, chunks.length);
      return false;
    }
    await sendChunks(ctx, chunks, keyboard, replyTo);
    return true;
  }

  /** Sends a plain-text notice (escaped) with an optional keyboard. */
  notice(ctx: Context, text: string, keyboard?: InlineKeyboard, replyTo?: number): Promise<boolean> {
    return this.chunks(ctx, renderTextHtml(text), keyboard, replyTo);
  }

  /** Sends a structured reply with its follow-up keyboard. */
  reply(ctx: Context, reply: Reply, options: SendOptions = {}): Promise<boolean> {
    return this.chunks(
      ctx,
      renderReplyHtml(reply, { intro: options.intro, outro: options.outro }),
      followUpKeyboard(reply.followUps),
      options.replyTo,
    );
  }
}
