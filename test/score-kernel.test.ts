/**
 * The WebAssembly scoring kernel must score exactly as the TypeScript reference it mirrors
 * (same IEEE operations in the same order): every score of every label, bit for bit.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeSegmenter, trainingExamples } from '../src/core/brain.js';
import { loadHeldout } from '../src/eval/evaluate.js';
import { loadKnowledge } from '../src/kb/load.js';
import { prepareExamples } from '../src/matcher/matcher.js';
import { Model } from '../src/matcher/model.js';
import type { ModelState } from '../src/matcher/model-train.js';
import { createNormalizer } from '../src/matcher/normalize.js';
import { createScoreKernel, type ScoreKernel } from '../src/matcher/score-kernel.js';
import { createFeaturizer, type CompiledFeaturizer } from '../src/matcher/tokenize.js';
import { encodeModule, F64, FunctionBody, instantiate } from '../src/matcher/wasm-assembler.js';

let state: ModelState;
let compiled: CompiledFeaturizer;
let texts: string[];

beforeAll(() => {
  const kb = loadKnowledge();
  const normalize = createNormalizer(kb.lexicon.rewrites);
  const featurizer = createFeaturizer(makeSegmenter('learned', kb, normalize), kb.lexicon);
  const model = new Model(prepareExamples(trainingExamples(kb), normalize, featurizer), {}, 'js');
  state = model.saved;
  compiled = featurizer.compile(model.features);
  texts = [...loadHeldout().map((c) => c.text), ...trainingExamples(kb).map((e) => e.text)].map(normalize);
});

/** Runs a kernel on one query and returns copies of everything it produced. */
function run(kernel: ScoreKernel, idx: ArrayLike<number>, val: ArrayLike<number>, n: number, prune: boolean): Float64Array[] {
  for (let t = 0; t < n; t++) {
    kernel.idx[t] = idx[t];
    kernel.val[t] = val[t];
  }
  kernel.run(n, prune);
  return [kernel.val.slice(0, n), kernel.bayes.slice(), kernel.softmax.slice(), kernel.best.slice()];
}

describe('scoring kernel', () => {
  it('GIVEN WebAssembly with SIMD (Node 20) THEN auto picks the WebAssembly kernel, and js the reference', () => {
    expect(createScoreKernel(state).kind).toBe('wasm');
    expect(createScoreKernel(state, 'js').kind).toBe('js');
  });

  it('GIVEN every training and held-out text THEN both kernels give bit-identical results', () => {
    const wasm = createScoreKernel(state, 'wasm');
    const js = createScoreKernel(state, 'js');
    for (const text of texts) {
      const ids = compiled.ids(text);
      const idx = ids.idx.slice(0, ids.n);
      const val = ids.val.slice(0, ids.n);
      for (const prune of [false, true]) {
        expect(run(wasm, idx, val, ids.n, prune), text).toEqual(run(js, idx, val, ids.n, prune));
      }
    }
  });

  it('GIVEN any set of known features with any weights THEN both kernels give bit-identical results', () => {
    const wasm = createScoreKernel(state, 'wasm');
    const js = createScoreKernel(state, 'js');
    const V = state.features.length;
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: V - 1 }), { maxLength: 120 }),
        fc.array(fc.double({ min: 0.01, max: 5, noNaN: true }), { minLength: 120, maxLength: 120 }),
        fc.boolean(),
        (idx, weights, prune) => {
          expect(run(wasm, idx, weights, idx.length, prune)).toEqual(run(js, idx, weights, idx.length, prune));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('GIVEN a restored model THEN the kernel choice changes no ranking', () => {
    const wasm = new Model(state, {}, 'wasm');
    const js = new Model(state, {}, 'js');
    for (const text of texts.slice(0, 200)) expect(wasm.scoreIds(compiled.ids(text)), text).toEqual(js.scoreIds(compiled.ids(text)));
  });
});

describe('WebAssembly assembler', () => {
  it('GIVEN constants of every size and sign THEN the module stores exactly them', () => {
    const values = [0, 1, -1, 63, 64, -64, -65, 127, 128, 8191, -8193, 2 ** 31 - 1, -(2 ** 31)];
    const fn = new FunctionBody([]);
    values.forEach((v, i) => fn.i32Const(4 * i).i32Const(v).i32Store());
    fn.i32Const(0).f64Const(-0.1).f64Store(8 * 16);
    const local = fn.local(F64);
    fn.f64Const(2).f64Sqrt().set(local).i32Const(0).get(local).f64Store(8 * 17);
    const bytes = encodeModule(1, [{ name: 'go', body: fn }]);
    const instance = instantiate(bytes, 1);
    expect(instance).toBeDefined();
    (instance!.exports.go as () => void)();
    expect([...new Int32Array(instance!.memory, 0, values.length)]).toEqual(values);
    expect(new Float64Array(instance!.memory, 8 * 16, 2)).toEqual(Float64Array.from([-0.1, Math.SQRT2]));
  });
});
