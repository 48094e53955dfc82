/**
 * Property tests (fast-check) over the whole path a stranger's text takes: normalization,
 * matching, the core, and both renderers driven through the real adapters. For any input:
 * nothing throws, every output is within the platform's limits, Telegram output is valid
 * escaped HTML, Discord output pings nobody (allowedMentions parse [] and inert echoes).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHandlers, type ChatMessage, type RespondableInteraction, type SlashCommandInteraction } from '../../src/adapters/discord/handlers.js';
import { renderReply, type DiscordPayload } from '../../src/adapters/discord/render-embed.js';
import { COMMANDS } from '../../src/adapters/discord/commands.js';
import { createTelegramBot } from '../../src/adapters/telegram/bot.js';
import { ChatBudget } from '../../src/adapters/telegram/chat-budget.js';
import { renderReplyHtml } from '../../src/adapters/telegram/render-html.js';
import { SORRY_TEXT } from '../../src/adapters/telegram/texts.js';
import { Assistant } from '../../src/core/assistant.js';
import { loadBrain } from '../../src/core/brain.js';
import { RateLimiter } from '../../src/core/rate-limit.js';
import { respond, type Brain } from '../../src/core/respond.js';
import { SendBudget } from '../../src/core/send-budget.js';
import { initialState, type Reply } from '../../src/core/types.js';
import { createLogger } from '../../src/logger.js';
import { arbitraryReply } from '../support/arbitrary-reply.js';
import { echoedTextIsInert, expectWithinLimits, toJson } from '../discord/assert-limits.js';
import { BOT_INFO, TEST_TOKEN } from '../telegram/stub-bot-api.js';
import { parseTelegramHtml } from '../telegram/telegram-html.js';
import { groupText, privateText } from '../telegram/updates.js';
import { installLocalApi } from './local-api.js';

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});

const silent = createLogger('silent');
const unlimited = (): SendBudget => new SendBudget({ windows: [{ limit: 1_000_000, ms: 1 }] });
const generous = (): RateLimiter => new RateLimiter({ capacity: 1_000_000, refillPerSecond: 1_000_000 });

/** What strangers type: anything, plus the nasty pieces in high proportion. */
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.string({
    unit: fc.constantFrom(
      '<', '>', '&', '&amp;', '<b>', '</pre>', '```', '*', '_', '~', '|', '[', ']', '(', ')', '\\', '#', '>', '-',
      '@', '@everyone', '@here', '<@123456789012345678>', '<@&123456789012345678>', '<#123456789012345678>',
      '\u200b', '\u200d', '\u202e', '\u2066', '\ufeff', '\u0000', '\u0007', '\u001b', '\u2028', '\n', ' ',
      '😀', '🏳️‍🌈', '催收', '短信', '合法吗', '我妈', '13812345678', '110101199001011234', '征信', '逾期',
    ),
    maxLength: 120,
  }),
  fc.constantFrom('', ' ', '\n\n\n', '😀'.repeat(2_500), '字'.repeat(5_000), 'a'.repeat(9_000)),
);

const INVISIBLE_OR_CONTROL = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\p{Cc}]/u;

describe('normalization and matching', () => {
  it('GIVEN any text THEN normalization never throws, removes invisible/bidi/control characters and is idempotent', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const once = brain.matcher.normalized(s);
        expect(once).not.toMatch(INVISIBLE_OR_CONTROL);
        expect(brain.matcher.normalized(once)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });

  it('GIVEN any text THEN matching never throws and returns a known intent (or none) with a confidence in [0, 1]', () => {
    const known = new Set(brain.kb.intents.map((i) => i.id));
    fc.assert(
      fc.property(hostile, (s) => {
        const m = brain.matcher.match(s);
        expect(m.intent === null || known.has(m.intent)).toBe(true);
        expect(Number.isFinite(m.confidence) && m.confidence >= 0 && m.confidence <= 1).toBe(true);
        expect(m.alternatives.length).toBeLessThanOrEqual(3);
        for (const a of m.alternatives) expect(known.has(a.intent)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('GIVEN any text or button id THEN the core answers with a reply that has something to show', () => {
    fc.assert(
      fc.property(hostile, fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('menu', ...brain.kb.topics.keys())), (text, id) => {
        for (const input of [{ type: 'text' as const, text }, { type: 'button' as const, id }]) {
          const { reply, state } = respond(brain, input, initialState());
          expect(`${reply.title}${reply.summary}`.trim()).not.toBe('');
          expect(state.turns).toBe(1);
        }
      }),
      { numRuns: 200 },
    );
  });
});

/** A reply whose every field may carry user-derived text (as the SMS analysis may quote it). */
const replyWith = (text: fc.Arbitrary<string>): fc.Arbitrary<Reply> =>
  arbitraryReply(text, { steps: 6, items: 3, followUps: 8, followUpId: fc.constantFrom('legality', 'triage', 'menu') });

describe('Telegram renderer, through the adapter', () => {
  it('GIVEN any text in a private chat or addressed to the bot in a group THEN nothing throws and every message is valid HTML ≤ 4096', async () => {
    const bot = createTelegramBot({
      assistant: new Assistant(brain),
      logger: silent,
      token: TEST_TOKEN,
      botInfo: BOT_INFO,
      rateLimiter: generous(),
      chatBudget: new ChatBudget({ group: unlimited(), private: unlimited() }),
    });
    const api = installLocalApi(bot);
    await fc.assert(
      fc.asyncProperty(hostile, fc.constantFrom('private', 'mention', 'ask'), async (text, where) => {
        api.reset();
        const update =
          where === 'private' ? privateText(77, text) : where === 'ask' ? groupText(77, `/ask ${text}`) : groupText(77, `@${BOT_INFO.username} ${text}`);
        await bot.handleUpdate(update);
        const sent = api.sent().map((c) => String(c.payload.text));
        expect(sent.length).toBeGreaterThan(0);
        for (const t of sent) {
          expect(t.length).toBeLessThanOrEqual(4096);
          parseTelegramHtml(t);
          expect(t).not.toBe(SORRY_TEXT);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('GIVEN user text in any field of a reply THEN it arrives escaped: valid HTML whose decoded text contains it', () => {
    const userText = hostile.filter((s) => s.trim() !== '' && s.length < 600 && !/[\n\r\u2028]/u.test(s));
    fc.assert(
      fc.property(replyWith(fc.string({ maxLength: 40 })), userText, (reply, user) => {
        const r = { ...reply, summary: user };
        const chunks = renderReplyHtml(r);
        for (const c of chunks) expect(c.length).toBeLessThanOrEqual(4096);
        const decoded = chunks.map((c) => parseTelegramHtml(c).text).join('\n');
        expect(decoded.replace(/\s/gu, '')).toContain(user.replace(/\s/gu, ''));
      }),
      { numRuns: 200 },
    );
  });
});

describe('Discord renderer, through the handlers', () => {
  class Captured implements RespondableInteraction {
    readonly sent: DiscordPayload[] = [];
    readonly user = { id: '3', bot: false };
    deferred = false;
    replied = false;
    constructor(
      readonly guildId: string | null,
      readonly channelId: string | null = '2',
    ) {}
    private take(o: unknown): Promise<unknown> {
      this.sent.push(o as DiscordPayload);
      return Promise.resolve(undefined);
    }
    reply(o: unknown): Promise<unknown> {
      this.replied = true;
      return this.take(o);
    }
    deferReply(): Promise<unknown> {
      this.deferred = true;
      return Promise.resolve(undefined);
    }
    editReply(o: unknown): Promise<unknown> {
      this.replied = true;
      return this.take(o);
    }
    followUp(o: unknown): Promise<unknown> {
      return this.take(o);
    }
  }

  it('GIVEN any /ask question or mention THEN every payload is within limits, allowedMentions parse [] and the echoed question is inert', async () => {
    const handlers = createHandlers({
      assistant: new Assistant(brain),
      logger: silent,
      poster: { post: () => Promise.resolve() },
      botUserId: () => '99',
      limiter: generous(),
      channelBudget: unlimited(),
    });
    await fc.assert(
      fc.asyncProperty(hostile, fc.constantFrom<'guild' | 'dm'>('guild', 'dm'), async (text, where) => {
        const guild = where === 'guild' ? '1' : null;
        const i = Object.assign(new Captured(guild), {
          commandName: COMMANDS.ask,
          options: { getString: () => text, getBoolean: () => null },
        }) satisfies SlashCommandInteraction;
        await handlers.slashCommand(i);
        const replies: DiscordPayload[] = [];
        const m: ChatMessage = {
          id: '20',
          content: `<@99> ${text}`,
          author: { id: '4', bot: false },
          guildId: guild,
          channelId: '2',
          system: false,
          webhookId: null,
          mentions: { users: { has: (id: string) => id === '99' } },
          reply: (o) => {
            replies.push(o as DiscordPayload);
            return Promise.resolve(undefined);
          },
        };
        await handlers.message(m);
        const all = [...i.sent, ...replies];
        expect(all.length).toBeGreaterThanOrEqual(2);
        for (const p of all) {
          const json = toJson(p);
          expectWithinLimits(json);
          if (json.content !== undefined) expect(echoedTextIsInert(json.content)).toBe(true);
          const echoed = json.embeds?.[0]?.description?.split('\n')[0] ?? '';
          if (echoed.startsWith('> 问：')) {
            expect(echoedTextIsInert(echoed)).toBe(true);
            expect(echoed).not.toMatch(/[\u200c-\u200f\u202a-\u202e\u2066-\u2069]/u);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('GIVEN user text in any field of a reply THEN the payloads stay within every limit and never enable a mention', () => {
    fc.assert(
      fc.property(replyWith(hostile), fc.option(hostile, { nil: undefined }), (reply, question) => {
        for (const p of renderReply(reply, { question })) {
          const json = toJson(p);
          expectWithinLimits(json);
          expect(json.content).toBeUndefined();
        }
      }),
      { numRuns: 150 },
    );
  });
});
