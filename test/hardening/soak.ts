/**
 * Soak test (CLI): 10,000 Telegram updates through the real grammY handler (`bot.handleUpdate`,
 * Bot API answered in-process) and 10,000 Discord interactions (+ 2,000 messages) through the
 * adapter on real discord.js structures with a stubbed REST (test/discord/harness.ts). Loopback
 * only, no network. Counts failed replies and measures the heap before and after (after a
 * warm-up, with garbage collection when `--expose-gc` is given).
 *
 *   node --expose-gc --import tsx test/hardening/soak.ts          # human-readable figures
 *   node --expose-gc --import tsx test/hardening/soak.ts --json   # one JSON line (see SoakResult)
 *   node --expose-gc --import tsx test/hardening/soak.ts --scale 5 # 5× as many events
 *
 * Limits are set generously here: the soak measures the pipeline (throughput, memory, failures);
 * the rate limits have their own tests (rate-limits.test.ts).
 */
import { Writable } from 'node:stream';
import type { Update } from 'grammy/types';
import { createTelegramBot } from '../../src/adapters/telegram/bot.js';
import { ChatBudget } from '../../src/adapters/telegram/chat-budget.js';
import { SORRY_TEXT } from '../../src/adapters/telegram/texts.js';
import { ERROR_TEXT } from '../../src/adapters/discord/handlers.js';
import { COMMANDS } from '../../src/adapters/discord/commands.js';
import { Assistant } from '../../src/core/assistant.js';
import { loadBrain } from '../../src/core/brain.js';
import { RateLimiter } from '../../src/core/rate-limit.js';
import type { Brain } from '../../src/core/respond.js';
import { SendBudget } from '../../src/core/send-budget.js';
import { loadHeldout } from '../../src/eval/evaluate.js';
import { createLogger } from '../../src/logger.js';
import { createHarness, IDS, PERMS, rawButton, rawMessage, rawMessageMenu, rawSlash, rawUser, type Json } from '../discord/harness.js';
import { QUESTIONS, SMS_SAMPLES } from '../fixtures/sms-samples.js';
import { BOT_INFO, TEST_TOKEN } from '../telegram/stub-bot-api.js';
import { botMessage, buttonPress, groupText, messageUpdate, privateText, textMessage } from '../telegram/updates.js';
import { installLocalApi } from './local-api.js';

/** What one platform's run produced. */
export interface PlatformFigures {
  events: number;
  /** Events that should have been answered but were not, or were answered with the error text. */
  failed: number;
  /** Log lines at error level or above. */
  errorLogs: number;
  /** Messages/responses sent. */
  sent: number;
  seconds: number;
  perSecond: number;
}

/** The JSON line printed with `--json`. */
export interface SoakResult {
  telegram: PlatformFigures;
  discord: PlatformFigures & { messages: number };
  heap: { gc: boolean; beforeMB: number; afterMB: number; growthMB: number };
  node: string;
}

/** `--scale <n>` multiplies the event counts (e.g. to check that memory stays flat over longer runs). */
const SCALE = scaleArg(process.argv);

function scaleArg(argv: readonly string[]): number {
  const at = argv.indexOf('--scale');
  const n = at === -1 ? 1 : Number(argv[at + 1]);
  return Number.isFinite(n) && n > 0 ? n : 1;
}
const TELEGRAM_EVENTS = Math.round(10_000 * SCALE);
const DISCORD_INTERACTIONS = Math.round(10_000 * SCALE);
const DISCORD_MESSAGES = Math.round(2_000 * SCALE);
const WARM_UP = 2_000;
const USERS = 1_000;
const GROUPS = 20;

const gc = (globalThis as { gc?: () => void }).gc;

function heapMB(): number {
  if (gc) for (let i = 0; i < 3; i += 1) gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** A logger that only counts error lines (nothing is kept, so it cannot grow the heap). */
function countingLogger(): { logger: ReturnType<typeof createLogger>; errors: () => number } {
  let errors = 0;
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (/"level":(50|60)/u.test(line)) errors += 1;
      done();
    },
  });
  return { logger: createLogger('warn', stream), errors: () => errors };
}

const generous = (): RateLimiter => new RateLimiter({ capacity: 1_000_000, refillPerSecond: 1_000_000 });
const unlimited = (): SendBudget => new SendBudget({ windows: [{ limit: 1_000_000, ms: 1 }] });

/** Texts people type: held-out questions, pasted collection texts, and hostile input. */
function corpus(): string[] {
  const hostile = ['', '   ', '😀🙏', '\u200b\u202e催收短信是真的吗', '<b>x</b>&amp; 合法吗', '@everyone 怎么投诉', '字'.repeat(20_000), '\u0000\u0007'];
  return [...loadHeldout().map((c) => c.text), ...QUESTIONS, ...SMS_SAMPLES.map((s) => s.text), ...hostile];
}

/** Telegram: one update of the mix and whether it must be answered with a message. */
function telegramEvent(i: number, texts: readonly string[], buttons: readonly string[]): { update: Update; answer: boolean } {
  const user = 10_000 + (i % USERS);
  const group = -1_001_000_000_000 - (user % GROUPS);
  const text = texts[i % texts.length];
  switch (i % 10) {
    case 0:
    case 1:
    case 2:
      return { update: privateText(user, text), answer: true };
    case 3:
      return { update: groupText(user, `@${BOT_INFO.username} ${text}`, {}, group), answer: true };
    case 4:
      return { update: groupText(user, `/ask ${text}`, {}, group), answer: true };
    case 5:
      return { update: buttonPress(user, buttons[i % buttons.length], botMessage(user)), answer: true };
    case 6:
      return { update: buttonPress(user, i % 20 === 6 ? 'f:gone-topic' : buttons[i % buttons.length], botMessage(group)), answer: true };
    case 7:
      return { update: groupText(user, '/ask', { replyTo: textMessage(group, user + 1, text || '怎么投诉') }, group), answer: true };
    case 8:
      // Group chatter not addressed to the bot, and edits: ignored by design.
      // (A command such as "/help …" is addressed to the bot, so it is answered.)
      return i % 20 === 8
        ? { update: groupText(user, text, {}, group), answer: text.startsWith('/') }
        : { update: { update_id: 50_000_000 + i, edited_message: { ...textMessage(user, user, text), edit_date: 1 } } as Update, answer: false };
    default: {
      const sticker = { ...textMessage(user, user, 'x'), text: undefined, sticker: { file_id: 's', file_unique_id: 'u', type: 'regular', width: 1, height: 1, is_animated: false, is_video: false } };
      return { update: messageUpdate(sticker as never), answer: true };
    }
  }
}

async function soakTelegram(brain: Brain, events: number, offset: number, bot: ReturnType<typeof setupTelegram>): Promise<PlatformFigures> {
  const texts = corpus();
  const buttons = [...brain.kb.common.menu.map((m) => `f:${m.id}`), 'f:menu', 'f:triage'];
  let failed = 0;
  const sentBefore = bot.sent();
  const t0 = performance.now();
  for (let i = offset; i < offset + events; i += 1) {
    const { update, answer } = telegramEvent(i, texts, buttons);
    const before = bot.sent();
    const sorryBefore = bot.sorry();
    try {
      await bot.bot.handleUpdate(update);
    } catch {
      failed += 1;
      continue;
    }
    const got = bot.sent() - before;
    if ((answer && got === 0) || (!answer && got > 0) || bot.sorry() > sorryBefore) failed += 1;
  }
  const seconds = (performance.now() - t0) / 1000;
  return { events, failed, errorLogs: bot.errors(), sent: bot.sent() - sentBefore, seconds: round(seconds), perSecond: Math.round(events / seconds) };
}

function setupTelegram(brain: Brain) {
  const { logger, errors } = countingLogger();
  const bot = createTelegramBot({
    assistant: new Assistant(brain),
    logger,
    token: TEST_TOKEN,
    botInfo: BOT_INFO,
    rateLimiter: generous(),
    chatBudget: new ChatBudget({ group: unlimited(), private: unlimited() }),
  });
  let sent = 0;
  let sorry = 0;
  installLocalApi(bot, {
    record: false,
    onCall: (method, payload) => {
      if (method !== 'sendMessage') return;
      sent += 1;
      if (payload.text === SORRY_TEXT) sorry += 1;
    },
  });
  return { bot, sent: () => sent, sorry: () => sorry, errors };
}

/** Discord: one interaction of the mix. */
function discordInteraction(i: number, texts: readonly string[], buttons: readonly string[]): Json {
  const id = String(1_310_000_000_000_000_000n + BigInt(i % USERS));
  const user = rawUser(id, `u${i % USERS}`);
  const text = texts[i % texts.length].slice(0, 1000) || '怎么投诉';
  switch (i % 8) {
    case 0:
      return rawSlash(COMMANDS.ask, [{ name: 'question', type: 3, value: text }], 'guild', user);
    case 1:
      return rawSlash(COMMANDS.ask, [{ name: 'question', type: 3, value: text }, { name: 'private', type: 5, value: true }], 'dm', user);
    case 2:
      return rawButton(buttons[i % buttons.length], { user });
    case 3:
      return rawButton(i % 16 === 3 ? 'legacy-button' : buttons[i % buttons.length], { where: 'dm', user });
    case 4:
      return rawSlash(i % 16 === 4 ? COMMANDS.topics : COMMANDS.forget, [], 'guild', user);
    case 5:
      return rawMessageMenu(COMMANDS.answerWithBot, rawMessage({ channelId: IDS.channel, guildId: IDS.guild, author: user, content: text }));
    case 6:
      return rawButton(`mod:legality:${IDS.channel}:${String(1_320_000_000_000_000_000n + BigInt(i))}:${id}`, {
        user: rawUser(IDS.mod, 'moderator'),
        permissions: PERMS.moderator,
        ephemeral: true,
      });
    default:
      return rawButton(buttons[(i >> 3) % buttons.length], { user, ephemeral: true });
  }
}

function setupDiscord(brain: Brain) {
  const { logger, errors } = countingLogger();
  const h = createHarness(brain, new Assistant(brain), { limiter: generous(), channelBudget: unlimited(), logger, globalRequestsPerSecond: 1_000_000 });
  return { h, errors };
}

/** Failures among the requests made for one event; clears them (so the fake REST keeps nothing). */
function checkDiscord(h: ReturnType<typeof setupDiscord>['h'], kind: 'interaction' | 'message'): { failed: boolean; sent: number } {
  const reqs = h.rest.requests.splice(0);
  const callbacks = reqs.filter((r) => r.method === 'POST' && /\/callback$/u.test(r.path));
  const bodies = reqs.map((r) => JSON.stringify(r.body ?? ''));
  const erred = bodies.some((b) => b.includes(ERROR_TEXT));
  if (kind === 'interaction') return { failed: callbacks.length !== 1 || erred, sent: reqs.length };
  const posts = reqs.filter((r) => r.method === 'POST' && /^\/channels\//u.test(r.path));
  return { failed: posts.length === 0 || erred, sent: reqs.length };
}

async function soakDiscord(
  brain: Brain,
  interactions: number,
  messages: number,
  offset: number,
  d: ReturnType<typeof setupDiscord>,
): Promise<PlatformFigures & { messages: number }> {
  const texts = corpus();
  const buttons = [...brain.kb.common.menu.map((m) => `f:${m.id}`), 'f:triage'];
  const botUser = rawUser(IDS.bot, 'helper-bot', true);
  let failed = 0;
  let sent = 0;
  const every = Math.max(1, Math.floor(interactions / Math.max(1, messages)));
  let messagesSent = 0;
  const t0 = performance.now();
  for (let i = offset; i < offset + interactions; i += 1) {
    await d.h.interact(discordInteraction(i, texts, buttons));
    const r = checkDiscord(d.h, 'interaction');
    failed += r.failed ? 1 : 0;
    sent += r.sent;
    if (messagesSent < messages && i % every === 0) {
      messagesSent += 1;
      const author = rawUser(String(1_310_000_000_000_000_000n + BigInt(i % USERS)), 'm');
      const text = texts[i % texts.length] || '你好';
      const raw =
        i % 2 === 0
          ? rawMessage({ channelId: IDS.dm, author, content: text, extra: { channel_type: 1 } })
          : rawMessage({ channelId: IDS.channel, guildId: IDS.guild, author, content: `<@${IDS.bot}> ${text}`, mentions: [botUser] });
      await d.h.message(raw);
      const m = checkDiscord(d.h, 'message');
      failed += m.failed ? 1 : 0;
      sent += m.sent;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const events = interactions + messagesSent;
  return { events: interactions, messages: messagesSent, failed, errorLogs: d.errors(), sent, seconds: round(seconds), perSecond: Math.round(events / seconds) };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Runs the soak and returns the figures. */
export async function runSoak(): Promise<SoakResult> {
  const brain = loadBrain();
  const tg = setupTelegram(brain);
  const dc = setupDiscord(brain);
  // Warm-up: every user talks in every scope once, caches and JIT settle.
  await soakTelegram(brain, WARM_UP, 1_000_000, tg);
  await soakDiscord(brain, WARM_UP, 0, 1_000_000, dc);
  const beforeMB = heapMB();
  const telegram = await soakTelegram(brain, TELEGRAM_EVENTS, 0, tg);
  const discord = await soakDiscord(brain, DISCORD_INTERACTIONS, DISCORD_MESSAGES, 0, dc);
  const afterMB = heapMB();
  await dc.h.destroy();
  return {
    telegram,
    discord,
    heap: { gc: gc !== undefined, beforeMB: round(beforeMB), afterMB: round(afterMB), growthMB: round(afterMB - beforeMB) },
    node: process.version,
  };
}

async function main(): Promise<void> {
  const result = await runSoak();
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const line = (name: string, f: PlatformFigures): string =>
    `${name}: ${f.events} events in ${f.seconds} s (${f.perSecond}/s), ${f.sent} sent, ${f.failed} failed, ${f.errorLogs} error logs`;
  process.stdout.write(
    [
      line('telegram', result.telegram),
      `${line('discord', result.discord)} (+${result.discord.messages} messages)`,
      `heap after warm-up ${result.heap.beforeMB} MB → after soak ${result.heap.afterMB} MB (growth ${result.heap.growthMB} MB${result.heap.gc ? '' : ', no --expose-gc: not collected'})`,
      `node ${result.node}`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
