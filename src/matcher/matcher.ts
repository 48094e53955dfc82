/**
 * The intent matcher: normalize → featurize → score (model.ts) → decide between answering,
 * asking a clarifying question, and rejecting as out of scope. Thresholds are calibrated by
 * cross-validation on the training data only (never on the held-out test set).
 */
import type { IntentId } from '../kb/schema.js';
import { Model, NONE, type ModelOptions, type PreparedExample, type ScoreView } from './model.js';
import type { ModelState } from './model-train.js';
import { isCrisis } from './crisis.js';
import { hasContent, type CompiledFeaturizer, type Featurizer } from './tokenize.js';

/** One ranked guess. */
export interface IntentScore {
  intent: IntentId;
  confidence: number;
}

/** What the matcher decided for one text. */
export interface MatchResult {
  /** The matched intent, or null when out of scope or too unsure (decision tells which). */
  intent: IntentId | null;
  /** Confidence of the best in-scope guess, 0..1 (below the threshold when intent is null). */
  confidence: number;
  /** Best in-scope guesses, best first (at most 3). */
  alternatives: IntentScore[];
  /**
   * answer: confident. clarify: the best two are too close to pick (intent = best guess), or the
   * text is on topic but too vague to answer (intent = null). reject: out of scope.
   */
  decision: 'answer' | 'clarify' | 'reject';
}

/** Decision thresholds. */
export interface Thresholds {
  /** Minimum blended score to accept the best intent. */
  accept: number;
  /** Minimum neighbour similarity to accept the best intent. */
  minSimilarity: number;
  /** Below this gap between the best two, ask instead of guessing. */
  margin: number;
}

/** A training example with its label (an intent id, or out of scope). */
export interface TrainingExample {
  text: string;
  intent: IntentId | null;
}

/** Optional per-intent score boosts (conversation context). */
export type Prior = Partial<Record<IntentId, number>>;

/** Share of the accept threshold above which an unsure, on-topic text gets a clarifying question. */
const VAGUE_SHARE = 0.5;

/** Longest text considered for matching; the rest of a 100 KB message adds nothing. */
const MAX_CHARS = 400;

/** The trained matcher. Build with {@link trainMatcher}. */
export class IntentMatcher {
  private readonly compiled: CompiledFeaturizer;
  private readonly noneIndex: number;

  constructor(
    private readonly normalize: (s: string) => string,
    featurizer: Featurizer,
    private readonly model: Model,
    readonly thresholds: Thresholds,
  ) {
    this.compiled = featurizer.compile(model.features, model.queryBuffers);
    this.noneIndex = model.knownLabels.indexOf(NONE);
  }

  /** The trained model's state, for saving (see brain-snapshot.ts). */
  get saved(): ModelState {
    return this.model.saved;
  }

  /** Normalized form of a text, as the matcher sees it. */
  normalized(text: string): string {
    return this.normalize(text.slice(0, MAX_CHARS * 2)).slice(0, MAX_CHARS);
  }

  /** Classifies one text. Never throws. */
  match(text: string, prior: Prior = {}): MatchResult {
    return this.matchNormalized(this.normalized(text), prior);
  }

  /** Classifies a text already passed through {@link normalized} (callers that need both). */
  matchNormalized(normalized: string, prior: Prior = {}): MatchResult {
    if (!hasContent(normalized)) return { intent: null, confidence: 0, alternatives: [], decision: 'reject' };
    const result = decide(this.model.scoreView(this.compiled.ids(normalized)), this.noneIndex, this.thresholds, prior);
    // A crisis signal overrides everything, whatever the scores say.
    if (isCrisis(normalized)) {
      const alternatives = [
        { intent: 'crisis' as const, confidence: 1 },
        ...result.alternatives.filter((a) => a.intent !== 'crisis').slice(0, 2),
      ];
      return { intent: 'crisis', confidence: 1, alternatives, decision: 'answer' };
    }
    return result;
  }
}

interface Ranked {
  label: string;
  score: number;
  similarity: number;
}

// Scratch for decide() (synchronous, never re-entered).
const top = new Int32Array(3);
const topScore = new Float64Array(3);
const topSimilarity = new Float64Array(3);

/**
 * The decision for one query from every label's scores. Labels rank by score (after the
 * context boosts), ties by unboosted score, then by label order: the order of a stable sort of
 * the model's ranking. Reads the view once; allocates only the result.
 */
function decide(view: ScoreView, noneIndex: number, t: Thresholds, prior: Prior): MatchResult {
  const L = view.labels.length;
  let boosted = false;
  for (const key in prior) {
    const b = prior[key as IntentId];
    if (b !== undefined && b !== 0) boosted = true;
  }
  // The best three in-scope labels, found by insertion into three slots.
  top.fill(-1);
  for (let l = 0; l < L; l++) {
    if (l === noneIndex) continue;
    const b = boosted ? (prior[view.labels[l] as IntentId] ?? 0) : 0;
    const score = b === 0 ? view.score[l] : Math.min(1, view.score[l] + b);
    const similarity = b === 0 ? view.similarity[l] : Math.min(1, view.similarity[l] + b);
    let i = 3;
    while (i > 0 && (top[i - 1] === -1 || score > topScore[i - 1] || (score === topScore[i - 1] && view.score[l] > view.score[top[i - 1]]))) i--;
    if (i === 3) continue;
    for (let k = 2; k > i; k--) {
      top[k] = top[k - 1];
      topScore[k] = topScore[k - 1];
      topSimilarity[k] = topSimilarity[k - 1];
    }
    top[i] = l;
    topScore[i] = score;
    topSimilarity[i] = similarity;
  }
  const alternatives: IntentScore[] = [];
  for (let i = 0; i < 3 && top[i] !== -1; i++) {
    alternatives.push({ intent: view.labels[top[i]] as IntentId, confidence: round(topScore[i]) });
  }
  if (top[0] === -1) return { intent: null, confidence: 0, alternatives: [], decision: 'reject' };
  const best = { label: view.labels[top[0]], score: topScore[0], similarity: topSimilarity[0] };
  const confidence = round(best.score);
  const noneWins = noneIndex >= 0 && view.score[noneIndex] > best.score;
  if (best.score < t.accept || best.similarity < t.minSimilarity || noneWins) {
    // Vague but on topic ("催收", "怎么办"): ask which of the top 3 rather than refusing.
    const vague = !noneWins && best.similarity >= t.minSimilarity && best.score >= t.accept * VAGUE_SHARE;
    return { intent: null, confidence, alternatives, decision: vague ? 'clarify' : 'reject' };
  }
  const close = top[1] !== -1 && best.score - topScore[1] < t.margin && topScore[1] >= t.accept;
  return { intent: best.label as IntentId, confidence, alternatives, decision: close ? 'clarify' : 'answer' };
}

function round(x: number): number {
  return Math.round(Math.max(0, Math.min(1, x)) * 1000) / 1000;
}

/** Options for {@link trainMatcher}. */
export interface TrainOptions {
  /** Skip cross-validation and use these thresholds. */
  thresholds?: Thresholds;
  /** Folds for threshold calibration (default 5). */
  folds?: number;
  /** Model hyper-parameters. */
  model?: ModelOptions;
  /** Weight of in-scope accuracy against out-of-scope rejection when calibrating (default 1.2). */
  inScopeWeight?: number;
}

/** Default clarify margin: how close the best two may be before the bot asks. */
export const DEFAULT_MARGIN = 0.04;

/** Trains the matcher and calibrates its thresholds by k-fold cross-validation. */
export function trainMatcher(
  examples: readonly TrainingExample[],
  normalize: (s: string) => string,
  featurizer: Featurizer,
  options: TrainOptions = {},
): IntentMatcher {
  const prepared = prepareExamples(examples, normalize, featurizer);
  const thresholds =
    options.thresholds ?? calibrate(prepared, options.folds ?? 5, options.model, options.inScopeWeight);
  return new IntentMatcher(normalize, featurizer, new Model(prepared, options.model), thresholds);
}

/** Featurizes training examples once, for training and calibration. */
export function prepareExamples(
  examples: readonly TrainingExample[],
  normalize: (s: string) => string,
  featurizer: Featurizer,
): PreparedExample[] {
  return examples.map((e) => ({
    features: featurizer.features(normalize(e.text).slice(0, MAX_CHARS)),
    label: e.intent ?? NONE,
  }));
}

/**
 * Picks accept/minSimilarity maximizing balanced accuracy on held-out folds of the training
 * data: (in-scope answered correctly) / in-scope + (out-of-scope rejected) / out-of-scope.
 */
export function calibrate(
  prepared: readonly PreparedExample[],
  folds: number,
  modelOptions: ModelOptions = {},
  inScopeWeight = 1.2,
): Thresholds {
  const outcomes: Array<{ gold: string; ranked: Ranked[] }> = [];
  for (let f = 0; f < folds; f++) {
    const train = prepared.filter((_, i) => i % folds !== f);
    const test = prepared.filter((_, i) => i % folds === f);
    // Fold models score a few hundred examples once: the TypeScript kernel (identical scores)
    // spares each a WebAssembly memory that would wait for the garbage collector.
    const model = new Model(train, modelOptions, 'js');
    for (const ex of test) outcomes.push({ gold: ex.label, ranked: model.score(ex.features) });
  }
  // Precompute what each decision depends on, so the grid search is plain comparisons.
  const rows = outcomes.map((o) => {
    const none = o.ranked.find((r) => r.label === NONE);
    const top = o.ranked.find((r) => r.label !== NONE);
    return {
      out: o.gold === NONE,
      correct: top !== undefined && top.label === o.gold,
      score: top?.score ?? 0,
      similarity: top?.similarity ?? 0,
      noneWins: none !== undefined && top !== undefined && none.score > top.score,
    };
  });
  const nIn = rows.filter((r) => !r.out).length || 1;
  const nOut = rows.filter((r) => r.out).length || 1;
  let best: Thresholds = { accept: 0.2, minSimilarity: 0.1, margin: DEFAULT_MARGIN };
  let bestValue = -Infinity;
  for (let a = 5; a <= 60; a++) {
    for (let s = 5; s <= 50; s++) {
      const accept = a / 100;
      const minSimilarity = s / 100;
      let right = 0;
      let rejected = 0;
      for (const r of rows) {
        const accepted = !r.noneWins && r.score >= accept && r.similarity >= minSimilarity;
        if (r.out) rejected += accepted ? 0 : 1;
        else right += accepted && r.correct ? 1 : 0;
      }
      // In-scope answers weigh a little more: a refused real question hurts a frightened user.
      const value = (inScopeWeight * right) / nIn + rejected / nOut;
      if (value > bestValue + 1e-9) {
        bestValue = value;
        best = { accept, minSimilarity, margin: DEFAULT_MARGIN };
      }
    }
  }
  return best;
}
