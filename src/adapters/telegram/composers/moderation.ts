/**
 * The moderator toolkit (`../moderation.ts`) as one grammY {@link Composer}: `/settings`,
 * `/faq`, `/unanswered` and the `m:` settings buttons. Building it also plugs the toolkit's
 * hooks into the kit (`kit.moderation`), which the other composers and `kit.answer` consult.
 * Installed before the commands and the generic button handler, so `m:` buttons reach it.
 */
import { Composer, type Context } from 'grammy';
import type { TelegramBotKit } from '../kit.js';
import type { TelegramModeration } from '../moderation.js';

/** The toolkit's handlers; sets `kit.moderation` to its hooks. */
export function moderationComposer(kit: TelegramBotKit, toolkit: TelegramModeration): Composer<Context> {
  const composer = new Composer<Context>();
  kit.moderation = toolkit.install(composer, kit);
  return composer;
}
