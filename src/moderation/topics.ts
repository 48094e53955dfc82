/**
 * Which topics a group offers and finding one by what a member typed after `/faq`: its id,
 * its label or title, part of either, a loosely typed name (bigram similarity), or finally a
 * question the matcher recognizes.
 */
import type { Brain } from '../core/respond.js';
import { labelOf } from '../core/respond.js';
import { SMALL_TALK_INTENTS, type FollowUp } from '../kb/schema.js';
import { bigrams, containment, jaccard } from './similarity.js';
import type { GroupSettings } from './settings.js';

/** Topics an admin cannot switch off: people in crisis must always get the helplines. */
export const ALWAYS_ENABLED: ReadonlySet<string> = new Set(['crisis']);

/** True when `topicId` is offered and auto-answered in a group with `settings`. */
export function isTopicEnabled(settings: Pick<GroupSettings, 'disabledTopics'>, topicId: string): boolean {
  return ALWAYS_ENABLED.has(topicId) || !settings.disabledTopics.includes(topicId);
}

/**
 * Every listable topic (menu order first, then the rest), with its short label. Hidden topics
 * are left out.
 */
export function listableTopics(brain: Brain): FollowUp[] {
  const { kb } = brain;
  const ids = [...kb.common.menu.map((m) => m.id), ...Object.keys(kb.common.labels), ...kb.topics.keys()];
  const out: FollowUp[] = [];
  for (const id of new Set(ids)) {
    const topic = kb.topics.get(id);
    if (topic && !SMALL_TALK_INTENTS.has(id)) out.push({ id, label: labelOf(brain, topic) });
  }
  return out;
}

/** The listable topics the group has enabled. */
export function enabledTopics(brain: Brain, settings: Pick<GroupSettings, 'disabledTopics'>): FollowUp[] {
  return listableTopics(brain).filter((t) => isTopicEnabled(settings, t.id));
}

/** What {@link findTopic} found. */
export type TopicLookup =
  | { kind: 'found'; topicId: string }
  | { kind: 'ambiguous'; topicIds: string[] }
  | { kind: 'not-found' };

/** Least bigram similarity for a loosely typed name. */
const FUZZY_MIN = 0.34;

/**
 * Finds the topic `query` names among `candidates` (ids). Tries, in order: the id; the exact
 * label or title (after the matcher's normalization, so 繁體 works); an id fragment
 * (`contacts`); a label/title containing the query or contained in it; the best bigram
 * similarity; and finally the matcher (`/faq 催收打给我妈合法吗`). Several equally good
 * candidates give `ambiguous`.
 */
export function findTopic(brain: Brain, query: string, candidates: readonly string[]): TopicLookup {
  const q = query.trim().replace(/^[「“"']|[」”"']$/gu, '').trim();
  if (q === '') return { kind: 'not-found' };
  const { kb } = brain;
  const norm = (s: string): string => brain.matcher.normalized(s).replace(/[\s\p{P}\p{S}]+/gu, '');
  const names = candidates.flatMap((id) => {
    const topic = kb.topics.get(id);
    return topic ? [{ id, names: [labelOf(brain, topic), topic.title].map(norm).filter((n) => n !== '') }] : [];
  });
  const lower = q.toLowerCase();
  const byId = names.find((c) => c.id === lower);
  if (byId) return { kind: 'found', topicId: byId.id };
  const nq = norm(q);
  if (nq === '') return { kind: 'not-found' };
  const exact = names.filter((c) => c.names.includes(nq));
  if (exact.length > 0) return pick(exact.map((c) => c.id));
  if (/^[a-z][a-z0-9-]*$/u.test(lower)) {
    const partial = names.filter((c) => c.id.includes(lower));
    if (partial.length > 0) return pick(partial.map((c) => c.id));
  }
  if ([...nq].length >= 2) {
    const within = names.filter((c) => c.names.some((n) => n.includes(nq) || ([...n].length >= 3 && nq.includes(n))));
    if (within.length > 0) return pick(within.map((c) => c.id));
  }
  const qb = bigrams(nq);
  const scored = names
    .map((c) => ({ id: c.id, score: Math.max(...c.names.map((n) => Math.max(jaccard(qb, bigrams(n)), containment(qb, bigrams(n)) * 0.9))) }))
    .sort((a, b) => b.score - a.score);
  const [best, second] = scored;
  if (best && best.score >= FUZZY_MIN) {
    return second && best.score - second.score < 0.05 && second.score >= FUZZY_MIN
      ? { kind: 'ambiguous', topicIds: scored.filter((s) => best.score - s.score < 0.05).map((s) => s.id) }
      : { kind: 'found', topicId: best.id };
  }
  const match = brain.matcher.match(q);
  if (match.decision === 'answer' && match.intent !== null && !SMALL_TALK_INTENTS.has(match.intent)) {
    const topicId = kb.intents.find((i) => i.id === match.intent)?.topic;
    if (topicId && candidates.includes(topicId)) return { kind: 'found', topicId };
  }
  return { kind: 'not-found' };
}

function pick(ids: string[]): TopicLookup {
  const unique = [...new Set(ids)];
  return unique.length === 1 ? { kind: 'found', topicId: unique[0] } : { kind: 'ambiguous', topicIds: unique };
}
