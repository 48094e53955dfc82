/**
 * The trained scoring model: TF-IDF nearest neighbours (inverted index, cosine) blended with
 * natural's naive Bayes. Pure and synchronous; built from already-featurized examples.
 */
import { NaturalBayes } from './natural-bayes.js';
import { Softmax, sparse, type SoftmaxOptions, type SparseVector } from './softmax.js';

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
  /** Blend of Bayes posterior and neighbour similarity, 0..1. */
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

/** Model hyper-parameters (defaults chosen by measurement on cross-validation, see README). */
export interface ModelOptions {
  /** Closest examples averaged per label. */
  neighbours?: number;
  /** Weight of the Bayes posterior against neighbour similarity. */
  bayesWeight?: number;
  /** natural's Bayes smoothing. */
  smoothing?: number;
  /** Weight of the logistic-regression probability (0 disables training it). */
  softmaxWeight?: number;
  softmax?: SoftmaxOptions;
}

/** Trains a model. Cheap (a few ms for a thousand examples); used again for each CV fold. */
export class Model {
  private readonly idf = new Map<string, number>();
  private readonly postings = new Map<string, Array<[number, number]>>();
  private readonly docLabel: number[] = [];
  private readonly labels: string[] = [];
  private readonly bayes: NaturalBayes;
  private readonly dots: Float64Array;
  private readonly neighbours: number;
  private readonly bayesWeight: number;
  private readonly softmaxWeight: number;
  private readonly featureIndex = new Map<string, number>();
  private readonly softmax: Softmax | null;

  constructor(examples: readonly PreparedExample[], options: ModelOptions = {}) {
    this.neighbours = options.neighbours ?? 2;
    this.bayesWeight = options.bayesWeight ?? 0.3;
    this.softmaxWeight = options.softmaxWeight ?? 0.5;
    this.bayes = new NaturalBayes(options.smoothing ?? 0.3);
    const df = new Map<string, number>();
    for (const ex of examples) for (const k of ex.features.keys()) df.set(k, (df.get(k) ?? 0) + 1);
    const n = examples.length;
    for (const [k, d] of df) {
      this.idf.set(k, Math.log((n + 1) / (d + 1)) + 1);
      this.featureIndex.set(k, this.featureIndex.size);
    }
    const data: Array<{ x: SparseVector; y: number }> = [];
    examples.forEach((ex, i) => {
      let li = this.labels.indexOf(ex.label);
      if (li < 0) li = this.labels.push(ex.label) - 1;
      this.docLabel.push(li);
      const vec = this.vectorize(ex.features).vec;
      for (const [k, w] of vec) {
        let list = this.postings.get(k);
        if (!list) this.postings.set(k, (list = []));
        list.push([i, w]);
      }
      this.bayes.add(ex.features.keys(), ex.label);
      data.push({ x: this.indexed(vec), y: li });
    });
    this.dots = new Float64Array(n);
    this.softmax =
      this.softmaxWeight > 0 ? new Softmax(this.labels.length, this.featureIndex.size, data, options.softmax) : null;
  }

  /** The labels seen in training. */
  get knownLabels(): readonly string[] {
    return this.labels;
  }

  private vectorize(features: Map<string, number>): { vec: Array<[string, number]>; coverage: number } {
    const vec: Array<[string, number]> = [];
    let norm = 0;
    let all = 0;
    let known = 0;
    for (const [k, w] of features) {
      all += w;
      const idf = this.idf.get(k);
      if (idf === undefined) continue;
      known += w;
      const v = w * idf;
      vec.push([k, v]);
      norm += v * v;
    }
    norm = Math.sqrt(norm) || 1;
    for (const e of vec) e[1] /= norm;
    return { vec, coverage: all > 0 ? known / all : 0 };
  }

  private indexed(vec: ReadonlyArray<[string, number]>): SparseVector {
    return sparse(vec.map(([k, v]) => [this.featureIndex.get(k) ?? 0, v]));
  }

  /** Scores a featurized query against every label. */
  score(features: Map<string, number>): ModelOutput {
    const { vec, coverage } = this.vectorize(features);
    const dots = this.dots;
    const touched: number[] = [];
    for (const [k, w] of vec) {
      for (const [doc, dw] of this.postings.get(k) ?? []) {
        if (dots[doc] === 0) touched.push(doc);
        dots[doc] += w * dw;
      }
    }
    // Best NEIGHBOURS similarities per label.
    const best = this.labels.map(() => new Array<number>(this.neighbours).fill(0));
    for (const doc of touched) {
      const s = dots[doc];
      dots[doc] = 0;
      const top = best[this.docLabel[doc]];
      const last = this.neighbours - 1;
      if (s > top[last]) {
        top[last] = s;
        top.sort((a, b) => b - a);
      }
    }
    // Bayes posterior over labels, tempered by the number of features so long texts stay calibrated.
    const keys = vec.map(([k]) => k);
    const logs = this.bayes.logScores(keys);
    const temperature = Math.max(1, Math.sqrt(keys.length));
    let max = -Infinity;
    for (const v of logs.values()) max = Math.max(max, v / temperature);
    let z = 0;
    const post = new Map<string, number>();
    for (const [l, v] of logs) {
      const e = Math.exp(v / temperature - max);
      post.set(l, e);
      z += e;
    }
    const lr = this.softmax && vec.length > 0 ? this.softmax.probabilities(this.indexed(vec)) : null;
    const wS = 1 - this.bayesWeight - this.softmaxWeight;
    const ranked: LabelScore[] = this.labels.map((label, i) => {
      const top = best[i];
      const similarity = Math.min(1, top.reduce((a, b) => a + b, 0) / this.neighbours);
      const p = keys.length > 0 ? (post.get(label) ?? 0) / z : 0;
      const q = lr ? lr[i] : 0;
      return { label, similarity, score: this.bayesWeight * p + this.softmaxWeight * q + wS * similarity };
    });
    ranked.sort((a, b) => b.score - a.score);
    return { ranked, coverage };
  }
}
