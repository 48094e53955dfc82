/**
 * The webhook HTTP server: Telegram POSTs updates to the path of `TELEGRAM_WEBHOOK_URL`
 * with the secret in `X-Telegram-Bot-Api-Secret-Token`. grammY's `webhookCallback` checks
 * the secret (constant-time) and answers 401 when it is missing or wrong, before reading the
 * body; this server adds routing, a body-size cap (on the Content-Length header and, for chunked
 * bodies, on the bytes read: `webhook-body.ts`), a health check and error logging.
 */
import { createServer, type Server } from 'node:http';
import { webhookCallback, type Bot } from 'grammy';
import type { Logger } from 'pino';
import { safeError } from './safe-error.js';
import { BodyTooLargeError, cappedHttpAdapter } from './webhook-body.js';

/** Options for {@link createWebhookServer}. */
export interface WebhookServerOptions {
  /** The secret given to `setWebhook` as `secret_token`. */
  secretToken: string;
  /** Only this path accepts updates (default: any path). */
  path?: string;
  logger: Logger;
  /** After this long an update is acknowledged while it keeps running (default 10 s). */
  timeoutMs?: number;
  /** Larger request bodies are refused with 413 (default 1 MiB). */
  maxBodyBytes?: number;
}

/** Path part of the webhook URL, e.g. `/telegram/webhook` (`/` when it has none). */
export function webhookPath(url: string): string {
  return new URL(url).pathname || '/';
}

/** Creates (does not start) the HTTP server that feeds webhook updates into `bot`. */
export function createWebhookServer(bot: Bot, options: WebhookServerOptions): Server {
  const { logger } = options;
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const handle = webhookCallback(bot, cappedHttpAdapter(maxBody), {
    secretToken: options.secretToken,
    onTimeout: 'return',
    timeoutMilliseconds: options.timeoutMs ?? 10_000,
  });
  return createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'GET' && path === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      return;
    }
    if (options.path !== undefined && path !== options.path) {
      res.writeHead(404).end();
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST' }).end();
      return;
    }
    if (Number(req.headers['content-length'] ?? 0) > maxBody) {
      res.writeHead(413).end();
      return;
    }
    handle(req, res).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) {
        logger.warn({ maxBytes: error.maxBytes }, 'webhook request body too large; refused');
        return;
      }
      logger.error({ err: safeError(error, [bot.token, options.secretToken]) }, 'webhook request failed');
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
}
