/**
 * Private chats as one grammY {@link Composer}: every message is a question, and a forwarded
 * one (a collection SMS, its screenshot's caption) is content to check, sent to the core with
 * `origin: 'forwarded'`. Installed after the photo composer, which takes the images first.
 */
import { Composer, type Context } from 'grammy';
import { clipInput } from '../../input.js';
import { messageText } from '../addressing.js';
import type { TelegramBotKit } from '../kit.js';

/** The private-chat message handler. */
export function privateChatComposer(kit: TelegramBotKit): Composer<Context> {
  const composer = new Composer<Context>();
  composer.chatType('private').on('message', async (ctx) => {
    if (!(await kit.admit(ctx, ctx.from.id))) return;
    // Forwarded messages (e.g. a collection SMS screenshot's caption or a forwarded text) are content to analyse.
    const text = clipInput(messageText(ctx.msg).text);
    const forwarded = ctx.msg.forward_origin !== undefined;
    await kit.answer(ctx, kit.refOf(ctx, ctx.from.id), forwarded ? { type: 'text', text, origin: 'forwarded' } : { type: 'text', text });
  });
  return composer;
}
