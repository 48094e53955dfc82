/**
 * Log-safe summaries of errors: grammY's network errors wrap the underlying fetch error,
 * whose message can contain the request URL and therefore the bot token. Only a few
 * fields are kept, and the token (and the webhook secret) is cut out of every string.
 *
 * Whatever the shape — an error reply without `description` or `error_code` (self-hosted
 * servers, emulators), a thrown string, an object whose `toString` throws — the summary is
 * built from strings only and this never throws: it runs inside error handlers.
 */
import { GrammyError, HttpError } from 'grammy';

/** The fields of an error that are safe to log. */
export interface SafeError {
  type: string;
  message: string;
  method?: string;
  errorCode?: number;
  description?: string;
  stack?: string;
}

/** Removes `secret` (and the `bot<secret>` URL segment) from `text`. */
export function scrubSecret(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 6) return text; // too short to tell apart from ordinary text
  return text.split(secret).join('[token]');
}

/** `value` as text, for any value: strings as they are, anything else through `String` when it can be. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** Summarizes `error` for logging without the token (or any of several secrets). Never throws. */
export function safeError(error: unknown, secrets?: string | readonly (string | undefined)[]): SafeError {
  const list = typeof secrets === 'string' ? [secrets] : (secrets ?? []);
  const clean = (s: unknown): string => list.reduce<string>((text, secret) => scrubSecret(text, textOf(secret ?? '')), textOf(s ?? ''));
  if (error instanceof GrammyError) {
    return {
      type: 'GrammyError',
      message: clean(error.message),
      method: textOf(error.method),
      ...(typeof error.error_code === 'number' ? { errorCode: error.error_code } : {}),
      ...(error.description === undefined ? {} : { description: clean(error.description) }),
    };
  }
  if (error instanceof HttpError) {
    const inner = error.error instanceof Error ? `${textOf(error.error.name)}: ${textOf(error.error.message)}` : textOf(error.error);
    return { type: 'HttpError', message: clean(`${textOf(error.message)} (${inner})`) };
  }
  if (error instanceof Error) {
    return { type: textOf(error.name), message: clean(error.message), ...(error.stack ? { stack: clean(error.stack) } : {}) };
  }
  return { type: typeof error, message: clean(error) };
}
