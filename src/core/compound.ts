/**
 * Two questions in one message ("这合法吗？我能去哪投诉"): the message is cut at question
 * marks, sentence ends, a comma after 吗/呢 and words that join questions (还有、另外、顺便问),
 * each part is matched, and when two parts confidently ask two different question entries,
 * both short answers are given together. Pure.
 */
import type { SpeakerRole } from '../kb/roles.js';
import type { MatchResult } from '../matcher/matcher.js';
import { questionReply } from './answers.js';
import { emptyReply } from './reply-base.js';
import type { Brain } from './brain-types.js';
import type { Reply } from './types.js';

/** Parts shorter than this (in Han characters or letters) are not questions on their own. */
const MIN_PART = 4;
/** Most questions answered in one reply (600 characters hold two short answers). */
const MAX_PARTS = 2;

/** A part asks something: a question mark, a question particle or a question word. */
const ASKS = /[?？]|[吗呢]|(的|是|对|了)吧$|怎么|如何|哪|能不能|能否|可不可以|可以|是不是|会不会|要不要|该不该|什么|多久|为什么|为啥|谁/u;

/** Cuts: question marks and sentence ends, a comma right after a question particle ("会起诉我吗，我会坐牢吗"), and joining words. */
const SPLIT = /[?？。!！;；\n]+|(?<=[吗呢])[,，]|(?:还有|另外|以及|顺便问一下|顺便问|再问一下|还想问|我还想知道)/u;
const CONTENT = /[\p{Script=Han}\p{L}\p{N}]/gu;

/**
 * The parts of a normalized message that each ask something (one part — the whole message —
 * when fewer than two do: "我妈收到了短信。她要替我还吗" is one question with its story).
 */
export function splitQuestions(normalized: string): string[] {
  const parts = normalized
    .split(SPLIT)
    .map((p) => p.trim())
    .filter((p) => (p.match(CONTENT) ?? []).length >= MIN_PART && ASKS.test(p));
  return parts.length > 1 ? parts : [normalized];
}

/**
 * The reply answering two different question entries asked in one message, or undefined when
 * fewer than two parts confidently ask a question.
 */
export function compoundReply(brain: Brain, matches: readonly MatchResult[], role: SpeakerRole | undefined): Reply | undefined {
  const ids: string[] = [];
  for (const m of matches) {
    if (m.decision === 'answer' && m.question !== null && !ids.includes(m.question)) ids.push(m.question);
  }
  if (ids.length < 2) return undefined;
  const replies = ids.slice(0, MAX_PARTS).flatMap((id) => questionReply(brain, id, role) ?? []);
  if (replies.length < 2) return undefined;
  const [first] = replies;
  return {
    ...emptyReply(brain.kb.common, 'answer', first.intent, Math.min(...matches.map((m) => m.confidence)), first.topicId),
    question: first.question,
    title: '你问了两个问题，分别回答：',
    summary: replies.map((r, i) => `${i === 0 ? '①' : '②'} ${r.title}\n${r.summary}`).join('\n\n'),
    followUps: pairedFollowUps(replies),
  };
}

/** Buttons each answer may bring (six in all: two keyboard rows on a phone). */
const FOLLOW_UPS_PER_ANSWER = 3;
const MARKS = ['①', '②'];

/**
 * Both answers' first buttons (templates left to the details), each marked ① or ② where both
 * answers have a button of that label ("①详细步骤和联系方式", "②详细步骤和联系方式"), so a phone
 * never shows two identical buttons that do different things.
 */
function pairedFollowUps(replies: readonly Reply[]): Reply['followUps'] {
  const parts = replies.map((r) => r.followUps.filter((f) => !f.id.startsWith('d-template')).slice(0, FOLLOW_UPS_PER_ANSWER));
  const labels = parts.flat().map((f) => f.label);
  const shared = new Set(labels.filter((l, i) => labels.indexOf(l) !== i));
  return parts.flatMap((list, i) => list.map((f) => (shared.has(f.label) ? { ...f, label: `${MARKS[i]}${f.label}` } : f)));
}
