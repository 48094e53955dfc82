/**
 * Pasted text in a line-based console: a terminal delivers a multi-line paste as many lines at
 * once, a person typing sends one line per Enter. Lines that arrive within `windowMs` of the
 * previous one (by arrival time, not by when they are processed) are one message; a line after
 * a pause starts the next. So a pasted four-line SMS is one message, and typed questions stay
 * separate even while the bot is still busy answering an earlier one.
 */
import type { EventEmitter } from 'node:events';

/** Default gap that ends a paste: far shorter than anyone types a line and presses Enter. */
export const PASTE_WINDOW_MS = 40;

/** A source of lines: `line` events, then `close` (node:readline's Interface). */
export type LineSource = Pick<EventEmitter, 'on'>;

/**
 * The messages of `source`: each is one line, or the lines of one paste joined with `\n`.
 * Ends when the source closes (a paste still being gathered is delivered first). Listens from
 * the call on, so lines that arrive before the first message is asked for are not lost.
 */
export function pastedMessages(source: LineSource, windowMs = PASTE_WINDOW_MS): AsyncGenerator<string> {
  const ready: string[] = [];
  let batch: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  const flush = (): void => {
    clearTimeout(timer);
    timer = undefined;
    if (batch.length > 0) ready.push(batch.join('\n'));
    batch = [];
    notify();
  };
  source.on('line', (line: string) => {
    batch.push(line);
    clearTimeout(timer);
    timer = setTimeout(flush, windowMs);
  });
  source.on('close', () => {
    flush();
    closed = true;
    notify();
  });
  async function* messages(): AsyncGenerator<string> {
    for (;;) {
      const next = ready.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      if (closed) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  }
  return messages();
}
