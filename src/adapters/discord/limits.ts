/**
 * Discord's message limits and the text helpers that keep every payload inside them.
 * Lengths are counted in UTF-16 code units (what discord.js validates and never less than
 * Discord's own count), and truncation never splits a surrogate pair.
 */

/** Documented Discord limits for messages, embeds and components. */
export const LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footer: 2048,
  /** Sum of title, description, field names/values, footer and author over all embeds of a message. */
  embedTotal: 6000,
  embedsPerMessage: 10,
  buttonLabel: 80,
  customId: 100,
  buttonsPerRow: 5,
  rows: 5,
} as const;

/** Marker appended when text had to be cut. */
export const ELLIPSIS = '…';

/** Cuts `text` to at most `max` UTF-16 units, ending with "…" when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length + ELLIPSIS.length > max) break;
    out += ch;
  }
  return out + ELLIPSIS;
}

/** Splits `text` into pieces of at most `max` UTF-16 units without splitting a code point. */
export function hardSplit(text: string, max: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const ch of text) {
    if (cur.length + ch.length > max) {
      out.push(cur);
      cur = '';
    }
    cur += ch;
  }
  if (cur !== '' || out.length === 0) out.push(cur);
  return out;
}

/**
 * Packs lines greedily into chunks of at most `max` units joined by newlines; a line longer
 * than `max` is split hard. Never returns an empty list.
 */
export function chunkLines(lines: readonly string[], max: number): string[] {
  const out: string[] = [];
  let cur: string | null = null;
  for (const line of lines) {
    for (const piece of line.length > max ? hardSplit(line, max) : [line]) {
      if (cur === null) cur = piece;
      else if (cur.length + 1 + piece.length <= max) cur += `\n${piece}`;
      else {
        out.push(cur);
        cur = piece;
      }
    }
  }
  out.push(cur ?? '');
  return out;
}
