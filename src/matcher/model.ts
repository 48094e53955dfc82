/**
 * The trained scoring model: three views of the same TF-IDF features, blended per label —
 * natural's naive Bayes posterior, a softmax (logistic regression) probability, and the mean
 * cosine similarity of the nearest training examples (inverted index). Pure and synchronous.
 * Everything the hot path touches is a typed array indexed by feature id.
 */
import { NaturalBayes } from './natural-bayes.js';
import { Softmax, type SoftmaxOptions, type SparseVector } from './softmax.js';

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

/** Scores of one query, best first, plus how much of it the model has seen before. */
export interface ModelOutput {
  ranked: LabelScore[];
  /** Share of the query's feature weight that occurs in training, 0..1. */
  coverage: number;
}

/** Model hyper-parameters (defaults chosen by cross-validation on the training data, see README). */
export interface ModelOptions {
  /** Closest examples averaged per label. */
  neighbours?: number;
  /** Features in more than this share of examples are left out of the neighbour search (default 0.05). */
  commonFeatureShare?: number;
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

interface Vector extends SparseVector {
  coverage: number;
}

/** A trained model. Building one takes tens of milliseconds; it is rebuilt for each CV fold. */
export class Model {
  private readonly featureIndex = new Map<string, number>();
  private readonly idf: Float64Array;
  private readonly labels: string[] = [];
  private readonly docLabel: Int32Array;
  private readonly postDocs: Int32Array[];
  private readonly postWeights: Float64Array[];
  private readonly bayesTable: Float64Array;
  private readonly bayesPrior: Float64Array;
  private readonly softmax: Softmax | null;
  private readonly neighbours: number;
  private readonly maxPosting: number;
  private readonly bayesWeight: number;
  private readonly softmaxWeight: number;
  // Scratch buffers reused by score() (the model is used from one thread).
  private readonly dots: Float64Array;
  private readonly touched: Int32Array;
  private readonly best: Float64Array;
  private readonly logits: Float64Array;

  constructor(examples: readonly PreparedExample[], options: ModelOptions = {}) {
    this.neighbours = options.neighbours ?? 2;
    this.maxPosting = Math.max(20, Math.floor(examples.length * (options.commonFeatureShare ?? 0.05)));
    this.bayesWeight = options.bayesWeight ?? 0.3;
    this.softmaxWeight = options.softmaxWeight ?? 0.5;
    const df: number[] = [];
    for (const ex of examples) {
      for (const k of ex.features.keys()) {
        let f = this.featureIndex.get(k);
        if (f === undefined) this.featureIndex.set(k, (f = this.featureIndex.size));
        df[f] = (df[f] ?? 0) + 1;
      }
      if (!this.labels.includes(ex.label)) this.labels.push(ex.label);
    }
    const n = examples.length;
    const V = this.featureIndex.size;
    const L = this.labels.length;
    this.idf = Float64Array.from(df, (d) => Math.log((n + 1) / (d + 1)) + 1);
    this.docLabel = new Int32Array(n);
    const docs: number[][] = Array.from({ length: V }, () => []);
    const weights: number[][] = Array.from({ length: V }, () => []);
    const bayes = new NaturalBayes(options.smoothing ?? 0.3);
    const data: Array<{ x: SparseVector; y: number }> = [];
    examples.forEach((ex, i) => {
      const label = this.labels.indexOf(ex.label);
      this.docLabel[i] = label;
      const x = this.vectorize(ex.features);
      for (let t = 0; t < x.idx.length; t++) {
        docs[x.idx[t]].push(i);
        weights[x.idx[t]].push(x.val[t]);
      }
      bayes.add(ex.features.keys(), ex.label);
      data.push({ x, y: label });
    });
    this.postDocs = docs.map((d) => Int32Array.from(d));
    this.postWeights = weights.map((w) => Float64Array.from(w));
    const { table, prior } = bayes.logTable([...this.featureIndex.keys()], this.labels);
    this.bayesTable = table;
    this.bayesPrior = prior;
    this.softmax = this.softmaxWeight > 0 ? new Softmax(L, V, data, options.softmax) : null;
    this.dots = new Float64Array(n);
    this.touched = new Int32Array(n);
    this.best = new Float64Array(L * this.neighbours);
    this.logits = new Float64Array(L);
  }

  /** The labels seen in training. */
  get knownLabels(): readonly string[] {
    return this.labels;
  }

  /** L2-normalized TF-IDF vector of the known features, and the share of weight that is known. */
  private vectorize(features: Map<string, number>): Vector {
    const idx: number[] = [];
    const val: number[] = [];
    let norm = 0;
    let all = 0;
    let known = 0;
    for (const [k, w] of features) {
      all += w;
      const f = this.featureIndex.get(k);
      if (f === undefined) continue;
      known += w;
      const v = w * this.idf[f];
      idx.push(f);
      val.push(v);
      norm += v * v;
    }
    norm = Math.sqrt(norm) || 1;
    return {
      idx: Int32Array.from(idx),
      val: Float64Array.from(val, (v) => v / norm),
      coverage: all > 0 ? known / all : 0,
    };
  }

  /** Scores a featurized query against every label. */
  score(features: Map<string, number>): ModelOutput {
    const x = this.vectorize(features);
    const L = this.labels.length;
    const K = this.neighbours;
    const { dots, touched, best, logits } = this;
    // Nearest neighbours through the inverted index.
    let nTouched = 0;
    const prune = x.idx.length > SHORT_QUERY_FEATURES;
    for (let t = 0; t < x.idx.length; t++) {
      const docs = this.postDocs[x.idx[t]];
      // Very common features (a few characters appear in a third of all examples) cost most of
      // the traversal and move similarities least in a long query; they still count in Bayes and
      // softmax. A short query ("催收") keeps them: they are all it has.
      if (prune && docs.length > this.maxPosting) continue;
      const ws = this.postWeights[x.idx[t]];
      const q = x.val[t];
      for (let j = 0; j < docs.length; j++) {
        const d = docs[j];
        if (dots[d] === 0) touched[nTouched++] = d;
        dots[d] += q * ws[j];
      }
    }
    best.fill(0);
    for (let j = 0; j < nTouched; j++) {
      const d = touched[j];
      let s = dots[d];
      dots[d] = 0;
      const base = this.docLabel[d] * K;
      for (let r = 0; r < K; r++) {
        if (s > best[base + r]) {
          const tmp = best[base + r];
          best[base + r] = s;
          s = tmp;
        }
      }
    }
    // Bayes posterior over labels, tempered by the number of features so long texts stay calibrated.
    const nf = x.idx.length;
    const temperature = Math.max(1, Math.sqrt(nf));
    logits.set(this.bayesPrior);
    for (let t = 0; t < nf; t++) {
      const row = x.idx[t] * L;
      for (let l = 0; l < L; l++) logits[l] += this.bayesTable[row + l];
    }
    let max = -Infinity;
    for (let l = 0; l < L; l++) {
      logits[l] /= temperature;
      if (logits[l] > max) max = logits[l];
    }
    let z = 0;
    for (let l = 0; l < L; l++) {
      logits[l] = Math.exp(logits[l] - max);
      z += logits[l];
    }
    const lr = this.softmax && nf > 0 ? this.softmax.probabilities(x) : null;
    const wS = 1 - this.bayesWeight - this.softmaxWeight;
    const ranked: LabelScore[] = new Array(L);
    for (let l = 0; l < L; l++) {
      let sum = 0;
      for (let r = 0; r < K; r++) sum += best[l * K + r];
      const similarity = Math.min(1, sum / K);
      const p = nf > 0 ? logits[l] / z : 0;
      const q = lr ? lr[l] : 0;
      ranked[l] = { label: this.labels[l], similarity, score: this.bayesWeight * p + this.softmaxWeight * q + wS * similarity };
    }
    ranked.sort((a, b) => b.score - a.score);
    return { ranked, coverage: x.coverage };
  }
}
