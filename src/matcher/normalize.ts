/**
 * Text normalization for matching: NFKC, invisible/control characters removed,
 * Traditional → Simplified (OpenCC `tw` → `cn`, see to-simplified.ts; not `twp`, which
 * rewrites 通訊錄 to 通信录), lower case, collapsed whitespace, then the lexicon's spelling
 * fixes (正信 → 征信 …).
 */
import { codePointStep, ReplaceTrie } from './replace-trie.js';
import { createTwToSimplified } from './to-simplified.js';

const toSimplified = createTwToSimplified();

/**
 * Zero-width characters, bidi marks/embeddings/isolates, word joiners, BOM, variation
 * selectors, soft hyphen and the Mongolian vowel separator.
 */
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFE00-\uFE0F\uFEFF]/gu;
/** C0/C1 controls, line/paragraph separators and other format characters become spaces. */
const CONTROL = /[\p{Cc}\u2028\u2029]/gu;

/**
 * Removes invisible and control characters and applies NFKC, without changing the script.
 * Safe for display: used before echoing or logging user text.
 */
export function cleanText(input: string): string {
  const nfkc = input.normalize('NFKC');
  return isClean(nfkc) ? nfkc : nfkc.replace(INVISIBLE, '').replace(CONTROL, ' ').replace(/\s+/gu, ' ').trim();
}

/**
 * True when the replacements of {@link cleanText} would change nothing: no character of the
 * invisible, control or whitespace classes (tested by code ranges that contain them all), except
 * single spaces between other characters. Most messages take this path and skip three regex scans.
 */
function isClean(s: string): boolean {
  const last = s.length - 1;
  for (let i = 0; i <= last; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20) {
      if (c !== 0x20 || i === 0 || i === last || s.charCodeAt(i + 1) === 0x20) return false;
    } else if (
      (c >= 0x7f && c <= 0xa0) ||
      c === 0xad ||
      (c >= 0x1680 && c <= 0x180e) ||
      (c >= 0x2000 && c <= 0x206f) ||
      c === 0x3000 ||
      (c >= 0xfe00 && c <= 0xfe0f) ||
      c === 0xfeff
    ) {
      return false;
    }
  }
  return true;
}

/** A spelling/variant fix applied after conversion to Simplified. */
export interface Rewrite {
  from: string;
  to: string;
}

/**
 * Builds the full normalizer. `rewrites` come from the lexicon (typos, regional words); at each
 * position the longest `from` wins, so 爆通迅录 wins over 通迅录 (same results as one regex
 * alternation of the `from` strings, longest first; see replace-trie.ts).
 */
export function createNormalizer(rewrites: readonly Rewrite[] = []): (input: string) => string {
  const table = new ReplaceTrie(rewrites.map((r) => [r.from, r.to] as const));
  return (input: string): string => {
    const simplified = lowerCase(toSimplified(cleanText(input)));
    return table.replace(simplified, 0, simplified.length, codePointStep) ?? simplified;
  };
}

/**
 * `s.toLowerCase()`, returning `s` itself without a case-mapping pass when every character is
 * in a range without case: ASCII other than A–Z, and U+3000–U+9FFF (CJK punctuation, kana,
 * ideographs). The test suite checks those ranges against `toLowerCase`.
 */
export function lowerCase(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80 ? c >= 0x41 && c <= 0x5a : c < 0x3000 || c > 0x9fff) return s.toLowerCase();
  }
  return s;
}
