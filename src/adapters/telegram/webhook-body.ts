/**
 * grammY's `http` webhook adapter with a cap on the bytes read. The Content-Length check in
 * `webhook.ts` cannot see a chunked body (no Content-Length), and grammY's own adapter buffers
 * whatever arrives; here a body passing the cap is answered 413 at once, the connection is
 * closed after the answer, and nothing more is read. As in grammY, the body is read only after
 * the secret token was checked (`update` is read lazily).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Update } from 'grammy/types';

/** A webhook request body was larger than allowed. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  readonly code = 'WEBHOOK_BODY_TOO_LARGE';
  constructor(readonly maxBytes: number) {
    super(`webhook request body exceeds ${maxBytes} bytes`);
  }
}

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/** Reads `req`'s body as JSON, refusing (413) and closing the connection past `maxBytes`. */
function readCapped(req: IncomingMessage, res: ServerResponse, maxBytes: number): Promise<Update> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.pause();
      chunks.length = 0;
      res.once('finish', () => req.destroy());
      if (!res.headersSent) res.writeHead(413, { Connection: 'close' }).end();
      reject(new BodyTooLargeError(maxBytes));
    };
    req.on('data', onData);
    req.once('end', () => {
      if (size > maxBytes) return;
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Update);
      } catch (error) {
        reject(error);
      }
    });
    req.once('error', reject);
  });
}

/** What grammY's `webhookCallback` asks of an adapter (its `ReqResHandler`, which it does not export). */
interface WebhookHandler {
  readonly update: Promise<Update>;
  header?: string;
  end: () => void;
  respond: (json: string) => void;
  unauthorized: () => void;
  handlerReturn?: Promise<void>;
}

/** The adapter for `webhookCallback(bot, cappedHttpAdapter(maxBytes), …)`. */
export function cappedHttpAdapter(maxBytes: number): (req: IncomingMessage, res: ServerResponse) => WebhookHandler {
  return (req, res) => {
    const secret = req.headers[SECRET_HEADER];
    return {
      get update(): Promise<Update> {
        return readCapped(req, res, maxBytes);
      },
      header: Array.isArray(secret) ? secret[0] : secret,
      end: () => void res.end(),
      respond: (json: string) => void res.writeHead(200, { 'Content-Type': 'application/json' }).end(json),
      unauthorized: () => void res.writeHead(401).end('secret token is wrong'),
    };
  };
}
