/** Line-by-line stdin processing for the machine-readable CLIs. */
import { createInterface } from 'node:readline';

/**
 * Calls `onLine` for each stdin line, in order, awaiting each; an exception in one line is
 * reported through `onError` and processing continues. Resolves at EOF.
 */
export async function eachLine(
  onLine: (line: string) => Promise<void> | void,
  onError: (line: string, error: unknown) => void,
): Promise<void> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
  for await (const line of rl) {
    try {
      await onLine(line);
    } catch (error) {
      onError(line, error);
    }
  }
}

/** Writes one JSON object as a line. */
export function writeJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}
