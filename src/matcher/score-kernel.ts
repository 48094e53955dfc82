/**
 * The arithmetic at the heart of {@link Model} scoring, for one query: TF-IDF weighing, the
 * nearest-neighbour search over the inverted index (best K cosine similarities per label), the
 * Bayes + softmax rows, and the blend of the three views into one score per label. Two
 * implementations with one contract and bit-identical results (the same IEEE operations in the
 * same order, property-tested): a plain TypeScript reference, and a WebAssembly kernel
 * generated for each trained model (its sizes and offsets are constants in the code; two f64
 * lanes per SIMD instruction for the rows; a branch-free best-2 update; fdlibm's exp, which is
 * what Math.exp computes). The WebAssembly one is about four times faster; the reference is
 * used where WebAssembly SIMD is unavailable, and for the cross-validation folds.
 */
import type { ModelState } from './model-train.js';
import { normalizeExp } from './softmax.js';
import { encodeModule, F64, FunctionBody, I32, instantiate, V128 } from './wasm-assembler.js';
import { expFunction } from './wasm-exp.js';

/** Which implementation scores: `auto` takes WebAssembly when the runtime supports it. */
export type KernelChoice = 'auto' | 'wasm' | 'js';

/**
 * One query in, every label's scores out. Write the query's feature ids and raw weights into
 * {@link idx}/{@link val}, call {@link run}, read {@link score} and {@link similarity} (and,
 * for inspection, the parts they are blended from).
 */
export interface ScoreKernel {
  readonly kind: 'wasm' | 'js';
  readonly idx: Int32Array;
  /** Raw weights in; L2-normalized TF-IDF weights after {@link run}. */
  readonly val: Float64Array;
  /** Bayes posterior per label (tempered by the number of features). */
  readonly bayes: Float64Array;
  /** Softmax probability per label. */
  readonly softmax: Float64Array;
  /** L × K: each label's best K neighbour similarities, highest first. */
  readonly best: Float64Array;
  /** Mean of each label's best K similarities, at most 1. */
  readonly similarity: Float64Array;
  /** The blend: Bayes × bayesWeight + softmax × softmaxWeight + similarity × the rest. */
  readonly score: Float64Array;
  /** Scores the first `n` features; `prune` leaves features with long postings out of the neighbour search. */
  run(n: number, prune: boolean): void;
}

/** Builds the kernel for a trained model (`js` also when WebAssembly SIMD is not available). */
export function createScoreKernel(state: ModelState, choice: KernelChoice = 'auto'): ScoreKernel {
  if (choice !== 'js') {
    let wasm: ScoreKernel | undefined;
    let cause: unknown;
    try {
      wasm = tryWasmKernel(state);
    } catch (error) {
      // E.g. no memory for the instance: `auto` answers with the reference instead.
      cause = error;
    }
    if (wasm) return wasm;
    if (choice === 'wasm') throw new Error('WebAssembly SIMD is not available in this runtime', { cause });
  }
  return new JsScoreKernel(state);
}

/** The reference implementation, in TypeScript. */
export class JsScoreKernel implements ScoreKernel {
  readonly kind = 'js';
  readonly idx: Int32Array;
  readonly val: Float64Array;
  readonly bayes: Float64Array;
  readonly softmax: Float64Array;
  readonly best: Float64Array;
  readonly similarity: Float64Array;
  readonly score: Float64Array;
  private readonly dots: Float64Array;
  private readonly touched: Int32Array;
  private readonly L: number;

  constructor(private readonly s: ModelState) {
    const V = s.features.length;
    const n = s.docLabel.length;
    this.L = s.labels.length;
    this.idx = new Int32Array(V);
    this.val = new Float64Array(V);
    this.bayes = new Float64Array(this.L);
    this.softmax = new Float64Array(this.L);
    this.best = new Float64Array(this.L * s.neighbours);
    this.similarity = new Float64Array(this.L);
    this.score = new Float64Array(this.L);
    this.dots = new Float64Array(n);
    this.touched = new Int32Array(n);
  }

  run(nf: number, prune: boolean): void {
    const { idx, val, dots, touched, best, bayes, softmax, L } = this;
    const { idf, postStart, postDoc, postWeight, docLabel, rows, maxPosting, neighbours: K } = this.s;
    let norm = 0;
    for (let t = 0; t < nf; t++) {
      const v = val[t] * idf[idx[t]];
      val[t] = v;
      norm += v * v;
    }
    norm = Math.sqrt(norm) || 1;
    for (let t = 0; t < nf; t++) val[t] /= norm;
    // Nearest neighbours through the inverted index.
    let nTouched = 0;
    for (let t = 0; t < nf; t++) {
      const f = idx[t];
      const from = postStart[f];
      const to = postStart[f + 1];
      if (prune && to - from > maxPosting) continue;
      const q = val[t];
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
    bayes.set(this.s.bayesPrior);
    softmax.set(this.s.softmaxBias);
    for (let t = 0; t < nf; t++) {
      const row = idx[t] * 2 * L;
      const v = val[t];
      for (let l = 0; l < L; l++) {
        bayes[l] += rows[row + l];
        softmax[l] += rows[row + L + l] * v;
      }
    }
    // The Bayes posterior is tempered by the number of features so long texts stay calibrated.
    const temperature = Math.max(1, Math.sqrt(nf));
    for (let l = 0; l < L; l++) bayes[l] /= temperature;
    normalizeExp(bayes, L);
    normalizeExp(softmax, L);
    const { wBayes, wSoftmax, wSimilarity } = blendWeights(this.s, nf);
    for (let l = 0; l < L; l++) {
      let sum = 0;
      for (let r = 0; r < K; r++) sum += best[l * K + r];
      this.similarity[l] = Math.min(1, sum / K);
      this.score[l] = wBayes * bayes[l] + wSoftmax * softmax[l] + wSimilarity * this.similarity[l];
    }
  }
}

/** The blend's weights: with no known feature, only the neighbour view (then 0) counts. */
function blendWeights(s: ModelState, nf: number): { wBayes: number; wSoftmax: number; wSimilarity: number } {
  return {
    wBayes: nf > 0 ? s.bayesWeight : 0,
    wSoftmax: nf > 0 && s.softmaxWeight > 0 ? s.softmaxWeight : 0,
    wSimilarity: 1 - s.bayesWeight - s.softmaxWeight,
  };
}

/** Index of the exp function in the kernel's module. */
const EXP = 1;

/** i8x16.shuffle lanes: (first operand's lane 0, second operand's lane 0) as f64 lanes. */
const LOW_OF_FIRST_THEN_LOW_OF_SECOND = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];

function f64Pair(x: number, y: number): Uint8Array {
  return new Uint8Array(new Float64Array([x, y]).buffer);
}

/** Byte offsets of the kernel's arrays in its memory (all 16-byte aligned). */
interface Layout {
  idx: number;
  val: number;
  idf: number;
  postStart: number;
  /** Postings' documents as byte offsets into `dots` (d × 8). */
  postDoc: number;
  postWeight: number;
  /** Each document's label as a byte offset into `best` (label × K × 8). */
  docLabel: number;
  dots: number;
  touched: number;
  best: number;
  /** Per feature: the Bayes row then the softmax row, P values each (f32, as the model keeps them). */
  rows: number;
  prior: number;
  bias: number;
  outBayes: number;
  outSoftmax: number;
  similarity: number;
  score: number;
  bytes: number;
}

function layout(s: ModelState, P: number): Layout {
  const V = s.features.length;
  const n = s.docLabel.length;
  const L = s.labels.length;
  const postings = s.postDoc.length;
  let at = 0;
  const take = (bytes: number): number => {
    const start = at;
    at += Math.ceil(bytes / 16) * 16;
    return start;
  };
  const offsets = {
    idx: take(4 * V),
    val: take(8 * V),
    idf: take(8 * V),
    postStart: take(4 * (V + 1)),
    postDoc: take(4 * postings),
    postWeight: take(8 * postings),
    docLabel: take(4 * n),
    dots: take(8 * n),
    // One spare entry: the branch-free postings loop writes touched[nTouched] even when all n are in.
    touched: take(4 * (n + 1)),
    best: take(8 * L * s.neighbours),
    rows: take(4 * 2 * P * V),
    prior: take(8 * P),
    bias: take(8 * P),
    outBayes: take(8 * P),
    outSoftmax: take(8 * P),
    similarity: take(8 * L),
    score: take(8 * L),
  };
  return { ...offsets, bytes: at };
}

/** The kernel function `score(n, prune)` for one model; see {@link JsScoreKernel.run}, which it mirrors step by step. */
function kernelCode(s: ModelState, m: Layout, P: number): FunctionBody {
  const L = s.labels.length;
  const K = s.neighbours;
  const H = P / 2;
  const fn = new FunctionBody([I32, I32]);
  const n = 0;
  const prune = 1;
  const t = fn.local(I32);
  const f = fn.local(I32);
  const j = fn.local(I32);
  const to = fn.local(I32);
  const d = fn.local(I32);
  const nTouched = fn.local(I32);
  const a = fn.local(I32);
  const norm = fn.local(F64);
  const v = fn.local(F64);
  const q = fn.local(F64);
  const sim = fn.local(F64);
  const b = fn.local(F64);
  const vv = fn.local(V128);
  const inf = fn.local(V128);
  const accBayes = Array.from({ length: H }, () => fn.local(V128));
  const accSoftmax = Array.from({ length: H }, () => fn.local(V128));
  /** `for (t = 0; t < n; t++) body()` */
  const overFeatures = (body: () => void): void => {
    fn.i32Const(0).set(t).block().loop();
    fn.get(t).get(n).i32GeS().brIf(1);
    body();
    fn.get(t).i32Const(1).i32Add().set(t).br(0).end().end();
  };

  // Weigh: val[t] *= idf[idx[t]], then L2-normalize.
  fn.f64Const(0).set(norm);
  overFeatures(() => {
    fn.get(t).i32Const(3).i32Shl().set(a);
    fn.get(a).f64Load(m.val).get(t).i32Const(2).i32Shl().i32Load(m.idx).i32Const(3).i32Shl().f64Load(m.idf).f64Mul().set(v);
    fn.get(a).get(v).f64Store(m.val);
    fn.get(norm).get(v).get(v).f64Mul().f64Add().set(norm);
  });
  // norm = Math.sqrt(norm) || 1: select(sqrt, 1, sqrt is neither NaN nor zero).
  fn.get(norm).f64Sqrt().set(norm);
  fn.get(norm).f64Const(1).get(norm).get(norm).f64Eq().get(norm).f64Const(0).f64Ne().i32And().select().set(norm);
  overFeatures(() => {
    fn.get(t).i32Const(3).i32Shl().tee(a).get(a).f64Load(m.val).get(norm).f64Div().f64Store(m.val);
  });

  // Neighbours: dots[d] += q * w over the postings of every searched feature; a document is
  // recorded in `touched` the first time its dot product leaves zero (without a branch).
  fn.i32Const(0).set(nTouched);
  overFeatures(() => {
    fn.get(t).i32Const(2).i32Shl().i32Load(m.idx).i32Const(2).i32Shl().set(f);
    fn.get(f).i32Load(m.postStart).set(j);
    fn.get(f).i32Load(m.postStart + 4).set(to);
    fn.block();
    fn.get(prune).get(to).get(j).i32Sub().i32Const(s.maxPosting).i32GtS().i32And().brIf(0);
    fn.get(t).i32Const(3).i32Shl().f64Load(m.val).set(q);
    fn.block().loop();
    fn.get(j).get(to).i32GeS().brIf(1);
    fn.get(j).i32Const(2).i32Shl().i32Load(m.postDoc).tee(d).f64Load(m.dots).set(sim);
    fn.get(nTouched).i32Const(2).i32Shl().get(d).i32Store(m.touched);
    fn.get(nTouched).get(sim).f64Const(0).f64Eq().i32Add().set(nTouched);
    fn.get(d).get(sim).get(q).get(j).i32Const(3).i32Shl().f64Load(m.postWeight).f64Mul().f64Add().f64Store(m.dots);
    fn.get(j).i32Const(1).i32Add().set(j).br(0).end().end();
    fn.end();
  });
  // Best K per label: bubble each similarity down the label's list (max stays, min moves on).
  for (let r = 0; r < L * K; r++) fn.i32Const(0).f64Const(0).f64Store(m.best + 8 * r);
  if (K === 2) fn.v128Const(f64Pair(Infinity, 0)).set(inf);
  fn.i32Const(0).set(j).block().loop();
  fn.get(j).get(nTouched).i32GeS().brIf(1);
  fn.get(j).i32Const(2).i32Shl().i32Load(m.touched).tee(d).f64Load(m.dots).set(sim);
  fn.get(d).f64Const(0).f64Store(m.dots);
  fn.get(d).i32Const(1).i32ShrU().i32Load(m.docLabel).set(a);
  if (K === 2) {
    // Both places at once, without a branch: with (b0 ≥ b1) the list and s the new value,
    // (b0, b1) ← pmax((s, pmin(s, b0)), (b0, b1)) = (max(s, b0), max(min(s, b0), b1)).
    fn.get(a).get(sim).f64x2Splat().get(inf).get(a).v128Load(m.best).i8x16Shuffle(LOW_OF_FIRST_THEN_LOW_OF_SECOND).f64x2Pmin();
    fn.get(a).v128Load(m.best).f64x2Pmax().v128Store(m.best);
  } else {
    for (let r = 0; r < K; r++) {
      fn.get(a).f64Load(m.best + 8 * r).set(b);
      fn.get(a).get(sim).get(b).f64Max().f64Store(m.best + 8 * r);
      fn.get(sim).get(b).f64Min().set(sim);
    }
  }
  fn.get(j).i32Const(1).i32Add().set(j).br(0).end().end();

  // Rows: Bayes sums and softmax dot products, two labels per instruction, in registers.
  for (let c = 0; c < H; c++) {
    fn.i32Const(0).v128Load(m.prior + 16 * c).set(accBayes[c]);
    fn.i32Const(0).v128Load(m.bias + 16 * c).set(accSoftmax[c]);
  }
  overFeatures(() => {
    fn.get(t).i32Const(2).i32Shl().i32Load(m.idx).i32Const(8 * P).i32Mul().set(a);
    fn.get(t).i32Const(3).i32Shl().f64Load(m.val).f64x2Splat().set(vv);
    for (let c = 0; c < H; c++) {
      // Two f32 weights widened to f64 exactly, as reading a Float32Array does.
      fn.get(accBayes[c]).get(a).v128Load64Zero(m.rows + 8 * c).f64x2PromoteLowF32x4().f64x2Add().set(accBayes[c]);
      fn.get(accSoftmax[c]).get(a).v128Load64Zero(m.rows + 4 * P + 8 * c).f64x2PromoteLowF32x4().get(vv).f64x2Mul().f64x2Add().set(accSoftmax[c]);
    }
  });
  for (let c = 0; c < H; c++) {
    fn.i32Const(0).get(accBayes[c]).v128Store(m.outBayes + 16 * c);
    fn.i32Const(0).get(accSoftmax[c]).v128Store(m.outSoftmax + 16 * c);
  }

  // Finish as JsScoreKernel does, label by label (unrolled): temper, softmax-normalize both
  // views with an exp that is Math.exp bit for bit (wasm-exp.ts), then similarity and blend.
  fn.f64Const(1).get(n).f64ConvertI32S().f64Sqrt().f64Max().set(norm);
  for (let l = 0; l < L; l++) fn.i32Const(0).i32Const(0).f64Load(m.outBayes + 8 * l).get(norm).f64Div().f64Store(m.outBayes + 8 * l);
  for (const at of [m.outBayes, m.outSoftmax]) {
    fn.f64Const(-Infinity).set(b);
    for (let l = 0; l < L; l++) fn.i32Const(0).f64Load(at + 8 * l).tee(v).get(b).get(v).get(b).f64Gt().select().set(b);
    fn.f64Const(0).set(q);
    for (let l = 0; l < L; l++) {
      fn.i32Const(0).i32Const(0).f64Load(at + 8 * l).get(b).f64Sub().call(EXP).tee(v).f64Store(at + 8 * l);
      fn.get(q).get(v).f64Add().set(q);
    }
    for (let l = 0; l < L; l++) fn.i32Const(0).i32Const(0).f64Load(at + 8 * l).get(q).f64Div().f64Store(at + 8 * l);
  }
  // Weights: with no known feature (n = 0) only the similarity view counts.
  const w = { full: blendWeights(s, 1), none: blendWeights(s, 0) };
  const wB = fn.local(F64);
  const wL = fn.local(F64);
  fn.f64Const(w.full.wBayes).f64Const(w.none.wBayes).get(n).i32Const(0).i32GtS().select().set(wB);
  fn.f64Const(w.full.wSoftmax).f64Const(w.none.wSoftmax).get(n).i32Const(0).i32GtS().select().set(wL);
  for (let l = 0; l < L; l++) {
    fn.f64Const(0);
    for (let r = 0; r < K; r++) fn.i32Const(0).f64Load(m.best + 8 * (l * K + r)).f64Add();
    fn.f64Const(K).f64Div().set(sim);
    fn.f64Const(1).get(sim).f64Min().set(sim);
    fn.i32Const(0).get(sim).f64Store(m.similarity + 8 * l);
    fn.i32Const(0).get(wB).i32Const(0).f64Load(m.outBayes + 8 * l).f64Mul();
    fn.get(wL).i32Const(0).f64Load(m.outSoftmax + 8 * l).f64Mul().f64Add();
    fn.f64Const(w.full.wSimilarity).get(sim).f64Mul().f64Add().f64Store(m.score + 8 * l);
  }
  return fn;
}

/** The WebAssembly kernel, or undefined when the runtime cannot compile it. */
function tryWasmKernel(s: ModelState): ScoreKernel | undefined {
  const V = s.features.length;
  const L = s.labels.length;
  const K = s.neighbours;
  const P = L + (L % 2);
  const m = layout(s, P);
  const pages = Math.ceil(m.bytes / 65536);
  const instance = instantiate(encodeModule(pages, [{ name: 'score', body: kernelCode(s, m, P) }, { body: expFunction() }]), pages);
  if (!instance) return undefined;
  const score = instance.exports.score as (n: number, prune: number) => void;
  const buf = instance.memory;
  const i32 = (at: number, length: number): Int32Array => new Int32Array(buf, at, length);
  const f64 = (at: number, length: number): Float64Array => new Float64Array(buf, at, length);
  f64(m.idf, V).set(s.idf);
  i32(m.postStart, V + 1).set(s.postStart);
  i32(m.postDoc, s.postDoc.length).set(s.postDoc.map((d) => d * 8));
  f64(m.postWeight, s.postWeight.length).set(s.postWeight);
  i32(m.docLabel, s.docLabel.length).set(s.docLabel.map((l) => l * K * 8));
  const rows = new Float32Array(buf, m.rows, 2 * P * V);
  for (let f = 0; f < V; f++) {
    for (let l = 0; l < L; l++) {
      rows[f * 2 * P + l] = s.rows[f * 2 * L + l];
      rows[f * 2 * P + P + l] = s.rows[f * 2 * L + L + l];
    }
  }
  f64(m.prior, L).set(s.bayesPrior);
  f64(m.bias, L).set(s.softmaxBias);
  return {
    kind: 'wasm',
    idx: i32(m.idx, V),
    val: f64(m.val, V),
    bayes: f64(m.outBayes, L),
    softmax: f64(m.outSoftmax, L),
    best: f64(m.best, L * K),
    similarity: f64(m.similarity, L),
    score: f64(m.score, L),
    run: (nf, prune) => score(nf, prune ? 1 : 0),
  };
}
