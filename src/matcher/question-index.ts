/**
 * Which question entry of a topic a text asks: the mean cosine similarity of the text's TF-IDF
 * vector (the topic model's weights) to the two closest training phrasings of each question of
 * that topic. Questions have a handful of phrasings each, so nearest neighbours within the
 * already chosen topic do better than another classifier over ~150 labels.
 */
import type { IntentId } from '../kb/schema.js';
import type { Model } from './model.js';
import type { Featurizer } from './tokenize.js';

/** A normalized training phrasing of one question. */
export interface QuestionExample {
  text: string;
  intent: IntentId;
  question: string;
}

/** One question's fit for a text. */
export interface QuestionMatch {
  id: string;
  /** Mean cosine similarity to the question's closest phrasings, 0..1. */
  similarity: number;
}

/** Phrasings averaged per question. */
const NEIGHBOURS = 2;
/** Best questions reported. */
const TOP = 3;

type SparseVector = Map<number, number>;

/** The question phrasings of every topic, as vectors. */
export class QuestionIndex {
  private readonly byIntent = new Map<IntentId, Array<{ question: string; vector: SparseVector }>>();

  constructor(
    readonly examples: readonly QuestionExample[],
    featurizer: Featurizer,
    model: Model,
  ) {
    for (const e of examples) {
      const { idx, val } = model.vector(featurizer.features(e.text));
      const list = this.byIntent.get(e.intent) ?? [];
      list.push({ question: e.question, vector: new Map(idx.map((f, t) => [f, val[t]])) });
      this.byIntent.set(e.intent, list);
    }
  }

  /** The best questions of `intent` for a query vector, best first. */
  rank(intent: IntentId, query: { idx: readonly number[]; val: readonly number[] }): QuestionMatch[] {
    const best = new Map<string, number[]>();
    for (const { question, vector } of this.byIntent.get(intent) ?? []) {
      let dot = 0;
      for (let t = 0; t < query.idx.length; t++) dot += query.val[t] * (vector.get(query.idx[t]) ?? 0);
      const list = best.get(question) ?? [];
      list.push(dot);
      best.set(question, list);
    }
    const out: QuestionMatch[] = [];
    for (const [id, sims] of best) {
      const top = sims.sort((a, b) => b - a).slice(0, NEIGHBOURS);
      while (top.length < NEIGHBOURS) top.push(0);
      out.push({ id, similarity: Math.min(1, top.reduce((a, b) => a + b, 0) / NEIGHBOURS) });
    }
    return out.sort((a, b) => b.similarity - a.similarity).slice(0, TOP);
  }
}
