/**
 * Cross-file rules of the question entries: ids unique and distinct from topics and actions,
 * related and top ids that exist, training phrasings for every question (and none for a
 * question that does not exist), and a default reply short enough for a phone.
 */
import type { KnowledgeBase } from './load.js';

/** Longest default reply (question, answer, next steps, disclaimer), in characters. */
export const SHORT_REPLY_MAX = 600;
/** Characters the renderers add around a short reply (headings, numbering, marks). */
const FRAME = 30;
/** Prefixes the core uses for generated button ids (details, guided analysis). */
const RESERVED_PREFIXES = ['d-', 't-'];

const len = (s: string): number => [...s].length;

/** Estimated length of a question's default reply. */
export function shortReplyLength(kb: KnowledgeBase, ask: string, answer: string, next: readonly string[]): number {
  return FRAME + len(ask) + len(answer) + next.reduce((a, s) => a + len(s) + 3, 0) + len(kb.common.disclaimer);
}

/** Every problem of the question entries. `builtins` are the action ids buttons may name. */
export function findQuestionProblems(kb: KnowledgeBase, builtins: readonly string[]): string[] {
  const out: string[] = [];
  const owner = new Map<string, string>();
  for (const t of kb.topics.values()) {
    for (const q of t.questions) {
      const file = `knowledge/${t.id}.yaml`;
      if (owner.has(q.id)) out.push(`${file}: question id "${q.id}" is also used in knowledge/${owner.get(q.id)}.yaml`);
      if (kb.topics.has(q.id) || builtins.includes(q.id)) out.push(`${file}: question id "${q.id}" is also a topic or action id`);
      if (RESERVED_PREFIXES.some((p) => q.id.startsWith(p))) out.push(`${file}: question id "${q.id}" must not start with ${RESERVED_PREFIXES.join(' or ')}`);
      owner.set(q.id, t.id);
    }
  }
  const targets = new Set([...kb.topics.keys(), ...owner.keys(), ...builtins]);
  const phrased = new Map<string, number>();
  for (const intent of kb.intents) {
    for (const [qid, lines] of Object.entries(intent.questions)) {
      if (owner.get(qid) !== intent.topic) out.push(`intents/${intent.id}.yaml: questions.${qid} is not a question of knowledge/${intent.topic}.yaml`);
      phrased.set(qid, lines.length);
    }
  }
  for (const t of kb.topics.values()) {
    const file = `knowledge/${t.id}.yaml`;
    (t.top ?? []).forEach((id, i) => {
      if (!t.questions.some((q) => q.id === id)) out.push(`${file}: top[${i}] "${id}" is not a question of this topic`);
    });
    t.questions.forEach((q, i) => {
      const at = `${file}: questions[${i}] (${q.id})`;
      q.related.forEach((r, k) => {
        if (!targets.has(r)) out.push(`${at}.related[${k}] "${r}" is not a question, topic or action`);
        if (r === q.id) out.push(`${at}.related[${k}] points to itself`);
      });
      if (!phrased.has(q.id)) out.push(`${at}: no training phrasings (add questions.${q.id} to the intent file of topic ${t.id})`);
      const variants = [{ answer: q.answer, next: q.next, who: 'default' }, ...Object.entries(q.byRole ?? {}).map(([who, v]) => ({ answer: v.answer, next: v.next ?? q.next, who }))];
      for (const v of variants) {
        const n = shortReplyLength(kb, q.ask, v.answer, v.next);
        if (n > SHORT_REPLY_MAX) out.push(`${at}: the ${v.who} reply is about ${n} characters (at most ${SHORT_REPLY_MAX})`);
      }
    });
  }
  return out;
}
