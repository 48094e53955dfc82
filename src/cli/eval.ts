/**
 * `npm run eval [-- --segmenter learned|intl|jieba]`: trains on `intents/`, evaluates on the held-out
 * set `test/fixtures/heldout.yaml` and prints per-intent precision/recall, top-1 accuracy,
 * out-of-scope rejection and the confusion list.
 */
import { DEFAULT_SEGMENTER, loadBrain, SEGMENTERS, type SegmenterName } from '../core/brain.js';
import { evaluate, formatReport, loadHeldout } from '../eval/evaluate.js';
import { exitOnKnowledgeError } from './fail.js';

const i = process.argv.indexOf('--segmenter');
const requested = i > 0 ? process.argv[i + 1] : undefined;
const segmenter: SegmenterName = SEGMENTERS.find((s) => s === requested) ?? DEFAULT_SEGMENTER;
const t0 = performance.now();
const brain = exitOnKnowledgeError(() => loadBrain({ segmenter }));
const trainMs = performance.now() - t0;
const report = evaluate(loadHeldout(), (text) => brain.matcher.match(text).intent);
process.stdout.write(`${formatReport(report, `Held-out evaluation (segmenter: ${segmenter})`)}\n`);
const th = brain.matcher.thresholds;
process.stdout.write(
  `\nthresholds (cross-validated on training data): accept ${th.accept}, min similarity ${th.minSimilarity}, clarify margin ${th.margin}\nstart-up (restored snapshot, or load + train when the data changed): ${trainMs.toFixed(0)} ms\n`,
);
