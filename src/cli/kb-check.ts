/**
 * `npm run kb:check`: validates every knowledge and intent file (zod schemas) and the
 * cross-file rules (follow-up ids, intent ↔ topic, duplicate utterances). Exit 1 on any problem.
 */
import { DEFAULT_SEGMENTER, safetyTrainingData } from '../core/brain.js';
import { trainingExamples } from '../kb/training.js';
import { cachedThresholds, fingerprint } from '../core/calibration.js';
import { existsSync } from 'node:fs';
import { findProblems } from '../kb/check.js';
import { DEFAULT_STATUTES, verifyLaws } from '../kb/law-verify.js';
import { KnowledgeError } from '../kb/errors.js';
import { loadKnowledge } from '../kb/load.js';
import { createNormalizer } from '../matcher/normalize.js';

try {
  const kb = loadKnowledge();
  const problems = findProblems(kb, createNormalizer(kb.lexicon.rewrites));
  const fp = fingerprint(trainingExamples(kb), DEFAULT_SEGMENTER, {});
  const safetyFp = fingerprint(safetyTrainingData(kb), DEFAULT_SEGMENTER, {});
  if (cachedThresholds(DEFAULT_SEGMENTER, fp) === undefined || cachedThresholds(`safety-${DEFAULT_SEGMENTER}`, safetyFp) === undefined) {
    problems.push('intents/_calibration.json is missing or stale for the current training data: run `npm run kb:calibrate`');
  }
  // The stored articles against the statute texts, when those are beside the project.
  const statutes = existsSync(DEFAULT_STATUTES) ? verifyLaws(DEFAULT_STATUTES) : undefined;
  if (statutes) problems.push(...statutes.problems);
  if (problems.length > 0) {
    process.stderr.write(`kb:check found ${problems.length} problem(s):\n- ${problems.join('\n- ')}\n`);
    process.exit(1);
  }
  const utterances = kb.intents.reduce((a, i) => a + i.utterances.length + Object.values(i.questions).reduce((b, l) => b + l.length, 0), 0);
  const questions = [...kb.topics.values()].reduce((a, t) => a + t.questions.length, 0);
  const articles = [...kb.laws.values()].reduce((a, l) => a + l.articles.length, 0);
  process.stdout.write(
    `kb:check ok: ${kb.topics.size} topics, ${questions} questions, ${kb.laws.size} laws (${articles} articles), ${kb.intents.length} intents, ${utterances} utterances, ${kb.negatives.length} out-of-scope examples; ${statutes ? `${statutes.checked} stored articles equal their statute files` : 'statute texts not beside the project: stored articles not re-verified (quotes are still checked against them)'}\n`,
  );
} catch (error) {
  if (error instanceof KnowledgeError) {
    process.stderr.write(`kb:check failed: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
