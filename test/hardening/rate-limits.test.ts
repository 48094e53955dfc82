/**
 * Abuse: per-user and per-chat limits. Floods of button presses, messages and commands — by
 * one user and by a crowd in one group — never make the bot send more into one chat than
 * Telegram (~20 messages/minute per group) or Discord (5 messages per 5 s per channel) allow,
 * and every button press is still acknowledged.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ChatBudget, GROUP_WINDOWS, PRIVATE_WINDOWS } from '../../src/adapters/telegram/chat-budget.js';
import { createTelegramBot } from '../../src/adapters/telegram/bot.js';
import { GROUP_BUSY_TEXT } from '../../src/adapters/telegram/texts.js';
import { CHANNEL_BUSY_NOTE, CHANNEL_WINDOWS, defaultChannelBudget, MOD_BUSY_TEXT } from '../../src/adapters/discord/handlers.js';
import { COMMANDS } from '../../src/adapters/discord/commands.js';
import { Assistant } from '../../src/core/assistant.js';
import { loadBrain } from '../../src/core/brain.js';
import { RATE_LIMITED_TEXT, RateLimiter } from '../../src/core/rate-limit.js';
import type { Brain } from '../../src/core/respond.js';
import { SendBudget } from '../../src/core/send-budget.js';
import { createLogger } from '../../src/logger.js';
import { createHarness, destroyAfterEach, IDS, PERMS, rawButton, rawMessage, rawSlash, rawUser, type Harness, type Json } from '../discord/harness.js';
import { BOT_INFO, TEST_TOKEN } from '../telegram/stub-bot-api.js';
import { botMessage, buttonPress, GROUP_ID, groupText, privateText } from '../telegram/updates.js';
import { installLocalApi, type LocalApi } from './local-api.js';
import { groupBy, maxInWindow } from './windows.js';

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});

/** Telegram's documented per-group limit and Discord's per-channel limit. */
const TELEGRAM_GROUP_PER_MINUTE = 20;
const DISCORD_CHANNEL_PER_5S = 5;

const silent = createLogger('silent');

describe('SendBudget', () => {
  it('GIVEN 5 per 5 s and 20 per minute THEN never more than that in any window, all-or-nothing takes, and room comes back as time passes', () => {
    let now = 0;
    const budget = new SendBudget({ windows: [{ limit: 5, ms: 5_000 }, { limit: 20, ms: 60_000 }], now: () => now });
    const taken: number[] = [];
    for (let t = 0; t < 180_000; t += 250) {
      now = t;
      const n = 1 + (t % 3);
      if (budget.tryTake('c', n)) for (let i = 0; i < n; i += 1) taken.push(t);
    }
    expect(maxInWindow(taken, 5_000)).toBeLessThanOrEqual(5);
    expect(maxInWindow(taken, 60_000)).toBeLessThanOrEqual(20);
    expect(taken.length).toBeGreaterThanOrEqual(55);
    now = 1_000_000;
    expect(budget.remaining('c')).toBe(5);
    expect(budget.tryTake('c', 6)).toBe(false);
    expect(budget.remaining('c')).toBe(5);
    expect(budget.maxBurst).toBe(5);
  });

  it('GIVEN more keys than maxKeys THEN the least recently used are forgotten (memory stays bounded)', () => {
    const budget = new SendBudget({ windows: [{ limit: 1, ms: 60_000 }], maxKeys: 100, now: () => 0 });
    for (let i = 0; i < 10_000; i += 1) budget.tryTake(`chat${i}`);
    expect(budget.size).toBeLessThanOrEqual(100);
    expect(() => new SendBudget({ windows: [] })).toThrow(RangeError);
    expect(() => new SendBudget({ windows: [{ limit: 0, ms: 1 }] })).toThrow(RangeError);
  });

  it('GIVEN the shipped windows THEN they are within the platforms’ documented limits', () => {
    expect(GROUP_WINDOWS.every((w) => w.limit / (w.ms / 60_000) <= TELEGRAM_GROUP_PER_MINUTE)).toBe(true);
    expect(PRIVATE_WINDOWS.every((w) => w.limit / (w.ms / 1000) <= 1)).toBe(true);
    expect(CHANNEL_WINDOWS.some((w) => w.ms === 5_000 && w.limit <= DISCORD_CHANNEL_PER_5S)).toBe(true);
  });
});

describe('Telegram floods', () => {
  function setup() {
    const clock = { now: 10_000_000 };
    const now = (): number => clock.now;
    const bot = createTelegramBot({
      assistant: new Assistant(brain),
      logger: silent,
      token: TEST_TOKEN,
      botInfo: BOT_INFO,
      rateLimiter: new RateLimiter({ capacity: 5, refillPerSecond: 0.5, now }),
      chatBudget: new ChatBudget({ now }),
    });
    const api = installLocalApi(bot, { now });
    return { bot, api, clock };
  }

  const perChat = (api: LocalApi): Map<string, number[]> =>
    new Map([...groupBy(api.sent(), (c) => String(c.payload.chat_id))].map(([k, v]) => [k, v.map((c) => c.at)]));

  function expectWithinTelegramLimits(api: LocalApi): void {
    for (const [chat, times] of perChat(api)) {
      const limit = Number(chat) < 0 ? GROUP_WINDOWS[0].limit : PRIVATE_WINDOWS[0].limit;
      const window = Number(chat) < 0 ? GROUP_WINDOWS[0].ms : PRIVATE_WINDOWS[0].ms;
      expect(maxInWindow(times, window), `chat ${chat}`).toBeLessThanOrEqual(limit);
      if (Number(chat) < 0) expect(maxInWindow(times, 60_000)).toBeLessThanOrEqual(TELEGRAM_GROUP_PER_MINUTE);
    }
  }

  const menuIds = (): string[] => brain.kb.common.menu.map((m) => `f:${m.id}`);

  it('GIVEN 200 rapid button presses by one user in a group THEN ≤ 18 messages per minute reach the group and every press is acknowledged', async () => {
    const { bot, api, clock } = setup();
    const msg = botMessage(GROUP_ID);
    const ids = menuIds();
    for (let i = 0; i < 200; i += 1) {
      await bot.handleUpdate(buttonPress(501, ids[i % ids.length], msg));
      clock.now += 100;
    }
    expect(api.callsTo('answerCallbackQuery')).toHaveLength(200);
    expect(api.sent().length).toBeGreaterThan(0);
    expectWithinTelegramLimits(api);
    expect(api.callsTo('answerCallbackQuery').some((c) => c.payload.text === RATE_LIMITED_TEXT)).toBe(true);
  });

  it('GIVEN 200 simultaneous presses by 50 users in one group THEN the group still gets ≤ 18 messages per minute and the rest get a toast', async () => {
    const { bot, api } = setup();
    const msg = botMessage(GROUP_ID);
    const ids = menuIds();
    const presses = Array.from({ length: 200 }, (_, i) => buttonPress(600 + (i % 50), ids[i % ids.length], msg));
    await Promise.all(presses.map((u) => bot.handleUpdate(u)));
    expect(api.callsTo('answerCallbackQuery')).toHaveLength(200);
    const sent = api.sent();
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.length).toBeLessThanOrEqual(GROUP_WINDOWS[0].limit);
    expect(api.callsTo('answerCallbackQuery').filter((c) => c.payload.text === GROUP_BUSY_TEXT).length).toBeGreaterThan(100);
  });

  it('GIVEN 50 users pressing and mentioning the bot for 3 minutes THEN every 60 s window of the group stays ≤ 18 and answers resume as the window slides', async () => {
    const { bot, api, clock } = setup();
    const msg = botMessage(GROUP_ID);
    const ids = menuIds();
    for (let i = 0; i < 600; i += 1) {
      const user = 700 + (i % 50);
      const update = i % 3 === 0 ? groupText(user, `@${BOT_INFO.username} 催收打电话给我爸妈合法吗`) : buttonPress(user, ids[i % ids.length], msg);
      await bot.handleUpdate(update);
      clock.now += 300;
    }
    expectWithinTelegramLimits(api);
    const times = api.sent().map((c) => c.at);
    const start = 10_000_000;
    for (const minute of [0, 1, 2]) {
      expect(times.some((t) => t >= start + minute * 60_000 && t < start + (minute + 1) * 60_000)).toBe(true);
    }
  });

  it('GIVEN one user flooding a private chat with 200 messages THEN ≤ 30 messages per 30 s reach the chat and the slow-down notice is not repeated per message', async () => {
    const { bot, api, clock } = setup();
    for (let i = 0; i < 200; i += 1) {
      await bot.handleUpdate(privateText(801, `家人收到催收短信怎么办 ${i}`));
      clock.now += 50;
    }
    expectWithinTelegramLimits(api);
    const notices = api.sent().filter((c) => String(c.payload.text).includes('喘口气'));
    expect(notices.length).toBeGreaterThanOrEqual(1);
    expect(notices.length).toBeLessThanOrEqual(5);
  });
});

describe('Discord floods', () => {
  interface Stamped {
    at: number;
    channel: string;
    public: boolean;
    kind: 'callback' | 'followup' | 'post' | 'edit';
  }

  const EPHEMERAL = 64;

  function setup() {
    const clock = { now: 50_000_000 };
    const now = (): number => clock.now;
    const h = createHarness(brain, new Assistant(brain), {
      limiter: new RateLimiter({ capacity: 6, refillPerSecond: 0.25, now }),
      channelBudget: defaultChannelBudget(now),
      logger: silent,
    });
    const stamped: Stamped[] = [];
    let seen = 0;
    /** Stamps the requests made since the last call with the current fake time. */
    const stamp = (channel: string): void => {
      for (const r of h.rest.requests.slice(seen)) {
        const body = (r.body ?? {}) as Json & { type?: number; data?: Json; flags?: number };
        if (r.method === 'POST' && /\/callback$/u.test(r.path)) {
          const flags = Number((body.data as { flags?: number } | undefined)?.flags ?? 0);
          const creates = body.type === 4 || body.type === 5;
          stamped.push({ at: clock.now, channel, public: creates && (flags & EPHEMERAL) === 0, kind: 'callback' });
        } else if (r.method === 'POST' && /^\/webhooks\//u.test(r.path)) {
          stamped.push({ at: clock.now, channel, public: (Number(body.flags ?? 0) & EPHEMERAL) === 0, kind: 'followup' });
        } else if (r.method === 'POST' && /^\/channels\/\d+\/messages$/u.test(r.path)) {
          stamped.push({ at: clock.now, channel: r.path.split('/')[2], public: true, kind: 'post' });
        } else if (r.method === 'PATCH') {
          stamped.push({ at: clock.now, channel, public: false, kind: 'edit' });
        }
      }
      seen = h.rest.requests.length;
    };
    return { h, clock, stamped, stamp };
  }

  function expectWithinDiscordLimits(stamped: readonly Stamped[]): void {
    for (const [channel, list] of groupBy(stamped.filter((s) => s.public), (s) => s.channel)) {
      const times = list.map((s) => s.at);
      expect(maxInWindow(times, 5_000), `channel ${channel}`).toBeLessThanOrEqual(DISCORD_CHANNEL_PER_5S);
      expect(maxInWindow(times, 60_000), `channel ${channel}`).toBeLessThanOrEqual(CHANNEL_WINDOWS[1].limit);
    }
  }

  const keep = destroyAfterEach();
  const track = <T extends { h: Harness }>(s: T): T => {
    keep(s.h);
    return s;
  };

  it('GIVEN 200 rapid follow-up presses by one user, in a server channel and in a DM THEN every interaction gets exactly one response and public messages stay ≤ 5 per 5 s', async () => {
    const { h, clock, stamped, stamp } = track(setup());
    const ids = brain.kb.common.menu.map((m) => `f:${m.id}`);
    for (let i = 0; i < 200; i += 1) {
      const where = i % 2 === 0 ? 'guild' : 'dm';
      await h.interact(rawButton(ids[i % ids.length], { where }));
      stamp(where === 'guild' ? IDS.channel : IDS.dm);
      clock.now += 50;
    }
    expect(stamped.filter((s) => s.kind === 'callback')).toHaveLength(200);
    expectWithinDiscordLimits(stamped);
    expect(stamped.some((s) => s.public)).toBe(true);
  });

  it('GIVEN 200 presses and public /ask by 50 users in one channel THEN the channel gets ≤ 5 public messages per 5 s, over-budget answers turn ephemeral with a note', async () => {
    const { h, clock, stamped, stamp } = track(setup());
    const ids = brain.kb.common.menu.map((m) => `f:${m.id}`);
    for (let i = 0; i < 200; i += 1) {
      const user = rawUser(String(1300000000000100000n + BigInt(i % 50)), `u${i % 50}`);
      if (i % 2 === 0) await h.interact(rawButton(ids[i % ids.length], { user }));
      else await h.interact(rawSlash(COMMANDS.ask, [{ name: 'question', type: 3, value: '催收打电话给我爸妈合法吗' }], 'guild', user));
      stamp(IDS.channel);
      clock.now += 100;
    }
    expect(stamped.filter((s) => s.kind === 'callback')).toHaveLength(200);
    expectWithinDiscordLimits(stamped);
    const notes = h.rest.callbacks().filter((c) => (c.data as { content?: string } | undefined)?.content?.startsWith(CHANNEL_BUSY_NOTE));
    expect(notes.length).toBeGreaterThan(0);
    for (const n of notes) expect(((n.data as { flags?: number }).flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
  });

  it('GIVEN a full channel and an answer slow enough to be deferred THEN the deferral is already ephemeral and the edit carries the note', async () => {
    const slow = new Assistant(brain);
    const handle = slow.handle.bind(slow);
    slow.handle = async (ref, input) => {
      await new Promise((r) => setTimeout(r, 40));
      return handle(ref, input);
    };
    const h = keep(createHarness(brain, slow, { deferAfterMs: 5, channelBudget: new SendBudget({ windows: [{ limit: 1, ms: 60_000 }] }) }));
    const question = [{ name: 'question', type: 3, value: '证据怎么保存' }];
    await h.interact(rawSlash(COMMANDS.ask, question));
    await h.interact(rawSlash(COMMANDS.ask, question));
    const [first, second] = h.rest.callbacks();
    expect(first.type).toBe(5);
    expect(((first.data as { flags?: number } | undefined)?.flags ?? 0) & EPHEMERAL).toBe(0);
    expect(second.type).toBe(5);
    expect(((second.data as { flags?: number }).flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    const edits = h.rest.edits();
    expect(edits).toHaveLength(2);
    expect(String(edits[0].content ?? '')).not.toContain(CHANNEL_BUSY_NOTE);
    expect(String(edits[1].content)).toContain(CHANNEL_BUSY_NOTE);
  });

  it('GIVEN 50 users mentioning the bot 4 times each THEN channel posts stay ≤ 5 per 5 s and ≤ 20 per minute', async () => {
    const { h, clock, stamped, stamp } = track(setup());
    const bot = rawUser(IDS.bot, 'helper-bot', true);
    for (let i = 0; i < 200; i += 1) {
      const author = rawUser(String(1300000000000200000n + BigInt(i % 50)), `m${i % 50}`);
      await h.message(rawMessage({ channelId: IDS.channel, guildId: IDS.guild, author, content: `<@${IDS.bot}> 证据怎么保存`, mentions: [bot] }));
      stamp(IDS.channel);
      clock.now += 200;
    }
    expect(stamped.filter((s) => s.kind === 'post').length).toBeGreaterThan(0);
    expectWithinDiscordLimits(stamped);
  });

  it('GIVEN a moderator pressing the same mod button 50 times THEN the channel gets ≤ 5 posts per 5 s and the rest are refused politely', async () => {
    const { h, clock, stamped, stamp } = track(setup());
    const customId = `mod:legality:${IDS.channel}:1300000000000000077:${IDS.member}`;
    for (let i = 0; i < 50; i += 1) {
      await h.interact(rawButton(customId, { user: rawUser(IDS.mod, 'moderator'), permissions: PERMS.moderator, ephemeral: true }));
      stamp(IDS.channel);
      clock.now += 100;
    }
    expectWithinDiscordLimits(stamped);
    const said = [...h.rest.callbacks().map((c) => (c.data as { content?: string } | undefined)?.content), ...h.rest.edits().map((e) => e.content)];
    expect(said.filter((t) => t === MOD_BUSY_TEXT || t === RATE_LIMITED_TEXT).length).toBeGreaterThan(0);
  });
});

