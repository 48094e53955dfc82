/**
 * Text normalization for matching: NFKC, invisible/control characters removed,
 * Traditional → Simplified with opencc-js (`tw` → `cn`; not `twp`, which rewrites 通訊錄 to
 * 通信录), lower case, collapsed whitespace, then the lexicon's spelling fixes (正信 → 征信 …).
 */
import * as OpenCC from 'opencc-js/t2cn';

const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });

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
  return input.normalize('NFKC').replace(INVISIBLE, '').replace(CONTROL, ' ').replace(/\s+/gu, ' ').trim();
}

/** A spelling/variant fix applied after conversion to Simplified. */
export interface Rewrite {
  from: string;
  to: string;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/**
 * Builds the full normalizer. `rewrites` come from the lexicon (typos, regional words); at each
 * position the longest `from` wins, so 爆通迅录 wins over 通迅录.
 */
export function createNormalizer(rewrites: readonly Rewrite[] = []): (input: string) => string {
  const table = new Map(rewrites.map((r) => [r.from, r.to]));
  const froms = [...table.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const pattern = froms.length > 0 ? new RegExp(froms.join('|'), 'gu') : undefined;
  return (input: string): string => {
    const simplified = toSimplified(cleanText(input)).toLowerCase();
    return pattern ? simplified.replace(pattern, (m: string) => table.get(m) ?? m) : simplified;
  };
}
