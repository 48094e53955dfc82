/**
 * The Telegram bot's wiring: commands, private chat, group rules, follow-up buttons, rate
 * limiting and error handling, on a grammY {@link Bot}. Pure wiring — it never starts polling
 * or a server, so it is driven offline in tests via `bot.handleUpdate` with `botInfo` set.
 *
 * Input it ignores on purpose: edited messages (`edited_message` is not even requested — an
 * edit is not a new question, and answering edits would let one message trigger many
 * answers), channel posts, and automatic forwards from a linked channel into its discussion
 * group. Forwarded messages in a private chat are content the user wants analysed: their text
 * (or caption) goes to the core like typed text. Every text is clipped to
 * `MAX_INPUT_CHARS` (4096) first.
 *
 * Limits: each user gets a token bucket ({@link defaultRateLimiter}); each chat gets a send
 * budget ({@link ChatBudget}: 18 messages/minute in a group, 30 per 30 s in private) that also
 * bounds the "slow down" notices, so a crowd cannot make the bot exceed Telegram's flood limits.
 * Replying `/ask` to someone's message is open to every member by design (it answers that
 * member's question, publicly, under the same limits). The admin-only tools (`/settings`,
 * `/unanswered`) and auto-answers come from the optional moderator toolkit (`moderation.ts`).
 *
 * Each concern is a grammY {@link Composer} built from one shared kit (`kit.ts`): the moderator
 * toolkit, the commands, the buttons, screenshots, private chats and groups (`composers/`).
 * This file only puts them in order behind the in-flight counter, `sequentialize` and one error
 * boundary.
 */
import { sequentialize } from '@grammyjs/runner';
import { Bot, type Context } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { TextFromImage } from '../../ocr/index.js';
import { senderId } from './addressing.js';
import { buttonComposer } from './composers/buttons.js';
import { commandComposer } from './composers/commands.js';
import { groupComposer } from './composers/groups.js';
import { moderationComposer } from './composers/moderation.js';
import { photoComposer } from './composers/photos.js';
import { privateChatComposer } from './composers/private-chat.js';
import type { InFlight } from './in-flight.js';
import { createBotKit, type BotKitOptions } from './kit.js';
import type { TelegramModeration } from './moderation.js';

export { defaultRateLimiter } from './kit.js';

/** Options for {@link createTelegramBot}. */
export interface TelegramBotOptions extends BotKitOptions {
  /** The bot's own account; set it to run offline (tests) — otherwise `bot.init()` fetches it. */
  botInfo?: UserFromGetMe;
  /** Counts in-flight updates so shutdown can drain them (installed first when given). */
  inFlight?: InFlight;
  /** The moderator toolkit (group settings, auto-answers, /settings, /faq, /unanswered); without it groups behave as before. */
  moderation?: TelegramModeration;
  /** Reads screenshots (photos, image documents; `photo.ts`); without it images are treated as before. */
  images?: TextFromImage;
}

/**
 * The key updates are serialized by (chat + sender): one person's (or channel's) messages in one
 * chat are handled in order, different senders concurrently.
 */
export function sequenceKey(ctx: Context): string | undefined {
  const chat = ctx.chat?.id;
  const user = senderId(ctx);
  if (chat === undefined && user === undefined) return undefined;
  return `${chat ?? ''}:${user ?? ''}`;
}

/** Creates the configured bot. Does not contact Telegram. */
export function createTelegramBot(options: TelegramBotOptions): Bot {
  const kit = createBotKit(options);
  const bot = new Bot(options.token, {
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
    ...(kit.apiRoot ? { client: { apiRoot: kit.apiRoot } } : {}),
  });
  // Built before the commands, which consult the toolkit's hooks and the image answerer.
  const moderation = options.moderation ? moderationComposer(kit, options.moderation) : undefined;
  const photos = options.images ? photoComposer(kit, options.images) : undefined;

  if (options.inFlight) bot.use(options.inFlight.middleware);
  bot.use(sequentialize(sequenceKey));
  bot.catch((err) => kit.report(err.error, err.ctx));
  bot.errorBoundary(
    (err) => kit.report(err.error, err.ctx),
    // Before the commands and the generic button handler, so `m:` settings buttons reach it.
    ...(moderation ? [moderation] : []),
    commandComposer(kit, photos?.answerImage),
    buttonComposer(kit),
    // Screenshots, before the text handlers (which get every image the photo handlers pass on).
    ...(photos ? [photos.composer] : []),
    privateChatComposer(kit),
    groupComposer(kit),
  );
  return bot;
}
