/**
 * Offline test harness for the Discord adapter, built on REAL discord.js structures:
 *
 * - a real `Client` that never logs in; the bot user is installed as on READY;
 * - REST is real too (`@discordjs/rest` with its queue, routes and body serialization) but its
 *   network call is replaced through the documented `rest.makeRequest` client option: every
 *   request is recorded and answered with a plausible Discord response;
 * - gateway events are injected through the client's own actions (`client.actions.
 *   InteractionCreate.handle(raw)`, `client.actions.MessageCreate.handle(raw)`), exactly as the
 *   websocket packet handlers do, so discord.js builds ChatInputCommandInteraction,
 *   MessageContextMenuCommandInteraction, ButtonInteraction and Message itself;
 * - a guild with one text channel is added to the cache as GUILD_CREATE would.
 *
 * `wired.drain()` waits for the adapter's handlers to finish, so tests are deterministic.
 */
import { Writable } from 'node:stream';
import { ClientUser, type Client, type Guild } from 'discord.js';
import { afterEach } from 'vitest';
import type { Logger } from 'pino';
import { Assistant } from '../../src/core/assistant.js';
import type { RateLimiter } from '../../src/core/rate-limit.js';
import type { SendBudget } from '../../src/core/send-budget.js';
import type { Brain } from '../../src/core/respond.js';
import { createDiscordClient, FULL_INTENTS, startDiscord, wireClient, type WiredClient, type WireOptions } from '../../src/adapters/discord/client.js';
import type { AdapterDeps, RunningAdapter } from '../../src/adapters/types.js';
import { createLogger } from '../../src/logger.js';
import type { TextFromImage } from '../../src/ocr/index.js';

/** Fixed snowflakes. */
export const IDS = {
  app: '1300000000000000001',
  bot: '1300000000000000001',
  guild: '1300000000000000003',
  channel: '1300000000000000004',
  member: '1300000000000000005',
  mod: '1300000000000000006',
  dm: '1300000000000000008',
  command: '1300000000000000009',
} as const;

let seq = 0n;
/** A fresh, increasing snowflake. */
export function snowflake(): string {
  seq += 1n;
  return String(1400000000000000000n + seq);
}

/** One REST call the adapter made. */
export interface RecordedRequest {
  method: string;
  /** Path below /api/v10, e.g. `/interactions/1/tok/callback`. */
  path: string;
  query: string;
  body: unknown;
}

/** A JSON object as sent to / received from Discord. */
export type Json = Record<string, unknown>;

/** A raw user object. */
export function rawUser(id: string, name: string, bot = false): Json {
  return { id, username: name, discriminator: '0', global_name: name, avatar: null, bot };
}

/** A raw message object. */
export function rawMessage(o: {
  id?: string;
  channelId: string;
  guildId?: string;
  author: Json;
  content: string;
  mentions?: Json[];
  flags?: number;
  extra?: Json;
}): Json {
  return {
    id: o.id ?? snowflake(),
    channel_id: o.channelId,
    ...(o.guildId ? { guild_id: o.guildId } : {}),
    author: o.author,
    content: o.content,
    timestamp: new Date(0).toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: o.mentions ?? [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    components: [],
    pinned: false,
    type: 0,
    flags: o.flags ?? 0,
    ...o.extra,
  };
}

/** Fake Discord REST: records requests and answers like Discord would. */
export class FakeRest {
  readonly requests: RecordedRequest[] = [];
  /** Make POST /channels/:id/messages fail with this HTTP status (e.g. 403). */
  failChannelPosts: number | null = null;

  /** The `makeRequest` function for `new Client({ rest: { makeRequest } })`. */
  readonly makeRequest = async (url: string, init: { method?: string; body?: unknown }): Promise<Response> => {
    const u = new URL(url);
    const path = u.pathname.replace(/^\/api\/v\d+/u, '');
    const method = (init.method ?? 'GET').toUpperCase();
    const body = typeof init.body === 'string' && init.body !== '' ? (JSON.parse(init.body) as unknown) : (init.body ?? null);
    this.requests.push({ method, path, query: u.search, body });
    return this.respond(method, path, (body ?? {}) as Json);
  };

  private respond(method: string, path: string, body: Json): Response {
    const json = (status: number, data: unknown): Response =>
      new Response(JSON.stringify(data), { status, headers: { 'content-type': 'application/json' } });
    if (method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/u.test(path)) return new Response(null, { status: 204 });
    let m = /^\/channels\/(\d+)\/messages$/u.exec(path);
    if (method === 'POST' && m) {
      if (this.failChannelPosts !== null) return json(this.failChannelPosts, { message: 'Missing Permissions', code: 50013 });
      return json(200, this.echo(m[1], body));
    }
    m = /^\/webhooks\/(\d+)\/[^/]+(\/messages\/(@|%40)original)?$/u.exec(path);
    if ((method === 'PATCH' || method === 'POST') && m) return json(200, this.echo(IDS.channel, body));
    m = /^\/applications\/(\d+)(\/guilds\/(\d+))?\/commands$/u.exec(path);
    if (method === 'PUT' && m && Array.isArray(body)) {
      return json(200, (body as Json[]).map((c) => ({ ...c, id: snowflake(), application_id: m?.[1], version: '1' })));
    }
    return json(404, { message: 'Unknown', code: 0 });
  }

  private echo(channelId: string, body: Json): Json {
    return rawMessage({
      channelId,
      author: rawUser(IDS.bot, 'helper-bot', true),
      content: typeof body.content === 'string' ? body.content : '',
      extra: { embeds: body.embeds ?? [], components: body.components ?? [], flags: body.flags ?? 0 },
    });
  }

  /** Requests whose path matches. */
  find(method: string, path: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && path.test(r.path));
  }

  /** Interaction callback bodies ({ type, data }). */
  callbacks(): Json[] {
    return this.find('POST', /\/callback$/u).map((r) => r.body as Json);
  }

  /** Edits of the original interaction response (`PATCH …/messages/@original`). */
  edits(): Json[] {
    return this.find('PATCH', /\/messages\/(@|%40)original$/u).map((r) => r.body as Json);
  }

  /** Messages posted to channels. */
  channelPosts(): Json[] {
    return this.find('POST', /^\/channels\/\d+\/messages$/u).map((r) => r.body as Json);
  }
}

/** A logger writing JSON lines into `lines` (so tests can assert on logs). */
export function memoryLogger(): { logger: Logger; lines: Json[] } {
  const lines: Json[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n')) if (l.trim() !== '') lines.push(JSON.parse(l) as Json);
      done();
    },
  });
  return { logger: createLogger('debug', stream), lines };
}

interface ClientInternals {
  actions: {
    InteractionCreate: { handle(data: unknown): void };
    MessageCreate: { handle(data: unknown): unknown };
    MessageUpdate: { handle(data: unknown): unknown };
  };
  guilds: { _add(data: unknown): Guild };
}

/** A wired, offline client plus helpers to inject gateway events. */
export interface Harness {
  client: Client;
  rest: FakeRest;
  wired: WiredClient;
  assistant: Assistant;
  logs: Json[];
  /** Injects an INTERACTION_CREATE payload and waits for the handlers. */
  interact(raw: Json): Promise<void>;
  /** Injects a MESSAGE_CREATE payload and waits for the handlers. */
  message(raw: Json): Promise<void>;
  /** Injects a MESSAGE_UPDATE payload (an edit) and emits it as the gateway handler would. */
  edit(raw: Json): Promise<void>;
  destroy(): Promise<void>;
}

/** Options for {@link createHarness}. */
export interface HarnessOptions {
  limiter?: RateLimiter;
  deferAfterMs?: number;
  channelBudget?: SendBudget;
  /** Log here instead of the in-memory JSON lines (e.g. a silent logger for the soak). */
  logger?: Logger;
  /**
   * discord.js REST's own limit of requests per second (default 50, Discord's global limit).
   * The soak raises it: its REST is local, and channel posts would otherwise wait for it.
   */
  globalRequestsPerSecond?: number;
  /** Reads image attachments (the real OCR in the attachment tests). */
  images?: TextFromImage;
  /** Bounds and clock of the DM channel cache. */
  dmChannels?: WireOptions['dmChannels'];
}

/** Builds a harness around a fresh {@link Assistant} (or the one given). */
export function createHarness(brain: Brain, assistant = new Assistant(brain), options: HarnessOptions = {}): Harness {
  const rest = new FakeRest();
  const memory = options.logger ? { logger: options.logger, lines: [] } : memoryLogger();
  const { logger, lines } = memory;
  const client = createDiscordClient(FULL_INTENTS, {
    rest: { makeRequest: rest.makeRequest, ...(options.globalRequestsPerSecond ? { globalRequestsPerSecond: options.globalRequestsPerSecond } : {}) },
  });
  client.rest.setToken('test-token');
  client.user = Reflect.construct(ClientUser, [client, rawUser(IDS.bot, 'helper-bot', true)]) as ClientUser;
  client.users.cache.set(IDS.bot, client.user);
  const internals = client as unknown as ClientInternals;
  internals.guilds._add(rawGuild());
    const { limiter, deferAfterMs, channelBudget, dmChannels, images } = options;
    const wired = wireClient(client, { assistant, logger, limiter, deferAfterMs, channelBudget, dmChannels, images });
  return {
    client,
    rest,
    wired,
    assistant,
    logs: lines,
    async interact(raw) {
      internals.actions.InteractionCreate.handle(raw);
      await wired.drain(10_000);
    },
    async message(raw) {
      internals.actions.MessageCreate.handle(raw);
      await wired.drain(10_000);
    },
    async edit(raw) {
      const result = internals.actions.MessageUpdate.handle(raw) as { old?: unknown; updated?: unknown } | undefined;
      if (result?.old && result.updated) client.emit('messageUpdate', result.old as never, result.updated as never);
      await wired.drain(10_000);
    },
    async destroy() {
      await client.destroy();
    },
  };
}

/** A guild with one text channel, as in GUILD_CREATE. */
export function rawGuild(): Json {
  return {
    id: IDS.guild,
    name: 'Test server',
    icon: null,
    owner_id: IDS.mod,
    unavailable: false,
    features: [],
    emojis: [],
    stickers: [],
    members: [],
    presences: [],
    voice_states: [],
    threads: [],
    stage_instances: [],
    guild_scheduled_events: [],
    roles: [
      { id: IDS.guild, name: '@everyone', permissions: '0', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 },
    ],
    channels: [{ id: IDS.channel, type: 0, name: 'help', guild_id: IDS.guild, position: 0, permission_overwrites: [] }],
  };
}

/** Permission bits as Discord sends them in `member.permissions`. */
export const PERMS = {
  none: '0',
  /** View Channel + Send Messages + Manage Messages. */
  moderator: String((1n << 10n) | (1n << 11n) | (1n << 13n)),
} as const;

function interactionBase(type: number, where: 'guild' | 'dm', user: Json, permissions: string = PERMS.none): Json {
  const id = snowflake();
  const base: Json = {
    id,
    application_id: IDS.app,
    type,
    token: `token-${id}`,
    version: 1,
    locale: 'zh-CN',
    entitlements: [],
    app_permissions: PERMS.moderator,
    attachment_size_limit: 8_388_608,
  };
  if (where === 'guild') {
    return {
      ...base,
      guild_id: IDS.guild,
      guild_locale: 'zh-CN',
      channel_id: IDS.channel,
      channel: { id: IDS.channel, type: 0, guild_id: IDS.guild, name: 'help' },
      member: { user, roles: [], joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0, permissions },
      authorizing_integration_owners: { '0': IDS.guild },
      context: 0,
    };
  }
  return {
    ...base,
    channel_id: IDS.dm,
    channel: { id: IDS.dm, type: 1, recipients: [user] },
    user,
    authorizing_integration_owners: { '0': IDS.guild },
    context: 1,
  };
}

/** A raw chat-input command interaction. */
export function rawSlash(name: string, options: Json[], where: 'guild' | 'dm' = 'guild', user = rawUser(IDS.member, 'member')): Json {
  return { ...interactionBase(2, where, user), data: { id: IDS.command, name, type: 1, options } };
}

/** A raw message context-menu interaction targeting `target`. */
export function rawMessageMenu(name: string, target: Json, permissions: string = PERMS.moderator): Json {
  const targetId = target.id as string;
  return {
    ...interactionBase(2, 'guild', rawUser(IDS.mod, 'moderator'), permissions),
    data: { id: snowflake(), name, type: 3, target_id: targetId, resolved: { messages: { [targetId]: target } } },
  };
}

/** A raw button interaction on `message`. */
export function rawButton(
  customId: string,
  o: { where?: 'guild' | 'dm'; user?: Json; permissions?: string; ephemeral?: boolean } = {},
): Json {
  const where = o.where ?? 'guild';
  const message = rawMessage({
    channelId: where === 'guild' ? IDS.channel : IDS.dm,
    guildId: where === 'guild' ? IDS.guild : undefined,
    author: rawUser(IDS.bot, 'helper-bot', true),
    content: '',
    flags: o.ephemeral ? 64 : 0,
  });
  return {
    ...interactionBase(3, where, o.user ?? rawUser(IDS.member, 'member'), o.permissions ?? PERMS.none),
    message,
    data: { custom_id: customId, component_type: 2 },
  };
}

/** The real adapter from {@link startDiscord}, offline, and a way to feed it gateway interactions. */
export interface OfflineDiscord {
  adapter: RunningAdapter;
  client: Client;
  /** Hands a raw interaction payload to the client as the gateway would. */
  interaction(raw: Json): void;
}

/** Starts the real Discord adapter with login stubbed and every REST call answered by `rest`. */
export async function startOfflineDiscord(deps: AdapterDeps, rest: FakeRest): Promise<OfflineDiscord> {
  let client: Client | undefined;
  const adapter = await startDiscord(deps, {
    login: () => Promise.resolve('ok'),
    clientOptions: { rest: { makeRequest: rest.makeRequest } },
    onClient: (c) => {
      client = c;
      c.user = Reflect.construct(ClientUser, [c, rawUser(IDS.bot, 'helper-bot', true)]) as ClientUser;
    },
  });
  if (!client) throw new Error('startDiscord did not create a client');
  const started = client;
  const actions = (started as unknown as { actions: { InteractionCreate: { handle(d: unknown): void } } }).actions;
  return { adapter, client: started, interaction: (raw) => actions.InteractionCreate.handle(raw) };
}

/**
 * Destroys, after each test, every harness handed to the returned function (which returns it,
 * so `const h = keep(createHarness(brain))`). Call once per test file or `describe`.
 */
export function destroyAfterEach(): (h: Harness) => Harness {
  const kept: Harness[] = [];
  afterEach(async () => {
    await Promise.all(kept.splice(0).map((h) => h.destroy()));
  });
  return (h) => {
    kept.push(h);
    return h;
  };
}

