/**
 * `npm run --silent chat -- --json`: one input per stdin line (a message, `#button <id>` to
 * press a follow-up of the previous reply, or `#image <path>` to read a screenshot) → one JSON line
 * `{"intent", "confidence", "text", "followUps": [{"id","label"}]}`. State is kept across
 * lines; a bad line never stops the run; exits 0 at EOF. Without `--json` it prints the text.
 *
 * State lives in memory, unless the `STORE_URL` environment variable is set (the `.env` file is
 * not read here): then in that store, e.g. `STORE_URL=redis://127.0.0.1:6379` to continue a
 * conversation of the bot or of another chat process (the user is always `cli:local`).
 * Store failures are logged to stderr as JSON; the answers go on without context.
 */
import pino from 'pino';
import { Assistant } from '../core/assistant.js';
import { loadBrain } from '../core/brain.js';
import { renderPlain } from '../core/render-plain.js';
import { imageInput, readImageFile } from '../adapters/image-input.js';
import { ImageReader } from '../ocr/index.js';
import { parseLine } from './parse-line.js';
import { eachLine, writeJson } from './lines.js';
import { exitOnKnowledgeError } from './fail.js';
import { createLogger } from '../logger.js';
import { openStore, parseStoreUrl, StoreError, type StoreTarget } from '../store/index.js';

const json = process.argv.includes('--json');
const brain = exitOnKnowledgeError(() => loadBrain());
const logger = createLogger('warn', pino.destination({ fd: 2, sync: true }));
const REF = { user: 'cli:local', scope: 'chat' };

let target: StoreTarget = { kind: 'memory' };
try {
  if (process.env.STORE_URL?.trim()) target = parseStoreUrl(process.env.STORE_URL);
} catch (error) {
  process.stderr.write(`Cannot start: ${error instanceof StoreError ? error.message : String(error)}\n`);
  process.exit(2);
}
const stores = await openStore(target, {
  onError: (error) => logger.warn({ err: error }, 'store unreachable or failing; answering without context until it recovers'),
  onRecover: () => logger.warn('store reachable again'),
});
const assistant = new Assistant(brain, {
  store: stores.conversations,
  onStoreError: (error) => logger.warn({ err: error }, 'conversation store failed; answering without context'),
});

const images = new ImageReader();

await eachLine(
  async (line) => {
    const image = /^#image\s+(.+)$/u.exec(line.trim());
    const read = image ? await imageInput(images, readImageFile(image[1].trim())) : undefined;
    if (read && !read.ok) {
      if (json) writeJson({ intent: null, question: null, role: null, confidence: 0, text: read.notice, followUps: [], error: read.code });
      else process.stdout.write(`${read.notice}\n\n`);
      return;
    }
    const { reply, state } = await assistant.handle(REF, read ? read.input : parseLine(line));
    const text = renderPlain(reply);
    if (json) {
      writeJson({ intent: reply.intent, question: reply.question, role: state.role ?? null, confidence: reply.confidence, text, followUps: reply.followUps });
    } else {
      process.stdout.write(`${text}\n\n`);
    }
  },
  (_line, error) => {
    const text = '抱歉，处理这条消息时出了点问题。请换个说法再试一次。';
    if (json) writeJson({ intent: null, question: null, role: null, confidence: 0, text, followUps: [], error: String(error) });
    else process.stdout.write(`${text}\n\n`);
  },
);
await Promise.all([stores.close(), images.close()]);
