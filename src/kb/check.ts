/**
 * Cross-file consistency checks that a single schema cannot express. Returns problems as
 * readable lines; `npm run kb:check` prints them and start-up refuses to run with any.
 */
import { INTENT_IDS } from './schema.js';
import type { KnowledgeBase } from './load.js';

/** Follow-up ids that are actions of the bot rather than topics. */
export const BUILTIN_ACTIONS: readonly string[] = ['menu'];

/** Lists every consistency problem (empty when the knowledge base is sound). */
export function findProblems(kb: KnowledgeBase, normalize: (s: string) => string): string[] {
  const problems: string[] = [];
  const targets = new Set([...kb.topics.keys(), ...BUILTIN_ACTIONS]);
  const ids = new Set(kb.intents.map((i) => i.id));
  for (const id of INTENT_IDS) {
    if (!ids.has(id)) problems.push(`intents/${id}.yaml: missing (every intent id needs training utterances)`);
  }
  for (const intent of kb.intents) {
    if (!kb.topics.has(intent.topic)) {
      problems.push(`intents/${intent.id}.yaml: topic "${intent.topic}" has no knowledge/${intent.topic}.yaml`);
    }
  }
  const answered = new Set(kb.intents.map((i) => i.topic));
  for (const topic of kb.topics.values()) {
    if (kb.common.labels[topic.id] === undefined) {
      problems.push(`knowledge/_common.yaml: labels has no entry for topic "${topic.id}"`);
    }
    if (!answered.has(topic.id)) problems.push(`knowledge/${topic.id}.yaml: no intent leads to this topic`);
    topic.followUps.forEach((f, i) => {
      if (!targets.has(f.id)) {
        problems.push(`knowledge/${topic.id}.yaml: followUps[${i}].id "${f.id}" is not a topic or action`);
      }
      if (f.id === topic.id) problems.push(`knowledge/${topic.id}.yaml: followUps[${i}] points to itself`);
    });
  }
  kb.common.menu.forEach((f, i) => {
    if (!targets.has(f.id)) problems.push(`knowledge/_common.yaml: menu[${i}].id "${f.id}" is not a topic`);
  });
  // The same utterance (after normalization, ignoring punctuation) under two intents.
  const seen = new Map<string, string>();
  const key = (s: string): string => normalize(s).replace(/[\p{P}\p{S}\s]/gu, '');
  const record = (text: string, owner: string): void => {
    const k = key(text);
    const prev = seen.get(k);
    if (prev !== undefined && prev !== owner) {
      problems.push(`utterance "${text}" appears under both ${prev} and ${owner}`);
    }
    if (prev === undefined) seen.set(k, owner);
  };
  for (const intent of kb.intents) for (const u of intent.utterances) record(u, `intents/${intent.id}.yaml`);
  for (const n of kb.negatives) record(n, 'intents/_out-of-scope.yaml');
  return problems;
}
