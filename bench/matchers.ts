/**
 * The three matchers the benchmark compares, behind one small interface, all trained on the
 * same `intents/` data (utterances + keywords, and the out-of-scope negatives as a "none" class).
 */
import { makeSegmenter, trainingExamples, type SegmenterName } from '../src/core/brain.js';
import type { KnowledgeBase } from '../src/kb/load.js';
import type { IntentId } from '../src/kb/schema.js';
import { trainMatcher, type IntentMatcher, type Thresholds } from '../src/matcher/matcher.js';
import { createNormalizer } from '../src/matcher/normalize.js';
import { createFeaturizer } from '../src/matcher/tokenize.js';
import { evaluate, type Case, type EvalReport } from '../src/eval/evaluate.js';

/** A trainable classifier under test. */
export interface BenchMatcher {
  readonly name: string;
  train(kb: KnowledgeBase): Promise<void>;
  classify(text: string): IntentId | null | Promise<IntentId | null>;
}

/** Classifies every case once (one message at a time, as a chat would) and evaluates the answers. */
export async function evaluateMatcher(m: BenchMatcher, cases: readonly Case[]): Promise<EvalReport> {
  const predicted = new Map<string, IntentId | null>();
  for (const c of cases) predicted.set(c.text, await m.classify(c.text));
  return evaluate(cases, (t) => predicted.get(t) ?? null);
}

/** Ours: normalization + features + natural Bayes/softmax/neighbours, calibrated rejection. */
export function ours(segmenter: SegmenterName, thresholds?: Thresholds): BenchMatcher {
  let matcher: IntentMatcher | undefined;
  return {
    name: `ours (${segmenter})`,
    async train(kb) {
      const normalize = createNormalizer(kb.lexicon.rewrites);
      const featurizer = createFeaturizer(makeSegmenter(segmenter, kb, normalize), kb.lexicon);
      matcher = trainMatcher(trainingExamples(kb), normalize, featurizer, thresholds ? { thresholds } : {});
    },
    classify: (text) => matcher!.match(text).intent,
  };
}

interface NlpjsProcessResult {
  intent: string;
  score: number;
}
interface Nlpjs {
  addDocument(locale: string, utterance: string, intent: string): void;
  train(): Promise<void>;
  process(locale: string, utterance: string): Promise<NlpjsProcessResult>;
}

/**
 * nlp.js: `@nlpjs/basic` dock with `@nlpjs/lang-zh`, default pipeline and threshold. With
 * `negatives`, the out-of-scope examples are added as its "None" intent; without, out of scope
 * is left to its score threshold, as its documentation does it.
 */
export function nlpjs(negatives = true): BenchMatcher {
  let nlp: Nlpjs | undefined;
  return {
    name: negatives ? 'nlp.js (@nlpjs/basic + lang-zh)' : 'nlp.js, no None examples',
    async train(kb) {
      const { dockStart } = await import('@nlpjs/basic');
      const { LangZh } = await import('@nlpjs/lang-zh');
      const dock = (await dockStart({
        use: ['Basic'],
        settings: { nlp: { languages: ['zh'], autoSave: false, autoLoad: false, log: false, nlu: { log: false } } },
      })) as { get(n: string): Nlpjs; getContainer(): { use(p: unknown): void } };
      dock.getContainer().use(LangZh);
      nlp = dock.get('nlp');
      for (const e of trainingExamples(kb)) if (negatives || e.intent !== null) nlp.addDocument('zh', e.text, e.intent ?? 'None');
      await quiet(() => nlp!.train());
    },
    async classify(text) {
      const r = await nlp!.process('zh', text);
      return r.intent === 'None' ? null : (r.intent as IntentId);
    },
  };
}

interface NaturalBayes {
  addDocument(tokens: string[], label: string): void;
  train(): void;
  classify(tokens: string[]): string;
}

/** natural's BayesClassifier on single characters: the naive baseline. */
export function naturalChars(): BenchMatcher {
  let bayes: NaturalBayes | undefined;
  const chars = (s: string): string[] => [...s.normalize('NFKC').toLowerCase()].filter((c) => /[\p{L}\p{N}]/u.test(c));
  return {
    name: 'natural Bayes (chars)',
    async train(kb) {
      const { default: BayesClassifier } = await import('natural/lib/natural/classifiers/bayes_classifier.js');
      bayes = new BayesClassifier() as unknown as NaturalBayes;
      for (const e of trainingExamples(kb)) bayes.addDocument(chars(e.text), e.intent ?? '__none__');
      bayes.train();
    },
    classify(text) {
      const label = bayes!.classify(chars(text));
      return label === '__none__' ? null : (label as IntentId);
    },
  };
}

/** Runs `fn` with console output from third-party training suppressed. */
async function quiet<T>(fn: () => Promise<T>): Promise<T> {
  const log = console.log;
  console.log = () => undefined;
  try {
    return await fn();
  } finally {
    console.log = log;
  }
}

/** Creates a matcher by name (for the cold-start child process). */
export function byName(name: string): BenchMatcher {
  if (name === 'nlpjs') return nlpjs();
  if (name === 'nlpjs-threshold') return nlpjs(false);
  if (name === 'natural') return naturalChars();
  return ours(name === 'ours-intl' ? 'intl' : name === 'ours-jieba' ? 'jieba' : 'learned');
}
