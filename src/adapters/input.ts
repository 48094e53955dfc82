/**
 * Limits on what strangers can feed the core, shared by every chat adapter. Telegram caps a
 * message at 4096 characters and Discord at 4000, but webhooks, captions, forwarded snapshots
 * and future platforms are not trusted to respect that: every text is clipped here before it
 * reaches the matcher, the SMS analysis or the unanswered log.
 */

/** Longest text handed to the core, in UTF-16 code units (Telegram's own message limit). */
export const MAX_INPUT_CHARS = 4096;

/** `text` cut to at most `max` UTF-16 units, never inside a surrogate pair. */
export function clipInput(text: string, max = MAX_INPUT_CHARS): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}
