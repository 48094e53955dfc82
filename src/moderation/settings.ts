/**
 * Per-group moderation settings: what they are, their defaults and limits, and how a stored
 * (possibly old, partial or corrupted) value is read back. Every field falls back to its
 * default on its own, so one bad field never resets the others.
 */
import { z } from 'zod';
import { isValidTimeZone } from './quiet-hours.js';
import { DAY_MINUTES, type QuietHours } from './quiet-window.js';

export { DAY_MINUTES, type QuietHours } from './quiet-window.js';

/**
 * How the bot answers members in a group:
 * - `command` (default): only when @-mentioned, replied to, or called with a command;
 * - `auto`: also, unprompted, when a member's message clearly matches an enabled topic;
 * - `off`: never for members (admins' tools keep working).
 */
export const ANSWER_MODES = ['command', 'auto', 'off'] as const;
/** One of {@link ANSWER_MODES}. */
export type AnswerMode = (typeof ANSWER_MODES)[number];

/** Script of the answers: 简体 as written, or converted to 繁體 (OpenCC cn → tw). */
export const SCRIPTS = ['simplified', 'traditional'] as const;
/** One of {@link SCRIPTS}. */
export type Script = (typeof SCRIPTS)[number];

/** Length of the answers: the whole topic, or summary + first steps + contacts only. */
export const DETAILS = ['full', 'concise'] as const;
/** One of {@link DETAILS}. */
export type Detail = (typeof DETAILS)[number];

/** Lowest and highest auto-answer confidence an admin can set, and the button step. */
export const THRESHOLD = { min: 0.4, max: 0.95, step: 0.05, default: 0.6 } as const;

/** Cooldown choices offered by the −/+ buttons (seconds); any 0..3600 can be typed. */
export const COOLDOWN_LADDER = [0, 30, 60, 120, 300, 600, 1800, 3600] as const;
/** Longest cooldown, in seconds. */
export const MAX_COOLDOWN_SECONDS = 3600;

/** The default timezone of quiet hours. */
export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

/** Where the pinned "what this bot can do" message is (to unpin it later). */
export interface WelcomeMessage {
  /** Telegram chat id or Discord channel id. */
  chat: string;
  /** The message id. */
  id: string;
}

/** The welcome-message setting. */
export interface WelcomeSetting {
  enabled: boolean;
  message?: WelcomeMessage;
}

/** One group's settings. */
export interface GroupSettings {
  answerMode: AnswerMode;
  /** Lowest matcher confidence (0..1) for an auto-answer. */
  autoThreshold: number;
  /** Least seconds between two auto-answers in the group. */
  cooldownSeconds: number;
  script: Script;
  detail: Detail;
  quietHours: QuietHours;
  /** Topic ids not auto-answered and not offered in lists or follow-up buttons. */
  disabledTopics: string[];
  welcome: WelcomeSetting;
}

/** Fresh default settings (a new object each time). */
export function defaultSettings(): GroupSettings {
  return {
    answerMode: 'command',
    autoThreshold: THRESHOLD.default,
    cooldownSeconds: 120,
    script: 'simplified',
    detail: 'full',
    quietHours: { enabled: true, start: 23 * 60, end: 7 * 60, timezone: DEFAULT_TIMEZONE },
    disabledTopics: [],
    welcome: { enabled: false },
  };
}

const minute = z.number().int().min(0).max(DAY_MINUTES - 1);
const slug = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/u);
const snowflakeish = z.string().regex(/^-?\d{1,25}$/u);

const QuietHoursSchema = z.object({
  enabled: z.boolean(),
  start: minute,
  end: minute,
  timezone: z.string().max(64).refine(isValidTimeZone),
});

const WelcomeSchema = z.object({
  enabled: z.boolean(),
  message: z.object({ chat: snowflakeish, id: snowflakeish }).optional(),
});

/** Reads stored settings field by field: an invalid or missing field takes its default. */
export const GroupSettingsSchema = z.object({
  answerMode: z.enum(ANSWER_MODES).catch(() => defaultSettings().answerMode),
  autoThreshold: z.number().min(THRESHOLD.min).max(THRESHOLD.max).catch(() => defaultSettings().autoThreshold),
  cooldownSeconds: z.number().int().min(0).max(MAX_COOLDOWN_SECONDS).catch(() => defaultSettings().cooldownSeconds),
  script: z.enum(SCRIPTS).catch(() => defaultSettings().script),
  detail: z.enum(DETAILS).catch(() => defaultSettings().detail),
  quietHours: QuietHoursSchema.catch(() => defaultSettings().quietHours),
  disabledTopics: z.array(slug).max(100).catch(() => []),
  welcome: WelcomeSchema.catch(() => ({ enabled: false })),
});

/** Settings from a stored value; anything unusable becomes the default. Never throws. */
export function readSettings(raw: unknown): GroupSettings {
  const input = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {};
  const parsed = GroupSettingsSchema.safeParse(input);
  return parsed.success ? parsed.data : defaultSettings();
}

/** `HH:MM` for minutes since midnight. */
export function formatMinutes(minutes: number): string {
  const m = ((Math.round(minutes) % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** A threshold rounded to the button step and clamped to the allowed range. */
export function clampThreshold(value: number): number {
  const stepped = Math.round(value / THRESHOLD.step) * THRESHOLD.step;
  return Math.round(Math.min(THRESHOLD.max, Math.max(THRESHOLD.min, stepped)) * 100) / 100;
}

/** The next cooldown on the ladder above (`+1`) or below (`-1`) `current`. */
export function stepCooldown(current: number, direction: 1 | -1): number {
  const ladder: readonly number[] = COOLDOWN_LADDER;
  if (direction > 0) return ladder.find((c) => c > current) ?? MAX_COOLDOWN_SECONDS;
  return [...ladder].reverse().find((c) => c < current) ?? 0;
}

/** A human duration for a cooldown: `30 秒`, `2 分钟`, `1 小时`, `不限制`. */
export function formatCooldown(seconds: number): string {
  if (seconds <= 0) return '不限制';
  if (seconds % 3600 === 0) return `${seconds / 3600} 小时`;
  if (seconds % 60 === 0) return `${seconds / 60} 分钟`;
  return `${seconds} 秒`;
}
