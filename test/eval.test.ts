import { beforeAll, describe, expect, it } from 'vitest';
import { loadBrain, trainingExamples } from '../src/core/brain.js';
import type { Brain } from '../src/core/respond.js';
import { evaluate, loadHeldout, type Case } from '../src/eval/evaluate.js';
import { INTENT_IDS } from '../src/kb/schema.js';

let brain: Brain;
let cases: Case[];
beforeAll(() => {
  brain = loadBrain();
  cases = loadHeldout();
});

describe('held-out evaluation', () => {
  it('GIVEN the held-out set THEN it has ≥ 8 cases per intent and ≥ 40 out-of-scope cases', () => {
    for (const id of INTENT_IDS) expect(cases.filter((c) => c.intent === id).length, id).toBeGreaterThanOrEqual(8);
    expect(cases.filter((c) => c.intent === null).length).toBeGreaterThanOrEqual(40);
  });

  it('GIVEN the held-out set THEN none of its texts is in the training data', () => {
    const key = (s: string): string => brain.matcher.normalized(s).replace(/[\p{P}\p{S}\s]/gu, '');
    const train = new Set(trainingExamples(brain.kb).map((e) => key(e.text)));
    expect(cases.filter((c) => train.has(key(c.text))).map((c) => c.text)).toEqual([]);
  });

  it('GIVEN the trained matcher THEN top-1 accuracy ≥ 0.92 and out-of-scope rejection ≥ 0.90', () => {
    const report = evaluate(cases, (t) => brain.matcher.match(t).intent);
    expect(report.top1).toBeGreaterThanOrEqual(0.92);
    expect(report.oosRejection).toBeGreaterThanOrEqual(0.9);
  });
});
