/**
 * Follow-up buttons as one grammY {@link Composer}: `f:<id>` callback queries are answered
 * from the callback data alone (restart-safe), every other callback query just gets its
 * spinner stopped. Installed after the moderator toolkit, whose `m:` settings buttons come first.
 */
import { Composer, type Context } from 'grammy';
import { RATE_LIMITED_TEXT } from '../../../core/rate-limit.js';
import { isLiveButton } from '../../../core/respond.js';
import { parseCallbackData } from '../keyboard.js';
import type { TelegramBotKit } from '../kit.js';
import { GROUP_BUSY_TEXT, STALE_BUTTON_TEXT } from '../texts.js';

/** Button id that is never a topic: the core answers it with the "button expired" menu. */
const STALE_BUTTON_ID = '-';

/** The button handlers: data buttons under the limits, then any other callback query. */
export function buttonComposer(kit: TelegramBotKit): Composer<Context> {
  const composer = new Composer<Context>();

  composer.on('callback_query:data', async (ctx) => {
    // Every press is answered (the client shows a spinner until then); over a limit only with a toast.
    if (kit.chatFull(ctx)) {
      await kit.answerCallback(ctx, ctx.chat?.type === 'private' ? RATE_LIMITED_TEXT : GROUP_BUSY_TEXT);
      return;
    }
    if (kit.limited(ctx.from.id)) {
      await kit.answerCallback(ctx, RATE_LIMITED_TEXT);
      return;
    }
    if (kit.moderation && !(await kit.moderation.buttonAllowed(ctx))) return;
    const id = parseCallbackData(ctx.callbackQuery.data);
    const known = id !== null && isLiveButton(kit.assistant.brain, id);
    await kit.answerCallback(ctx, known ? undefined : STALE_BUTTON_TEXT);
    if (!ctx.chat) return; // inline-mode message: nowhere to send an answer
    await kit.answer(ctx, kit.refOf(ctx, ctx.from.id), { type: 'button', id: id ?? STALE_BUTTON_ID });
  });

  // Game and other non-data callback queries: always answer so the client stops waiting.
  composer.on('callback_query', (ctx) => kit.answerCallback(ctx));
  return composer;
}
