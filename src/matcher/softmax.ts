/**
 * Multinomial logistic regression over sparse, L2-normalized TF-IDF vectors, trained by
 * plain SGD with L2 decay. Small, deterministic (fixed example order per epoch from a seeded
 * shuffle) and fast: ~1k examples × 20 classes train in tens of milliseconds.
 */

/** Sparse vector: the first `n` entries of parallel arrays of feature indices and values. */
export interface SparseVector {
  idx: Int32Array;
  val: Float64Array;
  n: number;
}

/** Training options. */
export interface SoftmaxOptions {
  epochs?: number;
  learningRate?: number;
  l2?: number;
  seed?: number;
}

/** A trained softmax classifier. */
export class Softmax {
  /** Weights, `w[feature * classes + class]`. */
  readonly w: Float64Array;
  /** Biases, one per class. */
  readonly b: Float64Array;
  private readonly scratch: Float64Array;

  constructor(
    readonly classes: number,
    readonly dims: number,
    data: ReadonlyArray<{ x: SparseVector; y: number }>,
    options: SoftmaxOptions = {},
  ) {
    this.w = new Float64Array(classes * dims);
    this.b = new Float64Array(classes);
    this.scratch = new Float64Array(classes);
    this.train(data, options);
  }

  private train(data: ReadonlyArray<{ x: SparseVector; y: number }>, options: SoftmaxOptions): void {
    const classes = this.classes;
    const epochs = options.epochs ?? 25;
    const lr0 = options.learningRate ?? 0.5;
    const l2 = options.l2 ?? 1e-4;
    const order = data.map((_, i) => i);
    let seed = options.seed ?? 42;
    const rand = (): number => {
      seed = (seed * 1664525 + 1013904223) >>> 0;
      return seed / 2 ** 32;
    };
    const p = new Float64Array(classes);
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      const lr = lr0 / (1 + epoch * 0.1);
      for (const example of order) {
        const { x, y } = data[example];
        this.probabilities(x, p);
        const { idx, val, n } = x;
        const w = this.w;
        for (let c = 0; c < classes; c++) {
          const g = p[c] - (c === y ? 1 : 0);
          // Classes already near 0 for this example change nothing worth the work.
          if (g > -1e-3 && g < 1e-3) continue;
          this.b[c] -= lr * g;
          for (let t = 0; t < n; t++) {
            const k = idx[t] * classes + c;
            w[k] -= lr * (g * val[t] + l2 * w[k]);
          }
        }
      }
    }
  }

  /** Class probabilities for `x` (written into `out` if given). */
  probabilities(x: SparseVector, out: Float64Array = this.scratch): Float64Array {
    const classes = this.classes;
    const { idx, val, n } = x;
    const w = this.w;
    out.set(this.b);
    for (let t = 0; t < n; t++) {
      const row = idx[t] * classes;
      const v = val[t];
      for (let c = 0; c < classes; c++) out[c] += w[row + c] * v;
    }
    normalizeExp(out, classes);
    return out;
  }
}

/** Turns the first `n` logits into probabilities in place (max-shifted softmax). */
export function normalizeExp(logits: Float64Array, n: number): void {
  let max = -Infinity;
  for (let l = 0; l < n; l++) if (logits[l] > max) max = logits[l];
  let z = 0;
  for (let l = 0; l < n; l++) {
    logits[l] = Math.exp(logits[l] - max);
    z += logits[l];
  }
  for (let l = 0; l < n; l++) logits[l] /= z;
}
