/**
 * The trained scoring model: three views of the same TF-IDF features, blended per label —
 * natural's naive Bayes posterior, a softmax (logistic regression) probability, and the mean
 * cosine similarity of the nearest training examples (inverted index). Pure and synchronous.
 * Everything the hot path touches is a typed array indexed by feature id, and scoring a query
 * allocates nothing but the returned ranking: one row per feature holds both the Bayes
 * log-likelihoods and the softmax weights of every label, so a query reads each row once.
 */
import { isState, trainModel, type ModelState } from './model-train.js';
import { normalizeExp, type SoftmaxOptions, type SparseVector } from './softmax.js';
import type { FeatureIds } from './tokenize.js';

/** Label used for out-of-scope training examples. */
export const NONE = '__none__';

/** A featurized training example. */
export interface PreparedExample {
  features: Map<string, number>;
  label: string;
}

/** Per-label scores for one query. */
export interface LabelScore {
  label: string;
  /** Blend of the Bayes posterior, the softmax probability and neighbour similarity, 0..1. */
  score: number;
  /** Mean cosine similarity of the closest training examples of this label, 0..1. */
  similarity: number;
}

/** Model hyper-parameters (defaults chosen by cross-validation on the training data, see README). */
export interface ModelOptions {
  /** Closest examples averaged per label. */
  neighbours?: number;
  /** Features in more than this share of examples are left out of the neighbour search (default 0.05). */
  commonFeatureShare?: number;
  /**
   * Include single-character features in the neighbour search (default false: they are ~40% of
   * the postings walked per message and change cross-validated accuracy by < 0.5 points).
   */
  searchCharacters?: boolean;
  /** Weight of the Bayes posterior. */
  bayesWeight?: number;
  /** natural's Bayes smoothing. */
  smoothing?: number;
  /** Weight of the softmax probability (0 skips training it); the rest goes to similarity. */
  softmaxWeight?: number;
  softmax?: SoftmaxOptions;
}

/** Queries with at most this many known features search neighbours with every feature. */
const SHORT_QUERY_FEATURES = 12;

/** A trained model. Building one takes tens of milliseconds; it is rebuilt for each CV fold. */
export class Model {
  private readonly state: ModelState;
  private readonly featureIndex: ReadonlyMap<string, number>;
  private readonly idf: Float64Array;
  private readonly labels: readonly string[];
  private readonly docLabel: Int32Array;
  // Inverted index in one flat layout: the postings of feature f are [postStart[f], postStart[f + 1]).
  private readonly postStart: Int32Array;
  private readonly postDoc: Int32Array;
  private readonly postWeight: Float64Array;
  /** Per feature f, 2L values from f * 2L: log P(f | label) for each label, then the softmax weights. */
  private readonly rows: Float32Array;
  private readonly bayesPrior: Float64Array;
  private readonly softmaxBias: Float64Array;
  private readonly neighbours: number;
  private readonly maxPosting: number;
  private readonly bayesWeight: number;
  private readonly softmaxWeight: number;
  // Scratch buffers reused by scoreIds() (the model is used from one thread).
  private readonly dots: Float64Array;
  private readonly touched: Int32Array;
  private readonly best: Float64Array;
  private readonly bayesLogits: Float64Array;
  private readonly softmaxLogits: Float64Array;
  private readonly scores: Float64Array;
  private readonly order: Int32Array;

  /** Trains a model on `source`, or restores one from a saved {@link ModelState}. */
  constructor(source: readonly PreparedExample[] | ModelState, options: ModelOptions = {}) {
    const state = isState(source) ? source : trainModel(source, options);
    this.state = state;
    this.featureIndex = new Map(state.features.map((k, f) => [k, f]));
    this.idf = state.idf;
    this.labels = state.labels;
    this.docLabel = state.docLabel;
    this.postStart = state.postStart;
    this.postDoc = state.postDoc;
    this.postWeight = state.postWeight;
    this.rows = state.rows;
    this.bayesPrior = state.bayesPrior;
    this.softmaxBias = state.softmaxBias;
    this.neighbours = state.neighbours;
    this.maxPosting = state.maxPosting;
    this.bayesWeight = state.bayesWeight;
    this.softmaxWeight = state.softmaxWeight;
    const n = state.docLabel.length;
    const L = state.labels.length;
    this.dots = new Float64Array(n);
    this.touched = new Int32Array(n);
    this.best = new Float64Array(L * this.neighbours);
    this.bayesLogits = new Float64Array(L);
    this.softmaxLogits = new Float64Array(L);
    this.scores = new Float64Array(L);
    this.order = new Int32Array(L);
  }

  /** Everything the model learned, for saving and restoring without training. */
  get saved(): ModelState {
    return this.state;
  }

  /** The labels seen in training. */
  get knownLabels(): readonly string[] {
    return this.labels;
  }

  /** Feature key → id, for compiling a featurizer to this model's numbering. */
  get features(): ReadonlyMap<string, number> {
    return this.featureIndex;
  }

  /** The known features of a string-keyed feature map, as ids and raw weights. */
  private ids(features: Map<string, number>): FeatureIds {
    const idx: number[] = [];
    const val: number[] = [];
    for (const [k, w] of features) {
      const f = this.featureIndex.get(k);
      if (f === undefined) continue;
      idx.push(f);
      val.push(w);
    }
    return { idx: Int32Array.from(idx), val: Float64Array.from(val), n: idx.length };
  }

  /** L2-normalized TF-IDF vector of known feature ids with raw weights (rewritten in place). */
  private weigh(x: FeatureIds): SparseVector {
    let norm = 0;
    for (let t = 0; t < x.n; t++) {
      const v = x.val[t] * this.idf[x.idx[t]];
      x.val[t] = v;
      norm += v * v;
    }
    norm = Math.sqrt(norm) || 1;
    for (let t = 0; t < x.n; t++) x.val[t] /= norm;
    return x;
  }

  /** Scores a string-featurized query against every label (training and calibration). */
  score(features: Map<string, number>): LabelScore[] {
    return this.scoreIds(this.ids(features));
  }

  /**
   * Scores a query given as known feature ids with raw weights (from a featurizer compiled
   * against {@link features}); `x.val` is overwritten. Returns every label, best first.
   */
  scoreIds(ids: FeatureIds): LabelScore[] {
    const x = this.weigh(ids);
    const nf = x.n;
    const L = this.labels.length;
    const K = this.neighbours;
    const { dots, touched, best, bayesLogits, softmaxLogits, scores, order } = this;
    // Nearest neighbours through the inverted index.
    let nTouched = 0;
    const prune = nf > SHORT_QUERY_FEATURES;
    const { postStart, postDoc, postWeight, docLabel } = this;
    for (let t = 0; t < nf; t++) {
      const f = x.idx[t];
      const from = postStart[f];
      const to = postStart[f + 1];
      // Very common features (a few characters appear in a third of all examples) cost most of
      // the traversal and move similarities least in a long query; they still count in Bayes and
      // softmax. A short query ("催收") keeps them: they are all it has.
      if (prune && to - from > this.maxPosting) continue;
      const q = x.val[t];
      for (let j = from; j < to; j++) {
        const d = postDoc[j];
        if (dots[d] === 0) touched[nTouched++] = d;
        dots[d] += q * postWeight[j];
      }
    }
    best.fill(0);
    for (let j = 0; j < nTouched; j++) {
      const d = touched[j];
      let s = dots[d];
      dots[d] = 0;
      const base = docLabel[d] * K;
      for (let r = 0; r < K; r++) {
        if (s > best[base + r]) {
          const tmp = best[base + r];
          best[base + r] = s;
          s = tmp;
        }
      }
    }
    // Bayes log-likelihoods and softmax logits, one row per feature.
    const rows = this.rows;
    bayesLogits.set(this.bayesPrior);
    softmaxLogits.set(this.softmaxBias);
    for (let t = 0; t < nf; t++) {
      const row = x.idx[t] * 2 * L;
      const v = x.val[t];
      for (let l = 0; l < L; l++) {
        bayesLogits[l] += rows[row + l];
        softmaxLogits[l] += rows[row + L + l] * v;
      }
    }
    // The Bayes posterior is tempered by the number of features so long texts stay calibrated.
    const temperature = Math.max(1, Math.sqrt(nf));
    for (let l = 0; l < L; l++) bayesLogits[l] /= temperature;
    normalizeExp(bayesLogits, L);
    normalizeExp(softmaxLogits, L);
    const wB = nf > 0 ? this.bayesWeight : 0;
    const wL = nf > 0 && this.softmaxWeight > 0 ? this.softmaxWeight : 0;
    const wS = 1 - this.bayesWeight - this.softmaxWeight;
    for (let l = 0; l < L; l++) {
      let sum = 0;
      for (let r = 0; r < K; r++) sum += best[l * K + r];
      best[l * K] = Math.min(1, sum / K);
      scores[l] = wB * bayesLogits[l] + wL * softmaxLogits[l] + wS * best[l * K];
    }
    // Labels by score, best first (insertion sort: stable, and L is about 20).
    for (let l = 0; l < L; l++) {
      let i = l;
      while (i > 0 && scores[order[i - 1]] < scores[l]) {
        order[i] = order[i - 1];
        i--;
      }
      order[i] = l;
    }
    const ranked: LabelScore[] = new Array(L);
    for (let i = 0; i < L; i++) {
      const l = order[i];
      ranked[i] = { label: this.labels[l], score: scores[l], similarity: best[l * K] };
    }
    return ranked;
  }
}
