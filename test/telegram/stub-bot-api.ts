/**
 * A local stand-in for the Telegram Bot API: a node:http server on 127.0.0.1 that records
 * every call (method + JSON body) and answers `{ ok: true, result }`. Scripted failures and
 * a queue of updates for `getUpdates` make it usable for polling, retries and webhooks. Files
 * added with {@link StubBotApi.addFile} are served by `getFile` and `GET /file/bot<token>/<path>`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update, UserFromGetMe } from 'grammy/types';
import type { Bot } from 'grammy';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createTelegramBot, type TelegramBotOptions } from '../../src/adapters/telegram/bot.js';
import type { Assistant } from '../../src/core/assistant.js';
import { RateLimiter } from '../../src/core/rate-limit.js';
import { createLogger } from '../../src/logger.js';

/** One recorded API call. */
export interface ApiCall {
  method: string;
  body: Record<string, unknown>;
  /** The full request path (contains the token; only for assertions, never printed). */
  path: string;
}

/** A scripted error response. */
export interface StubFailure {
  status: number;
  body: { ok: false; error_code: number; description: string; parameters?: { retry_after?: number } };
}

/** The bot account the stub reports from getMe (and tests pass as `botInfo`). */
export const BOT_INFO: UserFromGetMe = {
  id: 7000001,
  is_bot: true,
  first_name: 'Cuishou Helper',
  username: 'cuishou_helper_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

/** The fake token used everywhere in the tests. */
export const TEST_TOKEN = '123456789:AAF-test_token_never_logged_0123456789';

/** The stub server. */
export class StubBotApi {
  readonly calls: ApiCall[] = [];
  /** Calls whose successful response was fully handed to the client's connection. */
  readonly completed: ApiCall[] = [];
  private readonly failures = new Map<string, StubFailure[]>();
  private readonly updates: Update[] = [];
  private readonly delays = new Map<string, number>();
  private server: Server | undefined;
  private nextMessageId = 1000;
  private readonly files = new Map<string, Uint8Array>();
  /** Paths of the file downloads served (e.g. `photos/<file_id>`). */
  readonly downloads: string[] = [];
  private started: string | undefined;

  /** Starts listening on 127.0.0.1 (random port); resolves to the apiRoot for grammY. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.started = `http://127.0.0.1:${port}`;
    return this.started;
  }

  /** The apiRoot for grammY (after {@link start}). */
  get root(): string {
    if (this.started === undefined) throw new Error('StubBotApi: start() it first');
    return this.started;
  }

  /** Stops the server, dropping keep-alive connections. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** The next call to `method` fails with `failure` (queue several for several failures). */
  failNext(method: string, failure: StubFailure): void {
    const list = this.failures.get(method) ?? [];
    list.push(failure);
    this.failures.set(method, list);
  }

  /** Every later call to `method` is answered only after `ms` milliseconds (e.g. a slow send during shutdown). */
  delay(method: string, ms: number): void {
    this.delays.set(method, ms);
  }

  /** Queues an update for the next `getUpdates`. */
  pushUpdate(update: Update): void {
    this.updates.push(update);
  }

  /** Makes `bytes` downloadable as file `fileId` (getFile answers with its size and path). */
  addFile(fileId: string, bytes: Uint8Array): void {
    this.files.set(fileId, bytes);
  }

  /** Recorded calls to `method`. */
  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Forgets recorded calls. */
  reset(): void {
    this.calls.length = 0;
    this.completed.length = 0;
    this.downloads.length = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const file = /^\/file\/bot[^/]+\/photos\/(.+)$/u.exec(new URL(req.url ?? '/', 'http://stub').pathname);
    if (file) {
      const bytes = this.files.get(decodeURIComponent(file[1]));
      this.downloads.push(`photos/${file[1]}`);
      if (!bytes) res.writeHead(404).end();
      else res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': bytes.length }).end(bytes);
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>);
    const path = new URL(req.url ?? '/', 'http://stub').pathname;
    const method = path.split('/').pop() ?? '';
    const failure = this.failures.get(method)?.shift();
    const call = { method, body, path };
    if (method !== 'getUpdates') this.calls.push(call);
    if (failure) {
      res.writeHead(failure.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(failure.body));
      return;
    }
    const wait = this.delays.get(method);
    if (wait !== undefined) await new Promise((r) => setTimeout(r, wait));
    const result = await this.result(method, body);
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ok: true, result }), () => {
      if (method !== 'getUpdates' && !res.destroyed) this.completed.push(call);
    });
  }

  private async result(method: string, body: Record<string, unknown>): Promise<unknown> {
    switch (method) {
      case 'getMe':
        return BOT_INFO;
      case 'sendMessage': {
        const chatId = Number(body.chat_id);
        return {
          message_id: this.nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: chatId < 0 ? { id: chatId, type: 'supergroup', title: 'Group' } : { id: chatId, type: 'private', first_name: 'U' },
          from: { id: BOT_INFO.id, is_bot: true, first_name: BOT_INFO.first_name, username: BOT_INFO.username },
          text: String(body.text ?? ''),
        };
      }
      case 'getFile': {
        const id = String(body.file_id);
        const bytes = this.files.get(id);
        return bytes ? { file_id: id, file_unique_id: `u-${id}`, file_size: bytes.length, file_path: `photos/${encodeURIComponent(id)}` } : { file_id: id, file_unique_id: `u-${id}` };
      }
      case 'getUpdates': {
        if (this.updates.length === 0) await new Promise((r) => setTimeout(r, 30));
        return this.updates.splice(0);
      }
      default:
        return true;
    }
  }
}

/**
 * One stub server for a whole test file: started before all tests, emptied before each,
 * closed after all.
 */
export function useStubBotApi(): StubBotApi {
  const stub = new StubBotApi();
  beforeAll(() => stub.start());
  beforeEach(() => stub.reset());
  afterAll(() => stub.close());
  return stub;
}

/**
 * A bot wired to the stub: the real `createTelegramBot` with a generous rate limiter and a
 * debug logger whose lines are kept in `logs` (for "nothing secret was logged" checks).
 */
export function stubbedBot(stub: StubBotApi, assistant: Assistant, extra: Partial<TelegramBotOptions> = {}): { bot: Bot; logs: string[] } {
  const logs: string[] = [];
  const bot = createTelegramBot({
    assistant,
    logger: createLogger('debug', { write: (line: string) => void logs.push(line) }),
    token: TEST_TOKEN,
    botInfo: BOT_INFO,
    apiRoot: stub.root,
    rateLimiter: new RateLimiter({ capacity: 1000, refillPerSecond: 1000 }),
    ...extra,
  });
  return { bot, logs };
}
