/**
 * The Discord side of the cross-platform cases: a real discord.js client wired with the toolkit
 * (`wireClient({ moderation })`), gateway events injected through the client's own actions and
 * REST answered by the recording fake of test/discord/harness.ts, extended with the pin routes
 * (`PUT/DELETE /channels/:id/messages/pins/:id`).
 */
import type Keyv from 'keyv';
import { ClientUser, type Guild } from 'discord.js';
import { createDiscordClient, FULL_INTENTS, wireClient } from '../../src/adapters/discord/client.js';
import { Assistant } from '../../src/core/assistant.js';
import { RateLimiter } from '../../src/core/rate-limit.js';
import type { Brain } from '../../src/core/respond.js';
import { SendBudget } from '../../src/core/send-budget.js';
import { createLogger } from '../../src/logger.js';
import { inScript } from '../../src/moderation/present.js';
import { NOT_ADMIN_TEXT } from '../../src/moderation/texts.js';
import { FakeRest, IDS, PERMS, rawButton, rawGuild, rawMessage, rawSlash, rawUser, type Json } from '../discord/harness.js';
import { emptyObservation, moderationFor, titleIndex, type Clock, type Command, type Driver, type Observation, type Who } from './driver.js';

const EPHEMERAL = 64;
/** Manage Messages only (the owner, IDS.mod, has every permission through ownership). */
const MODERATOR = PERMS.moderator;

interface Internals {
  actions: { InteractionCreate: { handle(data: unknown): void }; MessageCreate: { handle(data: unknown): unknown } };
  guilds: { _add(data: unknown): Guild };
}

interface Sent {
  /** Public in the channel? */
  public: boolean;
  body: Json;
}

const USERS: Record<Who, string> = { admin: IDS.mod, member: IDS.member };

/** Builds the Discord driver. */
export function discordDriver(
  brain: Brain,
  clock: Clock,
  settingsStore?: Keyv,
): Driver & { rest: FakeRest; pins: string[]; interact(raw: Json): Promise<void>; inject(raw: Json): Promise<void> } {
  const { service, log } = moderationFor(brain, clock, settingsStore);
  const rest = new FakeRest();
  const pins: string[] = [];
  let pinFails = false;
  const makeRequest = async (url: string, init: { method?: string; body?: unknown }): Promise<Response> => {
    const path = new URL(url).pathname.replace(/^\/api\/v\d+/u, '');
    if (/^\/channels\/\d+\/messages\/pins\/\d+$/u.test(path)) {
      rest.requests.push({ method: (init.method ?? 'GET').toUpperCase(), path, query: '', body: null });
      if (pinFails) return new Response(JSON.stringify({ message: 'Missing Permissions', code: 50013 }), { status: 403, headers: { 'content-type': 'application/json' } });
      pins.push(path);
      return new Response(null, { status: 204 });
    }
    return rest.makeRequest(url, init);
  };
  const client = createDiscordClient(FULL_INTENTS, { rest: { makeRequest } });
  client.rest.setToken('test-token');
  client.user = Reflect.construct(ClientUser, [client, rawUser(IDS.bot, 'helper-bot', true)]) as ClientUser;
  client.users.cache.set(IDS.bot, client.user);
  const internals = client as unknown as Internals;
  internals.guilds._add(rawGuild());
  const wired = wireClient(client, {
    assistant: new Assistant(brain),
    logger: createLogger('silent'),
    limiter: new RateLimiter({ capacity: 10_000, refillPerSecond: 10_000 }),
    deferAfterMs: 60_000,
    channelBudget: new SendBudget({ windows: [{ limit: 10_000, ms: 60_000 }] }),
    moderation: service,
  });
  let adminPerms: string = MODERATOR;
  const perms = (who: Who): string => (who === 'admin' ? adminPerms : PERMS.none);
  const user = (who: Who): Json => rawUser(USERS[who], who);
  const interact = async (raw: Json): Promise<void> => {
    internals.actions.InteractionCreate.handle(raw);
    await wired.drain(10_000);
  };
  const message = async (who: Who, content: string, mentions: Json[] = []): Promise<void> => {
    internals.actions.MessageCreate.handle(
      rawMessage({
        channelId: IDS.channel,
        guildId: IDS.guild,
        author: user(who),
        content,
        mentions,
        extra: { member: { roles: [], joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0 } },
      }),
    );
    await wired.drain(10_000);
  };
  const titles = titleIndex(brain, (s) => inScript({ script: 'traditional' }, s));
  let seen = 0;

  /** Every message body the bot sent or edited since the last take, with its visibility. */
  function sent(): Sent[] {
    const out: Sent[] = [];
    for (const r of rest.requests.slice(seen)) {
      const body = (r.body ?? {}) as Json;
      if (r.method === 'POST' && /\/callback$/u.test(r.path)) {
        const data = (body.data ?? {}) as Json;
        const type = Number(body.type);
        if (type === 4 || type === 7) out.push({ public: type === 4 && (Number(data.flags ?? 0) & EPHEMERAL) === 0, body: data });
      } else if (r.method === 'POST' && /^\/channels\/\d+\/messages$/u.test(r.path)) {
        // Refused by the fake REST (failChannelPosts): nothing appeared in the channel.
        if (rest.failChannelPosts === null) out.push({ public: true, body });
      } else if ((r.method === 'PATCH' || r.method === 'POST') && /^\/webhooks\//u.test(r.path)) {
        out.push({ public: (Number(body.flags ?? 0) & EPHEMERAL) === 0 && r.method === 'POST', body });
      }
    }
    return out;
  }

  const customIds = (body: Json, prefix: string): string[] =>
    ((body.components ?? []) as Array<{ components: Array<{ custom_id?: string }> }>)
      .flatMap((row) => row.components.map((c) => c.custom_id ?? ''))
      .filter((id) => id.startsWith(prefix))
      .map((id) => id.slice(prefix.length));

  return {
    platform: 'discord',
    group: `dc:${IDS.guild}`,
    service,
    log,
    rest,
    pins,
    interact,
    async inject(raw) {
      internals.actions.MessageCreate.handle(raw);
      await wired.drain(10_000);
    },
    chat: (who, text) => message(who, text),
    mention: (who, text) => message(who, `<@${IDS.bot}> ${text}`, [rawUser(IDS.bot, 'helper-bot', true)]),
    async command(who, name: Command, arg?: string) {
      const option = { settings: 'change', faq: 'topic', ask: 'question', unanswered: undefined, topics: undefined }[name];
      const options = arg === undefined || option === undefined ? [] : [{ name: option, type: 3, value: arg }];
      const raw = rawSlash(name, options, 'guild', user(who));
      (raw.member as Json).permissions = perms(who);
      await interact(raw);
    },
    async press(who, id) {
      await interact(rawButton(id, { user: user(who), permissions: perms(who), ephemeral: id.startsWith('m:') }));
    },
    revokeAdmin() {
      adminPerms = PERMS.none;
    },
    denyPin() {
      pinFails = true;
    },
    take(): Observation {
      const o = emptyObservation();
      for (const s of sent()) {
        const embeds = (s.body.embeds ?? []) as Array<{ title?: string }>;
        const content = typeof s.body.content === 'string' ? s.body.content : '';
        const topic = embeds[0]?.title === undefined ? undefined : titles.get(embeds[0].title);
        if (s.public && topic) {
          o.answered.push(topic.id);
          o.traditional ||= topic.traditional;
          continue;
        }
        if (s.public && content.startsWith('📌')) o.welcomePosted = true;
        else if (content === NOT_ADMIN_TEXT) o.refused = true;
        else if (content.includes('本群最近') || content.includes('没有我没能回答')) o.report = content.replace(/\\(.)/gu, '$1');
        else if (content !== '') o.texts.push(content);
        if (customIds(s.body, 'm:').length > 0) o.menu = true;
        if (!s.public) o.listed.push(...customIds(s.body, 'f:'));
      }
      o.pinned = rest.requests.slice(seen).some((r) => r.method === 'PUT' && /\/pins\//u.test(r.path)) && !pinFails;
      seen = rest.requests.length;
      return o;
    },
    async close() {
      await client.destroy();
    },
  };
}
