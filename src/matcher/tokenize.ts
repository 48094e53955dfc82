/**
 * Chinese feature extraction: word tokens (from a pluggable segmenter), Han character
 * bigrams, and domain-lexicon concepts. Input must already be normalized.
 */

/** Splits normalized text into words. */
export interface Segmenter {
  readonly name: string;
  segment(text: string): string[];
}

/** The domain lexicon (`intents/_lexicon.yaml`), validated by the loader. */
export interface Lexicon {
  /** Domain terms kept whole by the segmenter and emitted as features when present. */
  terms: readonly string[];
  /** Concept → surface forms; any surface form present emits the concept feature. */
  concepts: Readonly<Record<string, readonly string[]>>;
  /** Single characters/particles that carry no meaning on their own. */
  stopwords: readonly string[];
}

const HAN = /\p{Script=Han}/u;
const WORDLIKE = /[\p{L}\p{N}]/u;

/** Intl.Segmenter (ICU dictionary). Splits some domain terms (催收 → 催|收); lexicon features make up for it. */
export function intlSegmenter(): Segmenter {
  const seg = new Intl.Segmenter('zh', { granularity: 'word' });
  return {
    name: 'intl',
    segment: (text) => {
      const out: string[] = [];
      for (const s of seg.segment(text)) if (s.isWordLike) out.push(s.segment);
      return out;
    },
  };
}

/** A compiled feature extractor. */
export interface Featurizer {
  /** Sparse features with weights (before IDF): word `w:`, bigram `b:`, concept `c:` and term `t:`. */
  features(normalized: string): Map<string, number>;
  readonly segmenter: Segmenter;
}

/** Feature weights (0 disables a family). Defaults chosen by cross-validation. */
export interface FeatureOptions {
  words?: number;
  bigrams?: number;
  /** Single Han characters (every character, not only one-character runs). */
  unigrams?: number;
  trigrams?: number;
  lexicon?: number;
}

/** Builds a featurizer from a segmenter and the lexicon. */
export function createFeaturizer(segmenter: Segmenter, lexicon: Lexicon, options: FeatureOptions = {}): Featurizer {
  const W = { words: 1, bigrams: 0.7, unigrams: 0.3, trigrams: 0, lexicon: 1.2, ...options };
  const stop = new Set(lexicon.stopwords);
  const trie = new SurfaceTrie();
  for (const term of lexicon.terms) trie.add(term, `t:${term}`);
  for (const [concept, forms] of Object.entries(lexicon.concepts)) {
    for (const form of forms) trie.add(form, `c:${concept}`);
  }
  return {
    segmenter,
    features(normalized) {
      const f = new Map<string, number>();
      const add = (k: string, w: number): void => {
        f.set(k, Math.max(f.get(k) ?? 0, w));
      };
      for (const word of segmenter.segment(normalized)) {
        if (!WORDLIKE.test(word) || stop.has(word)) continue;
        if (W.words > 0) add(`w:${word}`, W.words);
      }
      // Han bigrams within each run of Han characters (and single characters for very short runs).
      const runs = normalized.match(/\p{Script=Han}+/gu) ?? [];
      for (const run of runs) {
        const chars = [...run];
        if (chars.length === 1 && !stop.has(run)) add(`u:${run}`, Math.max(0.5, W.unigrams));
        if (W.unigrams > 0) for (const c of chars) if (!stop.has(c)) add(`u:${c}`, W.unigrams);
        if (W.bigrams > 0) for (let i = 0; i + 1 < chars.length; i++) add(`b:${chars[i]}${chars[i + 1]}`, W.bigrams);
        if (W.trigrams > 0) {
          for (let i = 0; i + 2 < chars.length; i++) add(`3:${chars[i]}${chars[i + 1]}${chars[i + 2]}`, W.trigrams);
        }
      }
      if (W.lexicon > 0) trie.scan(normalized, (key) => add(key, W.lexicon));
      return f;
    },
  };
}

/** Finds every lexicon form occurring anywhere in a text (overlaps included) in one pass. */
class SurfaceTrie {
  private readonly root: TrieNode = { next: new Map(), keys: [] };

  add(form: string, key: string): void {
    let node = this.root;
    for (const ch of form.toLowerCase()) {
      let child = node.next.get(ch);
      if (!child) node.next.set(ch, (child = { next: new Map(), keys: [] }));
      node = child;
    }
    if (!node.keys.includes(key)) node.keys.push(key);
  }

  scan(text: string, found: (key: string) => void): void {
    for (let start = 0; start < text.length; start++) {
      let node: TrieNode | undefined = this.root;
      for (let i = start; i < text.length && node; i++) {
        node = node.next.get(text[i]);
        if (node) for (const k of node.keys) found(k);
      }
    }
  }
}

interface TrieNode {
  next: Map<string, TrieNode>;
  keys: string[];
}

/** True when the text contains at least one Han character or Latin letter/digit. */
export function hasContent(normalized: string): boolean {
  return HAN.test(normalized) || WORDLIKE.test(normalized);
}
