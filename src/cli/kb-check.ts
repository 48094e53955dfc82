/**
 * `npm run kb:check`: validates every knowledge and intent file (zod schemas) and the
 * cross-file rules (follow-up ids, intent ↔ topic, duplicate utterances). Exit 1 on any problem.
 */
import { findProblems } from '../kb/check.js';
import { KnowledgeError } from '../kb/errors.js';
import { loadKnowledge } from '../kb/load.js';
import { createNormalizer } from '../matcher/normalize.js';

try {
  const kb = loadKnowledge();
  const problems = findProblems(kb, createNormalizer(kb.lexicon.rewrites));
  if (problems.length > 0) {
    process.stderr.write(`kb:check found ${problems.length} problem(s):\n- ${problems.join('\n- ')}\n`);
    process.exit(1);
  }
  const utterances = kb.intents.reduce((a, i) => a + i.utterances.length, 0);
  process.stdout.write(
    `kb:check ok: ${kb.topics.size} topics, ${kb.intents.length} intents, ${utterances} utterances, ${kb.negatives.length} out-of-scope examples\n`,
  );
} catch (error) {
  if (error instanceof KnowledgeError) {
    process.stderr.write(`kb:check failed: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
