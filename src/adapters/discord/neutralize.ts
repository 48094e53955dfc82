/**
 * Makes user-written text safe to echo in a bot message: personal numbers masked, markdown
 * escaped, and every `@` followed by a zero-width space so `@everyone`, `@here`, `<@id>` and
 * `<@&role>` can never become mentions (belt and braces with `allowedMentions: { parse: [] }`).
 */
import { escapeMarkdown } from 'discord.js';
import { redactText } from '../../redact.js';

/** Zero-width space. */
export const ZWSP = '\u200b';

/** Inserts a zero-width space after every `@`. */
export function inertMentions(text: string): string {
  return text.replace(/@/gu, `@${ZWSP}`);
}

/**
 * Zero-width characters, bidi marks/overrides/isolates, word joiners, BOM and soft hyphen:
 * removed from echoed text so a right-to-left override cannot reorder the bot's line and a
 * zero-width joiner cannot hide an `@` from {@link inertMentions}.
 */
const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]/gu;

/** Longest echo escaped when the caller names no limit, in characters (code points). */
export const ECHO_MAX_CHARS = 500;

/**
 * Prepares user text for echoing on one line: redacted, invisible and bidi characters removed,
 * control characters and newlines collapsed to spaces, cut to `maxChars` characters, markdown
 * escaped, mentions made inert. The cut comes before the escape: discord.js's `escapeMarkdown`
 * grows much faster than its input on `[](`-heavy text (4,000 characters took ~1.7 s), and only
 * the shown part needs escaping. The result may be longer than `maxChars` (escapes): truncate it.
 */
export function neutralizeUserText(text: string, maxChars = ECHO_MAX_CHARS): string {
  const flat = redactText(text.replace(INVISIBLE, ''))
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
  const shown = [...flat].slice(0, maxChars).join('');
  return inertMentions(
    escapeMarkdown(shown, { heading: true, bulletedList: true, numberedList: true, maskedLink: true }),
  );
}
