/**
 * The matcher's fast path must answer exactly as the readable path it replaces: the compiled
 * featurizer against the string features, the code-point tries against plain maps, the
 * character classes against the Unicode regexes, the learned segmenter against the text.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeSegmenter, trainingExamples } from '../src/core/brain.js';
import { loadHeldout } from '../src/eval/evaluate.js';
import { loadKnowledge, type KnowledgeBase } from '../src/kb/load.js';
import { CodeTrieBuilder, NO_NODE, ROOT } from '../src/matcher/code-trie.js';
import { isHanCodePoint, isWordCodePoint } from '../src/matcher/han.js';
import { IntentMatcher, prepareExamples, type MatchResult, type Prior, type Thresholds } from '../src/matcher/matcher.js';
import { Model, NONE, type LabelScore } from '../src/matcher/model.js';
import { isCrisis } from '../src/matcher/crisis.js';
import type { IntentId } from '../src/kb/schema.js';
import { createNormalizer } from '../src/matcher/normalize.js';
import { createFeaturizer, type Featurizer, type Segmenter } from '../src/matcher/tokenize.js';

let kb: KnowledgeBase;
let normalize: (s: string) => string;
let segmenter: Segmenter;
let featurizer: Featurizer;
let model: Model;
let texts: string[];

beforeAll(() => {
  kb = loadKnowledge();
  normalize = createNormalizer(kb.lexicon.rewrites);
  segmenter = makeSegmenter('learned', kb, normalize);
  featurizer = createFeaturizer(segmenter, kb.lexicon);
  model = new Model(prepareExamples(trainingExamples(kb), normalize, featurizer));
  texts = [...loadHeldout().map((c) => c.text), ...trainingExamples(kb).map((e) => e.text)].map(normalize);
});

/** Text the way users write it: domain words, particles, Traditional characters, emoji, Latin. */
const chatter = fc
  .array(
    fc.oneof(
      fc.constantFrom('催收', '短信', '征信', '爆通讯录', '停息挂账', '借呗', '花呗', '我妈', '合法吗', '怎么办', '徵信', '簡訊', '的', '了', '吗', '么', '，', '?', ' ', 'app', '12378', '😀', '𠀀', '〇'),
      fc.string({ unit: 'grapheme', maxLength: 6 }),
    ),
    { maxLength: 20 },
  )
  .map((parts) => normalize(parts.join('')));

describe('compiled featurizer', () => {
  const known = (text: string): Array<[number, number]> => {
    const out: Array<[number, number]> = [];
    for (const [key, w] of featurizer.features(text)) {
      const id = model.features.get(key);
      if (id !== undefined) out.push([id, w]);
    }
    return out;
  };
  let fast: ReturnType<Featurizer['compile']>;
  beforeAll(() => {
    fast = featurizer.compile(model.features);
  });
  const compiled = (text: string): Array<[number, number]> => {
    const ids = fast.ids(text);
    return Array.from({ length: ids.n }, (_, t) => [ids.idx[t], ids.val[t]] as [number, number]);
  };

  it('GIVEN every training and held-out text THEN the compiled ids are the known string features, same order and weights', () => {
    for (const text of texts) expect(compiled(text), text).toEqual(known(text));
  });

  it('GIVEN any text THEN the compiled ids are the known string features', () => {
    fc.assert(
      fc.property(chatter, (text) => {
        expect(compiled(text)).toEqual(known(text));
      }),
      { numRuns: 500 },
    );
  });

  it('GIVEN the held-out texts THEN scoring compiled ids gives the very same ranking as scoring string features', () => {
    const fast = featurizer.compile(model.features);
    for (const text of texts.slice(0, 300)) {
      expect(model.scoreIds(fast.ids(text)), text).toEqual(model.score(featurizer.features(text)));
    }
  });
});

/** The decision rule written over the model's full, sorted ranking (the readable form). */
function referenceDecide(rankedIn: readonly LabelScore[], t: Thresholds, prior: Prior): MatchResult {
  let ranked = rankedIn;
  const boosts = Object.entries(prior).filter(([, b]) => b !== undefined && b !== 0) as Array<[string, number]>;
  if (boosts.length > 0) {
    const boost = new Map(boosts);
    ranked = rankedIn
      .map((r) => {
        const b = boost.get(r.label) ?? 0;
        return { ...r, score: Math.min(1, r.score + b), similarity: Math.min(1, r.similarity + b) };
      })
      .sort((a, b) => b.score - a.score);
  }
  const none = ranked.find((r) => r.label === NONE);
  const inScope = ranked.filter((r) => r.label !== NONE).slice(0, 3);
  const round = (x: number): number => Math.round(Math.max(0, Math.min(1, x)) * 1000) / 1000;
  const alternatives = inScope.map((r) => ({ intent: r.label as IntentId, confidence: round(r.score) }));
  const top = inScope[0];
  if (!top) return { intent: null, confidence: 0, alternatives: [], decision: 'reject' };
  const noneWins = none !== undefined && none.score > top.score;
  if (top.score < t.accept || top.similarity < t.minSimilarity || noneWins) {
    const vague = !noneWins && top.similarity >= t.minSimilarity && top.score >= t.accept * 0.5;
    return { intent: null, confidence: round(top.score), alternatives, decision: vague ? 'clarify' : 'reject' };
  }
  const second = inScope[1];
  const close = second !== undefined && top.score - second.score < t.margin && second.score >= t.accept;
  return { intent: top.label as IntentId, confidence: round(top.score), alternatives, decision: close ? 'clarify' : 'answer' };
}

describe('decision', () => {
  it('GIVEN any text, thresholds and context boosts THEN the matcher decides as the rule over the full ranking', () => {
    const fast = featurizer.compile(model.features);
    const labels = model.knownLabels.filter((l) => l !== NONE);
    const boost = fc.oneof(fc.constant(0), fc.constantFrom(0.05, 0.1, 1, -0.2), fc.double({ min: -0.3, max: 1.2, noNaN: true }));
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(...texts), chatter),
        fc.record({ accept: fc.double({ min: 0, max: 0.6, noNaN: true }), minSimilarity: fc.double({ min: 0, max: 0.5, noNaN: true }), margin: fc.double({ min: 0, max: 0.2, noNaN: true }) }),
        fc.dictionary(fc.constantFrom(...labels), boost, { maxKeys: 4 }),
        (text, thresholds, prior) => {
          const matcher = new IntentMatcher(normalize, featurizer, model, thresholds);
          const got = matcher.matchNormalized(text, prior as Prior);
          if (!/[\p{Script=Han}\p{L}\p{N}]/u.test(text) || isCrisis(text)) return;
          expect(got).toEqual(referenceDecide(model.scoreIds(fast.ids(text)), thresholds, prior as Prior));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('learned segmenter', () => {
  it('GIVEN domain terms THEN they stay whole words', () => {
    expect(segmenter.segment('家人收到催收短信')).toContain('催收');
    expect(segmenter.segment('会不会上征信')).toContain('征信');
    expect(segmenter.segment('他们要爆通讯录')).toContain('爆通讯录');
    expect(segmenter.segment('能不能申请停息挂账')).toContain('停息挂账');
  });

  it('GIVEN any text THEN its words are exactly its Han, letter and digit characters, in order', () => {
    fc.assert(
      fc.property(chatter, (text) => {
        const kept = [...text].filter((ch) => /[\p{Script=Han}\p{L}\p{N}]/u.test(ch)).join('');
        expect(segmenter.segment(text).join('')).toBe(kept);
      }),
      { numRuns: 500 },
    );
  });

  it('GIVEN mixed scripts THEN Han runs and Latin/digit runs are separate words', () => {
    expect(segmenter.segment('借呗app逾期12378')).toEqual(expect.arrayContaining(['app', '12378']));
  });
});

describe('code-point trie', () => {
  it('GIVEN any set of words THEN following edges finds each word and nothing else', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 5 }), { maxLength: 60 }), (words) => {
        const builder = new CodeTrieBuilder();
        const ends = new Map(words.map((w) => [builder.add(w), w]));
        const trie = builder.freeze();
        for (const w of words) {
          let node = ROOT;
          for (const ch of w) node = trie.next(node, ch.codePointAt(0)!);
          expect(ends.get(node)).toBe(w);
        }
        // An edge nobody added is absent.
        const firsts = new Set(words.map((w) => w.codePointAt(0)));
        let unused = 0x41;
        while (firsts.has(unused)) unused++;
        expect(trie.next(ROOT, unused)).toBe(NO_NODE);
      }),
      { numRuns: 200 },
    );
  });
});

describe('character classes', () => {
  it('GIVEN every code point THEN isHanCodePoint and isWordCodePoint agree with the Unicode regexes', () => {
    const han = /\p{Script=Han}/u;
    const word = /[\p{L}\p{N}]/u;
    for (let cp = 0; cp <= 0x10ffff; cp += cp < 0x10000 ? 1 : 7) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCodePoint(cp);
      if (isHanCodePoint(cp) !== han.test(ch) || isWordCodePoint(cp) !== word.test(ch)) {
        expect.fail(`code point U+${cp.toString(16)}`);
      }
    }
  });
});
