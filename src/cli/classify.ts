/**
 * `npm run --silent classify`: one utterance per stdin line → one JSON line
 * `{"intent", "question", "role", "confidence", "alternatives": [{"intent","confidence"}]}`:
 * the matched topic, the question entry (or null), the speaker's role if the line states one.
 * Each line is classified on its own. Exits 0 at EOF.
 */
import { loadBrain } from '../core/brain.js';
import { detectRole } from '../core/role.js';
import { eachLine, writeJson } from './lines.js';
import { exitOnKnowledgeError } from './fail.js';

const brain = exitOnKnowledgeError(() => loadBrain());
await eachLine(
  (line) => {
    const normalized = brain.matcher.normalized(line);
    const m = brain.matcher.matchNormalized(normalized);
    const role = detectRole(brain.roles, normalized) ?? null;
    writeJson({ intent: m.intent, question: m.decision === 'answer' ? m.question : null, role, confidence: m.confidence, alternatives: m.alternatives });
  },
  () => writeJson({ intent: null, question: null, role: null, confidence: 0, alternatives: [] }),
);
