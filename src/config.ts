/**
 * The one configuration module. Order: explicit values → environment (and `.env`) → defaults.
 * Invalid values fail fast with a message naming the variable; secrets are never printed.
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { storeUrlProblem } from './store/store-url.js';

const optionalString = z
  .string()
  .optional()
  .transform((s) => (s === undefined || s.trim() === '' ? undefined : s.trim()));

/** An optional http:// or https:// URL (never `javascript:`, `file:` and the like). */
const httpUrl = optionalString.pipe(
  z.url({ protocol: /^https?$/u, error: 'must be an http(s) URL' }).optional(),
);

/** An optional http(s) base URL, without trailing slashes (clients append their paths). */
const baseUrl = httpUrl.transform((url) => url?.replace(/\/+$/u, ''));

/** Environment variables the bot reads (all listed in `.env.example`). */
export const EnvSchema = z.object({
  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_WEBHOOK_URL: httpUrl,
  TELEGRAM_WEBHOOK_SECRET: optionalString.pipe(
    z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'must be 1–256 characters of A-Z a-z 0-9 _ -').optional(),
  ),
  /** Self-hosted Bot API server; empty = https://api.telegram.org. */
  TELEGRAM_API_ROOT: baseUrl,
  DISCORD_TOKEN: optionalString,
  DISCORD_APP_ID: optionalString.pipe(z.string().regex(/^\d{15,25}$/, 'must be the numeric application id').optional()),
  DISCORD_GUILD_ID: optionalString.pipe(z.string().regex(/^\d{15,25}$/, 'must be a numeric guild id').optional()),
  /** Discord REST base (a proxy such as nirn-proxy), e.g. `http://127.0.0.1:8080/api`; empty = https://discord.com/api. */
  DISCORD_API_ROOT: baseUrl,
  /** Empty: embedded SQLite `data/bot.sqlite`; `memory`; `sqlite:///path`; `redis://host:port`. */
  STORE_URL: optionalString.superRefine((value, ctx) => {
    const problem = value === undefined ? undefined : storeUrlProblem(value);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  }),
  CONVERSATION_TTL_HOURS: z.coerce.number().positive().max(24 * 30).default(24),
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  /** Longest time for reading one screenshot (OCR), in ms. */
  OCR_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300_000).default(15_000),
  /** Screenshots that may wait while one is read; more get "稍后再试". */
  OCR_QUEUE_SIZE: z.coerce.number().int().min(0).max(100).default(4),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Validated configuration. */
export type Config = z.infer<typeof EnvSchema>;

/** A configuration value is missing or invalid. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'CONFIG_INVALID';
}

/**
 * Loads configuration: `overrides` first, then `env` (default `process.env`, after loading
 * `.env` if present). Throws {@link ConfigError} naming each bad variable.
 */
export function loadConfig(overrides: Partial<Record<keyof Config, string>> = {}, env?: NodeJS.ProcessEnv): Config {
  if (env === undefined) {
    if (existsSync('.env')) process.loadEnvFile('.env');
    env = process.env;
  }
  const result = EnvSchema.safeParse({ ...env, ...overrides });
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n- ${lines.join('\n- ')}`);
  }
  const config = result.data;
  if (config.TELEGRAM_WEBHOOK_URL && !config.TELEGRAM_WEBHOOK_SECRET) {
    throw new ConfigError('invalid configuration:\n- TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_WEBHOOK_URL is set');
  }
  if (config.DISCORD_TOKEN && !config.DISCORD_APP_ID) {
    throw new ConfigError('invalid configuration:\n- DISCORD_APP_ID: required when DISCORD_TOKEN is set');
  }
  return config;
}
