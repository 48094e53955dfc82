/**
 * `npm run kb:calibrate`: cross-validates the matcher thresholds (topic and question) on the
 * training data (never an evaluation set) for each segmenter and stores them in
 * `intents/_calibration.json`. Run it after editing `intents/`; `npm run kb:check` fails while
 * the file is stale.
 */
import { makeSegmenter, safetyTrainingData, SEGMENTERS } from '../core/brain.js';
import { calibrateSafety } from '../core/safety-model.js';
import { fingerprint, writeCalibration } from '../core/calibration.js';
import { loadKnowledge } from '../kb/load.js';
import { trainingExamples } from '../kb/training.js';
import { trainMatcher } from '../matcher/matcher.js';
import { createNormalizer } from '../matcher/normalize.js';
import { createFeaturizer } from '../matcher/tokenize.js';
import { exitOnKnowledgeError } from './fail.js';

const kb = exitOnKnowledgeError(() => loadKnowledge());
const normalize = createNormalizer(kb.lexicon.rewrites);
const examples = trainingExamples(kb);
for (const segmenter of SEGMENTERS) {
  const t0 = performance.now();
  const featurizer = createFeaturizer(makeSegmenter(segmenter, kb, normalize), kb.lexicon);
  const { thresholds } = trainMatcher(examples, normalize, featurizer);
  writeCalibration(segmenter, { fingerprint: fingerprint(examples, segmenter, {}), thresholds });
  const safetyData = safetyTrainingData(kb);
  const safety = calibrateSafety(kb.safety.lexicon, featurizer, safetyData.examples, normalize);
  writeCalibration(`safety-${segmenter}`, { fingerprint: fingerprint(safetyData, segmenter, {}), thresholds: safety });
  const t = thresholds;
  process.stdout.write(
    `${segmenter}: accept ${t.accept}, min similarity ${t.minSimilarity}, margin ${t.margin}, question ${t.question}; safety crisis ${safety.crisis}, distress ${safety.distress}, now ${safety.now}, other ${safety.other} (${(performance.now() - t0).toFixed(0)} ms)\n`,
  );
}
