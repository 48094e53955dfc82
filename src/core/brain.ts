/**
 * Builds the Brain from the data files: load + validate the knowledge base, check it for
 * consistency, train and calibrate the matcher. Throws {@link KnowledgeError} on bad data.
 */
import { findProblems } from '../kb/check.js';
import { KnowledgeError } from '../kb/errors.js';
import { DEFAULT_PATHS, loadKnowledge, type KnowledgeBase, type KnowledgePaths } from '../kb/load.js';
import { jiebaSegmenter } from '../matcher/jieba-segmenter.js';
import { dictionaryOf, learnDictionary, learnedSegmenter, type LearnedDictionary } from '../matcher/learned-segmenter.js';
import { restoreMatcher, trainMatcher, type TrainOptions } from '../matcher/matcher.js';
import { trainingExamples } from '../kb/training.js';
import { createNormalizer } from '../matcher/normalize.js';
import { createFeaturizer, intlSegmenter, type Segmenter } from '../matcher/tokenize.js';
import { readSnapshot, snapshotFile, snapshotFingerprint, SNAPSHOT_DIR, writeSnapshot, type BrainSnapshot } from './brain-snapshot.js';
import { cachedThresholds, fingerprint } from './calibration.js';
import { createBrain, type Brain } from './respond.js';
import { restoreSafety, safetyExamples, trainSafety, type SafetyThresholds } from './safety-model.js';

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
  /**
   * Where to keep the trained snapshot (see brain-snapshot.ts), or false for none. Default:
   * `node_modules/.cache/` for the repository's own data, none when `paths` is given.
   */
  snapshot?: false | { dir: string };
}

export { trainingExamples };

/**
 * Creates the segmenter by name. `learned` learns its dictionary from the knowledge base's
 * training texts, unless a saved `dictionary` is given.
 */
export function makeSegmenter(
  name: SegmenterName,
  kb: KnowledgeBase,
  normalize: (s: string) => string,
  dictionary?: LearnedDictionary,
): Segmenter {
  if (name === 'intl') return intlSegmenter();
  if (name === 'jieba') return jiebaSegmenter(kb.lexicon.terms);
  return learnedSegmenter(dictionary ?? learnDictionary(intlSegmenter(), trainingExamples(kb).map((e) => normalize(e.text)), kb.lexicon.terms));
}

/**
 * Loads, checks and trains everything the core needs — or restores it from the snapshot the
 * last start saved, when nothing it depends on has changed since.
 */
export function loadBrain(options: BrainOptions = {}): Brain {
  const { paths, segmenter = DEFAULT_SEGMENTER, snapshot, ...train } = options;
  const dir = snapshot === false ? undefined : (snapshot?.dir ?? (paths === undefined ? SNAPSHOT_DIR : undefined));
  const saved = dir === undefined ? undefined : snapshotOf(dir, paths ?? DEFAULT_PATHS, segmenter, train);
  const restored = saved && readSnapshot(saved.file, saved.fingerprint);
  if (restored) return restoreBrain(restored, segmenter);

  const kb = loadKnowledge(paths ?? DEFAULT_PATHS);
  const normalize = createNormalizer(kb.lexicon.rewrites);
  const problems = findProblems(kb, normalize);
  if (problems.length > 0) {
    throw new KnowledgeError('KB_INCONSISTENT', `knowledge base has ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
  }
  const segment = makeSegmenter(segmenter, kb, normalize);
  const featurizer = createFeaturizer(segment, kb.lexicon);
  const examples = trainingExamples(kb);
  const thresholds =
    train.thresholds ?? (paths === undefined ? cachedThresholds(segmenter, fingerprint(examples, segmenter, train)) : undefined);
  const matcher = trainMatcher(examples, normalize, featurizer, { ...train, thresholds });
  const safetyData = safetyTrainingData(kb);
  const safetyCached = paths === undefined ? cachedThresholds<SafetyThresholds>(`safety-${segmenter}`, fingerprint(safetyData, segmenter, {})) : undefined;
  const safety = trainSafety(kb.safety.lexicon, featurizer, safetyData.examples, normalize, safetyCached);
  if (saved) {
    try {
      writeSnapshot(saved.file, saved.fingerprint, {
        kb,
        dictionary: dictionaryOf(segment),
        models: { topics: matcher.saved.model, safety: safety.saved.level, safetyNow: safety.saved.now, safetyOther: safety.saved.other },
        questions: matcher.saved.questions,
        thresholds: matcher.thresholds,
        safetyThresholds: safety.thresholds,
      });
    } catch {
      // A read-only or full disk only costs the next start its training time.
    }
  }
  return createBrain(kb, matcher, safety);
}

/**
 * The safety model's training data (its messages plus every ordinary topic utterance as
 * "none") with the cue vocabulary: everything its thresholds depend on.
 */
export function safetyTrainingData(kb: KnowledgeBase): { examples: ReturnType<typeof safetyExamples>; lexicon: KnowledgeBase['safety']['lexicon'] } {
  const ordinary = trainingExamples(kb).flatMap((e) => (e.intent === 'crisis' ? [] : [e.text]));
  return { examples: safetyExamples(kb.safety.training, ordinary), lexicon: kb.safety.lexicon };
}

/**
 * Where this brain's snapshot lives and its current fingerprint; undefined when the files cannot
 * even be read for the fingerprint (loading them then reports what is wrong, naming the file).
 */
function snapshotOf(dir: string, paths: KnowledgePaths, segmenter: SegmenterName, train: TrainOptions): { file: string; fingerprint: string } | undefined {
  try {
    return { file: snapshotFile(dir, segmenter), fingerprint: snapshotFingerprint(paths, { segmenter, train }) };
  } catch {
    return undefined;
  }
}

/** A brain from a snapshot: the saved data and model, with nothing to load, check or train. */
function restoreBrain(saved: BrainSnapshot, segmenter: SegmenterName): Brain {
  const normalize = createNormalizer(saved.kb.lexicon.rewrites);
  const featurizer = createFeaturizer(makeSegmenter(segmenter, saved.kb, normalize, saved.dictionary), saved.kb.lexicon);
  const matcher = restoreMatcher(normalize, featurizer, { model: saved.models.topics, questions: saved.questions }, saved.thresholds);
  return createBrain(saved.kb, matcher, restoreSafety(saved.kb.safety.lexicon, featurizer, { level: saved.models.safety, now: saved.models.safetyNow, other: saved.models.safetyOther }, saved.safetyThresholds));
}
