/**
 * Child process of `npm run bench`: the accuracy of one matcher (by name, see `byName`) on the
 * held-out set and blind round 1, measured as the table of `bench/run.ts` measures it, printed as
 * one JSON line. Used for peers that cannot share a process with another instance of themselves
 * (nlp.js keeps one dock per process).
 * Usage: `node --import tsx bench/peer-quality.ts nlpjs-threshold`.
 */
import { loadKnowledge } from '../src/kb/load.js';
import { loadBlind, loadHeldout } from '../src/eval/evaluate.js';
import { byName, evaluateMatcher } from './matchers.js';

const matcher = byName(process.argv[2] ?? 'nlpjs-threshold');
await matcher.train(loadKnowledge());
const heldout = await evaluateMatcher(matcher, loadHeldout());
const blind = await evaluateMatcher(matcher, loadBlind().filter((c) => c.intent !== 'crisis'));
const result = { name: matcher.name, heldout: { top1: heldout.top1, oos: heldout.oosRejection }, blind: { top1: blind.top1, oos: blind.oosRejection } };
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
