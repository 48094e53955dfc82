/**
 * Discord event handlers over small structural interfaces, so real discord.js interactions
 * and messages can be passed in directly and tests can use either real structures or fakes.
 *
 * - `/ask` (public, or ephemeral with `private:true`), `/topics`, `/forget`;
 * - the "Answer with bot" context menu: the moderator sees the top 3 topics ephemerally,
 *   picks one (`mod:…` button), and the bot replies publicly to the member's message;
 * - follow-up buttons (`f:<topicId>`), answered from the custom id alone (restart-safe);
 * - DMs (every message) and @-mentions in guild channels.
 * - with the moderator toolkit (`moderation.ts`): `/settings`, `/faq`, `/unanswered`, auto-answers
 *   in servers that turned them on, and each server's answer style.
 *
 * Conversation state is keyed by user (`dc:<id>`) and scope (`guild:<g>:channel:<c>` or `dm`).
 * Every handler catches its own errors, logs them and answers politely; none ever rejects.
 *
 * Hardening:
 * - every text is clipped to `MAX_INPUT_CHARS` before it reaches the core; a forwarded message
 *   (empty content, text in its snapshot) is analysed like typed text;
 * - edits (`messageUpdate`) are not listened to: an edit is not a new question;
 * - two limits: per user (token bucket) and per channel ({@link SendBudget}, default 5 messages
 *   per 5 s and 20 per minute — Discord allows 5 per 5 s per channel). A channel that is full
 *   gets nothing more: messages are ignored, public interaction answers become ephemeral (with a
 *   note), and a moderator's pick is refused politely;
 * - the moderator action (`mod:` buttons) checks Manage Messages on every press, and only posts
 *   into the channel the press came from.
 *
 * The handlers are built from one shared kit (`handler-kit.ts`), one module per concern:
 * `slash-commands.ts`, `context-menu.ts`, `buttons.ts`, `messages.ts` (DMs) with
 * `guild-messages.ts` (mentions), `interaction-replies.ts` (respond/say). The shapes they work
 * on are in `interactions.ts`; this module puts them together and keeps the adapter's exports.
 */
import { buttonHandler } from './buttons.js';
import { contextMenuHandler } from './context-menu.js';
import { createHandlerKit, type HandlerDeps } from './handler-kit.js';
import type { ButtonPressInteraction, ChatMessage, MessageMenuInteraction, SlashCommandInteraction } from './interactions.js';
import { messageHandler } from './messages.js';
import { slashCommandHandler } from './slash-commands.js';

export { CHANNEL_WINDOWS, defaultChannelBudget } from './channel-budget.js';
export { stripBotMention } from './guild-messages.js';
export type { HandlerDeps } from './handler-kit.js';
export { withNote } from './interaction-replies.js';
export {
  scopeOf,
  userKey,
  type ButtonPressInteraction,
  type ChannelPoster,
  type ChatMessage,
  type DiscordUser,
  type MessageMenuInteraction,
  type RespondableInteraction,
  type SlashCommandInteraction,
  type TargetMessage,
} from './interactions.js';
export { messageTextOf } from './messages.js';
export * from './texts.js';

/** The handlers; each resolves when done and never rejects. */
export interface DiscordHandlers {
  slashCommand(i: SlashCommandInteraction): Promise<void>;
  messageMenu(i: MessageMenuInteraction): Promise<void>;
  button(i: ButtonPressInteraction): Promise<void>;
  message(m: ChatMessage): Promise<void>;
}

/** Creates the handlers. */
export function createHandlers(deps: HandlerDeps): DiscordHandlers {
  const kit = createHandlerKit(deps);
  return {
    slashCommand: slashCommandHandler(kit),
    messageMenu: contextMenuHandler(kit),
    button: buttonHandler(kit),
    message: messageHandler(kit),
  };
}
