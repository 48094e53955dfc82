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
 */
import {
  MessageFlags,
  PermissionFlagsBits,
  type InteractionDeferReplyOptions,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  type MessageReplyOptions,
} from 'discord.js';
import type { Logger } from 'pino';
import type { Assistant, ConversationRef } from '../../core/assistant.js';
import { crisisGroupNote, isCrisisReply, isPersonal, privateSuggestion } from '../../core/group-policy.js';
import { RATE_LIMITED_TEXT, RateLimiter } from '../../core/rate-limit.js';
import { SendBudget, type SendWindow } from '../../core/send-budget.js';
import type { Incoming } from '../../core/types.js';
import { clipInput } from '../input.js';
import type { TextFromImage } from '../../ocr/index.js';
import { imageAttachment, imageMenuAnswer, readAttachment, type AttachmentInfo } from './attachments.js';
import { ASK_OPTIONS, COMMANDS } from './commands.js';
import { moderatorCustomId, parseCustomId } from './custom-ids.js';
import { renderModeratorPrompt, type ModeratorChoice } from './render-moderator.js';
import { LIMITS, truncate } from './limits.js';
import type { DiscordModeration } from './moderation.js';
import { renderReply, textPayload, type DiscordPayload, type RenderOptions } from './render-embed.js';

/** Shown (ephemerally where possible) when a handler fails. */
export const ERROR_TEXT = '抱歉，出了点问题，请稍后再试。如果情况紧急，可以拨打 12348 公共法律服务热线。';
/** `/forget` succeeded. */
export const FORGET_OK_TEXT = '已删除我保存的你的对话记录（所有频道和私信）。之后的提问会从头开始。';
/** `/forget` failed (store unreachable). */
export const FORGET_FAILED_TEXT = '抱歉，暂时没能删除你的对话记录，请稍后再试一次 /forget。';
/** A button whose custom id is unknown or malformed. */
export const STALE_BUTTON_TEXT = '这个按钮已经失效了（可能是旧消息上的）。可以用 /topics 重新选择，或用 /ask 直接提问。';
/** A command this version does not know (e.g. registered by an older deploy). */
export const UNKNOWN_COMMAND_TEXT = '这个命令已经不再使用了。可以用 /ask 提问，或用 /topics 查看我能回答的问题。';
/** A moderator-only button pressed by someone else. */
export const MOD_ONLY_TEXT = '只有可以管理消息的成员才能使用这个功能。';
/** The context menu used outside a server. */
export const GUILD_ONLY_TEXT = '这个功能只能在服务器频道里使用。';
/** The context menu used on a bot's message. */
export const BOT_TARGET_TEXT = '这是机器人发的消息，不需要我来回答。请对成员的提问使用「用助手回答」。';
/** The public answer could not be posted. */
export const POST_FAILED_TEXT = '没能在频道里发送回答：我可能缺少在这个频道发言、嵌入链接或查看历史消息的权限。';
/** Put above an answer that would have been public, when the channel has had enough answers for now. */
export const CHANNEL_BUSY_NOTE = '这个频道里刚刚的回答有点多，为了不刷屏，这次的回答只有你能看到。';
/** A moderator's pick refused because the channel has had enough answers for now. */
export const MOD_BUSY_TEXT = '这个频道里刚刚的回答有点多，为了不刷屏，请过一分钟再选。';

/**
 * Default per-channel budget: Discord allows 5 messages per 5 s in one channel; 20 a minute
 * keeps a busy server channel readable.
 */
export const CHANNEL_WINDOWS: readonly SendWindow[] = [
  { limit: 5, ms: 5_000 },
  { limit: 20, ms: 60_000 },
];

/** A new per-channel budget with {@link CHANNEL_WINDOWS}. */
export function defaultChannelBudget(now?: () => number): SendBudget {
  return new SendBudget({ windows: CHANNEL_WINDOWS, now });
}

/** Who pressed/typed, as discord.js exposes it. */
export interface DiscordUser {
  readonly id: string;
  readonly bot: boolean;
}

/** What every handled interaction offers (a subset of discord.js's interaction API). */
export interface RespondableInteraction {
  readonly user: DiscordUser;
  readonly guildId: string | null;
  readonly channelId: string | null;
  readonly deferred: boolean;
  readonly replied: boolean;
  reply(options: InteractionReplyOptions): Promise<unknown>;
  deferReply(options?: InteractionDeferReplyOptions): Promise<unknown>;
  editReply(options: InteractionEditReplyOptions): Promise<unknown>;
  followUp(options: InteractionReplyOptions): Promise<unknown>;
}

/** A chat-input (slash) command interaction. */
export interface SlashCommandInteraction extends RespondableInteraction {
  readonly commandName: string;
  readonly options: {
    getString(name: string, required?: boolean): string | null;
    getBoolean(name: string, required?: boolean): boolean | null;
  };
}

/** The message a context-menu command targets. */
export interface TargetMessage {
  readonly id: string;
  readonly content: string;
  readonly channelId: string;
  readonly author: DiscordUser;
  readonly attachments?: ReadonlyMap<string, AttachmentInfo>;
}

/** A message context-menu command interaction. */
export interface MessageMenuInteraction extends RespondableInteraction {
  readonly commandName: string;
  readonly targetMessage: TargetMessage;
  readonly memberPermissions?: { has(permission: bigint): boolean } | null;
}

/** A button press. */
export interface ButtonPressInteraction extends RespondableInteraction {
  readonly customId: string;
  readonly memberPermissions: { has(permission: bigint): boolean } | null;
  deferUpdate(): Promise<unknown>;
}

/** A received message (a subset of discord.js's Message). */
export interface ChatMessage {
  readonly id: string;
  readonly content: string;
  readonly author: DiscordUser;
  readonly guildId: string | null;
  readonly channelId: string;
  readonly system: boolean;
  readonly webhookId: string | null;
  readonly mentions: { readonly users: { has(id: string): boolean } };
  /** Forwarded messages: the content is empty and the text is in the snapshot(s). */
  readonly messageSnapshots?: ReadonlyMap<string, { readonly content: string }>;
  readonly attachments?: ReadonlyMap<string, AttachmentInfo>;
  reply(options: MessageReplyOptions): Promise<unknown>;
}

/** Posts messages into a channel (used to answer a member's message for a moderator). */
export interface ChannelPoster {
  /** Sends `payload` to `channelId`, as a reply to message `replyTo` when given. Rejects on failure. */
  post(channelId: string, payload: DiscordPayload, replyTo?: string): Promise<void>;
}

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

/** The handlers; each resolves when done and never rejects. */
export interface DiscordHandlers {
  slashCommand(i: SlashCommandInteraction): Promise<void>;
  messageMenu(i: MessageMenuInteraction): Promise<void>;
  button(i: ButtonPressInteraction): Promise<void>;
  message(m: ChatMessage): Promise<void>;
}

/** Platform-qualified user id used for conversation state. */
export function userKey(userId: string): string {
  return `dc:${userId}`;
}

/** The conversation scope: `guild:<g>:channel:<c>` in servers, `dm` in direct messages. */
export function scopeOf(guildId: string | null, channelId: string | null): string {
  return guildId === null ? 'dm' : `guild:${guildId}:channel:${channelId ?? 'unknown'}`;
}

/** The text of a message: its content, or for a forward the text of what was forwarded. */
export function messageTextOf(m: Pick<ChatMessage, 'content' | 'messageSnapshots'>): string {
  if (m.content.trim() !== '' || m.messageSnapshots === undefined) return m.content;
  return [...m.messageSnapshots.values()].map((s) => s.content).join('\n');
}

/** `payload` with `note` put first in its content (≤ 2000 characters). */
export function withNote(payload: DiscordPayload, note: string): DiscordPayload {
  const content = payload.content ? `${note}\n${payload.content}` : note;
  return { ...payload, content: truncate(content, LIMITS.content) };
}

/** The user's text with every mention of the bot removed. */
export function stripBotMention(content: string, botId: string): string {
  return content.replace(new RegExp(`<@!?${botId}>`, 'gu'), ' ').replace(/\s+/gu, ' ').trim();
}

const EPHEMERAL = { flags: MessageFlags.Ephemeral } as const;

/** Creates the handlers. */
export function createHandlers(deps: HandlerDeps): DiscordHandlers {
  const { assistant, poster } = deps;
  const log = deps.logger;
  const limiter = deps.limiter ?? new RateLimiter({ capacity: 6, refillPerSecond: 0.25 });
  const notices = deps.noticeLimiter ?? new RateLimiter({ capacity: 1, refillPerSecond: 0.05 });
  const deferAfterMs = deps.deferAfterMs ?? 1500;
  const budget = deps.channelBudget ?? defaultChannelBudget();
  const { kb } = assistant.brain;
  const channelKey = (channelId: string | null): string => channelId ?? 'unknown';
  const mod = deps.moderation?.bind({ answer, respond, say, limited, budget, log });

  async function answer(ref: ConversationRef, input: Incoming, options: RenderOptions = {}): Promise<DiscordPayload[]> {
    const turn = await assistant.handle(ref, input);
    const reply = mod ? await mod.present(turn.reply, ref) : turn.reply;
    log.info(
      { event: 'answered', kind: reply.kind, intent: reply.intent, topicId: reply.topicId, confidence: reply.confidence },
      'discord reply',
    );
    if (ref.scope.startsWith('guild:') && isCrisisReply(reply.kind)) {
      // In a server: the lines publicly, an offer to talk in private, and never their words.
      const { question: _words, ...rest } = options;
      return renderReply(reply, { ...rest, note: crisisGroupNote(assistant.brain.kb.safety.texts.crisis.groupNote) });
    }
    return renderReply(reply, options);
  }

  /**
   * Replies at once if the work is quick, else defers first; extra payloads go as follow-ups.
   * A public answer takes one message per payload from the channel's budget; when the channel
   * is full the answer is sent ephemerally instead, with {@link CHANNEL_BUSY_NOTE}.
   */
  async function respond(
    i: RespondableInteraction,
    ephemeral: boolean,
    work: () => Promise<DiscordPayload[]>,
  ): Promise<void> {
    const key = channelKey(i.channelId);
    const pending = work();
    pending.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const early = await Promise.race([
      pending,
      new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), deferAfterMs);
      }),
    ]).finally(() => clearTimeout(timer));
    let payloads: DiscordPayload[];
    let hidden = ephemeral;
    if (early === null) {
      // Visibility is chosen at the defer; the deferred reply is the first message.
      const busy = !hidden && !budget.tryTake(key, 1);
      hidden ||= busy;
      await i.deferReply(hidden ? EPHEMERAL : {});
      payloads = await pending;
      await i.editReply(busy ? withNote(payloads[0], CHANNEL_BUSY_NOTE) : payloads[0]);
      const rest = payloads.slice(1);
      const restHidden = hidden || !budget.tryTake(key, rest.length);
      for (const p of rest) await i.followUp({ ...p, ...(restHidden ? EPHEMERAL : {}) });
      return;
    }
    payloads = early;
    const busy = !hidden && !budget.tryTake(key, payloads.length);
    hidden ||= busy;
    const flags = hidden ? EPHEMERAL : {};
    await i.reply({ ...(busy ? withNote(payloads[0], CHANNEL_BUSY_NOTE) : payloads[0]), ...flags });
    for (const p of payloads.slice(1)) await i.followUp({ ...p, ...flags });
  }

  /** Answers an interaction with a short ephemeral text. */
  async function say(i: RespondableInteraction, text: string): Promise<void> {
    const p = textPayload(text);
    if (i.deferred && !i.replied) await i.editReply(p);
    else if (i.replied) await i.followUp({ ...p, ...EPHEMERAL });
    else await i.reply({ ...p, ...EPHEMERAL });
  }

  async function failed(i: RespondableInteraction, error: unknown, what: string): Promise<void> {
    log.error({ err: error, handler: what, guild: i.guildId !== null }, 'discord handler failed');
    try {
      await say(i, ERROR_TEXT);
    } catch (again) {
      log.warn({ err: again, handler: what }, 'discord: could not send the error reply');
    }
  }

  function limited(userId: string): boolean {
    return !limiter.take(userKey(userId));
  }

  async function slashCommand(i: SlashCommandInteraction): Promise<void> {
    try {
      if (limited(i.user.id)) return await say(i, RATE_LIMITED_TEXT);
      if (mod && (await mod.slash(i))) return;
      const ref = { user: userKey(i.user.id), scope: scopeOf(i.guildId, i.channelId) };
      const inGuild = i.guildId !== null;
      switch (i.commandName) {
        case COMMANDS.ask: {
          // Not `required`: a stale registration without the option gets the menu, not an error.
          const question = clipInput(i.options.getString(ASK_OPTIONS.question) ?? '');
          const ephemeral = i.options.getBoolean(ASK_OPTIONS.private) ?? false;
          const note = inGuild && !ephemeral && isPersonal(question) ? privateSuggestion() : undefined;
          return await respond(i, ephemeral, () => answer(ref, { type: 'text', text: question }, { question, note }));
        }
        case COMMANDS.topics:
          return await respond(i, inGuild, () => answer(ref, { type: 'button', id: 'menu' }));
        case COMMANDS.forget: {
          const ok = await assistant.forgetUser(userKey(i.user.id));
          log.info({ event: 'forget', ok }, 'discord /forget');
          return await say(i, ok ? FORGET_OK_TEXT : FORGET_FAILED_TEXT);
        }
        default:
          log.warn({ command: i.commandName }, 'discord: unknown slash command');
          return await say(i, UNKNOWN_COMMAND_TEXT);
      }
    } catch (error) {
      await failed(i, error, `/${i.commandName}`);
    }
  }

  function choicesFor(m: TargetMessage): { choices: ModeratorChoice[]; matched: boolean } {
    const alternatives = assistant.brain.matcher.match(clipInput(m.content)).alternatives;
    const picks: Array<{ topicId: string; confidence?: number }> = [];
    for (const alt of alternatives) {
      const topicId = kb.intents.find((x) => x.id === alt.intent)?.topic;
      if (topicId && kb.topics.has(topicId) && !picks.some((p) => p.topicId === topicId)) {
        picks.push({ topicId, confidence: alt.confidence });
      }
    }
    const matched = picks.length > 0;
    if (!matched) for (const f of kb.common.menu) picks.push({ topicId: f.id });
    const choices: ModeratorChoice[] = [];
    for (const p of picks.slice(0, matched ? 3 : 5)) {
      const customId = moderatorCustomId({ topicId: p.topicId, channelId: m.channelId, messageId: m.id, authorId: m.author.id });
      if (customId === null) continue;
      const label = kb.common.labels[p.topicId] ?? kb.topics.get(p.topicId)?.title ?? p.topicId;
      choices.push({ customId, label, confidence: p.confidence });
    }
    return { choices, matched };
  }

  async function messageMenu(i: MessageMenuInteraction): Promise<void> {
    try {
      if (limited(i.user.id)) return await say(i, RATE_LIMITED_TEXT);
      if (i.commandName !== COMMANDS.answerWithBot) return await say(i, UNKNOWN_COMMAND_TEXT);
      if (i.guildId === null) return await say(i, GUILD_ONLY_TEXT);
      const target = i.targetMessage;
      if (target.author.bot) return await say(i, BOT_TARGET_TEXT);
      const image = deps.images && imageAttachment(target);
      if (deps.images && image) {
        const invoker = { user: userKey(i.user.id), scope: scopeOf(i.guildId, i.channelId) };
        const author = { user: userKey(target.author.id), scope: scopeOf(i.guildId, target.channelId) };
        const menu = imageMenuAnswer(deps.images, image, { invoker, author, memberPermissions: i.memberPermissions }, (ref, input) => answer(ref, input));
        return await respond(i, menu.ephemeral, menu.work);
      }
      const { choices, matched } = choicesFor(target);
      log.info({ event: 'mod-menu', choices: choices.length, matched }, 'discord context menu');
      await i.reply({ ...renderModeratorPrompt(clipInput(target.content), choices, matched), ...EPHEMERAL });
    } catch (error) {
      await failed(i, error, 'context-menu');
    }
  }

  async function button(i: ButtonPressInteraction): Promise<void> {
    try {
      if (mod && (await mod.button(i))) return;
      const parsed = parseCustomId(i.customId);
      if (parsed === null) return await say(i, STALE_BUTTON_TEXT);
      if (limited(i.user.id)) return await say(i, RATE_LIMITED_TEXT);
      if (parsed.kind === 'follow-up') {
        const ref = { user: userKey(i.user.id), scope: scopeOf(i.guildId, i.channelId) };
        return await respond(i, i.guildId !== null, () => answer(ref, { type: 'button', id: parsed.topicId }));
      }
      if (i.guildId === null) return await say(i, GUILD_ONLY_TEXT);
      // Checked on every press, not only when the menu was shown: the permission may be gone,
      // and the button may be pressed by someone else. Manage Messages is resolved for the
      // channel of the press, so the answer may only go to that channel.
      if (i.memberPermissions?.has(PermissionFlagsBits.ManageMessages) !== true) return await say(i, MOD_ONLY_TEXT);
      if (parsed.channelId !== i.channelId) return await say(i, STALE_BUTTON_TEXT);
      if (budget.remaining(parsed.channelId) < 1) return await say(i, MOD_BUSY_TEXT);
      await i.deferUpdate();
      const member = { user: userKey(parsed.authorId), scope: scopeOf(i.guildId, parsed.channelId) };
      const payloads = await answer(member, { type: 'button', id: parsed.topicId });
      if (!budget.tryTake(parsed.channelId, payloads.length)) {
        await i.editReply({ ...textPayload(MOD_BUSY_TEXT), embeds: [], components: [] });
        return;
      }
      try {
        await poster.post(parsed.channelId, payloads[0], parsed.messageId);
        for (const p of payloads.slice(1)) await poster.post(parsed.channelId, p);
      } catch (error) {
        log.warn({ err: error, event: 'mod-post-failed' }, 'discord: could not post the moderator-picked answer');
        await i.editReply({ ...textPayload(POST_FAILED_TEXT), embeds: [], components: [] });
        return;
      }
      const label = kb.common.labels[parsed.topicId] ?? kb.topics.get(parsed.topicId)?.title ?? parsed.topicId;
      log.info({ event: 'mod-answered', topicId: parsed.topicId }, 'discord moderator answer posted');
      await i.editReply({ ...textPayload(`已在频道里公开回复这条消息：「${label}」。`), embeds: [], components: [] });
    } catch (error) {
      await failed(i, error, 'button');
    }
  }

  async function message(m: ChatMessage): Promise<void> {
    try {
      const botId = deps.botUserId();
      if (m.author.bot || m.system || m.webhookId !== null || m.author.id === botId) return;
      let text = clipInput(messageTextOf(m));
      if (m.guildId !== null) {
        if (botId === null || !m.mentions.users.has(botId)) {
          await mod?.unaddressed(m);
          return;
        }
        text = stripBotMention(text, botId);
        if (mod && !(await mod.memberAllowed(m))) return;
      }
      // A full channel gets nothing more, not even the "slow down" notice.
      if (budget.remaining(m.channelId) < 1) {
        log.debug({ event: 'channel-full', guild: m.guildId !== null }, 'discord: channel send budget exhausted; message ignored');
        return;
      }
      if (limited(m.author.id)) {
        if (notices.take(userKey(m.author.id)) && budget.tryTake(m.channelId, 1)) {
          await m.reply({ ...textPayload(RATE_LIMITED_TEXT), failIfNotExists: false });
        }
        return;
      }
      const ref = { user: userKey(m.author.id), scope: scopeOf(m.guildId, m.channelId) };
      const image = deps.images && imageAttachment(m);
      const read = deps.images && image ? await readAttachment(deps.images, image) : undefined;
      if (read && !read.ok) {
        if (budget.tryTake(m.channelId, 1)) await m.reply({ ...textPayload(read.notice), failIfNotExists: false });
        return;
      }
      const input: Incoming = read ? read.input : { type: 'text', text };
      const note = m.guildId !== null && isPersonal(input.type === 'text' ? input.text : text) ? privateSuggestion() : undefined;
      const payloads = await answer(ref, input, { note });
      if (!budget.tryTake(m.channelId, payloads.length)) {
        log.debug({ event: 'channel-full', guild: m.guildId !== null }, 'discord: channel send budget exhausted; answer dropped');
        return;
      }
      for (const p of payloads) await m.reply({ ...p, failIfNotExists: false });
    } catch (error) {
      log.error({ err: error, handler: 'message', guild: m.guildId !== null }, 'discord handler failed');
      try {
        if (budget.tryTake(m.channelId, 1)) await m.reply({ ...textPayload(ERROR_TEXT), failIfNotExists: false });
      } catch (again) {
        log.warn({ err: again }, 'discord: could not send the error reply');
      }
    }
  }

  return { slashCommand, messageMenu, button, message };
}
