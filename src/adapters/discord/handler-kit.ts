/**
 * The per-client context every Discord handler module is built from: the assistant, the
 * logger, the limits (per user, per channel, "slow down" notices), the channel poster, and the
 * operations they share — run a turn and render it, respond to an interaction, say a short
 * text, report a failure. It exists so the slash-command, context-menu, button and message
 * handlers are small factories taking this kit instead of closures in one long function.
 */
import type { Logger } from 'pino';
import { topicLabel as coreTopicLabel } from '../../core/answers.js';
import type { Assistant, ConversationRef } from '../../core/assistant.js';
import { crisisGroupNote, isCrisisReply } from '../../core/group-policy.js';
import { RateLimiter } from '../../core/rate-limit.js';
import type { SendBudget } from '../../core/send-budget.js';
import type { Incoming } from '../../core/types.js';
import type { TextFromImage } from '../../ocr/index.js';
import { defaultChannelBudget } from './channel-budget.js';
import { respondTo, sayTo } from './interaction-replies.js';
import { userKey, type ChannelPoster, type RespondableInteraction } from './interactions.js';
import type { DiscordKit, DiscordModeration, DiscordModerationHooks } from './moderation.js';
import { renderReply, type DiscordPayload, type RenderOptions } from './render-embed.js';
import { ERROR_TEXT } from './texts.js';

/** What the handlers need. */
export interface HandlerDeps {
  assistant: Assistant;
  logger: Logger;
  poster: ChannelPoster;
  /** The bot's own user id (null before login). */
  botUserId: () => string | null;
  /** Per-user limiter (default: burst 6, then one message every 4 s). */
  limiter?: RateLimiter;
  /** Limits the "slow down" notice for messages to one per burst (default: one per 20 s). */
  noticeLimiter?: RateLimiter;
  /** Reply at once when the answer is ready within this time, else defer first (default 1500 ms). */
  deferAfterMs?: number;
  /** Per-channel budget of public messages (default {@link defaultChannelBudget}). */
  channelBudget?: SendBudget;
  /** The moderator toolkit (`/settings`, `/faq`, `/unanswered`, auto-answers, server styles); without it servers behave as before. */
  moderation?: DiscordModeration;
  /** Reads screenshots (image attachments; `attachments.ts`); without it images are ignored as before. */
  images?: TextFromImage;
}

/** What the handler modules share. It is also the moderator glue's {@link DiscordKit}. */
export interface DiscordHandlerKit extends DiscordKit {
  readonly assistant: Assistant;
  readonly poster: ChannelPoster;
  /** The bot's own user id (null before login). */
  readonly botUserId: () => string | null;
  /** One "slow down" notice per burst, per user. */
  readonly notices: RateLimiter;
  readonly images?: TextFromImage;
  /** The moderator toolkit's hooks, bound while the kit is built; undefined without the toolkit. */
  mod: DiscordModerationHooks | undefined;
  /** Runs one turn through the assistant; returns the rendered (styled) payloads. */
  answer(ref: ConversationRef, input: Incoming, options?: RenderOptions): Promise<DiscordPayload[]>;
  /** Logs a failed interaction handler and tells the user (ephemerally where possible); never rejects. */
  failed(i: RespondableInteraction, error: unknown, what: string): Promise<void>;
}

/** Builds the kit, binding the moderator toolkit (if any) to it. */
export function createHandlerKit(deps: HandlerDeps): DiscordHandlerKit {
  const limiter = deps.limiter ?? new RateLimiter({ capacity: 6, refillPerSecond: 0.25 });
  const settings = { budget: deps.channelBudget ?? defaultChannelBudget(), deferAfterMs: deps.deferAfterMs ?? 1500 };
  const kit: DiscordHandlerKit = {
    assistant: deps.assistant,
    log: deps.logger,
    poster: deps.poster,
    botUserId: deps.botUserId,
    notices: deps.noticeLimiter ?? new RateLimiter({ capacity: 1, refillPerSecond: 0.05 }),
    images: deps.images,
    budget: settings.budget,
    mod: undefined,
    answer: (ref, input, options) => answerTurn(kit, ref, input, options),
    respond: (i, ephemeral, work) => respondTo(i, ephemeral, work, settings),
    say: sayTo,
    limited: (userId) => !limiter.take(userKey(userId)),
    failed: (i, error, what) => reportFailure(kit, i, error, what),
  };
  kit.mod = deps.moderation?.bind(kit);
  return kit;
}

/** The label of a topic's button (the core's {@link coreTopicLabel}), or its id for an unknown topic. */
export function topicLabel(kit: DiscordHandlerKit, topicId: string): string {
  const { kb } = kit.assistant.brain;
  const topic = kb.topics.get(topicId);
  return topic ? coreTopicLabel(kb, topic) : topicId;
}

/** {@link DiscordHandlerKit.answer}: the turn, the server's style, and in servers the crisis note. */
async function answerTurn(
  kit: DiscordHandlerKit,
  ref: ConversationRef,
  input: Incoming,
  options: RenderOptions = {},
): Promise<DiscordPayload[]> {
  const turn = await kit.assistant.handle(ref, input);
  const reply = kit.mod ? await kit.mod.present(turn.reply, ref) : turn.reply;
  kit.log.info(
    { event: 'answered', kind: reply.kind, intent: reply.intent, topicId: reply.topicId, confidence: reply.confidence },
    'discord reply',
  );
  if (ref.scope.startsWith('guild:') && isCrisisReply(reply.kind)) {
    // In a server: the lines publicly, an offer to talk in private, and never their words.
    const { question: _words, ...rest } = options;
    return renderReply(reply, { ...rest, note: crisisGroupNote(kit.assistant.brain.kb.safety.texts.crisis.groupNote) });
  }
  return renderReply(reply, options);
}

/** {@link DiscordHandlerKit.failed}. */
async function reportFailure(kit: DiscordHandlerKit, i: RespondableInteraction, error: unknown, what: string): Promise<void> {
  kit.log.error({ err: error, handler: what, guild: i.guildId !== null }, 'discord handler failed');
  try {
    await kit.say(i, ERROR_TEXT);
  } catch (again) {
    kit.log.warn({ err: again, handler: what }, 'discord: could not send the error reply');
  }
}
