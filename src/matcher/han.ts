/**
 * Fast character classes for the matcher's hot path, exact by construction: common ranges
 * are answered by comparisons, everything else by the Unicode property regex.
 */
const HAN_CHAR = /\p{Script=Han}/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** True when the code point is in the Han script (same answer as `/\p{Script=Han}/u`). */
export function isHanCodePoint(cp: number): boolean {
  if (cp >= 0x4e00 && cp <= 0x9fff) return true;
  if (cp < 0x2e80) return false;
  return HAN_CHAR.test(String.fromCodePoint(cp));
}

/** True when the code point is a letter or digit (same answer as `/[\p{L}\p{N}]/u`). */
export function isWordCodePoint(cp: number): boolean {
  if ((cp >= 0x61 && cp <= 0x7a) || (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a)) return true;
  if (cp < 0xaa) return false;
  if (cp >= 0x4e00 && cp <= 0x9fff) return true;
  return WORD_CHAR.test(String.fromCodePoint(cp));
}

/**
 * Decodes `text` into code points, written into `out` (grown when too small); returns the
 * buffer and the count.
 */
export function codePoints(text: string, out: Int32Array): { cps: Int32Array; n: number } {
  const cps = out.length >= text.length ? out : new Int32Array(text.length * 2);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        cps[n++] = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
        i++;
        continue;
      }
    }
    cps[n++] = c;
  }
  return { cps, n };
}

/** The text of code points `cps[from, to)`. */
export function fromCodePoints(cps: Int32Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCodePoint(cps[i]);
  return s;
}
