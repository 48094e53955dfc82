/**
 * Faults: Bot API 5xx and network errors are retried; a conversation store that rejects or
 * hangs never stops an answer in either adapter; stop() drains in-flight updates (Telegram
 * polling and webhook, Discord); and the real `npm start` process drains and exits 0 on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpError as GrammyHttpError } from 'grammy';
import Keyv from 'keyv';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/adapters/discord/commands.js';
import { FORGET_FAILED_TEXT as DC_FORGET_FAILED } from '../../src/adapters/discord/handlers.js';
import { installApiRetries } from '../../src/adapters/telegram/api-setup.js';
import { createTelegramBot } from '../../src/adapters/telegram/bot.js';
import { startTelegram } from '../../src/adapters/telegram/index.js';
import { FORGET_FAILED_TEXT as TG_FORGET_FAILED, SORRY_TEXT } from '../../src/adapters/telegram/texts.js';
import { loadConfig } from '../../src/config.js';
import { Assistant } from '../../src/core/assistant.js';
import { loadBrain } from '../../src/core/brain.js';
import type { Brain } from '../../src/core/respond.js';
import { ROOT } from '../../src/kb/load.js';
import { createLogger } from '../../src/logger.js';
import { createHarness, FakeRest, IDS, rawSlash, startOfflineDiscord, type Harness, type Json } from '../discord/harness.js';
import { BOT_INFO, TEST_TOKEN, useStubBotApi } from '../telegram/stub-bot-api.js';
import { privateText } from '../telegram/updates.js';
import { installLocalApi } from './local-api.js';
import { freePort } from '../support/net.js';
import { waitFor } from '../support/wait.js';

let brain: Brain;
const stub = useStubBotApi();
beforeAll(() => {
  brain = loadBrain();
});

const silent = createLogger('silent');
const QUESTION = '家人收到催收短信怎么办';

/** An assistant whose `handle` waits `ms` first (an update that is still running at shutdown). */
function slowAssistant(ms: number): { assistant: Assistant; started: () => number } {
  const assistant = new Assistant(brain);
  const handle = assistant.handle.bind(assistant);
  let started = 0;
  assistant.handle = async (ref, input) => {
    started += 1;
    await new Promise((r) => setTimeout(r, ms));
    return handle(ref, input);
  };
  return { assistant, started: () => started };
}

/** Stores that fail in the two ways a remote store fails: refusing, and hanging. */
function brokenStores(): Array<{ name: string; store: Keyv }> {
  const refusing = new Keyv();
  const refuse = (): Promise<never> => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
  refusing.get = refuse as typeof refusing.get;
  refusing.set = refuse as typeof refusing.set;
  refusing.delete = refuse as typeof refusing.delete;
  const hanging = new Keyv();
  const hang = (): Promise<never> => new Promise<never>(() => undefined);
  hanging.get = hang as typeof hanging.get;
  hanging.set = hang as typeof hanging.set;
  hanging.delete = hang as typeof hanging.delete;
  return [
    { name: 'refusing', store: refusing },
    { name: 'hanging', store: hanging },
  ];
}

describe('Bot API failures', () => {
  it('GIVEN a 502 and a network error from the Bot API THEN auto-retry sends the message on a later attempt and the user sees no failure', async () => {
    const run = async (failure: 'http-5xx' | 'network'): Promise<string[]> => {
      const bot = createTelegramBot({ assistant: new Assistant(brain), logger: silent, token: TEST_TOKEN, botInfo: BOT_INFO });
      const texts: string[] = [];
      // grammY runs the transformer installed last outermost: local API ← failure injector ← auto-retry.
      installLocalApi(bot, { record: false, onCall: (m, p) => void (m === 'sendMessage' && texts.push(String(p.text))) });
      let failed = false;
      bot.api.config.use(async (prev, method, payload, signal) => {
        if (method === 'sendMessage' && !failed) {
          failed = true;
          if (failure === 'network') throw new GrammyHttpError(`Network request for '${method}' failed!`, new Error('ECONNRESET'));
          return { ok: false, error_code: 502, description: 'Bad Gateway' } as never;
        }
        return prev(method, payload, signal);
      });
      installApiRetries(bot, silent);
      await bot.handleUpdate(privateText(42, QUESTION));
      return texts;
    };
    const [http, network] = await Promise.all([run('http-5xx'), run('network')]);
    for (const texts of [http, network]) {
      expect(texts.length).toBeGreaterThan(0);
      expect(texts).not.toContain(SORRY_TEXT);
      expect(texts[0]).toMatch(/^<b>/u);
    }
  }, 20_000);
});

describe('store outage', () => {
  for (const { name, store } of brokenStores()) {
    it(`GIVEN a ${name} store THEN Telegram still answers within the store bound and /forget says it failed`, async () => {
      const errors: unknown[] = [];
      const assistant = new Assistant(brain, { store, storeTimeoutMs: 100, onStoreError: (e) => errors.push(e) });
      const bot = createTelegramBot({ assistant, logger: silent, token: TEST_TOKEN, botInfo: BOT_INFO });
      const api = installLocalApi(bot);
      const t0 = Date.now();
      await bot.handleUpdate(privateText(4201, QUESTION));
      expect(Date.now() - t0).toBeLessThan(2_000);
      expect(String(api.sent()[0]?.payload.text)).toMatch(/^<b>/u);
      api.reset();
      await bot.handleUpdate(privateText(4201, '/forget'));
      expect(String(api.sent()[0]?.payload.text)).toBe(TG_FORGET_FAILED);
      expect(errors.length).toBeGreaterThan(0);
    });

    it(`GIVEN a ${name} store THEN Discord still answers and /forget says it failed`, async () => {
      const assistant = new Assistant(brain, { store, storeTimeoutMs: 100 });
      const h: Harness = createHarness(brain, assistant);
      try {
        await h.interact(rawSlash(COMMANDS.ask, [{ name: 'question', type: 3, value: QUESTION }]));
        await h.interact(rawSlash(COMMANDS.forget, []));
        const [answer, forget] = h.rest.callbacks().map((c) => c.data as Json & { embeds?: unknown[]; content?: string });
        expect(answer.embeds?.length).toBeGreaterThan(0);
        expect(forget.content).toBe(DC_FORGET_FAILED);
        expect(h.logs.filter((l) => Number(l.level) >= 50)).toEqual([]);
      } finally {
        await h.destroy();
      }
    });
  }
});

describe('stop() drains in-flight updates', () => {
  it('GIVEN Telegram long polling with an update still being answered THEN stop() resolves only after the answer was sent', async () => {
    const { assistant, started } = slowAssistant(400);
    const config = loadConfig({ TELEGRAM_BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: stub.root }, {});
    const running = await startTelegram({ assistant, config, logger: silent });
    stub.pushUpdate(privateText(4301, QUESTION));
    await waitFor(() => started() === 1, 10_000);
    await running.stop();
    expect(stub.completed.filter((c) => c.method === 'sendMessage').length).toBeGreaterThan(0);
  });

  it('GIVEN the Telegram webhook with an update still being answered THEN stop() resolves only after the answer was sent and acknowledged', async () => {
    const { assistant, started } = slowAssistant(400);
    const secret = 'drain_secret_123';
    const port = await freePort();
    const config = loadConfig(
      {
        TELEGRAM_BOT_TOKEN: TEST_TOKEN,
        TELEGRAM_API_ROOT: stub.root,
        TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/hook',
        TELEGRAM_WEBHOOK_SECRET: secret,
        PORT: String(port),
      },
      {},
    );
    const running = await startTelegram({ assistant, config, logger: silent });
    const response = fetch(`http://127.0.0.1:${port}/hook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': secret },
      body: JSON.stringify(privateText(4302, QUESTION)),
    });
    await waitFor(() => started() === 1, 10_000);
    await running.stop();
    expect(stub.completed.filter((c) => c.method === 'sendMessage').length).toBeGreaterThan(0);
    expect((await response).status).toBe(200);
  });

  it('GIVEN Discord with an interaction still being answered THEN stop() resolves only after the reply was sent, then destroys the client', async () => {
    const { assistant, started } = slowAssistant(400);
    const rest = new FakeRest();
    const config = loadConfig({}, { DISCORD_TOKEN: 'discord-token-for-drain-test', DISCORD_APP_ID: IDS.app });
    const { adapter, interaction } = await startOfflineDiscord({ assistant, config, logger: silent }, rest);
    interaction(rawSlash(COMMANDS.ask, [{ name: 'question', type: 3, value: QUESTION }], 'dm'));
    await waitFor(() => started() === 1, 10_000);
    expect(rest.callbacks()).toHaveLength(0);
    await adapter.stop();
    expect(rest.callbacks()).toHaveLength(1);
  });
});

describe('SIGTERM on the real process', () => {
  it('GIVEN `npm start` (tsx src/main.ts) polling Telegram with an answer in flight WHEN SIGTERM arrives THEN the answer is delivered, the store is closed and the process exits 0', async () => {
    stub.delay('sendMessage', 1_500);
    const cwd = mkdtempSync(join(tmpdir(), 'sigterm-'));
    try {
      const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(TELEGRAM_|DISCORD_|STORE_URL|LOG_LEVEL)/u.test(k)));
      const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'src', 'main.ts')], {
        cwd,
        env: { ...env, TELEGRAM_BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: stub.root, STORE_URL: `sqlite://${join(cwd, 'bot.sqlite')}`, LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      await waitFor(() => out.includes('bot started'), 60_000);
      stub.pushUpdate(privateText(4401, QUESTION));
      await waitFor(() => stub.calls.some((c) => c.method === 'sendMessage'), 20_000);
      const signalled = Date.now();
      child.kill('SIGTERM');
      const code = await exited;
      expect(out).not.toContain(TEST_TOKEN);
      expect(code, out).toBe(0);
      expect(stub.completed.some((c) => c.method === 'sendMessage')).toBe(true);
      expect(Date.now() - signalled).toBeGreaterThanOrEqual(500);
      expect(out).toContain('"msg":"stopped"');
    } finally {
      stub.delay('sendMessage', 0);
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 90_000);
});

