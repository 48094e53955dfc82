/**
 * The trained scoring model: three views of the same TF-IDF features, blended per label —
 * natural's naive Bayes posterior, a softmax (logistic regression) probability, and the mean
 * cosine similarity of the nearest training examples (inverted index). Pure and synchronous,
 * plain TypeScript. Training lives in model-train.ts.
 */
import { isState, trainModel, type ModelState } from './model-train.js';
import type { ModelOptions, PreparedExample } from './model-types.js';
import { normalizeExp } from './softmax.js';

export type { ModelOptions, PreparedExample };

/** Label used for out-of-scope training examples. */
export const NONE = '__none__';

/** Per-label scores for one query. */
export interface LabelScore {
  label: string;
  /** Blend of the Bayes posterior, the softmax probability and neighbour similarity, 0..1. */
  score: number;
  /** Mean cosine similarity of the closest training examples of this label, 0..1. */
  similarity: number;
}

/** Queries with at most this many known features search neighbours with every feature. */
const SHORT_QUERY_FEATURES = 12;

/** A trained model. Building one takes tens of milliseconds; it is rebuilt for each CV fold. */
export class Model {
  private readonly state: ModelState;
  private readonly featureIndex: ReadonlyMap<string, number>;
  private readonly dots: Float64Array;

  /** Trains a model on `source`, or restores one from a saved {@link ModelState}. */
  constructor(source: readonly PreparedExample[] | ModelState, options: ModelOptions = {}) {
    this.state = isState(source) ? source : trainModel(source, options);
    this.featureIndex = new Map(this.state.features.map((k, f) => [k, f]));
    this.dots = new Float64Array(this.state.docLabel.length);
  }

  /** Everything the model learned, for saving and restoring without training. */
  get saved(): ModelState {
    return this.state;
  }

  /** The labels seen in training. */
  get knownLabels(): readonly string[] {
    return this.state.labels;
  }

  /** The L2-normalized TF-IDF vector of the known features of a query. */
  vector(features: Map<string, number>): { idx: number[]; val: number[] } {
    const idx: number[] = [];
    const val: number[] = [];
    let norm = 0;
    for (const [k, w] of features) {
      const f = this.featureIndex.get(k);
      if (f === undefined) continue;
      const v = w * this.state.idf[f];
      idx.push(f);
      val.push(v);
      norm += v * v;
    }
    norm = Math.sqrt(norm) || 1;
    for (let t = 0; t < val.length; t++) val[t] /= norm;
    return { idx, val };
  }

  /** Scores a query against every label, best first. */
  score(features: Map<string, number>): LabelScore[] {
    return this.scoreVector(this.vector(features));
  }

  /** Scores a query already turned into its vector ({@link vector}), best first. */
  scoreVector({ idx, val }: { idx: number[]; val: number[] }): LabelScore[] {
    const s = this.state;
    const L = s.labels.length;
    const best = this.neighbours(idx, val);
    const bayes = Float64Array.from(s.bayesPrior);
    const softmax = Float64Array.from(s.softmaxBias);
    for (let t = 0; t < idx.length; t++) {
      const row = idx[t] * 2 * L;
      for (let l = 0; l < L; l++) {
        bayes[l] += s.rows[row + l];
        softmax[l] += s.rows[row + L + l] * val[t];
      }
    }
    // The Bayes posterior is tempered by the number of features so long texts stay calibrated.
    const temperature = Math.max(1, Math.sqrt(idx.length));
    for (let l = 0; l < L; l++) bayes[l] /= temperature;
    normalizeExp(bayes, L);
    normalizeExp(softmax, L);
    const known = idx.length > 0;
    const wBayes = known ? s.bayesWeight : 0;
    const wSoftmax = known ? s.softmaxWeight : 0;
    const wSimilarity = 1 - s.bayesWeight - s.softmaxWeight;
    const out: LabelScore[] = s.labels.map((label, l) => {
      const similarity = Math.min(1, best[l].reduce((a, b) => a + b, 0) / s.neighbours);
      return { label, score: wBayes * bayes[l] + wSoftmax * softmax[l] + wSimilarity * similarity, similarity };
    });
    // Stable sort: ties keep the label order.
    return out.sort((a, b) => b.score - a.score);
  }

  /** Each label's best K cosine similarities to training examples (inverted index). */
  private neighbours(idx: number[], val: number[]): number[][] {
    const s = this.state;
    const K = s.neighbours;
    // Very common features cost most of the search and move similarities least in a long
    // query; they still count in Bayes and softmax. A short query keeps them: they are all it has.
    const prune = idx.length > SHORT_QUERY_FEATURES;
    const dots = this.dots;
    const touched: number[] = [];
    for (let t = 0; t < idx.length; t++) {
      const from = s.postStart[idx[t]];
      const to = s.postStart[idx[t] + 1];
      if (prune && to - from > s.maxPosting) continue;
      for (let j = from; j < to; j++) {
        const d = s.postDoc[j];
        if (dots[d] === 0) touched.push(d);
        dots[d] += val[t] * s.postWeight[j];
      }
    }
    const best = s.labels.map(() => new Array<number>(K).fill(0));
    for (const d of touched) {
      let sim = dots[d];
      dots[d] = 0;
      const row = best[s.docLabel[d]];
      for (let r = 0; r < K; r++) {
        if (sim > row[r]) [row[r], sim] = [sim, row[r]];
      }
    }
    return best;
  }
}
