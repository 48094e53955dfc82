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

/**
 * Deep copy of `value` with `clean` applied to every string (default: personal numbers
 * masked). Errors become `{ type, message, stack }`; nesting deeper than 4 is kept as is.
 */
export function scrub(value: unknown, clean: (text: string) => string = redactText, depth = 0): unknown {
  if (typeof value === 'string') return clean(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { type: value.name, message: clean(value.message), stack: value.stack && clean(value.stack) };
  if (Array.isArray(value)) return value.map((v) => scrub(v, clean, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrub(v, clean, depth + 1);
  return out;
}

/** Secrets shorter than this are not scrubbed (they would mangle ordinary words). */
const MIN_SECRET_LENGTH = 6;

/** Replaces every occurrence of each secret in `text` by `[secret]`. */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s !== undefined && s.length >= MIN_SECRET_LENGTH) out = out.split(s).join('[secret]');
  return out;
}

/**
 * A child logger that removes `secrets` (bot tokens, webhook secrets) from every logged field
 * whatever it is called — e.g. a token inside a URL in an error message — on top of masking
 * personal numbers. The message argument is not scanned: log fixed messages, put anything
 * dynamic in fields.
 */
export function withSecrets(
  logger: Logger,
  secrets: readonly (string | undefined)[],
  bindings: Record<string, unknown> = {},
): Logger {
  const clean = (text: string): string => scrubSecrets(text, secrets);
  // A child's log formatter replaces its parent's: cut these secrets first, then run the
  // parent's (its secrets, then the personal-number masking), so nested children keep all.
  const parent = parentLogFormatter(logger) ?? ((obj: Record<string, unknown>) => scrub(obj) as Record<string, unknown>);
  return logger.child(bindings, {
    formatters: { log: (obj) => parent(scrub(obj, clean) as Record<string, unknown>) },
  });
}

type LogFormatter = (obj: Record<string, unknown>) => Record<string, unknown>;

function parentLogFormatter(logger: Logger): LogFormatter | undefined {
  const formatters = (logger as unknown as Record<symbol, { log?: LogFormatter } | undefined>)[pino.symbols.formattersSym];
  return formatters?.log;
}

/**
 * Standard output, written synchronously. pino's default (asynchronous) stdout flushes what is
 * left with a synchronous loop when the process exits, and that loop retries EPIPE forever: with
 * stdout a broken pipe (the log collector gone) the bot could never exit. Written synchronously,
 * the first EPIPE is reported at once and pino then drops further lines.
 */
function stdoutDestination(): pino.DestinationStream {
  return pino.destination({ fd: 1, sync: true });
}

/** Creates a logger; `destination` is for tests (defaults to stdout, see {@link stdoutDestination}). */
export function createLogger(level = 'info', destination: pino.DestinationStream = stdoutDestination()): Logger {
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
