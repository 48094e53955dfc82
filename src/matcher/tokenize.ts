/**
 * Chinese feature extraction: word tokens (from a pluggable segmenter), Han characters and
 * bigrams, and domain-lexicon terms and concepts. Input must already be normalized. Features
 * are string keys: `w:催收` (word), `b:催收` (bigram), `u:催` (character), `t:征信` (lexicon
 * term), `c:family` (lexicon concept).
 */

/** Key prefix of single-character features. */
export const CHARACTER_PREFIX = 'u:';

/** Splits normalized text into words. */
export interface Segmenter {
  readonly name: string;
  segment(text: string): string[];
}

/** The domain lexicon (`intents/lexicon/domain.yaml`), validated by the loader. */
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

/** True for a Han character. */
export function isHan(ch: string): boolean {
  return HAN.test(ch);
}

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

/** A feature extractor. */
export interface Featurizer {
  /** Sparse features with weights (before IDF). Repeated features keep their highest weight. */
  features(normalized: string): Map<string, number>;
  readonly segmenter: Segmenter;
}

/** Feature weights (0 disables a family). Defaults chosen by cross-validation. */
export interface FeatureOptions {
  words?: number;
  bigrams?: number;
  /** Single Han characters (every character, not only one-character runs). */
  unigrams?: number;
  lexicon?: number;
}

/** Builds a featurizer from a segmenter and the lexicon. */
export function createFeaturizer(segmenter: Segmenter, lexicon: Lexicon, options: FeatureOptions = {}): Featurizer {
  const W = { words: 1, bigrams: 0.7, unigrams: 0.3, lexicon: 1.2, ...options };
  const stop = new Set(lexicon.stopwords);
  // Lexicon surface forms (lower case) with the feature keys they emit.
  const surfaces = new Map<string, string[]>();
  const addSurface = (form: string, key: string): void => {
    const f = form.toLowerCase();
    const keys = surfaces.get(f) ?? [];
    if (!keys.includes(key)) keys.push(key);
    surfaces.set(f, keys);
  };
  for (const term of lexicon.terms) addSurface(term, `t:${term}`);
  for (const [concept, forms] of Object.entries(lexicon.concepts)) for (const form of forms) addSurface(form, `c:${concept}`);
  const surfaceList = [...surfaces];

  return {
    segmenter,
    features(normalized) {
      const f = new Map<string, number>();
      const add = (k: string, w: number): void => {
        const old = f.get(k);
        if (old === undefined || w > old) f.set(k, w);
      };
      if (W.words > 0) {
        for (const word of segmenter.segment(normalized)) if (WORDLIKE.test(word) && !stop.has(word)) add(`w:${word}`, W.words);
      }
      // Characters and bigrams within each run of Han characters; a one-character run weighs more.
      const chars = [...normalized];
      let run = 0;
      for (let i = 0; i <= chars.length; i++) {
        const ch = chars[i];
        if (ch !== undefined && isHan(ch)) {
          if (W.bigrams > 0 && run > 0) add(`b:${chars[i - 1]}${ch}`, W.bigrams);
          if (W.unigrams > 0 && !stop.has(ch)) add(`${CHARACTER_PREFIX}${ch}`, W.unigrams);
          run++;
        } else {
          const prev = chars[i - 1];
          if (run === 1 && prev !== undefined && !stop.has(prev)) add(`${CHARACTER_PREFIX}${prev}`, Math.max(0.5, W.unigrams));
          run = 0;
        }
      }
      if (W.lexicon > 0) {
        for (const [form, keys] of surfaceList) if (normalized.includes(form)) for (const k of keys) add(k, W.lexicon);
      }
      return f;
    },
  };
}

/** True when the text contains at least one Han character or Latin letter/digit. */
export function hasContent(normalized: string): boolean {
  return HAN.test(normalized) || WORDLIKE.test(normalized);
}
