/**
 * Child process of `npm run bench`: the accuracy of one matcher (by name, see `byName`) on the
 * held-out set and blind round 1, printed as one JSON line. Used for peers that cannot share a
 * process with another instance of themselves (nlp.js keeps one dock per process).
 * Usage: `node --import tsx bench/peer-quality.ts nlpjs-threshold`.
 */
import { loadKnowledge } from '../src/kb/load.js';
import { evaluate, loadBlind, loadHeldout, type Case } from '../src/eval/evaluate.js';
import type { IntentId } from '../src/kb/schema.js';
import { byName } from './matchers.js';

const matcher = byName(process.argv[2] ?? 'nlpjs-threshold');
await matcher.train(loadKnowledge());

async function score(cases: readonly Case[]): Promise<{ top1: number; oos: number }> {
  const inScope = cases.filter((c) => c.intent !== 'crisis');
  const seen = new Map<string, IntentId | null>();
  for (const c of inScope) seen.set(c.text, await matcher.classify(c.text));
  const r = evaluate(inScope, (t) => seen.get(t) ?? null);
  return { top1: r.top1, oos: r.oosRejection };
}

const result = { name: matcher.name, heldout: await score(loadHeldout()), blind: await score(loadBlind()) };
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
