/**
 * The webhook's body cap counts the bytes read, not the Content-Length header: a chunked POST
 * (no Content-Length) larger than the cap is refused with 413 once the cap is passed, and the
 * rest is never read — before, grammY buffered the whole body.
 */
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramBot } from '../../src/adapters/telegram/bot.js';
import { createWebhookServer } from '../../src/adapters/telegram/webhook.js';
import { Assistant } from '../../src/core/assistant.js';
import { loadBrain } from '../../src/core/brain.js';
import type { Brain } from '../../src/core/respond.js';
import { memoryLogger } from '../discord/harness.js';
import { BOT_INFO, TEST_TOKEN } from './stub-bot-api.js';

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});

const SECRET = 'webhook_body_secret';
const CAP = 64 * 1024;
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** POSTs `total` bytes in 16 KiB chunks without Content-Length; resolves to the status and the bytes written. */
function chunkedPost(port: number, total: number): Promise<{ status: number; written: number }> {
  return new Promise((resolve, reject) => {
    let written = 0;
    let status = 0;
    const req = request({ host: '127.0.0.1', port, path: '/hook', method: 'POST', headers: { 'X-Telegram-Bot-Api-Secret-Token': SECRET, 'Transfer-Encoding': 'chunked' } }, (res) => {
      status = res.statusCode ?? 0;
      res.resume();
      res.on('end', () => resolve({ status, written }));
    });
    req.on('error', (error) => (status !== 0 ? resolve({ status, written }) : reject(error)));
    const chunk = Buffer.alloc(16 * 1024, 0x20);
    const pump = (): void => {
      while (written < total) {
        written += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

describe('webhook body cap', () => {
  it('GIVEN a chunked POST of 8 MiB with the right secret and a 64 KiB cap THEN 413, nothing handled, and the rest is not read', async () => {
    const { logger, lines } = memoryLogger();
    const bot = createTelegramBot({ assistant: new Assistant(brain), logger, token: TEST_TOKEN, botInfo: BOT_INFO });
    let handled = 0;
    bot.use(() => {
      handled += 1;
    });
    const server = createWebhookServer(bot, { secretToken: SECRET, path: '/hook', logger, maxBodyBytes: CAP });
    let received = 0;
    server.on('connection', (socket) => socket.on('data', (d: Buffer) => (received += d.length)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())), () => server.closeAllConnections());
    const { status } = await chunkedPost((server.address() as AddressInfo).port, 8 * 1024 * 1024);
    expect(status).toBe(413);
    expect(handled).toBe(0);
    // Reading stopped at the cap: far less than the 8 MiB sent (socket buffers allow some slack).
    expect(received).toBeLessThan(2 * 1024 * 1024);
    expect(lines.some((l) => l.msg === 'webhook request body too large; refused')).toBe(true);
  });
});
