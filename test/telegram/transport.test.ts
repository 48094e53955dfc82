import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { installApiRetries } from '../../src/adapters/telegram/api-setup.js';
import { createTelegramBot } from '../../src/adapters/telegram/bot.js';
import { startTelegram } from '../../src/adapters/telegram/index.js';
import { createWebhookServer } from '../../src/adapters/telegram/webhook.js';
import { loadConfig } from '../../src/config.js';
import { Assistant } from '../../src/core/assistant.js';
import { loadBrain } from '../../src/core/brain.js';
import type { Brain } from '../../src/core/respond.js';
import { createLogger } from '../../src/logger.js';
import { BOT_INFO, StubBotApi, TEST_TOKEN } from './stub-bot-api.js';
import { privateText } from './updates.js';
import { freePort } from '../support/net.js';
import { waitFor } from '../support/wait.js';

let brain: Brain;
let stub: StubBotApi;
let apiRoot: string;
const logs: string[] = [];
const logger = createLogger('debug', { write: (line: string) => void logs.push(line) });

beforeAll(async () => {
  brain = loadBrain();
  stub = new StubBotApi();
  apiRoot = await stub.start();
});
afterAll(() => stub?.close());
beforeEach(() => {
  stub.reset();
  logs.length = 0;
});

const SECRET = 'webhook_Secret-123';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function closeServer(server: Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

describe('webhook server', () => {
  let server: Server;
  let base: string;
  beforeEach(async () => {
    const bot = createTelegramBot({ assistant: new Assistant(brain), logger, token: TEST_TOKEN, botInfo: BOT_INFO, apiRoot });
    server = createWebhookServer(bot, { secretToken: SECRET, path: '/tg/hook', logger });
    base = await listen(server);
  });
  afterEach(() => closeServer(server));

  const post = (headers: Record<string, string>, body: unknown = privateText(42, '家人收到催收短信怎么办')) =>
    fetch(`${base}/tg/hook`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('GIVEN a POST without the secret header or with a wrong one THEN 401 and the update is not processed', async () => {
    expect((await post({})).status).toBe(401);
    expect((await post({ 'X-Telegram-Bot-Api-Secret-Token': 'wrong' })).status).toBe(401);
    expect((await post({ 'X-Telegram-Bot-Api-Secret-Token': `${SECRET}x` })).status).toBe(401);
    expect(stub.callsTo('sendMessage')).toHaveLength(0);
  });

  it('GIVEN a POST with the right secret THEN 200 and the update is answered', async () => {
    const res = await post({ 'X-Telegram-Bot-Api-Secret-Token': SECRET });
    expect(res.status).toBe(200);
    expect(stub.callsTo('sendMessage').length).toBeGreaterThan(0);
  });

  it('GIVEN another path or method THEN 404/405; GIVEN /healthz THEN 200; GIVEN a broken body THEN 500 without crashing', async () => {
    expect((await fetch(`${base}/other`, { method: 'POST', headers: { 'X-Telegram-Bot-Api-Secret-Token': SECRET } })).status).toBe(404);
    expect((await fetch(`${base}/tg/hook`)).status).toBe(405);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const broken = await fetch(`${base}/tg/hook`, { method: 'POST', headers: { 'X-Telegram-Bot-Api-Secret-Token': SECRET }, body: '{not json' });
    expect(broken.status).toBe(500);
    expect((await post({ 'X-Telegram-Bot-Api-Secret-Token': SECRET })).status).toBe(200);
  });
});

describe('API retries', () => {
  it('GIVEN the Bot API answers 429 with retry_after THEN autoRetry waits and the message is sent on the next attempt', async () => {
    const bot = createTelegramBot({ assistant: new Assistant(brain), logger, token: TEST_TOKEN, botInfo: BOT_INFO, apiRoot });
    installApiRetries(bot, logger);
    stub.failNext('sendMessage', {
      status: 429,
      body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } },
    });
    const started = Date.now();
    await bot.handleUpdate(privateText(42, '家人收到催收短信怎么办'));
    const calls = stub.callsTo('sendMessage');
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls[1].body.text).toBe(calls[0].body.text);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(logs.join('')).not.toContain('telegram update failed');
  });

  it('GIVEN a call that finally fails THEN it is logged without the token', async () => {
    const bot = createTelegramBot({ assistant: new Assistant(brain), logger, token: TEST_TOKEN, botInfo: BOT_INFO, apiRoot });
    installApiRetries(bot, logger);
    stub.failNext('sendMessage', { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: chat not found' } });
    await bot.handleUpdate(privateText(42, '家人收到催收短信怎么办'));
    const joined = logs.join('');
    expect(joined).toContain('chat not found');
    expect(joined).not.toContain(TEST_TOKEN);
  });
});

describe('startTelegram', () => {
  it('GIVEN no webhook URL THEN it registers commands, removes the webhook, long-polls updates, and stop() drains', async () => {
    const config = loadConfig({ TELEGRAM_BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: `${apiRoot}/` }, {});
    const running = await startTelegram({ assistant: new Assistant(brain), config, logger });
    expect(running.name).toBe('telegram');
    expect(stub.callsTo('getMe')).toHaveLength(1);
    expect(stub.callsTo('setMyCommands')).toHaveLength(2);
    expect(stub.callsTo('deleteWebhook')).toHaveLength(1);
    stub.pushUpdate(privateText(42, '家人收到催收短信怎么办'));
    await waitFor(() => stub.callsTo('sendMessage').length > 0, 5000);
    await running.stop();
    expect(logs.join('')).not.toContain(TEST_TOKEN);
  });

  it('GIVEN a webhook URL THEN setWebhook gets the secret and the server on PORT accepts only the secret', async () => {
    const port = await freePort();
    const config = loadConfig(
      {
        TELEGRAM_BOT_TOKEN: TEST_TOKEN,
        TELEGRAM_API_ROOT: apiRoot,
        TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/tg/hook',
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        PORT: String(port),
      },
      {},
    );
    const running = await startTelegram({ assistant: new Assistant(brain), config, logger });
    try {
      const [setWebhook] = stub.callsTo('setWebhook');
      expect(setWebhook.body).toMatchObject({ url: 'https://bot.example.org/tg/hook', secret_token: SECRET });
      const url = `http://127.0.0.1:${port}/tg/hook`;
      const body = JSON.stringify(privateText(42, '家人收到催收短信怎么办'));
      expect((await fetch(url, { method: 'POST', body })).status).toBe(401);
      expect((await fetch(url, { method: 'POST', body, headers: { 'X-Telegram-Bot-Api-Secret-Token': SECRET } })).status).toBe(200);
      expect(stub.callsTo('sendMessage').length).toBeGreaterThan(0);
    } finally {
      await running.stop();
    }
  });
});
