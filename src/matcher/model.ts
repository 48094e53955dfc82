/**
 * The trained scoring model: three views of the same TF-IDF features, blended per label —
 * natural's naive Bayes posterior, a softmax (logistic regression) probability, and the mean
 * cosine similarity of the nearest training examples (inverted index). Pure and synchronous.
 * Everything the hot path touches is a typed array indexed by feature id; the per-query
 * arithmetic runs in a kernel (score-kernel.ts, WebAssembly where available), and
 * {@link Model.scoreView} answers without allocating.
 */
import { isState, trainModel, type ModelState } from './model-train.js';
import { createScoreKernel, type KernelChoice, type ScoreKernel } from './score-kernel.js';
import type { SoftmaxOptions } from './softmax.js';
import type { FeatureIds, QueryBuffers } from './tokenize.js';

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

/**
 * Every label's scores for the last query, indexed like {@link Model.knownLabels}. The arrays
 * belong to the model and are overwritten by its next query: read them, do not keep them.
 */
export interface ScoreView {
  readonly labels: readonly string[];
  /** Blended score per label, 0..1. */
  readonly score: Float64Array;
  /** Mean neighbour similarity per label, 0..1. */
  readonly similarity: Float64Array;
}

/** A trained model. Building one takes tens of milliseconds; it is rebuilt for each CV fold. */
export class Model {
  private readonly state: ModelState;
  private readonly featureIndex: ReadonlyMap<string, number>;
  private readonly labels: readonly string[];
  private readonly kernel: ScoreKernel;
  // Scratch reused by every query (the model is used from one thread).
  private readonly view: ScoreView;
  private readonly order: Int32Array;

  /**
   * Trains a model on `source`, or restores one from a saved {@link ModelState}. `kernel`
   * picks the scoring arithmetic (score-kernel.ts; both give identical scores).
   */
  constructor(source: readonly PreparedExample[] | ModelState, options: ModelOptions = {}, kernel: KernelChoice = 'auto') {
    const state = isState(source) ? source : trainModel(source, options);
    this.state = state;
    this.featureIndex = new Map(state.features.map((k, f) => [k, f]));
    this.labels = state.labels;
    this.kernel = createScoreKernel(state, kernel);
    const L = state.labels.length;
    this.view = { labels: this.labels, score: this.kernel.score, similarity: this.kernel.similarity };
    this.order = new Int32Array(L);
  }

  /** Which scoring kernel this model runs. */
  get kernelKind(): 'wasm' | 'js' {
    return this.kernel.kind;
  }

  /** Everything the model learned, for saving and restoring without training. */
  get saved(): ModelState {
    return this.state;
  }

  /** The labels seen in training. */
  get knownLabels(): readonly string[] {
    return this.labels;
  }

  /**
   * The scoring kernel's input: a featurizer compiled with these as its target (see
   * tokenize.ts) hands its ids over without a copy. `val` is overwritten by each query.
   */
  get queryBuffers(): QueryBuffers {
    return { idx: this.kernel.idx, val: this.kernel.val };
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

  /** Scores a string-featurized query against every label (training and calibration). */
  score(features: Map<string, number>): LabelScore[] {
    return this.scoreIds(this.ids(features));
  }

  /** Scores a query given as known feature ids with raw weights. Returns every label, best first. */
  scoreIds(ids: FeatureIds): LabelScore[] {
    const { score, similarity } = this.scoreView(ids);
    const L = this.labels.length;
    const order = this.order;
    // Labels by score, best first (insertion sort: stable, and L is about 20).
    for (let l = 0; l < L; l++) {
      let i = l;
      while (i > 0 && score[order[i - 1]] < score[l]) {
        order[i] = order[i - 1];
        i--;
      }
      order[i] = l;
    }
    const ranked: LabelScore[] = new Array(L);
    for (let i = 0; i < L; i++) {
      const l = order[i];
      ranked[i] = { label: this.labels[l], score: score[l], similarity: similarity[l] };
    }
    return ranked;
  }

  /**
   * Scores a query given as known feature ids with raw weights (from a featurizer compiled
   * against {@link features}) without allocating: the answer is the model's {@link ScoreView},
   * valid until the next query.
   */
  scoreView(ids: FeatureIds): ScoreView {
    const nf = ids.n;
    const kernel = this.kernel;
    const { idx, val } = kernel;
    if (ids.idx !== idx || ids.val !== val) {
      for (let t = 0; t < nf; t++) {
        idx[t] = ids.idx[t];
        val[t] = ids.val[t];
      }
    }
    // Very common features (a few characters appear in a third of all examples) cost most of
    // the neighbour search and move similarities least in a long query; they still count in
    // Bayes and softmax. A short query ("催收") keeps them: they are all it has.
    kernel.run(nf, nf > SHORT_QUERY_FEATURES);
    return this.view;
  }
}
