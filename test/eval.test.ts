import { beforeAll, describe, expect, it } from 'vitest';
import { loadBrain, safetyTrainingData, trainingExamples } from '../src/core/brain.js';
import type { Brain } from '../src/core/respond.js';
import { BLIND_FILE, evaluate, loadBlind, loadHeldout, QUESTION_SETS, type Case } from '../src/eval/evaluate.js';
import { loadSafetySet, SAFETY_SETS } from '../src/eval/safety-eval.js';
import { INTENT_IDS } from '../src/kb/schema.js';

let brain: Brain;
let cases: Case[];
/** A text as the matcher reads it, without punctuation, symbols or spaces: equal keys are the same line. */
const key = (s: string): string => brain.matcher.normalized(s).replace(/[\p{P}\p{S}\s]/gu, '');
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
    const train = new Set(trainingExamples(brain.kb).map((e) => key(e.text)));
    expect(cases.filter((c) => train.has(key(c.text))).map((c) => c.text)).toEqual([]);
  });

  it('GIVEN the trained matcher THEN top-1 accuracy ≥ 0.92 and out-of-scope rejection ≥ 0.90', () => {
    const report = evaluate(cases, (t) => brain.matcher.match(t).intent);
    expect(report.top1).toBeGreaterThanOrEqual(0.92);
    expect(report.oosRejection).toBeGreaterThanOrEqual(0.9);
  });

  it('GIVEN out-of-scope lines met as a greeting, the menu or a topic THEN only the topic answer counts against "no topic answer", and every non-null one against strict rejection', () => {
    const oos = ['在吗', '你吃饭了没', '股票怎么买', '今天天气'].map((text) => ({ text, intent: null }));
    const said: Record<string, Case['intent']> = { 在吗: 'greeting', 你吃饭了没: 'help', 股票怎么买: 'legality', 今天天气: null };
    const report = evaluate(oos, (t) => said[t] ?? null);
    expect(report.oosRejection).toBe(0.25);
    expect(report.oosNoTopic).toBe(0.75);
  });
});

describe('blind sets stay blind', () => {
  it('GIVEN every blind question and safety set THEN none of their texts of 10 characters or more is in any training data (topics, out of scope, safety)', () => {
    const train = new Set([...trainingExamples(brain.kb).map((e) => e.text), ...safetyTrainingData(brain.kb).examples.map((e) => e.text)].map(key));
    const blindTexts = [
      ...[BLIND_FILE, ...QUESTION_SETS.map((q) => q.file)].flatMap((f) => loadBlind(f).map((c) => c.text)),
      ...SAFETY_SETS.flatMap(({ file }) => {
        const set = loadSafetySet(file);
        return [...set.cases.map((c) => c.text), ...set.dialogues.flatMap((d) => d.turns.map((t) => t.text))];
      }),
    ];
    expect(blindTexts.length).toBeGreaterThan(2000);
    // Short everyday lines ("你好", "不想活了") are written alike by anyone; longer ones must not be shared.
    expect(blindTexts.filter((t) => key(t).length >= 10 && train.has(key(t)))).toEqual([]);
  });
});
