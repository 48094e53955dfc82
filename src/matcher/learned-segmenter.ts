/**
 * A small word segmenter learned from the training data: the words a base segmenter (ICU's
 * Intl.Segmenter) finds in the normalized training texts, plus the lexicon's domain terms, with
 * their frequencies; a text is cut into the most probable word sequence (unigram model, dynamic
 * programming), like jieba without its 20 MB dictionary. It keeps 催收 / 征信 whole, and the only
 * words it can emit are the ones the matcher can know.
 */
import { isHan, type Segmenter } from './tokenize.js';

/** Longest dictionary word considered, in characters. */
const MAX_WORD = 12;

/** What the segmenter was learned from (saved in the brain snapshot). */
export interface LearnedDictionary {
  /** Word → count. */
  counts: ReadonlyMap<string, number>;
}

const HAN_WORD = /^\p{Script=Han}+$/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Learns word counts from normalized texts cut by `base`, plus the lexicon terms. */
export function learnDictionary(base: Segmenter, normalizedTexts: Iterable<string>, terms: readonly string[]): LearnedDictionary {
  const counts = new Map<string, number>();
  for (const text of normalizedTexts) {
    for (const w of base.segment(text)) if (HAN_WORD.test(w)) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  // Domain terms are always words: each counts as much as the most frequent word, so no cut
  // into pieces (催|收, each frequent on its own in ICU's cuts) can be more probable.
  let top = 1;
  for (const n of counts.values()) top = Math.max(top, n);
  for (const t of terms) {
    const term = t.toLowerCase().replace(/\s+/gu, '');
    if (HAN_WORD.test(term)) counts.set(term, Math.max(counts.get(term) ?? 0, top));
  }
  return { counts };
}

const learned = new WeakMap<Segmenter, LearnedDictionary>();

/** The dictionary a learned segmenter was built from (undefined for other segmenters). */
export function dictionaryOf(segmenter: Segmenter): LearnedDictionary | undefined {
  return learned.get(segmenter);
}

/**
 * The segmenter for a learned dictionary. Han runs are cut by the unigram model (characters
 * not in any word become one-character words); runs of other letters and digits are one word
 * each; everything else separates words.
 */
export function learnedSegmenter(dictionary: LearnedDictionary): Segmenter {
  let total = 0;
  for (const n of dictionary.counts.values()) total += n;
  const logP = new Map<string, number>();
  for (const [word, n] of dictionary.counts) if ([...word].length <= MAX_WORD) logP.set(word, Math.log(n / total));
  const unknownChar = Math.log(0.5 / Math.max(1, total));

  /** The most probable cut of a run of Han characters. */
  const cutRun = (run: string[]): string[] => {
    const n = run.length;
    const best = new Array<number>(n + 1).fill(-Infinity);
    const back = new Array<number>(n + 1).fill(0);
    best[0] = 0;
    for (let i = 0; i < n; i++) {
      // A character no word covers stands alone.
      if (best[i] + unknownChar > best[i + 1]) {
        best[i + 1] = best[i] + unknownChar;
        back[i + 1] = i;
      }
      let word = '';
      for (let j = i; j < n && j - i < MAX_WORD; j++) {
        word += run[j];
        const lp = logP.get(word);
        if (lp !== undefined && best[i] + lp > best[j + 1]) {
          best[j + 1] = best[i] + lp;
          back[j + 1] = i;
        }
      }
    }
    const words: string[] = [];
    for (let j = n; j > 0; j = back[j]) words.push(run.slice(back[j], j).join(''));
    return words.reverse();
  };

  const segmenter: Segmenter = {
    name: 'learned',
    segment(text) {
      const out: string[] = [];
      let han: string[] = [];
      let other = '';
      const flush = (): void => {
        if (han.length > 0) out.push(...cutRun(han));
        if (other !== '') out.push(other);
        han = [];
        other = '';
      };
      for (const ch of text) {
        if (isHan(ch)) {
          if (other !== '') flush();
          han.push(ch);
        } else if (WORD_CHAR.test(ch)) {
          if (han.length > 0) flush();
          other += ch;
        } else {
          flush();
        }
      }
      flush();
      return out;
    },
  };
  learned.set(segmenter, dictionary);
  return segmenter;
}
