/**
 * The discord.js client: intents, partials, default `allowedMentions`, event wiring to the
 * handlers, error listeners, and {@link startDiscord}, which logs in (retrying without the
 * privileged Message Content intent when Discord refuses it) and returns a stoppable adapter.
 */
import {
  Client,
  Events,
  GatewayIntentBits,
  Options,
  Partials,
  type ClientOptions,
  type Interaction,
  type Message,
} from 'discord.js';
import type { Logger } from 'pino';
import type { Assistant } from '../../core/assistant.js';
import type { Moderation } from '../../moderation/service.js';
import type { TextFromImage } from '../../ocr/index.js';
import type { RateLimiter } from '../../core/rate-limit.js';
import type { SendBudget } from '../../core/send-budget.js';
import { scrubSecrets, withSecrets } from '../../logger.js';
import type { AdapterDeps, RunningAdapter } from '../types.js';
import { DmChannelCache, type DmCacheOptions } from './dm-cache.js';
import { createHandlers, type DiscordHandlers } from './handlers.js';
import type { ChannelPoster } from './interactions.js';
import { clientPinner, DiscordModeration } from './moderation.js';
import { NO_MENTIONS } from './render-embed.js';
import { restRootOption } from './rest-root.js';

/** Intents without the privileged Message Content intent. */
export const BASE_INTENTS: readonly GatewayIntentBits[] = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.DirectMessages,
];

/** Intents requested first (Message Content is privileged and may be refused). */
export const FULL_INTENTS: readonly GatewayIntentBits[] = [...BASE_INTENTS, GatewayIntentBits.MessageContent];

/** Logged when the bot runs without Message Content. */
export const NO_MESSAGE_CONTENT_WARNING =
  'Discord refused the privileged Message Content intent (enable it under Developer Portal → Bot → Privileged Gateway Intents). ' +
  'Continuing without it: slash commands, buttons and the "Answer with bot" context menu work fully, and Discord still ' +
  'delivers the text of DMs and of messages that @-mention the bot; the text of other channel messages is not readable.';

/**
 * Memory bounds for a bot that meets many strangers. discord.js caches every user and member
 * it sees forever by default; the bot needs neither (it answers from the event payload), so
 * they are capped, as are cached messages (none in DMs; DM channels themselves: `dm-cache.ts`).
 * @discordjs/rest keeps one queue per route (e.g. per interaction token for edits and
 * follow-ups) until its sweep: every 10 minutes instead of hourly.
 */
export const CACHE_LIMITS = {
  messagesPerChannel: 50,
  messagesPerDm: 0,
  users: 5_000,
  membersPerGuild: 500,
  restHandlerSweepMs: 10 * 60_000,
} as const;

/** Creates a client with this adapter's defaults (no login). */
export function createDiscordClient(intents: readonly GatewayIntentBits[], extra: Partial<ClientOptions> = {}): Client {
  return new Client({
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: CACHE_LIMITS.messagesPerChannel,
      DMMessageManager: CACHE_LIMITS.messagesPerDm,
      UserManager: { maxSize: CACHE_LIMITS.users, keepOverLimit: (user) => user.id === user.client.user?.id },
      GuildMemberManager: { maxSize: CACHE_LIMITS.membersPerGuild, keepOverLimit: (member) => member.id === member.client.user?.id },
    }),
    ...extra,
    rest: { handlerSweepInterval: CACHE_LIMITS.restHandlerSweepMs, ...extra.rest },
    intents: [...intents],
    partials: [Partials.Channel],
    allowedMentions: NO_MENTIONS,
  });
}

/** Posts through the client's channel cache/REST. */
export function channelPoster(client: Client): ChannelPoster {
  return {
    async post(channelId, payload, replyTo) {
      const channel = await client.channels.fetch(channelId);
      if (!channel?.isSendable()) throw new Error(`channel ${channelId} is not a channel the bot can send to`);
      await channel.send(replyTo ? { ...payload, reply: { messageReference: replyTo, failIfNotExists: false } } : payload);
    },
  };
}

/** Options for {@link wireClient}. */
export interface WireOptions {
  assistant: Assistant;
  logger: Logger;
  limiter?: RateLimiter;
  deferAfterMs?: number;
  /** Per-channel budget of public messages (default: 5 per 5 s and 20 per minute). */
  channelBudget?: SendBudget;
  /** The shared moderator toolkit (optional). */
  moderation?: Moderation;
  /** Reads screenshots (image attachments); optional. */
  images?: TextFromImage;
  /** Bounds of the DM channel cache (default {@link DmChannelCache}'s). */
  dmChannels?: DmCacheOptions;
}

/** A client with handlers attached. */
export interface WiredClient {
  readonly handlers: DiscordHandlers;
  /** Waits (at most `timeoutMs`) for the handlers still running. */
  drain(timeoutMs: number): Promise<void>;
}

/** Attaches the handlers and the error listeners to `client`. */
export function wireClient(client: Client, options: WireOptions): WiredClient {
  const { logger } = options;
  const handlers = createHandlers({
    assistant: options.assistant,
    logger,
    poster: channelPoster(client),
    botUserId: () => client.user?.id ?? null,
    limiter: options.limiter,
    deferAfterMs: options.deferAfterMs,
    channelBudget: options.channelBudget,
    moderation: options.moderation ? new DiscordModeration(options.moderation, clientPinner(client, logger)) : undefined,
    images: options.images,
  });
  const inFlight = new Set<Promise<void>>();
  const track = (work: Promise<void>): void => {
    const guarded = work.catch((error: unknown) => logger.error({ err: error }, 'discord handler rejected'));
    inFlight.add(guarded);
    void guarded.finally(() => inFlight.delete(guarded));
  };

  const dms = new DmChannelCache(client, options.dmChannels);
  client.on(Events.InteractionCreate, (i: Interaction) => {
    if (i.guildId === null && i.channelId !== null) dms.touch(i.channelId);
    if (i.isChatInputCommand()) track(handlers.slashCommand(i));
    else if (i.isMessageContextMenuCommand()) track(handlers.messageMenu(i));
    // Buttons, and any other component (e.g. a select menu of an older version): unknown ids get "expired".
    else if (i.isMessageComponent()) track(handlers.button(i));
  });
  client.on(Events.MessageCreate, (m: Message) => {
    if (m.guildId === null) dms.touch(m.channelId);
    track(handlers.message(m));
  });
  // Edits (Events.MessageUpdate) are deliberately not handled: an edit is not a new question.
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.ShardError, (error, shardId) => logger.warn({ err: error, shardId }, 'discord shard error'));
  client.on(Events.Warn, (message) => logger.warn({ detail: message }, 'discord warning'));
  client.once(Events.ClientReady, (ready) =>
    logger.info({ bot: ready.user.tag, guilds: ready.guilds.cache.size }, 'discord connected'),
  );

  return {
    handlers,
    async drain(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...inFlight]),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
        }),
      ]).finally(() => clearTimeout(timer));
    },
  };
}

/** True when Discord closed the gateway because a privileged intent is not enabled (4014). */
export function isDisallowedIntents(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === 4014 || code === 'DisallowedIntents' || /disallowed intent/iu.test(typeof message === 'string' ? message : '');
}

/** Test seams for {@link startDiscord}. */
export interface DiscordInternals {
  /** Logs the client in (default `client.login(token)`). */
  login?: (client: Client, token: string) => Promise<unknown>;
  /** Extra client options, e.g. `rest.makeRequest` for an offline REST. */
  clientOptions?: Partial<ClientOptions>;
  /** Called with each client created (tests inspect intents). */
  onClient?: (client: Client) => void;
}

/** `error`, or a copy whose message no longer contains `token` (start-up errors are printed). */
function withoutToken(error: unknown, token: string): unknown {
  if (!(error instanceof Error) || !`${error.message}${error.stack ?? ''}`.includes(token)) return error;
  const clean = new Error(scrubSecrets(error.message, [token]));
  clean.name = error.name;
  clean.stack = `${clean.name}: ${clean.message}`;
  return Object.assign(clean, 'code' in error ? { code: (error as { code: unknown }).code } : {});
}

/** Longest wait for in-flight handlers on stop. */
const DRAIN_MS = 5000;

/**
 * Starts the Discord bot. Requests Message Content first; if Discord refuses it (close code
 * 4014) logs how to enable it and reconnects without it. `stop()` waits briefly for running
 * handlers, then destroys the client.
 */
export async function startDiscord(deps: AdapterDeps, internals: DiscordInternals = {}): Promise<RunningAdapter> {
  const token = deps.config.DISCORD_TOKEN;
  if (!token) throw new Error('DISCORD_TOKEN is not set');
  const logger = withSecrets(deps.logger, [token], { adapter: 'discord' });
  const login = internals.login ?? ((c: Client, t: string) => c.login(t));

  const extra = internals.clientOptions ?? {};
  // DISCORD_API_ROOT: REST (and with it the gateway address) through a proxy instead of discord.com.
  const options = { ...extra, rest: { ...restRootOption(deps.config.DISCORD_API_ROOT), ...extra.rest } };
  const connect = async (intents: readonly GatewayIntentBits[]): Promise<{ client: Client; wired: WiredClient }> => {
    const client = createDiscordClient(intents, options);
    internals.onClient?.(client);
    const wired = wireClient(client, { assistant: deps.assistant, logger, moderation: deps.moderation, images: deps.images });
    try {
      await login(client, token);
    } catch (error) {
      await client.destroy();
      throw withoutToken(error, token);
    }
    return { client, wired };
  };

  let running: { client: Client; wired: WiredClient };
  try {
    running = await connect(FULL_INTENTS);
  } catch (error) {
    if (!isDisallowedIntents(error)) throw error;
    logger.warn(NO_MESSAGE_CONTENT_WARNING);
    running = await connect(BASE_INTENTS);
  }

  return {
    name: 'discord',
    async stop() {
      await running.wired.drain(DRAIN_MS);
      await running.client.destroy();
    },
  };
}
