/**
 * A tiny structured model of Telegram HTML and a splitter that turns it into message chunks.
 *
 * Text is kept as plain segments until the very end, so escaping happens once, per piece,
 * after any split: a chunk can never end inside a tag or inside an `&amp;`-style entity, and
 * every tag opened in a chunk is closed in the same chunk.
 */

/** Telegram's limit for one message text (we count the raw HTML, which is stricter). */
export const TELEGRAM_TEXT_LIMIT = 4096;

/** Formatting a segment may carry. Only tags Telegram's HTML parse mode supports. */
export type SegmentTag = 'b' | 'i' | 'code' | 'pre';

/** A run of plain (unescaped) text with at most one formatting tag. */
export interface Segment {
  text: string;
  tag?: SegmentTag;
}

/** One line of output: segments rendered side by side. */
export type Line = readonly Segment[];

/** A paragraph/section: lines separated by one newline; blocks are separated by a blank line. */
export type Block = readonly Line[];

/** Escapes the three characters Telegram's HTML parse mode requires (`&`, `<`, `>`). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapedLength(ch: string): number {
  if (ch === '&') return 5;
  if (ch === '<' || ch === '>') return 4;
  return ch.length;
}

function tagOverhead(tag: SegmentTag | undefined): number {
  return tag ? tag.length * 2 + 5 : 0;
}

/** Renders one segment to HTML. */
export function renderSegment(s: Segment): string {
  const body = escapeHtml(s.text);
  return s.tag ? `<${s.tag}>${body}</${s.tag}>` : body;
}

/** Renders one line to HTML. */
export function renderLine(line: Line): string {
  return line.map(renderSegment).join('');
}

function hasText(line: Line): boolean {
  return line.some((s) => s.text.trim() !== '');
}

/** Characters after which a long text is preferably cut. */
const SOFT_BREAK = /[\n。！？；!?;，,、 ]/u;

/**
 * Splits a line whose HTML would exceed `limit` into several lines that each fit, cutting
 * only between characters of the plain text (preferably after a newline or punctuation).
 */
export function splitLine(line: Line, limit: number): Line[] {
  const out: Segment[][] = [];
  let current: Segment[] = [];
  let used = 0;
  const flush = (): void => {
    if (current.length > 0 && hasText(current)) out.push(current);
    current = [];
    used = 0;
  };
  for (const seg of line) {
    const chars = Array.from(seg.text);
    const overhead = tagOverhead(seg.tag);
    let start = 0;
    while (start < chars.length) {
      const room = limit - used - overhead;
      if (room < 16 && current.length > 0) {
        flush();
        continue;
      }
      let end = start;
      let size = 0;
      while (end < chars.length && size + escapedLength(chars[end]) <= room) {
        size += escapedLength(chars[end]);
        end += 1;
      }
      if (end === start) {
        // Not even one character fits (only possible with an absurdly small limit).
        end = start + 1;
      } else if (end < chars.length) {
        // Prefer a soft break in the last quarter of the piece.
        const floor = start + Math.floor((end - start) * 0.75);
        for (let k = end; k > floor; k -= 1) {
          if (SOFT_BREAK.test(chars[k - 1])) {
            end = k;
            break;
          }
        }
      }
      const text = chars.slice(start, end).join('');
      current.push(seg.tag ? { text, tag: seg.tag } : { text });
      used += overhead + chars.slice(start, end).reduce((n, c) => n + escapedLength(c), 0);
      start = end;
      if (start < chars.length) flush();
    }
  }
  flush();
  return out;
}

/**
 * Joins blocks into HTML chunks of at most `limit` characters each. Blocks are kept whole
 * when they fit; otherwise they are split between lines, and a single over-long line is split
 * with {@link splitLine}. Blocks and lines without visible text are dropped, so no chunk is empty.
 */
export function chunkBlocks(blocks: readonly Block[], limit = TELEGRAM_TEXT_LIMIT): string[] {
  const chunks: string[] = [];
  let current = '';
  const flush = (): void => {
    if (current.trim() !== '') chunks.push(current);
    current = '';
  };
  const append = (html: string, separator: string): void => {
    if (current === '') {
      current = html;
    } else if (current.length + separator.length + html.length <= limit) {
      current += separator + html;
    } else {
      flush();
      current = html;
    }
  };
  for (const block of blocks) {
    const lines = block.filter(hasText);
    if (lines.length === 0) continue;
    const html = lines.map(renderLine).join('\n');
    if (html.length <= limit) {
      append(html, '\n\n');
      continue;
    }
    let separator = '\n\n';
    for (const line of lines) {
      const lineHtml = renderLine(line);
      if (lineHtml.length <= limit) {
        append(lineHtml, separator);
      } else {
        for (const piece of splitLine(line, limit)) append(renderLine(piece), separator);
      }
      separator = '\n';
    }
  }
  flush();
  return chunks;
}
