/**
 * Inline keyboards of follow-up questions. A button carries only a topic id
 * (`f:<topicId>`), never the Chinese label, so callback data stays within Telegram's
 * 64-byte limit and old buttons keep working as long as the topic exists.
 */
import { InlineKeyboard } from 'grammy';
import type { FollowUp } from '../../kb/schema.js';

/** Prefix of follow-up callback data. */
export const FOLLOW_UP_PREFIX = 'f:';

/** Telegram's limit for `callback_data`, in bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;

/** Topic ids are kebab-case slugs (the knowledge schema enforces it). */
const TOPIC_ID = /^[a-z][a-z0-9-]*$/;

/** True for an id that can be sent as `f:<id>` callback data. */
export function isButtonId(id: string): boolean {
  return TOPIC_ID.test(id) && Buffer.byteLength(FOLLOW_UP_PREFIX + id, 'utf8') <= CALLBACK_DATA_MAX_BYTES;
}

/** Callback data for a follow-up button. Throws a RangeError for an id that is not a short slug. */
export function callbackData(id: string): string {
  if (!isButtonId(id)) {
    throw new RangeError(`follow-up id cannot be used as callback data (slug, ≤ ${CALLBACK_DATA_MAX_BYTES} bytes): ${JSON.stringify(id.slice(0, 80))}`);
  }
  return FOLLOW_UP_PREFIX + id;
}

/** The topic id inside `f:<id>` callback data, or null for anything else (old or foreign data). */
export function parseCallbackData(data: string | undefined): string | null {
  if (data === undefined || !data.startsWith(FOLLOW_UP_PREFIX)) return null;
  const id = data.slice(FOLLOW_UP_PREFIX.length);
  return isButtonId(id) ? id : null;
}

/** Options for {@link followUpKeyboard}. */
export interface KeyboardOptions {
  /** Buttons per row: 1, 2, or 'auto' (two per row when every label is short). Default 'auto'. */
  perRow?: 1 | 2 | 'auto';
}

/** Labels up to this many characters fit two per row on a phone. */
const SHORT_LABEL = 8;

/**
 * An inline keyboard with one button per follow-up (`f:<id>`), or undefined when there are
 * none. Follow-ups whose id is not a valid button id are left out rather than sent broken.
 */
export function followUpKeyboard(followUps: readonly FollowUp[], options: KeyboardOptions = {}): InlineKeyboard | undefined {
  const usable = followUps.filter((f) => isButtonId(f.id) && f.label.trim() !== '');
  if (usable.length === 0) return undefined;
  const mode = options.perRow ?? 'auto';
  const perRow = mode === 'auto' ? (usable.every((f) => [...f.label].length <= SHORT_LABEL) ? 2 : 1) : mode;
  const keyboard = new InlineKeyboard();
  usable.forEach((f, i) => {
    keyboard.text(f.label, callbackData(f.id));
    if ((i + 1) % perRow === 0 && i < usable.length - 1) keyboard.row();
  });
  return keyboard;
}
