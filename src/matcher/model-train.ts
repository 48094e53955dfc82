/**
 * Training for {@link Model} (model.ts): TF-IDF weights, the flat inverted index, natural's
 * Bayes counts and the softmax weights, packed into a {@link ModelState} — plain numbers and
 * typed arrays, so a trained model can be saved and restored without training again.
 */
import type { ModelOptions, PreparedExample } from './model-types.js';
import { NaturalBayes } from './natural-bayes.js';
import { Softmax, type SparseVector } from './softmax.js';
import { CHARACTER_PREFIX } from './tokenize.js';

/** Everything a trained model knows. */
export interface ModelState {
  /** Feature keys by id. */
  features: string[];
  idf: Float64Array;
  labels: string[];
  /** Label index of each training example. */
  docLabel: Int32Array;
  /** The postings of feature f are postDoc/postWeight[postStart[f] … postStart[f + 1]). */
  postStart: Int32Array;
  postDoc: Int32Array;
  postWeight: Float64Array;
  /** Per feature f, 2L values from f * 2L: log P(f | label) for each label, then the softmax weights. */
  rows: Float32Array;
  bayesPrior: Float64Array;
  softmaxBias: Float64Array;
  neighbours: number;
  maxPosting: number;
  bayesWeight: number;
  softmaxWeight: number;
}

/** True when `source` is a saved state rather than training examples. */
export function isState(source: readonly PreparedExample[] | ModelState): source is ModelState {
  return !Array.isArray(source);
}

/** Trains a model state on featurized examples. */
export function trainModel(examples: readonly PreparedExample[], options: ModelOptions): ModelState {
  const neighbours = options.neighbours ?? 2;
  const maxPosting = Math.max(20, Math.floor(examples.length * (options.commonFeatureShare ?? 0.05)));
  const bayesWeight = options.bayesWeight ?? 0.2;
  const softmaxWeight = options.softmaxWeight ?? 0.6;
  const featureIndex = new Map<string, number>();
  const labels: string[] = [];
  const df: number[] = [];
  for (const ex of examples) {
    for (const k of ex.features.keys()) {
      let f = featureIndex.get(k);
      if (f === undefined) featureIndex.set(k, (f = featureIndex.size));
      df[f] = (df[f] ?? 0) + 1;
    }
    if (!labels.includes(ex.label)) labels.push(ex.label);
  }
  const features = [...featureIndex.keys()];
  const n = examples.length;
  const V = features.length;
  const L = labels.length;
  const idf = Float64Array.from(df, (d) => Math.log((n + 1) / (d + 1)) + 1);
  const docLabel = new Int32Array(n);
  const docs: number[][] = Array.from({ length: V }, () => []);
  const weights: number[][] = Array.from({ length: V }, () => []);
  const bayes = new NaturalBayes(options.smoothing ?? 0.3);
  const data: Array<{ x: SparseVector; y: number }> = [];
  // Which features the neighbour search leaves out (single characters unless told otherwise).
  const searchCharacters = options.searchCharacters ?? false;
  const unsearched = features.map((k) => !searchCharacters && k.startsWith(CHARACTER_PREFIX));
  examples.forEach((ex, i) => {
    const label = labels.indexOf(ex.label);
    docLabel[i] = label;
    const x = tfidf(ex.features, featureIndex, idf);
    for (let t = 0; t < x.n; t++) {
      if (unsearched[x.idx[t]]) continue;
      docs[x.idx[t]].push(i);
      weights[x.idx[t]].push(x.val[t]);
    }
    bayes.add(ex.features.keys(), ex.label);
    data.push({ x, y: label });
  });
  const postStart = new Int32Array(V + 1);
  for (let f = 0; f < V; f++) postStart[f + 1] = postStart[f] + docs[f].length;
  const postDoc = new Int32Array(postStart[V]);
  const postWeight = new Float64Array(postStart[V]);
  for (let f = 0; f < V; f++) {
    postDoc.set(docs[f], postStart[f]);
    postWeight.set(weights[f], postStart[f]);
  }
  const { table, prior } = bayes.logTable(features, labels);
  const softmax = softmaxWeight > 0 ? new Softmax(L, V, data, options.softmax) : null;
  const rows = new Float32Array(V * 2 * L);
  for (let f = 0; f < V; f++) {
    rows.set(table.subarray(f * L, (f + 1) * L), f * 2 * L);
    if (softmax) rows.set(softmax.w.subarray(f * L, (f + 1) * L), f * 2 * L + L);
  }
  return {
    features,
    idf,
    labels,
    docLabel,
    postStart,
    postDoc,
    postWeight,
    rows,
    bayesPrior: prior,
    softmaxBias: softmax ? Float64Array.from(softmax.b) : new Float64Array(L),
    neighbours,
    maxPosting,
    bayesWeight,
    softmaxWeight,
  };
}

/**
 * L2-normalized TF-IDF vector of the known features of a string-keyed feature map (the same
 * arithmetic, in the same order, as {@link Model.vector} for a query).
 */
export function tfidf(features: Map<string, number>, index: ReadonlyMap<string, number>, idf: Float64Array): SparseVector {
  const idx: number[] = [];
  const val: number[] = [];
  for (const [k, w] of features) {
    const f = index.get(k);
    if (f === undefined) continue;
    idx.push(f);
    val.push(w * idf[f]);
  }
  let norm = 0;
  for (const v of val) norm += v * v;
  norm = Math.sqrt(norm) || 1;
  return { idx: Int32Array.from(idx), val: Float64Array.from(val, (v) => v / norm), n: idx.length };
}
