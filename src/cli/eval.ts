/**
 * `npm run eval [-- --segmenter learned|intl|jieba] [--details]`: trains on `intents/` and
 * evaluates what the bot decides (safety step, then topic and question) on the held-out set
 * `test/fixtures/heldout.yaml` (written with the training data) and on the two halves of the
 * blind set `test/fixtures/blind-questions.yaml` (written by a session that saw only the
 * question list; see {@link splitBlind}), on the later question sets (`QUESTION_SETS`: rounds 2,
 * 3, 4 and 6 and the development sets; rounds 4 and 6 sealed), then the safety step on each
 * safety round (`SAFETY_SETS`) and the false-crisis rate. `--details` adds the per-intent
 * tables, confusions and every miss — never for a sealed set, whose misses nobody may study.
 */
import { existsSync } from 'node:fs';
import { DEFAULT_SEGMENTER, loadBrain, SEGMENTERS, type SegmenterName } from '../core/brain.js';
import { BLIND_FILE, evaluate, formatReport, loadBlind, loadHeldout, QUESTION_SETS, splitBlind, type EvalReport } from '../eval/evaluate.js';
import { predict } from '../eval/predict.js';
import { evaluateOrdinary, evaluateSafety, formatOrdinaryReport, formatSafetyReport, loadSafetySet, SAFETY_SETS } from '../eval/safety-eval.js';
import { exitOnKnowledgeError } from './fail.js';

const i = process.argv.indexOf('--segmenter');
const requested = i > 0 ? process.argv[i + 1] : undefined;
const details = process.argv.includes('--details');
const segmenter: SegmenterName = SEGMENTERS.find((s) => s === requested) ?? DEFAULT_SEGMENTER;
const t0 = performance.now();
const brain = exitOnKnowledgeError(() => loadBrain({ segmenter }));
const trainMs = performance.now() - t0;
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function summary(name: string, r: EvalReport): string {
  const question = r.questionCases > 0 ? `, question top-1 ${pct(r.questionTop1)} (${r.questionCases})` : '';
  return `${name}: topic top-1 ${pct(r.top1)} (${r.inScope})${question}, out of scope rejected ${pct(r.oosRejection)} (${r.outOfScope}; no topic answer ${pct(r.oosNoTopic)}), in scope wrongly rejected ${pct(r.falseRejection)}`;
}

const sets: Array<[string, ReturnType<typeof loadHeldout>, boolean]> = [['held-out (project)', loadHeldout(), false]];
if (existsSync(BLIND_FILE)) {
  const { dev, sealed } = splitBlind(loadBlind());
  sets.push(
    ['blind round 1, dev half (studied, used for tuning)', dev, false],
    ['blind round 1, other half (blind when first measured on 2026-12-02: topic 90.7%, question 84.9%, out of scope 84.6%)', sealed, false],
  );
}
for (const { file, title, sealed } of QUESTION_SETS.filter((q) => existsSync(q.file))) sets.push([title, loadBlind(file), sealed === true]);
const lines: string[] = [`Evaluation (segmenter: ${segmenter})`];
for (const [name, cases, sealed] of sets) {
  const report = evaluate(cases, (text) => predict(brain, text));
  lines.push(summary(name, report));
  if (details && !sealed) lines.push('', formatReport(report, name), '');
}
const ordinary = sets.flatMap(([, cases, sealed]) => cases.filter((c) => c.intent !== 'crisis').map((c) => ({ text: c.text, sealed })));
for (const { file, title, sealed } of SAFETY_SETS.filter((s) => existsSync(s.file))) {
  const safety = formatSafetyReport(evaluateSafety(brain, loadSafetySet(file)), title);
  lines.push('', details && !sealed ? safety : safety.split('\n').filter((l) => !l.startsWith('  ') || /^  (danger|third|not now|own crisis)/u.test(l)).join('\n'));
}
// The sealed sets' texts count in the rate; only the others are ever listed.
lines.push('', formatOrdinaryReport(evaluateOrdinary(brain, ordinary), details));
const th = brain.matcher.thresholds;
lines.push(
  '',
  `thresholds (cross-validated on training data): accept ${th.accept}, min similarity ${th.minSimilarity}, clarify margin ${th.margin}, question ${th.question}; safety crisis ${brain.safety.thresholds.crisis}, distress ${brain.safety.thresholds.distress}, now ${brain.safety.thresholds.now}, other ${brain.safety.thresholds.other}`,
  `start-up (restored snapshot, or load + train when the data changed): ${trainMs.toFixed(0)} ms`,
);
process.stdout.write(`${lines.join('\n')}\n`);
