/**
 * Builds the Brain from the data files: load + validate the knowledge base, check it for
 * consistency, train and calibrate the matcher. Throws {@link KnowledgeError} on bad data.
 */
import { findProblems } from '../kb/check.js';
import { KnowledgeError } from '../kb/errors.js';
import { DEFAULT_PATHS, loadKnowledge, type KnowledgeBase, type KnowledgePaths } from '../kb/load.js';
import { jiebaSegmenter } from '../matcher/jieba-segmenter.js';
import { learnDictionary, learnedSegmenter } from '../matcher/learned-segmenter.js';
import { trainMatcher, type TrainingExample, type TrainOptions } from '../matcher/matcher.js';
import { createNormalizer } from '../matcher/normalize.js';
import { createFeaturizer, intlSegmenter, type Segmenter } from '../matcher/tokenize.js';
import { cachedThresholds, fingerprint } from './calibration.js';
import { createBrain, type Brain } from './respond.js';

/**
 * Which word segmenter the matcher uses: `learned` (a dictionary learned from ICU's cuts of the
 * training data plus the lexicon terms), `intl` (ICU's Intl.Segmenter on every message) or
 * `jieba` (@node-rs/jieba with the lexicon as user dictionary).
 */
export type SegmenterName = 'learned' | 'intl' | 'jieba';

/** Every segmenter, the default first. */
export const SEGMENTERS: readonly SegmenterName[] = ['learned', 'intl', 'jieba'];

/** The segmenter used unless told otherwise (chosen by measurement, see README). */
export const DEFAULT_SEGMENTER: SegmenterName = 'learned';

/** Options for {@link loadBrain}. */
export interface BrainOptions extends TrainOptions {
  paths?: KnowledgePaths;
  segmenter?: SegmenterName;
}

/** Training examples from the intent files plus the out-of-scope negatives. */
export function trainingExamples(kb: KnowledgeBase): TrainingExample[] {
  const out: TrainingExample[] = [];
  for (const intent of kb.intents) {
    for (const text of intent.utterances) out.push({ text, intent: intent.id });
    for (const text of intent.keywords) out.push({ text, intent: intent.id });
  }
  for (const text of kb.negatives) out.push({ text, intent: null });
  return out;
}

/** Creates the segmenter by name (`learned` learns from the knowledge base's training texts). */
export function makeSegmenter(name: SegmenterName, kb: KnowledgeBase, normalize: (s: string) => string): Segmenter {
  if (name === 'intl') return intlSegmenter();
  if (name === 'jieba') return jiebaSegmenter(kb.lexicon.terms);
  const texts = trainingExamples(kb).map((e) => normalize(e.text));
  return learnedSegmenter(learnDictionary(intlSegmenter(), texts, kb.lexicon.terms));
}

/** Loads, checks and trains everything the core needs. */
export function loadBrain(options: BrainOptions = {}): Brain {
  const kb = loadKnowledge(options.paths ?? DEFAULT_PATHS);
  const normalize = createNormalizer(kb.lexicon.rewrites);
  const problems = findProblems(kb, normalize);
  if (problems.length > 0) {
    throw new KnowledgeError('KB_INCONSISTENT', `knowledge base has ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
  }
  const segmenter = options.segmenter ?? DEFAULT_SEGMENTER;
  const featurizer = createFeaturizer(makeSegmenter(segmenter, kb, normalize), kb.lexicon);
  const examples = trainingExamples(kb);
  const { paths: _paths, segmenter: _segmenter, ...train } = options;
  const thresholds =
    train.thresholds ??
    (options.paths === undefined ? cachedThresholds(segmenter, fingerprint(examples, segmenter, train)) : undefined);
  const matcher = trainMatcher(examples, normalize, featurizer, { ...train, thresholds });
  return createBrain(kb, matcher);
}
