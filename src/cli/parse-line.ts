import type { Incoming } from '../core/types.js';

/** Parses one CLI line: `#button <id>` presses a follow-up; anything else is a message. */
export function parseLine(line: string): Incoming {
  const m = /^#button\s+(\S+)\s*$/u.exec(line.trim());
  return m ? { type: 'button', id: m[1] } : { type: 'text', text: line };
}
