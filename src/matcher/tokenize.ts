/**
 * Chinese feature extraction: word tokens (from a pluggable segmenter), Han characters and
 * bigrams, and domain-lexicon concepts. Input must already be normalized.
 *
 * One walk over the text emits every feature; two sinks consume it. Training uses string keys
 * (`w:催收`, `b:催收`, `u:催`, `c:harassment`, `t:征信`), from which the model numbers its
 * features; answering uses {@link Featurizer.compile}, which looks the same features up as
 * numbers (code points, trie slots) and never builds a key string. Because both sinks see the
 * same walk, a compiled featurizer yields exactly the known part of the string features, in
 * the same order (asserted by a property test).
 */
import { CodeTrieBuilder, NO_NODE, ROOT, type CodeTrie } from './code-trie.js';
import { codePoints, fromCodePoints, isHanCodePoint } from './han.js';

/** Key prefix of single-character features. */
export const CHARACTER_PREFIX = 'u:';

/** Splits normalized text into words. */
export interface Segmenter {
  readonly name: string;
  segment(text: string): string[];
  /**
   * Optional fast path: the same words as {@link segment}, as spans [start, end) of code-point
   * indices into the text's code points (`cps`, first `n`), in reusable buffers valid until the
   * next call. The featurizer then looks words up without building strings.
   */
  spans?(cps: Int32Array, n: number): WordSpans;
}

/** Word spans: the first `n` entries of `start`/`end`. */
export interface WordSpans {
  start: Int32Array;
  end: Int32Array;
  n: number;
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

/**
 * Sparse feature ids and weights (before IDF), in first-seen order: the first `n` entries of
 * `idx`/`val` (a compiled featurizer reuses its buffers, valid until its next call).
 */
export interface FeatureIds {
  idx: Int32Array;
  val: Float64Array;
  n: number;
}

/** Where a compiled featurizer writes a query's ids and weights (e.g. straight into the scoring kernel's input). */
export interface QueryBuffers {
  idx: Int32Array;
  val: Float64Array;
}

/** A featurizer bound to a model's feature numbering. */
export interface CompiledFeaturizer {
  /** The known features of a normalized text; unknown ones are dropped. */
  ids(normalized: string): FeatureIds;
}

/** A feature extractor. */
export interface Featurizer {
  /** Sparse features with weights (before IDF): word `w:`, bigram `b:`, character `u:`, concept `c:` and term `t:`. */
  features(normalized: string): Map<string, number>;
  /** The same features as numbers from `index` (feature key → id), for answering. */
  compile(index: ReadonlyMap<string, number>, target?: QueryBuffers): CompiledFeaturizer;
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

/** Receives the features of one walk. `w` is the weight; repeated features keep the highest. */
interface Sink {
  /** A word from the segmenter (stopwords and words without letters or digits are no features). */
  word(word: string, w: number): void;
  /** The same, given as the code points cps[start, end). */
  span(cps: Int32Array, start: number, end: number, w: number): void;
  unigram(cp: number, w: number): void;
  bigram(a: number, b: number, w: number): void;
  /** A lexicon key, by its slot in the trie's key list. */
  lexicon(slot: number, w: number): void;
}

/** Builds a featurizer from a segmenter and the lexicon. */
export function createFeaturizer(segmenter: Segmenter, lexicon: Lexicon, options: FeatureOptions = {}): Featurizer {
  const W = { words: 1, bigrams: 0.7, unigrams: 0.3, lexicon: 1.2, ...options };
  const stop = new Set(lexicon.stopwords);
  // Single-character stopwords as a bitmap over the Basic Multilingual Plane (plus a set for the rest).
  const stopChars = new Set([...stop].filter((s) => [...s].length === 1).map((s) => s.codePointAt(0)!));
  const stopBits = new Uint8Array(0x10000);
  for (const cp of stopChars) if (cp < 0x10000) stopBits[cp] = 1;
  const isStopChar = (cp: number): boolean => (cp < 0x10000 ? stopBits[cp] === 1 : stopChars.has(cp));
  const trie = new SurfaceTrie();
  for (const term of lexicon.terms) trie.add(term, `t:${term}`);
  for (const [concept, forms] of Object.entries(lexicon.concepts)) {
    for (const form of forms) trie.add(form, `c:${concept}`);
  }
  let buffer: Int32Array = new Int32Array(512);

  const walk = (normalized: string, sink: Sink): void => {
    const { cps, n } = codePoints(normalized, buffer);
    buffer = cps;
    if (W.words > 0) {
      if (segmenter.spans) {
        const spans = segmenter.spans(cps, n);
        for (let k = 0; k < spans.n; k++) sink.span(cps, spans.start[k], spans.end[k], W.words);
      } else {
        for (const word of segmenter.segment(normalized)) sink.word(word, W.words);
      }
    }
    // Characters and bigrams within each run of Han characters; a one-character run weighs more.
    let prev = -1;
    let run = 0;
    for (let i = 0; i <= n; i++) {
      const cp = i < n ? cps[i] : -1;
      if (cp >= 0 && isHanCodePoint(cp)) {
        if (W.bigrams > 0 && run > 0) sink.bigram(prev, cp, W.bigrams);
        if (W.unigrams > 0 && !isStopChar(cp)) sink.unigram(cp, W.unigrams);
        prev = cp;
        run++;
      } else {
        if (run === 1 && !isStopChar(prev)) sink.unigram(prev, Math.max(0.5, W.unigrams));
        run = 0;
      }
    }
    if (W.lexicon > 0) trie.scan(cps, n, sink, W.lexicon);
  };

  return {
    segmenter,
    features(normalized) {
      const f = new Map<string, number>();
      const add = (k: string, w: number): void => {
        const old = f.get(k);
        if (old === undefined || w > old) f.set(k, w);
      };
      const word = (word: string, w: number): void => {
        if (WORDLIKE.test(word) && !stop.has(word)) add(`w:${word}`, w);
      };
      walk(normalized, {
        word,
        span: (cps, start, end, w) => word(fromCodePoints(cps, start, end), w),
        unigram: (cp, w) => add(`${CHARACTER_PREFIX}${String.fromCodePoint(cp)}`, w),
        bigram: (a, b, w) => add(`b:${String.fromCodePoint(a, b)}`, w),
        lexicon: (slot, w) => add(trie.keys[slot], w),
      });
      return f;
    },
    compile(index, target) {
      const words = new Map<string, number>();
      // Characters are depth-1 nodes and bigrams depth-2 nodes of one trie; words have their own.
      const builder = new CodeTrieBuilder();
      const nodeFeature = new Map<number, number>();
      const wordBuilder = new CodeTrieBuilder();
      const wordNodeFeature = new Map<number, number>();
      for (const [key, id] of index) {
        const body = key.slice(2);
        if (key.startsWith('w:')) {
          words.set(body, id);
          wordNodeFeature.set(wordBuilder.add(body), id);
        } else if ((key.startsWith(CHARACTER_PREFIX) && [...body].length === 1) || (key.startsWith('b:') && [...body].length === 2)) {
          nodeFeature.set(builder.add(body), id);
        }
      }
      const chars = builder.freeze();
      const featureOf = new Int32Array(chars.size).fill(-1);
      for (const [node, id] of nodeFeature) featureOf[node] = id;
      const wordTrie = wordBuilder.freeze();
      const wordFeature = new Int32Array(wordTrie.size).fill(-1);
      for (const [node, id] of wordNodeFeature) wordFeature[node] = id;
      const slots = Int32Array.from(trie.keys, (k) => index.get(k) ?? -1);
      return new CompiledSink(walk, { map: words, trie: wordTrie, feature: wordFeature }, chars, featureOf, slots, index.size, target);
    },
  };
}


/** The numeric sink: accumulates known features into reusable buffers. */
class CompiledSink implements Sink, CompiledFeaturizer {
  private readonly weight: Float64Array;
  private readonly order: Int32Array;
  private readonly out: Float64Array;
  private count = 0;
  // The last character looked up and its node: the next bigram starts with it.
  private lastCp = -1;
  private lastNode = NO_NODE;

  constructor(
    private readonly walk: (normalized: string, sink: Sink) => void,
    /** Known words by string, and as a code-point trie with the feature id per node. */
    private readonly words: { map: ReadonlyMap<string, number>; trie: CodeTrie; feature: Int32Array },
    private readonly chars: CodeTrie,
    private readonly featureOf: Int32Array,
    private readonly slots: Int32Array,
    size: number,
    target?: QueryBuffers,
  ) {
    if (target && (target.idx.length < size || target.val.length < size)) throw new RangeError('query buffers smaller than the feature index');
    this.weight = new Float64Array(size);
    this.order = target?.idx ?? new Int32Array(size);
    this.out = target?.val ?? new Float64Array(size);
  }

  ids(normalized: string): FeatureIds {
    this.count = 0;
    this.walk(normalized, this);
    const n = this.count;
    const { order, weight, out } = this;
    for (let t = 0; t < n; t++) {
      out[t] = weight[order[t]];
      weight[order[t]] = 0;
    }
    return { idx: order, val: out, n };
  }

  private add(id: number | undefined, w: number): void {
    if (id === undefined || id < 0) return;
    const old = this.weight[id];
    if (old === 0) this.order[this.count++] = id;
    if (w > old) this.weight[id] = w;
  }

  word(word: string, w: number): void {
    // Only words that pass the string sink's filter can be known features: no filter needed.
    this.add(this.words.map.get(word), w);
  }

  span(cps: Int32Array, start: number, end: number, w: number): void {
    const { trie, feature } = this.words;
    let node = ROOT;
    for (let i = start; i < end && node !== NO_NODE; i++) node = trie.next(node, cps[i]);
    if (node !== NO_NODE) this.add(feature[node], w);
  }

  private charNode(cp: number): number {
    if (cp !== this.lastCp) {
      this.lastCp = cp;
      this.lastNode = this.chars.next(ROOT, cp);
    }
    return this.lastNode;
  }

  unigram(cp: number, w: number): void {
    const node = this.charNode(cp);
    if (node !== NO_NODE) this.add(this.featureOf[node], w);
  }

  bigram(a: number, b: number, w: number): void {
    const first = this.charNode(a);
    if (first === NO_NODE) return;
    const node = this.chars.next(first, b);
    if (node !== NO_NODE) this.add(this.featureOf[node], w);
  }

  lexicon(slot: number, w: number): void {
    this.add(this.slots[slot], w);
  }
}

/** Finds every lexicon form occurring anywhere in a text (overlaps included) in one pass. */
class SurfaceTrie {
  private readonly builder = new CodeTrieBuilder();
  private readonly nodeSlots = new Map<number, number[]>();
  private readonly slotOf = new Map<string, number>();
  private frozen: { trie: CodeTrie; start: Int32Array; slots: Int32Array } | undefined;
  /** Every distinct key, by slot. */
  readonly keys: string[] = [];

  add(form: string, key: string): void {
    let slot = this.slotOf.get(key);
    if (slot === undefined) this.slotOf.set(key, (slot = this.keys.push(key) - 1));
    const node = this.builder.add(form.toLowerCase());
    const slots = this.nodeSlots.get(node) ?? [];
    if (!slots.includes(slot)) slots.push(slot);
    this.nodeSlots.set(node, slots);
    this.frozen = undefined;
  }

  /** Reports every key of every form found in the first `n` code points of `cps`. */
  scan(cps: Int32Array, n: number, sink: Sink, w: number): void {
    const { trie, start, slots } = (this.frozen ??= this.freeze());
    for (let from = 0; from < n; from++) {
      let node = ROOT;
      for (let i = from; i < n; i++) {
        node = trie.next(node, cps[i]);
        if (node === NO_NODE) break;
        for (let k = start[node]; k < start[node + 1]; k++) sink.lexicon(slots[k], w);
      }
    }
  }

  /** The trie and, per node, the slots of the keys whose forms end there (flat). */
  private freeze(): { trie: CodeTrie; start: Int32Array; slots: Int32Array } {
    const trie = this.builder.freeze();
    const start = new Int32Array(trie.size + 1);
    for (let node = 0; node < trie.size; node++) start[node + 1] = start[node] + (this.nodeSlots.get(node)?.length ?? 0);
    const slots = new Int32Array(start[trie.size]);
    for (const [node, list] of this.nodeSlots) slots.set(list, start[node]);
    return { trie, start, slots };
  }
}

/** True when the text contains at least one Han character or Latin letter/digit. */
export function hasContent(normalized: string): boolean {
  return HAN.test(normalized) || WORDLIKE.test(normalized);
}
