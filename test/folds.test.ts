import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { crossValidation, featuresKey, foldOf } from '../src/matcher/folds.js';

describe('cross-validation folds keyed by content', () => {
  it('GIVEN any text THEN its fold is in range and the same every time', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 10 }), (text, folds) => {
        const f = foldOf(text, folds);
        expect(f).toBeGreaterThanOrEqual(0);
        expect(f).toBeLessThan(folds);
        expect(foldOf(text, folds)).toBe(f);
      }),
    );
  });

  it('GIVEN a line inserted into the training data THEN no other line changes fold (positional folds moved every later line)', () => {
    const lines = ['催收打给我妈了怎么办', '紧急联系人要还钱吗', '怎么投诉催收', '这条短信是真的吗', '能协商分期吗'];
    const before = lines.map((l) => foldOf(l, 5));
    const after = ['我是他同事，要还吗', ...lines].map((l) => foldOf(l, 5)).slice(1);
    expect(after).toEqual(before);
  });

  it('GIVEN 1000 different texts THEN the five folds are each used for roughly a fifth', () => {
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < 1000; i++) counts[foldOf(`问题${i}`, 5)]++;
    for (const c of counts) expect(c).toBeGreaterThan(140);
  });

  it('GIVEN the same features in the same order THEN the same fold', () => {
    const a = new Map([['催收', 1], ['家人', 2]]);
    expect(foldOf(featuresKey(a), 5)).toBe(foldOf(featuresKey(new Map(a)), 5));
  });

  it('GIVEN items THEN every item is held out exactly once and trained on in every other fold', () => {
    const items = Array.from({ length: 40 }, (_, i) => `问题${i}`);
    const folds = crossValidation(items, 5, (t) => t);
    expect(folds).toHaveLength(5);
    expect(folds.flatMap((f) => f.test).sort()).toEqual([...items].sort());
    for (const { train, test } of folds) expect(train.length + test.length).toBe(items.length);
  });
});
