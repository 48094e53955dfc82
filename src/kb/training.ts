/** The matcher's training examples, read from the intent files. */
import type { TrainingExample } from '../matcher/matcher.js';
import type { KnowledgeBase } from './load.js';

/**
 * Training examples: every intent's utterances and keywords, every question's phrasings and
 * the question itself as the knowledge base words it (labelled with their intent and
 * question), and the out-of-scope negatives.
 */
export function trainingExamples(kb: KnowledgeBase): TrainingExample[] {
  const out: TrainingExample[] = [];
  for (const intent of kb.intents) {
    for (const text of intent.utterances) out.push({ text, intent: intent.id });
    for (const text of intent.keywords) out.push({ text, intent: intent.id });
    for (const q of kb.topics.get(intent.topic)?.questions ?? []) out.push({ text: q.ask, intent: intent.id, question: q.id });
    for (const [question, lines] of Object.entries(intent.questions)) {
      for (const text of lines) out.push({ text, intent: intent.id, question });
    }
  }
  for (const text of kb.negatives) out.push({ text, intent: null });
  return out;
}
