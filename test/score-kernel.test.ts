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
import { Model, type PreparedExample } from '../src/matcher/model.js';
import type { ModelState } from '../src/matcher/model-train.js';
import { createNormalizer } from '../src/matcher/normalize.js';
import { createScoreKernel, type ScoreKernel } from '../src/matcher/score-kernel.js';
import { createFeaturizer, type CompiledFeaturizer } from '../src/matcher/tokenize.js';
import { encodeModule, F64, FunctionBody, instantiate } from '../src/matcher/wasm-assembler.js';
import { expFunction } from '../src/matcher/wasm-exp.js';

let state: ModelState;
let compiled: CompiledFeaturizer;
let texts: string[];
let prepared: PreparedExample[];

beforeAll(() => {
  const kb = loadKnowledge();
  const normalize = createNormalizer(kb.lexicon.rewrites);
  const featurizer = createFeaturizer(makeSegmenter('learned', kb, normalize), kb.lexicon);
  prepared = prepareExamples(trainingExamples(kb), normalize, featurizer);
  const model = new Model(prepared, {}, 'js');
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
  return [kernel.val.slice(0, n), kernel.bayes.slice(), kernel.softmax.slice(), kernel.best.slice(), kernel.similarity.slice(), kernel.score.slice()];
}

describe('scoring kernel', () => {
  it('GIVEN WebAssembly with SIMD (Node 20) THEN auto picks the WebAssembly kernel, and js the reference', () => {
    expect(createScoreKernel(state).kind).toBe('wasm');
    expect(createScoreKernel(state, 'js').kind).toBe('js');
  });

  it('GIVEN a runtime without WebAssembly THEN auto falls back to the reference, and asking for wasm says why', () => {
    const g = globalThis as unknown as { WebAssembly?: unknown };
    const saved = g.WebAssembly;
    try {
      g.WebAssembly = undefined;
      expect(createScoreKernel(state).kind).toBe('js');
      expect(() => createScoreKernel(state, 'wasm')).toThrow(/WebAssembly SIMD is not available/);
    } finally {
      g.WebAssembly = saved;
    }
    expect(createScoreKernel(state).kind).toBe('wasm');
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

  it('GIVEN 1 or 3 neighbours per label (the general best-K path) THEN both kernels still agree bit for bit', () => {
    for (const neighbours of [1, 3]) {
      const other = new Model(prepared, { neighbours }, 'js').saved;
      const wasm = createScoreKernel(other, 'wasm');
      const js = createScoreKernel(other, 'js');
      for (const text of texts.slice(0, 400)) {
        const ids = compiled.ids(text);
        const idx = ids.idx.slice(0, ids.n);
        const val = ids.val.slice(0, ids.n);
        expect(run(wasm, idx, val, ids.n, ids.n > 12), `${neighbours}: ${text}`).toEqual(run(js, idx, val, ids.n, ids.n > 12));
      }
    }
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

describe('WebAssembly exp', () => {
  it('GIVEN any double THEN it returns exactly what Math.exp returns', () => {
    // go(): f64 at 0 → exp → f64 at 8.
    const go = new FunctionBody([]);
    go.i32Const(0).i32Const(0).f64Load().call(1).f64Store(8);
    const instance = instantiate(encodeModule(1, [{ name: 'go', body: go }, { body: expFunction() }]), 1)!;
    const io = new Float64Array(instance.memory, 0, 2);
    const run = instance.exports.go as () => void;
    const exp = (x: number): number => {
      io[0] = x;
      run();
      return io[1];
    };
    const special = [0, -0, 1, -1, 0.5, -0.5, 0.34657359, -0.34657359, 1.03972077, 2 ** -28, -(2 ** -29), 5e-324, 709.78, 709.79, -745.13, -745.14, -708.4, -708.39, -1000, 1000, Infinity, -Infinity, NaN];
    for (const x of special) expect(Object.is(exp(x), Math.exp(x)), `exp(${x})`).toBe(true);
    let seed = 7;
    const random = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let i = 0; i < 300_000; i++) {
      const x = i % 3 === 0 ? -random() * 60 : i % 3 === 1 ? (random() - 0.5) * 1500 : (random() - 0.5) * 2;
      if (!Object.is(exp(x), Math.exp(x))) expect.fail(`exp(${x}) = ${exp(x)}, Math.exp gives ${Math.exp(x)}`);
    }
    fc.assert(
      fc.property(fc.double(), (x) => {
        expect(Object.is(exp(x), Math.exp(x))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });
});
