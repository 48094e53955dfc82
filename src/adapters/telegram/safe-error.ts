/**
 * Log-safe summaries of errors: grammY's network errors wrap the underlying fetch error,
 * whose message can contain the request URL and therefore the bot token. Only a few
 * fields are kept, and the token (and the webhook secret) is cut out of every string.
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

/** Summarizes `error` for logging without the token (or any of several secrets). */
export function safeError(error: unknown, secrets?: string | readonly (string | undefined)[]): SafeError {
  const list = typeof secrets === 'string' ? [secrets] : (secrets ?? []);
  const clean = (s: string): string => list.reduce<string>((text, secret) => scrubSecret(text, secret), s);
  if (error instanceof GrammyError) {
    return {
      type: 'GrammyError',
      message: clean(error.message),
      method: error.method,
      errorCode: error.error_code,
      description: clean(error.description),
    };
  }
  if (error instanceof HttpError) {
    const inner = error.error instanceof Error ? `${error.error.name}: ${error.error.message}` : String(error.error);
    return { type: 'HttpError', message: clean(`${error.message} (${inner})`) };
  }
  if (error instanceof Error) {
    return { type: error.name, message: clean(error.message), ...(error.stack ? { stack: clean(error.stack) } : {}) };
  }
  return { type: typeof error, message: clean(String(error)) };
}
