/**
 * The one pure entry point of the bot: (incoming message, conversation state) →
 * (structured reply, new state). No I/O; adapters and CLIs wrap it.
 *
 * Order for a typed message: safety first (crisis, distress, the supportive turns after a
 * crisis, and what the bot will not do); "帮我分析我的情况" starts the guided analysis; a running
 * analysis reads the text as an answer; a pasted or forwarded collection message is analysed as
 * one SMS; everything else is matched to a question entry (or its topic). Anything the analysis
 * does not take pauses it (its answers are kept, and the reply offers to continue).
 */
import type { KnowledgeBase } from '../kb/load.js';
import type { IntentId, Topic } from '../kb/schema.js';
import type { Content } from '../kb/triage-schema.js';
import type { IntentMatcher, MatchResult, Prior } from '../matcher/matcher.js';
import { cleanText } from '../matcher/normalize.js';
import { hasContent } from '../matcher/tokenize.js';
import { redactText } from '../redact.js';
import { answerIndex, detailReply, parseDetailButton, questionReply, topicLabel, topicReply } from './answers.js';
import { compoundReply, splitQuestions } from './compound.js';
import { emptyReply } from './reply-base.js';
import { compileRoleRules, detectOtherSide, detectRole, type OtherSide } from './role.js';
import { safetyStep, type SafetyModel } from './safety.js';
import { analyseSms, detectSms, type SmsAnalysis, type SmsSignal } from './sms-check.js';
import { smsDetailReply, smsMemory, smsReply } from './sms-reply.js';
import { resumeFollowUp, startTriage, triageButton, triageText, type TriageDeps } from './triage-dialog.js';
import { isActionId, parseTriageButton } from './triage-ids.js';
import { isStartPhrase, vocabOf } from './triage-parse.js';
import { buildPlan } from './triage-plan.js';
import { isAsking, isComplete, readTriage, sortContents, type TriageState } from './triage-state.js';
import type { ConversationState, Incoming, Reply } from './types.js';
import type { Brain, Turn } from './brain-types.js';

export type { Brain, Turn };

/** A message this short (in characters, after normalization) may lean on the previous topic. */
const SHORT_FOLLOW_UP = 10;
/** Score boost given to the previous topic's follow-ups for a short message. */
const CONTEXT_BOOST = 0.12;

/** Intents that never lean on the previous topic. */
const SMALL_TALK = new Set<IntentId | null>(['greeting', 'help', 'thanks', 'crisis', null]);

/** A topic's short label (the label table in `_common.yaml`, else its title). */
export function labelOf(brain: Brain, topic: Topic): string {
  return topicLabel(brain.kb, topic);
}

/** Builds the Brain's indexes. */
export function createBrain(kb: KnowledgeBase, matcher: IntentMatcher, safety: SafetyModel): Brain {
  return { ...answerIndex(kb), matcher, roles: compileRoleRules(kb.roles), safety };
}

/** Answers one input. Pure: same brain, input and state give the same result. */
export function respond(brain: Brain, input: Incoming, state: ConversationState): Turn {
  const turns = state.turns + 1;
  const triage = readTriage(state.triage);
  const deps = triageDeps(brain);
  if (input.type === 'button') return pressButton(brain, deps, input.id, state, turns, triage);
  if (input.origin === 'ocr') return leave(brain, state, imageReply(brain, input.text), turns, triage);
  const normalized = brain.matcher.normalized(input.text);
  if (!hasContent(normalized)) {
    const reply = menu(brain, '没有看到文字内容。可以直接打字描述你遇到的情况，或者从下面选一个问题。');
    return leave(brain, state, reply, turns, triage);
  }
  const role = detectRole(brain.roles, normalized) ?? state.role;
  const withRole: ConversationState = role ? { ...state, role } : state;
  const safety = safetyStep(brain, normalized, withRole, (s) => answerText(brain, s, normalized, turns, triage, deps, input));
  if (safety === null) return answerText(brain, withRole, normalized, turns, triage, deps, input);
  if (safety.kind === 'reply') {
    // A crisis or supportive reply never offers to resume the analysis: the analysis waits.
    const kept = isAsking(triage) ? { ...triage, paused: true } : triage;
    return { reply: safety.reply, state: next(withRole, safety.reply, turns, kept, safety.support), ...(safety.match ? { match: safety.match } : {}) };
  }
  const { turn } = safety;
  if (safety.banner) turn.reply.banner = safety.banner;
  return { ...turn, state: { ...turn.state, ...(safety.support && safety.support.turnsLeft > 0 ? { support: safety.support } : {}) } };
}

/** Answers a typed text that is not a safety matter (also used for practical questions in supportive mode). */
function answerText(
  brain: Brain,
  state: ConversationState,
  normalized: string,
  turns: number,
  triage: TriageState | undefined,
  deps: TriageDeps,
  input: Extract<Incoming, { type: 'text' }>,
): Turn {
  if (isStartPhrase(deps.vocab, normalized)) {
    const t = startTriage(deps, state.role);
    return { reply: t.reply, state: next(state, t.reply, turns, t.triage) };
  }
  const sms = detectSms(input.text, { received: input.origin === 'forwarded' });
  if (triage && !(sms.isSms && triage.step !== 'content')) {
    // A message pasted while being asked what the messages said answers that question.
    const pasted = sms.isSms ? contentsOf(analyseSms(input.text)) : [];
    const t = triageText(deps, normalized, triage, pasted);
    if (t) return { reply: t.reply, state: next(state, t.reply, turns, t.triage) };
  }
  if (sms.isSms) {
    const analysis = analyseSms(input.text);
    const reply = smsReply(brain.kb, analysis, sms.confidence);
    return leave(brain, { ...state, sms: smsMemory(analysis) }, reply, turns, triage);
  }
  const side = detectOtherSide(brain.roles, normalized);
  if (side) return leave(brain, state, otherSideReply(brain, side), turns, triage);
  const parts = splitQuestions(normalized);
  if (parts.length > 1) {
    const matches = parts.map((p) => brain.matcher.matchNormalized(p));
    const compound = compoundReply(brain, matches, state.role);
    if (compound) return { ...leave(brain, state, compound, turns, triage), match: brain.matcher.matchNormalized(normalized) };
  }
  const last = state.lastTopic ? brain.kb.topics.get(state.lastTopic) : undefined;
  const contextual = last !== undefined && [...normalized].length <= SHORT_FOLLOW_UP;
  const prior: Prior = {};
  if (contextual) {
    for (const f of last.followUps) {
      const intent = brain.intentOfTopic.get(f.id);
      if (intent) prior[intent] = CONTEXT_BOOST;
    }
  }
  const match = matchText(brain, normalized, prior);
  const reply = replyForMatch(brain, match, state);
  if (contextual && reply.kind === 'answer' && reply.topicId !== last.id && !SMALL_TALK.has(reply.intent)) {
    reply.context = `${brain.kb.common.contextPrefix.replace('{topic}', last.title)}${reply.context ?? ''}`;
  }
  return { ...leave(brain, state, reply, turns, triage), match };
}

function pressButton(brain: Brain, deps: TriageDeps, id: string, state: ConversationState, turns: number, triage: TriageState | undefined): Turn {
  const button = parseTriageButton(id);
  if (button) {
    const t = triageButton(deps, button, triage, state.role);
    const role = t.triage?.role ?? state.role;
    return { reply: t.reply, state: next(role ? { ...state, role } : state, t.reply, turns, t.triage) };
  }
  return leave(brain, state, answerButton(brain, id, state, triage), turns, triage);
}

/** What the guided analysis needs from the brain. */
function triageDeps(brain: Brain): TriageDeps {
  return {
    kb: brain.kb,
    data: brain.kb.triage,
    common: brain.kb.common,
    vocab: vocabOf(brain.kb.triage, brain.roles),
    sideTopic: (text) => {
      const m = brain.matcher.match(text);
      if (m.decision !== 'answer' || m.intent === null || SMALL_TALK.has(m.intent) || m.intent === 'what-to-do') return undefined;
      const topic = topicOf(brain, m.intent);
      return topic ? { id: m.question ?? topic.id, label: m.question ? (brain.questions.get(m.question)?.question.label ?? topicLabel(brain.kb, topic)) : topicLabel(brain.kb, topic) } : undefined;
    },
  };
}

/**
 * Finishes a turn the guided analysis did not take. A running analysis is paused (answers
 * kept) and the reply offers to continue it — except after a crisis answer.
 */
function leave(brain: Brain, state: ConversationState, reply: Reply, turns: number, triage: TriageState | undefined): Turn {
  let kept = triage;
  if (isAsking(triage)) {
    kept = { ...triage, paused: true };
    if (reply.kind !== 'crisis' && reply.kind !== 'support') {
      reply.followUps = [...reply.followUps, resumeFollowUp(brain.kb.triage)];
      reply.summary = `${reply.summary}\n\n${brain.kb.triage.messages.paused}`;
    }
  }
  return { reply, state: next(state, reply, turns, kept) };
}

/** The message types of the guided analysis that a pasted SMS shows. */
const CONTENT_OF_SIGNAL: Partial<Record<SmsSignal, Content>> = {
  threat: 'threats',
  'contact-blast': 'threats',
  visit: 'threats',
  insult: 'insults',
  link: 'links',
  'personal-account': 'personal-account',
  'fake-legal': 'court-police',
  'fake-authority': 'court-police',
  'lawsuit-claim': 'court-police',
};

function contentsOf(a: SmsAnalysis): Content[] {
  const out = a.signals.flatMap((s) => CONTENT_OF_SIGNAL[s] ?? []);
  return out.length > 0 ? sortContents(out) : ['reminder'];
}

/** Longest part of a screenshot's text shown back to the person. */
const ECHO_CHARS = 120;

/**
 * The reply to text read from a screenshot: the SMS check of that text, with the reading shown
 * back (numbers masked) — or, when the image holds no such message, what was read and the menu.
 */
function imageReply(brain: Brain, text: string): Reply {
  const cleaned = cleanText(text);
  if (!hasContent(brain.matcher.normalized(cleaned))) {
    return menu(brain, '这张图片里没有读到文字。可以换一张更清晰的截图，或者直接把短信内容复制粘贴过来。');
  }
  const chars = [...redactText(cleaned)];
  const preview = chars.length > ECHO_CHARS ? `${chars.slice(0, ECHO_CHARS).join('')}…` : chars.join('');
  const echo = `截图中读到的文字（号码已隐去）：${preview}`;
  const sms = detectSms(cleaned, { received: true });
  if (!sms.isSms) {
    const reply = menu(brain, '图片里的文字看起来不像一条催收或还款短信。如果读错了，可以把短信内容直接复制粘贴过来。');
    return { ...reply, echo };
  }
  return { ...smsReply(brain.kb, analyseSms(cleaned), sms.confidence), echo };
}

/**
 * The topic match of a normalized text past the safety step (`prior`: context boosts). The
 * matcher's crisis topic is not answered here: the safety step has already judged the text
 * with its own model, the negations and the reports ("我没有想自杀啦…", "新闻说…"), and on the
 * studied safety rounds the topic matcher's crisis guess only ever turned their distress and
 * calm messages into crisis replies (52 of them on 2026-12-03, no crisis it alone caught).
 */
export function matchText(brain: Brain, normalized: string, prior?: Prior): MatchResult {
  const match = brain.matcher.matchNormalized(normalized, prior);
  // The other side of the debt (a lender, a collector) gets no topic: not here, not in a group's auto-answer.
  if (detectOtherSide(brain.roles, normalized)) return { ...match, intent: null, question: null, decision: 'reject', questions: [] };
  if (match.intent !== 'crisis') return match;
  return { ...match, intent: null, question: null, decision: 'reject', questions: [], alternatives: match.alternatives.filter((a) => a.intent !== 'crisis') };
}

/** Out of scope for the other side of the debt (the lender, a collector): why, and where to turn; the menu below. */
function otherSideReply(brain: Brain, side: OtherSide): Reply {
  const { common } = brain.kb;
  return { ...emptyReply(common, 'out-of-scope', null, 1, null), title: common.outOfScope.title, summary: common.outOfScope.otherSide[side], followUps: common.menu };
}

/** The reply for a match: a question's answer, a topic's summary, a clarifying question or out of scope. */
export function replyForMatch(brain: Brain, match: MatchResult, state: ConversationState): Reply {
  const { common } = brain.kb;
  if (match.intent === null && match.decision !== 'clarify') {
    return { ...emptyReply(common, 'out-of-scope', null, match.confidence, null), title: common.outOfScope.title, summary: common.outOfScope.summary, followUps: common.menu };
  }
  if (match.decision === 'clarify') {
    const followUps = match.alternatives.flatMap((alt) => {
      const topic = topicOf(brain, alt.intent);
      return topic ? [{ id: topic.id, label: topicLabel(brain.kb, topic) }] : [];
    });
    return { ...emptyReply(common, 'clarify', match.intent, match.confidence, null), title: common.clarify.title, summary: common.clarify.summary, followUps };
  }
  const topic = match.intent === null ? undefined : topicOf(brain, match.intent);
  if (!topic) return menu(brain);
  const answered = match.question ? questionReply(brain, match.question, state.role, match.confidence) : undefined;
  return answered ?? topicReply(brain, topic, match.confidence, match.questions.map((q) => q.id));
}

function answerButton(brain: Brain, id: string, state: ConversationState, triage: TriageState | undefined): Reply {
  if (id === 'menu') return menu(brain);
  if (id === 'd-sms') return state.sms ? smsDetailReply(brain.kb, state.sms) : expired(brain);
  if (id === 'd-plan') return triage && triage.step === 'done' && isComplete(triage) ? buildPlan(brain.kb, triage, true) : expired(brain);
  const detail = parseDetailButton(id);
  if (detail) return detailReply(brain, detail.kind, detail.target) ?? expired(brain);
  const question = questionReply(brain, id, state.role);
  if (question) return question;
  const topic = brain.kb.topics.get(id);
  return topic ? topicReply(brain, topic) : expired(brain);
}

/**
 * True when the core answers `id` as a live button: the menu, the guided analysis and its
 * letters, a details section, a question or a topic. Adapters use it to tell a stale button
 * (from an old message or an older knowledge base) from one that still works, and to accept
 * deep-link payloads.
 */
export function isLiveButton(brain: Brain, id: string): boolean {
  if (id === 'd-sms' || id === 'd-plan' || isActionId(id)) return true;
  const detail = parseDetailButton(id);
  if (detail) return brain.questions.has(detail.target) || brain.kb.topics.has(detail.target);
  return brain.questions.has(id) || brain.kb.topics.has(id);
}

function expired(brain: Brain): Reply {
  return menu(brain, '这个按钮已经失效了（可能是旧消息上的）。请从下面重新选择，或直接打字提问。');
}

function topicOf(brain: Brain, intent: IntentId): Topic | undefined {
  const file = brain.kb.intents.find((i) => i.id === intent);
  return file ? brain.kb.topics.get(file.topic) : undefined;
}

/** The main menu (the help topic's summary and the menu buttons), with an optional note first. */
export function menu(brain: Brain, note?: string): Reply {
  const help = brain.kb.topics.get('help');
  const reply: Reply = {
    ...emptyReply(brain.kb.common, 'menu', null, 1, help ? help.id : null),
    title: help?.title ?? brain.kb.common.outOfScope.title,
    summary: help?.summary ?? brain.kb.common.outOfScope.summary,
    followUps: brain.kb.common.menu,
  };
  if (note) reply.summary = `${note}\n\n${reply.summary}`;
  return reply;
}

function next(state: ConversationState, reply: Reply, turns: number, triage?: TriageState, support?: ConversationState['support']): ConversationState {
  const out: ConversationState = {
    lastTopic: reply.topicId ?? state.lastTopic,
    lastQuestion: reply.question ?? state.lastQuestion ?? null,
    lastFollowUps: reply.followUps,
    turns,
  };
  if (state.role) out.role = state.role;
  if (triage) out.triage = triage;
  if (state.sms) out.sms = state.sms;
  if (support && support.turnsLeft > 0) out.support = support;
  return out;
}
