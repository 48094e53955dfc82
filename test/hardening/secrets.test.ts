/**
 * Secrets: the bot tokens and the webhook secret never appear in logs or in start-up errors,
 * even when errors carry them in URLs or messages; `.env` is git-ignored and `.env.example`
 * holds no values; webhook requests without the secret are refused.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { HttpError } from 'grammy';
import { beforeAll, describe, expect, it } from 'vitest';
import { startDiscord } from '../../src/adapters/discord/client.js';
import { COMMANDS } from '../../src/adapters/discord/commands.js';
import { createTelegramBot } from '../../src/adapters/telegram/bot.js';
import { startTelegram } from '../../src/adapters/telegram/index.js';
import { loadConfig } from '../../src/config.js';
import { Assistant } from '../../src/core/assistant.js';
import { loadBrain } from '../../src/core/brain.js';
import type { Brain } from '../../src/core/respond.js';
import { ROOT } from '../../src/kb/load.js';
import { createLogger, withSecrets } from '../../src/logger.js';
import { FakeRest, IDS, rawSlash, startOfflineDiscord } from '../discord/harness.js';
import { BOT_INFO, TEST_TOKEN, useStubBotApi } from '../telegram/stub-bot-api.js';
import { privateText } from '../telegram/updates.js';
import { freePort } from '../support/net.js';

let brain: Brain;
const stub = useStubBotApi();
beforeAll(() => {
  brain = loadBrain();
});

const WEBHOOK_SECRET = 'Webhook_Secret-never-logged_42';
const DISCORD_TOKEN = 'MTMwMDAwMDAwMDAwMDAwMDAwMQ.GhIjKl.discord-token-never-logged_0123456789';

/** A pino destination capturing every line, at debug level. */
function capture(): { logger: ReturnType<typeof createLogger>; text: () => string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: createLogger('debug', stream), text: () => lines.join('') };
}

/** No 12-character piece of any secret appears (a partly masked copy would still leak it). */
function expectClean(text: string, ...secrets: string[]): void {
  for (const s of secrets) {
    for (let i = 0; i + 12 <= s.length; i += 3) expect(text, `piece of a secret: ${s.slice(i, i + 12)}`).not.toContain(s.slice(i, i + 12));
  }
}

describe('Telegram', () => {
  it('GIVEN handler and API errors whose messages and URLs carry the token THEN no log line contains it', async () => {
    const { logger, text } = capture();
    const assistant = new Assistant(brain);
    const bot = createTelegramBot({ assistant, logger, token: TEST_TOKEN, botInfo: BOT_INFO });
    let calls = 0;
    bot.api.config.use(async (_prev, method) => {
      calls += 1;
      const url = `https://api.telegram.org/bot${TEST_TOKEN}/${method}`;
      if (calls % 2 === 1) throw new HttpError(`Network request for '${method}' failed!`, new Error(`request to ${url} failed, reason: ECONNRESET`));
      throw Object.assign(new Error(`fetch failed for ${url}`), { url, config: { token: TEST_TOKEN } });
    });
    assistant.handle = () => Promise.reject(Object.assign(new Error(`store error at ${TEST_TOKEN}`), { detail: { nested: { token: TEST_TOKEN } } }));
    await bot.handleUpdate(privateText(42, '家人收到催收短信怎么办'));
    await bot.handleUpdate(privateText(42, '/help'));
    expect(text()).toContain('telegram update failed');
    expectClean(text(), TEST_TOKEN);
  });

  it('GIVEN the webhook mode with failures mentioning the token and the secret THEN neither is logged, and requests without the secret get 401', async () => {
    const { logger, text } = capture();
    const assistant = new Assistant(brain);
    assistant.handle = () => Promise.reject(new Error(`boom ${TEST_TOKEN} ${WEBHOOK_SECRET}`));
    stub.failNext('setMyCommands', { status: 400, body: { ok: false, error_code: 400, description: `bad request for bot${TEST_TOKEN} secret ${WEBHOOK_SECRET}` } });
    stub.failNext('sendMessage', { status: 400, body: { ok: false, error_code: 400, description: `chat not found ${WEBHOOK_SECRET}` } });
    const port = await freePort();
    const config = loadConfig(
      {
        TELEGRAM_BOT_TOKEN: TEST_TOKEN,
        TELEGRAM_API_ROOT: stub.root,
        TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/tg',
        TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
        PORT: String(port),
      },
      {},
    );
    const running = await startTelegram({ assistant, config, logger });
    try {
      const url = `http://127.0.0.1:${port}/tg`;
      const body = JSON.stringify(privateText(43, '家人收到催收短信怎么办'));
      expect((await fetch(url, { method: 'POST', body })).status).toBe(401);
      expect((await fetch(url, { method: 'POST', body, headers: { 'X-Telegram-Bot-Api-Secret-Token': 'guess' } })).status).toBe(401);
      expect((await fetch(url, { method: 'POST', body, headers: { 'X-Telegram-Bot-Api-Secret-Token': WEBHOOK_SECRET } })).status).toBe(200);
    } finally {
      await running.stop();
    }
    expect(text()).toContain('setMyCommands failed');
    expect(text()).toContain('telegram update failed');
    expectClean(text(), TEST_TOKEN, WEBHOOK_SECRET);
  });

  it('GIVEN Telegram refusing the token with a message that repeats it THEN the start-up error does not contain it', async () => {
    const { logger, text } = capture();
    stub.failNext('getMe', { status: 401, body: { ok: false, error_code: 401, description: `Unauthorized: bot${TEST_TOKEN} revoked` } });
    const config = loadConfig({ TELEGRAM_BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: stub.root }, {});
    const error = await startTelegram({ assistant: new Assistant(brain), config, logger }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/rejected the bot token/u);
    expectClean(`${error?.message}\n${error?.stack}\n${text()}`, TEST_TOKEN);
  });
});

describe('Discord', () => {
  it('GIVEN handler and client errors whose messages carry the token THEN no log line contains it', async () => {
    const { logger, text } = capture();
    const assistant = new Assistant(brain);
    assistant.handle = () => Promise.reject(new Error(`REST failed: Authorization: Bot ${DISCORD_TOKEN}`));
    const rest = new FakeRest();
    const config = loadConfig({}, { DISCORD_TOKEN, DISCORD_APP_ID: IDS.app });
    const { adapter, client, interaction } = await startOfflineDiscord({ assistant, config, logger }, rest);
    interaction(rawSlash(COMMANDS.ask, [{ name: 'question', type: 3, value: '证据怎么保存' }], 'dm'));
    client.emit('error', new Error(`gateway closed for token ${DISCORD_TOKEN}`));
    client.emit('warn', `session invalidated: ${DISCORD_TOKEN}`);
    client.emit('shardError', Object.assign(new Error('socket hang up'), { token: DISCORD_TOKEN }), 0);
    await adapter.stop();
    expect(text()).toContain('discord handler failed');
    expect(text()).toContain('discord client error');
    expectClean(text(), DISCORD_TOKEN);
  });

  it('GIVEN a login error that repeats the token THEN startDiscord rejects with a message and stack without it', async () => {
    const { logger, text } = capture();
    const config = loadConfig({}, { DISCORD_TOKEN, DISCORD_APP_ID: IDS.app });
    const error = await startDiscord(
      { assistant: new Assistant(brain), config, logger },
      { login: () => Promise.reject(new Error(`An invalid token was provided: ${DISCORD_TOKEN}`)) },
    ).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/invalid token/u);
    expectClean(`${error?.message}\n${error?.stack}\n${text()}`, DISCORD_TOKEN);
  });
});

describe('logger', () => {
  it('GIVEN nested withSecrets loggers THEN every ancestor’s secret is still removed, personal numbers still masked, and short secrets are left alone', () => {
    const { logger, text } = capture();
    const outer = withSecrets(logger, ['outer-secret-value'], { a: 1 });
    const inner = withSecrets(outer, ['inner-secret-value', 'abc']);
    inner.warn({ err: new Error('outer-secret-value inner-secret-value 13812345678'), note: 'abc' }, 'failure');
    expect(text()).not.toMatch(/outer-secret-value|inner-secret-value|13812345678/u);
    expect(text()).toContain('"note":"abc"');
  });
});

describe('repository hygiene', () => {
  it('GIVEN .gitignore THEN .env is ignored; GIVEN .env.example THEN every secret is empty', () => {
    const ignored = readFileSync(join(ROOT, '.gitignore'), 'utf8').split(/\r?\n/u).map((l) => l.trim());
    expect(ignored).toContain('.env');
    const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
    for (const name of ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_SECRET', 'DISCORD_TOKEN']) {
      expect(example).toMatch(new RegExp(`^${name}=$`, 'mu'));
    }
  });
});
