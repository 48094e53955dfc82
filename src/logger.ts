/**
 * The pino logger. Secrets are removed by path; phone, ID and bank-card numbers are masked
 * in every logged string (messages and fields), so user text can never leak through logs.
 */
import pino, { type Logger } from 'pino';
import { redactText } from './redact.js';

/** Field paths that may hold secrets; their values are replaced before writing. */
export const SECRET_PATHS = [
  'token',
  'secret',
  'password',
  '*.token',
  '*.secret',
  '*.password',
  'config.telegramToken',
  'config.discordToken',
  'config.webhookSecret',
  'headers.authorization',
  '*.headers.authorization',
  'headers["x-telegram-bot-api-secret-token"]',
];

function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { type: value.name, message: redactText(value.message), stack: value.stack && redactText(value.stack) };
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrub(v, depth + 1);
  return out;
}

/** Creates a logger; `destination` is for tests (defaults to stdout). */
export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: SECRET_PATHS, censor: '[secret]' },
      formatters: { log: (obj) => scrub(obj) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          const cleaned = args.map((a) => (typeof a === 'string' ? redactText(a) : a));
          return method.apply(this, cleaned as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
