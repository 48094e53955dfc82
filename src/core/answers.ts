/**
 * The replies built from the knowledge files: the short answer to a question entry (in the
 * speaker's voice when it has one), a topic's short summary with its top questions, and the
 * details behind the buttons (all steps, the legal basis with its quotes, contacts, the
 * template). Pure.
 */
import type { KnowledgeBase } from '../kb/load.js';
import type { FollowUp, IntentId, Question, Topic } from '../kb/schema.js';
import { ROLE_NAMES, VOICE_FALLBACK, type SpeakerRole } from '../kb/roles.js';
import { citationsOf, contactsOf } from './legal.js';
import { emptyReply } from './reply-base.js';
import type { Reply, ReplyKind } from './types.js';

/** The knowledge a reply is built from, indexed. */
export interface AnswerIndex {
  kb: KnowledgeBase;
  /** topic id → intent id. */
  intentOfTopic: ReadonlyMap<string, IntentId>;
  /** question id → its question and topic. */
  questions: ReadonlyMap<string, { question: Question; topic: Topic }>;
}

/** Builds the index. */
export function answerIndex(kb: KnowledgeBase): AnswerIndex {
  const intentOfTopic = new Map<string, IntentId>();
  for (const i of kb.intents) intentOfTopic.set(i.topic, i.id);
  const questions = new Map<string, { question: Question; topic: Topic }>();
  for (const topic of kb.topics.values()) for (const question of topic.questions) questions.set(question.id, { question, topic });
  return { kb, intentOfTopic, questions };
}

/** The kinds of details a button can show. */
export const DETAIL_KINDS = ['steps', 'legal', 'template'] as const;
export type DetailKind = (typeof DETAIL_KINDS)[number];

const DETAIL_LABELS: Readonly<Record<DetailKind, string>> = { steps: '详细步骤和联系方式', legal: '法律依据（原文）', template: '可以直接用的模板' };

/** `d-legal-<id>` etc.: the button of one details section of a question or topic. */
export function detailButtonId(kind: DetailKind, id: string): string {
  return `d-${kind}-${id}`;
}

/** Parses a details button id. */
export function parseDetailButton(id: string): { kind: DetailKind; target: string } | undefined {
  const m = /^d-(steps|legal|template)-([a-z][a-z0-9-]*)$/u.exec(id);
  return m ? { kind: m[1] as DetailKind, target: m[2] } : undefined;
}

/** A topic's short label (the label table in `_common.yaml`, else its title). */
export function topicLabel(kb: KnowledgeBase, topic: Topic): string {
  return kb.common.labels[topic.id] ?? [...topic.title].slice(0, 20).join('');
}

/** A follow-up for a question, topic or action id (question labels, then topic labels). */
export function followUpFor(ix: AnswerIndex, id: string): FollowUp | undefined {
  if (id === 'triage') return { id, label: ix.kb.triage.controls.start };
  if (id === 'menu') return { id, label: '主菜单' };
  const q = ix.questions.get(id);
  if (q) return { id, label: q.question.label };
  const topic = ix.kb.topics.get(id);
  return topic ? { id, label: topicLabel(ix.kb, topic) } : undefined;
}

/** The details buttons a question or topic has (only sections that are not empty). */
function detailButtons(ix: AnswerIndex, id: string, topic: Topic, question?: Question): FollowUp[] {
  const out: FollowUp[] = [];
  if (topic.steps.length > 0 || topic.contacts.length > 0 || (question?.contacts.length ?? 0) > 0) {
    out.push({ id: detailButtonId('steps', id), label: DETAIL_LABELS.steps });
  }
  if (topic.legal.length > 0 || (question?.legal.length ?? 0) > 0) out.push({ id: detailButtonId('legal', id), label: DETAIL_LABELS.legal });
  if (topic.template) out.push({ id: detailButtonId('template', id), label: DETAIL_LABELS.template });
  return out;
}

function kindOf(ix: AnswerIndex, topic: Topic): ReplyKind {
  return ix.intentOfTopic.get(topic.id) === 'crisis' ? 'crisis' : 'answer';
}

/**
 * The short answer to a question entry: the answer (for the speaker's role when the entry has
 * one), at most three next steps, the details buttons and the related questions.
 */
export function questionReply(ix: AnswerIndex, id: string, role: SpeakerRole | undefined, confidence = 1): Reply | undefined {
  const entry = ix.questions.get(id);
  if (!entry) return undefined;
  const { question, topic } = entry;
  const fallback = role === undefined ? undefined : VOICE_FALLBACK[role];
  const voice = role === undefined ? undefined : (question.byRole?.[role] ?? (fallback ? question.byRole?.[fallback] : undefined));
  const related = question.related.flatMap((r) => followUpFor(ix, r) ?? []);
  // A topic that offers the guided analysis offers it from each of its questions too.
  const analysis = topic.followUps.find((f) => f.id === 'triage');
  if (analysis && !related.some((f) => f.id === 'triage')) related.push(analysis);
  return {
    ...emptyReply(ix.kb.common, kindOf(ix, topic), ix.intentOfTopic.get(topic.id) ?? null, confidence, topic.id),
    question: question.id,
    title: question.ask,
    ...(voice && role ? { context: `（按你是${ROLE_NAMES[role]}来回答）` } : {}),
    summary: voice?.answer ?? question.answer,
    next: [...(voice?.next ?? question.next)],
    followUps: [...detailButtons(ix, question.id, topic, question), ...related],
  };
}

/** Questions offered when a topic fits but no entry does: its `top` list, else its first three. */
export function topQuestions(ix: AnswerIndex, topic: Topic, prefer: readonly string[] = []): FollowUp[] {
  const ids = [...prefer, ...(topic.top ?? topic.questions.slice(0, 3).map((q) => q.id))];
  return [...new Set(ids)].slice(0, 3).flatMap((id) => followUpFor(ix, id) ?? []);
}

/**
 * A topic's short reply: its summary, and the questions it answers ("你是想问：…") — `prefer`
 * puts the matcher's best guesses first. Topics without questions offer their follow-ups.
 */
export function topicReply(ix: AnswerIndex, topic: Topic, confidence = 1, prefer: readonly string[] = []): Reply {
  const offered = topQuestions(ix, topic, prefer);
  const summary = offered.length > 0 ? `${topic.summary}\n\n你是想问：${offered.map((f) => `「${f.label}」`).join('、')}？` : topic.summary;
  return {
    ...emptyReply(ix.kb.common, kindOf(ix, topic), ix.intentOfTopic.get(topic.id) ?? null, confidence, topic.id),
    title: topic.title,
    summary,
    followUps: offered.length > 0 ? [...offered, ...detailButtons(ix, topic.id, topic)] : [...topic.followUps],
  };
}

/** The details section `kind` of a question or topic. Undefined for an unknown id. */
export function detailReply(ix: AnswerIndex, kind: DetailKind, id: string): Reply | undefined {
  const entry = ix.questions.get(id);
  const topic = entry?.topic ?? ix.kb.topics.get(id);
  if (!topic) return undefined;
  const question = entry?.question;
  const base = {
    ...emptyReply(ix.kb.common, kindOf(ix, topic), ix.intentOfTopic.get(topic.id) ?? null, 1, topic.id),
    question: question?.id ?? null,
    detail: true,
    followUps: [...detailButtons(ix, id, topic, question).filter((f) => f.id !== detailButtonId(kind, id)), ...topQuestions(ix, topic)],
  };
  const title = question?.ask ?? topic.title;
  if (kind === 'legal') {
    return { ...base, title: `${title}：法律依据`, legal: citationsOf(ix.kb, [...(question?.legal ?? []), ...topic.legal]) };
  }
  if (kind === 'template' && topic.template) return { ...base, title: topic.template.title, template: { ...topic.template } };
  return {
    ...base,
    title: `${title}：详细步骤`,
    steps: [...topic.steps],
    contacts: contactsOf(ix.kb, [...(question?.contacts ?? []), ...topic.contacts]),
    cautions: [...topic.cautions],
  };
}
