/**
 * Groups unanswered questions by similarity: the matcher's normalization (Traditional →
 * Simplified, typo rewrites), numbers and masks collapsed, then character-bigram Jaccard.
 * A question joins the cluster it is most similar to (best match with any member) when that
 * similarity reaches the threshold, else starts a new one. Each cluster reports its size, a
 * representative example (the member most similar to the others), every distinct text, and
 * the best guess by vote.
 *
 * Cost: comparing every question with every earlier one is quadratic, and `/unanswered` runs on
 * the bot's only thread. Questions are compared by their first {@link COMPARED_CHARS} characters
 * (the whole text decides only identity), and the work yields to the event loop after every
 * {@link PAIRS_PER_SLICE} comparisons, so 200 questions of 500 characters never hold up other chats.
 */
import type { UnansweredEntry } from '../store/unanswered-log.js';
import { bigrams, comparable, jaccard } from './similarity.js';

/** Default least similarity to join a cluster. */
export const DEFAULT_CLUSTER_THRESHOLD = 0.4;

/** Characters of each question (after normalization) that similarity looks at. */
export const COMPARED_CHARS = 120;

/** Comparisons of two questions between two yields to the event loop (a few milliseconds). */
export const PAIRS_PER_SLICE = 500;

/** One cluster of similar questions. */
export interface QuestionCluster {
  /** How many questions (duplicates included). */
  count: number;
  /** The most representative text. */
  example: string;
  /** Every distinct text (after normalization), newest first. */
  texts: string[];
  /** The most common best guess (weighted by confidence), or null when most had none. */
  bestGuess: string | null;
  /** Mean confidence of the members' guesses, 0..1. */
  meanConfidence: number;
  /** Groups the questions came from (absent for private chats). */
  groups: string[];
  platforms: string[];
  firstSeen: Date;
  lastSeen: Date;
}

interface Member {
  entry: UnansweredEntry;
  grams: Set<string>;
  key: string;
}

/**
 * Clusters `entries` (any order). `normalize` is the matcher's normalization. Clusters come
 * biggest first, then most recent first.
 */
export async function clusterQuestions(
  entries: readonly UnansweredEntry[],
  normalize: (text: string) => string,
  threshold = DEFAULT_CLUSTER_THRESHOLD,
): Promise<QuestionCluster[]> {
  const sorted = [...entries].sort((a, b) => b.at.getTime() - a.at.getTime());
  const clusters: Member[][] = [];
  let pairs = 0;
  for (const entry of sorted) {
    if (pairs >= PAIRS_PER_SLICE) {
      pairs = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const key = comparable(normalize(entry.text));
    const member: Member = { entry, grams: bigrams([...key].slice(0, COMPARED_CHARS).join('')), key };
    let best: Member[] | undefined;
    let bestScore = 0;
    for (const cluster of clusters) {
      for (const other of cluster) {
        pairs += 1;
        const score = other.key === member.key ? 1 : jaccard(member.grams, other.grams);
        if (score > bestScore) {
          bestScore = score;
          best = cluster;
        }
      }
    }
    if (best && bestScore >= threshold) best.push(member);
    else clusters.push([member]);
  }
  return clusters.map(summarize).sort((a, b) => b.count - a.count || b.lastSeen.getTime() - a.lastSeen.getTime());
}

function summarize(members: Member[]): QuestionCluster {
  const votes = new Map<string | null, number>();
  let confidence = 0;
  for (const m of members) {
    votes.set(m.entry.bestGuess, (votes.get(m.entry.bestGuess) ?? 0) + Math.max(m.entry.confidence, 0.01));
    confidence += m.entry.confidence;
  }
  const bestGuess = [...votes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  const times = members.map((m) => m.entry.at.getTime());
  const distinct = new Map<string, string>();
  for (const m of members) if (!distinct.has(m.key)) distinct.set(m.key, m.entry.text);
  return {
    count: members.length,
    example: medoid(members).entry.text,
    texts: [...distinct.values()],
    bestGuess,
    meanConfidence: Math.round((confidence / members.length) * 1000) / 1000,
    groups: unique(members.flatMap((m) => (m.entry.group === undefined ? [] : [m.entry.group]))),
    platforms: unique(members.map((m) => m.entry.platform)),
    firstSeen: new Date(Math.min(...times)),
    lastSeen: new Date(Math.max(...times)),
  };
}

/** The member most similar to the others (the newest among equals; at most 50 compared). */
function medoid(members: Member[]): Member {
  const pool = members.slice(0, 50);
  let best = pool[0];
  let bestScore = -1;
  for (const m of pool) {
    let score = 0;
    for (const o of pool) if (o !== m) score += jaccard(m.grams, o.grams);
    if (score > bestScore) {
      bestScore = score;
      best = m;
    }
  }
  return best;
}

function unique(values: string[]): string[] {
  return [...new Set(values)].sort();
}
