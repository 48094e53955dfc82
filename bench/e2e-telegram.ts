/**
 * Updates per second through the real grammY handler: a private-chat text message goes through
 * `createTelegramBot` → Assistant → core → HTML rendering → a stubbed `sendMessage` (an API
 * transformer answers every call locally; nothing leaves the process).
 */
import Keyv from 'keyv';
import pino from 'pino';
import type { Update } from 'grammy/types';
import { BOT_INFO } from '../test/telegram/stub-bot-api.js';
import { createTelegramBot } from '../src/adapters/telegram/bot.js';
import { Assistant } from '../src/core/assistant.js';
import { loadBrain } from '../src/core/brain.js';
import { RateLimiter } from '../src/core/rate-limit.js';
import { loadHeldout } from '../src/eval/evaluate.js';

/** One measured store. */
export interface E2eResult {
  store: string;
  updates: number;
  perSecond: number;
}


async function run(store: Keyv, label: string, updates: number): Promise<E2eResult> {
  const brain = loadBrain();
  const assistant = new Assistant(brain, { store });
  const bot = createTelegramBot({
    assistant,
    logger: pino({ level: 'silent' }),
    token: '1:bench',
    botInfo: BOT_INFO,
    rateLimiter: new RateLimiter({ capacity: 1e9, refillPerSecond: 1e9 }),
  });
  let messageId = 1;
  bot.api.config.use(async (_prev, method, payload) => {
    const p = payload as { chat_id?: number; text?: string };
    const result =
      method === 'sendMessage'
        ? { message_id: messageId++, date: 0, chat: { id: p.chat_id, type: 'private', first_name: 'U' }, text: p.text }
        : true;
    return { ok: true, result } as never;
  });
  const texts = loadHeldout().map((c) => c.text);
  const make = (i: number): Update =>
    ({
      update_id: i,
      message: {
        message_id: i,
        date: 0,
        chat: { id: 1000 + (i % 50), type: 'private', first_name: 'U' },
        from: { id: 1000 + (i % 50), is_bot: false, first_name: 'U' },
        text: texts[i % texts.length],
      },
    }) as Update;
  for (let i = 0; i < 200; i++) await bot.handleUpdate(make(i));
  const t0 = performance.now();
  for (let i = 0; i < updates; i++) await bot.handleUpdate(make(i));
  const perSecond = updates / ((performance.now() - t0) / 1000);
  return { store: label, updates, perSecond };
}

/** Measures the in-memory store, and the SQLite store when the storage module is present. */
export async function telegramThroughput(updates = 3000): Promise<E2eResult[]> {
  const results = [await run(new Keyv(), 'in memory', updates)];
  try {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const mod = (await import('../src/store/index.js' as string)) as {
      createSqliteKeyv?: (file: string, namespace: string) => Keyv;
    };
    if (mod.createSqliteKeyv) {
      const file = join(mkdtempSync(join(tmpdir(), 'bench-')), 'bench.sqlite');
      results.push(await run(mod.createSqliteKeyv(file, 'conv'), 'SQLite file', updates));
    }
  } catch {
    // Storage module not available in this build: only the in-memory figure is printed.
  }
  return results;
}
