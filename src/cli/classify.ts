/**
 * `npm run --silent classify`: one utterance per stdin line → one JSON line
 * `{"intent", "confidence", "alternatives": [{"intent","confidence"}]}`. Exits 0 at EOF.
 */
import { loadBrain } from '../core/brain.js';
import { eachLine, writeJson } from './lines.js';
import { exitOnKnowledgeError } from './fail.js';

const brain = exitOnKnowledgeError(() => loadBrain());
await eachLine(
  (line) => {
    const m = brain.matcher.match(line);
    writeJson({ intent: m.intent, confidence: m.confidence, alternatives: m.alternatives });
  },
  () => writeJson({ intent: null, confidence: 0, alternatives: [] }),
);
