/**
 * `npm run kb:review -- [--group <g>] [--limit <n>] [--out <file>] [--threshold <0..1>]`:
 * exports the unanswered log (from `STORE_URL`, `.env` included) as clusters of similar
 * questions for curators, to `review/unanswered-<YYYY-MM-DD>.yaml` by default: per cluster the
 * count, the suggested intent, the intent file its lines would go to, and the distinct
 * questions as an `utterances:` list in the intents/*.yaml style. Texts were redacted when
 * logged. Prints the path written and a one-line summary. Exit 1 on bad arguments,
 * configuration, knowledge files or store.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { KnowledgeError } from '../kb/errors.js';
import { loadKnowledge, ROOT } from '../kb/load.js';
import { createNormalizer } from '../matcher/normalize.js';
import { clusterQuestions, DEFAULT_CLUSTER_THRESHOLD } from '../moderation/cluster.js';
import { buildReviewExport, reviewYaml } from '../moderation/review-export.js';
import { describeStoreTarget, openStore, parseStoreUrl, StoreError, UnansweredLog } from '../store/index.js';

const { values } = parseArgs({
  options: {
    group: { type: 'string' },
    limit: { type: 'string', default: '1000' },
    out: { type: 'string' },
    threshold: { type: 'string', default: String(DEFAULT_CLUSTER_THRESHOLD) },
  },
});

try {
  const limit = Number(values.limit);
  const threshold = Number(values.threshold);
  if (!Number.isInteger(limit) || limit < 1) throw new ConfigError('--limit must be a positive whole number');
  if (!(threshold > 0 && threshold <= 1)) throw new ConfigError('--threshold must be a number in (0, 1]');
  const config = loadConfig();
  const kb = loadKnowledge();
  const normalize = createNormalizer(kb.lexicon.rewrites);
  const target = parseStoreUrl(config.STORE_URL);
  const stores = await openStore(target);
  let entries;
  try {
    entries = await new UnansweredLog(stores.unanswered).recent(values.group, limit);
  } finally {
    await stores.close();
  }
  const now = new Date();
  const clusters = await clusterQuestions(entries, normalize, threshold);
  const data = buildReviewExport(clusters, { generated: now, store: describeStoreTarget(target), group: values.group, questions: entries.length });
  const out = values.out ?? join(ROOT, 'review', `unanswered-${now.toISOString().slice(0, 10)}.yaml`);
  const path = isAbsolute(out) ? out : resolve(process.cwd(), out);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, reviewYaml(data), 'utf8');
  process.stdout.write(`${path}\n${entries.length} questions in ${clusters.length} clusters\n`);
} catch (error) {
  const known = error instanceof ConfigError || error instanceof StoreError || error instanceof KnowledgeError;
  const reason = known || error instanceof Error ? (error as Error).message : String(error);
  process.stderr.write(`Cannot export the unanswered log: ${reason}\n`);
  process.exitCode = 1;
}
