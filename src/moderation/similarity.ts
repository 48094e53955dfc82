/**
 * Character-bigram similarity of short Chinese texts, on top of the matcher's normalization
 * (Traditional → Simplified, typo rewrites, lower case). Used to cluster unanswered questions
 * and to find a topic by a loosely typed name.
 */

/** Masked or plain numbers (`138****5678`, `5000`) count as one placeholder. */
const NUMBERS = /[\d*＊]+/gu;
/** Whitespace, punctuation and symbols carry no meaning for similarity. */
const NOISE = /[\s\p{P}\p{S}]+/gu;

/** The characters compared: normalized text without punctuation, numbers collapsed to `#`. */
export function comparable(normalized: string): string {
  return normalized.replace(NUMBERS, '#').replace(NOISE, '');
}

/** Character bigrams of `text` (its single character when it is one character long). */
export function bigrams(text: string): Set<string> {
  const chars = [...comparable(text)];
  const out = new Set<string>();
  if (chars.length === 1) out.add(chars[0]);
  for (let i = 0; i + 1 < chars.length; i += 1) out.add(chars[i] + chars[i + 1]);
  return out;
}

/** Jaccard similarity |a ∩ b| / |a ∪ b| (0 when both are empty). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let common = 0;
  for (const x of small) if (large.has(x)) common += 1;
  return common / (a.size + b.size - common);
}

/** Share of `a`'s bigrams found in `b` (how much of a short query a longer name covers). */
export function containment(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0) return 0;
  let common = 0;
  for (const x of a) if (b.has(x)) common += 1;
  return common / a.size;
}
