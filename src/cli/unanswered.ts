/**
 * `npm run --silent unanswered -- [--group <g>] [--limit <n>]`: prints the latest unanswered
 * questions from the bot's store (`STORE_URL`, `.env` included), newest first, one JSON line
 * each: `{"at", "platform", "group", "bestGuess", "confidence", "text"}` (text already redacted).
 * Without `--group`: across all chats. Groups are `tg:<chat id>` or `dc:<guild id>`.
 * Exit 1 when the configuration is invalid or the store cannot be read.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { openStore, parseStoreUrl, StoreError, UnansweredLog } from '../store/index.js';
import { writeJson } from './lines.js';

const { values } = parseArgs({ options: { group: { type: 'string' }, limit: { type: 'string', default: '50' } } });
const limit = Number(values.limit);

try {
  if (!Number.isInteger(limit) || limit < 1) throw new ConfigError('--limit must be a positive whole number');
  const config = loadConfig();
  const stores = await openStore(parseStoreUrl(config.STORE_URL));
  try {
    for (const e of await new UnansweredLog(stores.unanswered).recent(values.group, limit)) {
      writeJson({ at: e.at.toISOString(), platform: e.platform, group: e.group ?? null, bestGuess: e.bestGuess, confidence: e.confidence, text: e.text });
    }
  } finally {
    await stores.close();
  }
} catch (error) {
  const reason = error instanceof ConfigError || error instanceof StoreError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`Cannot read the unanswered log: ${reason}\n`);
  process.exitCode = 1;
}
