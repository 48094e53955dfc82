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

/** One topic's phrasings as an inverted index: feature → (phrasing, weight) postings. */
interface TopicIndex {
  /** Question id of each phrasing. */
  question: string[];
  postings: Map<number, Array<[number, number]>>;
}

/**
 * The question phrasings of every topic, indexed by feature. A topic's index is built the first
 * time that topic is ranked: featurizing all ~3,600 phrasings took ~200 ms of every start, and
 * the first answer needs one topic.
 */
export class QuestionIndex {
  private readonly pending = new Map<IntentId, QuestionExample[]>();
  private readonly byIntent = new Map<IntentId, TopicIndex>();

  constructor(
    readonly examples: readonly QuestionExample[],
    private readonly featurizer: Featurizer,
    private readonly model: Model,
  ) {
    for (const e of examples) {
      const list = this.pending.get(e.intent) ?? [];
      list.push(e);
      this.pending.set(e.intent, list);
    }
  }

  /** The index of one topic's phrasings, built on first use. */
  private topic(intent: IntentId): TopicIndex | undefined {
    const built = this.byIntent.get(intent);
    if (built) return built;
    const examples = this.pending.get(intent);
    if (!examples) return undefined;
    const topic: TopicIndex = { question: [], postings: new Map() };
    for (const e of examples) {
      const { idx, val } = this.model.vector(this.featurizer.features(e.text));
      const doc = topic.question.push(e.question) - 1;
      idx.forEach((f, t) => {
        const list = topic.postings.get(f) ?? [];
        list.push([doc, val[t]]);
        topic.postings.set(f, list);
      });
    }
    this.byIntent.set(intent, topic);
    this.pending.delete(intent);
    return topic;
  }

  /** The best questions of `intent` for a query vector, best first. */
  rank(intent: IntentId, query: { idx: readonly number[]; val: readonly number[] }): QuestionMatch[] {
    const topic = this.topic(intent);
    if (!topic) return [];
    const dots = new Float64Array(topic.question.length);
    for (let t = 0; t < query.idx.length; t++) {
      for (const [doc, w] of topic.postings.get(query.idx[t]) ?? []) dots[doc] += query.val[t] * w;
    }
    const best = new Map<string, number[]>();
    dots.forEach((dot, doc) => {
      const id = topic.question[doc];
      const top = best.get(id) ?? [];
      top.push(dot);
      best.set(id, top);
    });
    const out: QuestionMatch[] = [];
    for (const [id, sims] of best) {
      const top = sims.sort((a, b) => b - a).slice(0, NEIGHBOURS);
      while (top.length < NEIGHBOURS) top.push(0);
      out.push({ id, similarity: Math.min(1, top.reduce((a, b) => a + b, 0) / NEIGHBOURS) });
    }
    return out.sort((a, b) => b.similarity - a.similarity).slice(0, TOP);
  }
}
