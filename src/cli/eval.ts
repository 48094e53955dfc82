/**
 * `npm run eval [-- --segmenter learned|intl|jieba] [--details]`: trains on `intents/` and
 * evaluates what the bot decides (safety step, then topic and question) on the held-out set
 * `test/fixtures/heldout.yaml` (written with the training data) and on the two halves of the
 * blind set `test/fixtures/blind-questions.yaml` (written by a session that saw only the
 * question list; see {@link splitBlind}), on rounds 2 and 3 (`blind-questions-2.yaml`, `-3.yaml`), development set 5
 * (`questions-dev-5.yaml`) and on the sealed round 4 `blind-questions-4.yaml`,
 * then the safety step on each safety round (`SAFETY_SETS`) and the false-crisis rate. `--details` adds the per-intent tables, confusions and every miss — never
 * for a sealed set, whose misses nobody may study.
 */
import { existsSync } from 'node:fs';
import { DEFAULT_SEGMENTER, loadBrain, SEGMENTERS, type SegmenterName } from '../core/brain.js';
import { BLIND_FILE, BLIND_FILE_2, BLIND_FILE_3, BLIND_FILE_4, DEV_FILE_5, DEV_FILE_6, BLIND_FILE_6, evaluate, formatReport, loadBlind, loadHeldout, splitBlind, type EvalReport } from '../eval/evaluate.js';
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
if (existsSync(BLIND_FILE_2)) {
  sets.push(['blind round 2 (blind when first measured on 2026-12-02: topic 97.0%, question 93.5%, out of scope 84.3%; studied since 2026-12-03)', loadBlind(BLIND_FILE_2), false]);
}
if (existsSync(BLIND_FILE_3)) {
  sets.push(['blind round 3 (blind when first measured on 2026-12-03: topic 94.6%, question 88.3%, out of scope 67.0%; studied since 2026-12-03, 2nd session)', loadBlind(BLIND_FILE_3), false]);
}
if (existsSync(DEV_FILE_5)) {
  sets.push(['development set 5 (out-of-scope-heavy, studied from the start; first measured on 2026-12-03 at HEAD 3110b7f plus a colleague in legal-contact-family: topic 96.4%, question 93.5%, out of scope 93.6%, 94.1% given no topic answer)', loadBlind(DEV_FILE_5), false]);
}
if (existsSync(DEV_FILE_6)) {
  sets.push(['development set 6 (two per question, studied from the start; first measured on 2026-12-06, after 134a559: topic 94.2%, question 90.6%, out of scope 100.0%, wrongly rejected 2.4%)', loadBlind(DEV_FILE_6), false]);
}
if (existsSync(BLIND_FILE_4)) sets.push(['blind round 4 (sealed: never studied; first measured on 2026-12-03: topic 92.1%, question 86.7%, out of scope 84.8%, wrongly rejected 3.4%)', loadBlind(BLIND_FILE_4), true]);
if (existsSync(BLIND_FILE_6)) sets.push(['blind round 6 (sealed: never studied; first measured on 2026-12-06 with helper-38\'s training lines in: topic 92.3%, question 87.2%, out of scope 97.4%, wrongly rejected 4.0%)', loadBlind(BLIND_FILE_6), true]);
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
