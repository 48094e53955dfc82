/**
 * Makes user-written text safe to echo in a bot message: {@link echoText} (personal numbers
 * masked, invisible and bidi characters removed, links defanged, every `@` followed by a
 * zero-width space so `@everyone`, `@here`, `<@id>` and `<@&role>` can never become mentions —
 * belt and braces with `allowedMentions: { parse: [] }`), flattened to one line, markdown escaped.
 */
import { escapeMarkdown } from 'discord.js';
import { echoText, inertMentions, ZWSP } from '../../echo-text.js';

export { inertMentions, ZWSP };

/** Longest echo escaped when the caller names no limit, in characters (code points). */
export const ECHO_MAX_CHARS = 500;

/**
 * Prepares user text for echoing on one line: {@link echoText}, control characters and newlines
 * collapsed to spaces, cut to `maxChars` characters, markdown escaped. The cut comes before the escape: discord.js's `escapeMarkdown`
 * grows much faster than its input on `[](`-heavy text (4,000 characters took ~1.7 s), and only
 * the shown part needs escaping. The result may be longer than `maxChars` (escapes): truncate it.
 */
export function neutralizeUserText(text: string, maxChars = ECHO_MAX_CHARS): string {
  const flat = echoText(text)
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
  const shown = [...flat].slice(0, maxChars).join('');
  return escapeMarkdown(shown, { heading: true, bulletedList: true, numberedList: true, maskedLink: true });
}
