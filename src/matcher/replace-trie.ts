/**
 * Longest-match replacement over code points: at each position the longest key that starts
 * there is replaced and the scan goes on after it; where no key starts, the scan moves on by a
 * caller-defined step (one character, or more). Used for the lexicon's spelling fixes
 * (normalize.ts) and the Traditional → Simplified dictionaries (to-simplified.ts). Keys live in
 * a code-point trie whose root is a direct table, so a character that starts no key costs one
 * array read, and text with nothing to replace is never copied.
 */
import { CodeTrieBuilder, NO_NODE, ROOT, type CodeTrie } from './code-trie.js';

/** Code units to move on by where no key matched at `i` (never 0). */
export type Step = (s: string, i: number, limit: number) => number;

/** One code point. */
export const codePointStep: Step = (s, i) => (s.codePointAt(i)! > 0xffff ? 2 : 1);

/** Replaces keys by values, longest match first. */
export class ReplaceTrie {
  private readonly trie: CodeTrie;
  /** Value index per trie node, -1 where no key ends. */
  private readonly valueOf: Int32Array;
  private readonly values: string[] = [];
  /** Filled by {@link match}: the replacement for the last match. */
  value = '';

  /** A later entry replaces an earlier one with the same key; empty keys are ignored. */
  constructor(entries: Iterable<readonly [string, string]>) {
    const builder = new CodeTrieBuilder();
    const ends = new Map<number, number>();
    for (const [key, value] of entries) {
      if (key === '') continue;
      ends.set(builder.add(key), this.values.length);
      this.values.push(value);
    }
    this.trie = builder.freeze();
    this.valueOf = new Int32Array(this.trie.size).fill(-1);
    for (const [node, v] of ends) this.valueOf[node] = v;
  }

  /**
   * True when `unit`, a UTF-16 code unit, is a whole character that starts no key and is no
   * Ideographic Description Character (U+2FF0–U+2FFF): nothing can match there, and every
   * {@link Step} moves on by exactly one. Lets scans skip most characters without a call.
   */
  skips(unit: number): boolean {
    return (unit < 0x2ff0 || (unit > 0x2fff && (unit < 0xd800 || unit > 0xdfff))) && !this.trie.startsWithBmp(unit);
  }

  /**
   * End of the longest key starting at `i` and ending by `limit` (its replacement in
   * {@link value}), or -1.
   */
  match(s: string, i: number, limit: number): number {
    let node = ROOT;
    let end = -1;
    for (let a = i; a < limit; ) {
      const cp = s.codePointAt(a)!;
      a += cp > 0xffff ? 2 : 1;
      node = this.trie.next(node, cp);
      if (node === NO_NODE) break;
      const v = this.valueOf[node];
      if (v >= 0) {
        end = a;
        this.value = this.values[v];
      }
    }
    return end;
  }

  /**
   * `s.slice(from, to)` with every longest match replaced, or null when nothing matched (the
   * range is scanned as a string of its own: no key reaches past `to`).
   */
  replace(s: string, from: number, to: number, step: Step): string | null {
    let out: string | null = null;
    let copied = from;
    for (let i = from; i < to; ) {
      if (this.skips(s.charCodeAt(i))) {
        i++;
        continue;
      }
      const end = this.match(s, i, to);
      if (end < 0) {
        i += step(s, i, to);
        continue;
      }
      out = (out ?? '') + s.slice(copied, i) + this.value;
      i = copied = end;
    }
    return out === null ? null : out + s.slice(copied, to);
  }
}
