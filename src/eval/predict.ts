/**
 * What the bot decides for one typed message, as the evaluations count it: a crisis (the
 * safety model) answers the crisis topic; a request the bot declines counts as rejected (it
 * is not answered); otherwise the topic and question of `matchText` (which gives none to the
 * other side of the debt, a lender or a collector) when it answers, null when it asks to
 * clarify or rejects.
 */
import { matchText, type Brain } from '../core/respond.js';
import type { Prediction } from './evaluate.js';

/** The bot's decision for `text`, for evaluation. */
export function predict(brain: Brain, text: string): Prediction {
  const normalized = brain.matcher.normalized(text);
  const safety = brain.safety.assess(normalized);
  if (safety.level === 'crisis') return { intent: 'crisis', question: null };
  if (safety.refusal) return { intent: null, question: null };
  const m = matchText(brain, normalized);
  return m.decision === 'answer' ? { intent: m.intent, question: m.question } : { intent: null, question: null };
}
