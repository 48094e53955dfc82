/**
 * `npm run --silent chat -- --json`: one input per stdin line (a message, or `#button <id>`
 * to press a follow-up of the previous reply) → one JSON line
 * `{"intent", "confidence", "text", "followUps": [{"id","label"}]}`. State is kept across
 * lines; a bad line never stops the run; exits 0 at EOF. Without `--json` it prints the text.
 */
import { Assistant } from '../core/assistant.js';
import { loadBrain } from '../core/brain.js';
import { renderPlain } from '../core/render-plain.js';
import { parseLine } from './parse-line.js';
import { eachLine, writeJson } from './lines.js';
import { exitOnKnowledgeError } from './fail.js';

const json = process.argv.includes('--json');
const assistant = new Assistant(exitOnKnowledgeError(() => loadBrain()));
const REF = { user: 'cli:local', scope: 'chat' };

await eachLine(
  async (line) => {
    const { reply } = await assistant.handle(REF, parseLine(line));
    const text = renderPlain(reply);
    if (json) {
      writeJson({ intent: reply.intent, confidence: reply.confidence, text, followUps: reply.followUps });
    } else {
      process.stdout.write(`${text}\n\n`);
    }
  },
  (_line, error) => {
    const text = '抱歉，处理这条消息时出了点问题。请换个说法再试一次。';
    if (json) writeJson({ intent: null, confidence: 0, text, followUps: [], error: String(error) });
    else process.stdout.write(`${text}\n\n`);
  },
);
