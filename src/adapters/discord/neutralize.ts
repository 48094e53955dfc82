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
 * Prepares user text for echoing on one line: redacted, control characters and newlines
 * collapsed to spaces, markdown escaped, mentions made inert.
 */
export function neutralizeUserText(text: string): string {
  const flat = redactText(text)
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
  return inertMentions(
    escapeMarkdown(flat, { heading: true, bulletedList: true, numberedList: true, maskedLink: true }),
  );
}
