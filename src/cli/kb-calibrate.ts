/**
 * `npm run kb:calibrate`: cross-validates the matcher thresholds on the training data (never
 * the held-out set) for each segmenter and stores them in `intents/_calibration.json`.
 * Run it after editing `intents/`; `npm run kb:check` fails while the file is stale.
 */
import { makeSegmenter, SEGMENTERS, trainingExamples } from '../core/brain.js';
import { fingerprint, writeCalibration } from '../core/calibration.js';
import { loadKnowledge } from '../kb/load.js';
import { calibrate, prepareExamples } from '../matcher/matcher.js';
import { createNormalizer } from '../matcher/normalize.js';
import { createFeaturizer } from '../matcher/tokenize.js';
import { exitOnKnowledgeError } from './fail.js';

const kb = exitOnKnowledgeError(() => loadKnowledge());
const normalize = createNormalizer(kb.lexicon.rewrites);
const examples = trainingExamples(kb);
for (const segmenter of SEGMENTERS) {
  const t0 = performance.now();
  const featurizer = createFeaturizer(makeSegmenter(segmenter, kb, normalize), kb.lexicon);
  const thresholds = calibrate(prepareExamples(examples, normalize, featurizer), 5);
  writeCalibration(segmenter, { fingerprint: fingerprint(examples, segmenter, {}), thresholds });
  process.stdout.write(
    `${segmenter}: accept ${thresholds.accept}, min similarity ${thresholds.minSimilarity}, margin ${thresholds.margin} (${(performance.now() - t0).toFixed(0)} ms)\n`,
  );
}
