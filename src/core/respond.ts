/**
 * The one pure entry point of the bot: (incoming message, conversation state) →
 * (structured reply, new state). No I/O; adapters and CLIs wrap it.
 *
 * Order for a typed message: crisis words always go to the matcher (which answers them first);
 * "帮我分析我的情况" starts (or restarts) the guided analysis; a running analysis reads the
 * text as an answer; a pasted collection SMS is analysed; everything else is matched to a
 * topic. Anything the analysis does not take pauses it (its answers are kept, and the reply
 * offers to continue).
 */
import type { KnowledgeBase } from '../kb/load.js';
import type { Content } from '../kb/triage-schema.js';
import type { FollowUp, IntentId, Topic } from '../kb/schema.js';
import { isCrisis } from '../matcher/crisis.js';
import type { IntentMatcher, MatchResult, Prior } from '../matcher/matcher.js';
import { cleanText } from '../matcher/normalize.js';
import { hasContent } from '../matcher/tokenize.js';
import { redactText } from '../redact.js';
import { emptyReply } from './reply-base.js';
import { analyseSms, detectSms, type SmsAnalysis, type SmsSignal } from './sms-check.js';
import { smsReply } from './sms-reply.js';
import { resumeFollowUp, startTriage, triageButton, triageText, type TriageDeps } from './triage-dialog.js';
import { parseTriageButton } from './triage-ids.js';
import { isStartPhrase, vocabOf } from './triage-parse.js';
import { isAsking, readTriage, sortContents, type TriageState } from './triage-state.js';
import type { ConversationState, Incoming, Reply, ReplyKind } from './types.js';

/** What {@link respond} needs: the validated knowledge and a trained matcher. */
export interface Brain {
  kb: KnowledgeBase;
  matcher: IntentMatcher;
  /** topic id → intent id, derived from the intent files. */
  intentOfTopic: ReadonlyMap<string, IntentId>;
}

/** The result of one turn. */
export interface Turn {
  reply: Reply;
  state: ConversationState;
  /** The raw match for a text message (for logging unanswered questions); absent for buttons. */
  match?: MatchResult;
}

/** A message this short (in characters, after normalization) may lean on the previous topic. */
const SHORT_FOLLOW_UP = 10;
/** Score boost given to the previous topic's follow-ups for a short message. */
const CONTEXT_BOOST = 0.12;

/** Intents that never lean on the previous topic. */
const SMALL_TALK = new Set<IntentId | null>(['greeting', 'help', 'thanks', 'crisis', null]);

/** Builds the Brain's topic → intent index. */
export function createBrain(kb: KnowledgeBase, matcher: IntentMatcher): Brain {
  const intentOfTopic = new Map<string, IntentId>();
  for (const i of kb.intents) intentOfTopic.set(i.topic, i.id);
  return { kb, matcher, intentOfTopic };
}

/** Answers one input. Pure: same brain, input and state give the same result. */
export function respond(brain: Brain, input: Incoming, state: ConversationState): Turn {
  const turns = state.turns + 1;
  const triage = readTriage(state.triage);
  const deps = triageDeps(brain);
  if (input.type === 'button') {
    const button = parseTriageButton(input.id);
    if (button) {
      const t = triageButton(deps, button, triage);
      return { reply: t.reply, state: next(state, t.reply, turns, t.triage) };
    }
    return leave(brain, state, answerButton(brain, input.id), turns, triage);
  }
  if (input.origin === 'ocr') return leave(brain, state, imageReply(brain, input.text), turns, triage);
  const normalized = brain.matcher.normalized(input.text);
  if (!hasContent(normalized)) {
    const reply = menu(brain, '没有看到文字内容。可以直接打字描述你遇到的情况，或者从下面选一个问题。');
    return leave(brain, state, reply, turns, triage);
  }
  if (!isCrisis(normalized)) {
    if (isStartPhrase(deps.vocab, normalized)) {
      const t = startTriage(deps);
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
      const reply = smsReply(brain.kb.smsCheck, brain.kb.common, analyseSms(input.text), sms.confidence);
      return leave(brain, state, reply, turns, triage);
    }
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
  const match = brain.matcher.matchNormalized(normalized, prior);
  const reply = replyForMatch(brain, match);
  if (contextual && reply.kind === 'answer' && reply.topicId !== last.id && !SMALL_TALK.has(reply.intent)) {
    reply.context = brain.kb.common.contextPrefix.replace('{topic}', last.title);
  }
  return { ...leave(brain, state, reply, turns, triage), match };
}

/** What the guided analysis needs from the brain. */
function triageDeps(brain: Brain): TriageDeps {
  return {
    data: brain.kb.triage,
    common: brain.kb.common,
    vocab: vocabOf(brain.kb.triage),
    sideTopic: (text) => {
      const m = brain.matcher.match(text);
      if (m.decision !== 'answer' || m.intent === null || SMALL_TALK.has(m.intent) || m.intent === 'what-to-do') return undefined;
      const topic = topicOf(brain, m.intent);
      return topic ? { id: topic.id, label: labelOf(brain, topic) } : undefined;
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
    if (reply.kind !== 'crisis') {
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
  return { ...smsReply(brain.kb.smsCheck, brain.kb.common, analyseSms(cleaned), sms.confidence), echo };
}

function replyForMatch(brain: Brain, match: MatchResult): Reply {
  const { common } = brain.kb;
  if (match.intent === null && match.decision !== 'clarify') {
    return {
      ...base(brain, 'out-of-scope', null, match.confidence, null),
      title: common.outOfScope.title,
      summary: common.outOfScope.summary,
      followUps: common.menu,
    };
  }
  if (match.intent === 'crisis') return topicReply(brain, 'crisis', match.confidence, 'crisis');
  if (match.decision === 'clarify') {
    const followUps: FollowUp[] = [];
    for (const alt of match.alternatives) {
      const topic = topicOf(brain, alt.intent);
      if (topic) followUps.push({ id: topic.id, label: labelOf(brain, topic) });
    }
    return {
      ...base(brain, 'clarify', match.intent, match.confidence, null),
      title: common.clarify.title,
      summary: common.clarify.summary,
      followUps,
    };
  }
  const topic = match.intent === null ? undefined : topicOf(brain, match.intent);
  return topic ? fromTopic(brain, topic, 'answer', match.intent, match.confidence) : menu(brain);
}

function answerButton(brain: Brain, id: string): Reply {
  if (id === 'menu') return menu(brain);
  const topic = brain.kb.topics.get(id);
  if (!topic) return menu(brain, '这个按钮已经失效了（可能是旧消息上的）。请从下面重新选择，或直接打字提问。');
  const intent = brain.intentOfTopic.get(topic.id) ?? null;
  return fromTopic(brain, topic, intent === 'crisis' ? 'crisis' : 'answer', intent, 1);
}

function topicReply(brain: Brain, intent: IntentId, confidence: number, kind: ReplyKind): Reply {
  const topic = topicOf(brain, intent);
  return topic ? fromTopic(brain, topic, kind, intent, confidence) : menu(brain);
}

function topicOf(brain: Brain, intent: IntentId): Topic | undefined {
  const file = brain.kb.intents.find((i) => i.id === intent);
  return file ? brain.kb.topics.get(file.topic) : undefined;
}

/** Short label for a topic: the menu/label table in `_common.yaml`, else its title. */
export function labelOf(brain: Brain, topic: Topic): string {
  return brain.kb.common.labels[topic.id] ?? [...topic.title].slice(0, 20).join('');
}

function base(
  brain: Brain,
  kind: ReplyKind,
  intent: IntentId | null,
  confidence: number,
  topicId: string | null,
): Reply {
  return emptyReply(brain.kb.common, kind, intent, confidence, topicId);
}

function fromTopic(
  brain: Brain,
  topic: Topic,
  kind: ReplyKind,
  intent: IntentId | null,
  confidence: number,
): Reply {
  return {
    ...base(brain, kind, intent, confidence, topic.id),
    title: topic.title,
    summary: topic.summary,
    steps: [...topic.steps],
    legal: [...topic.legal],
    contacts: [...topic.contacts],
    cautions: [...topic.cautions],
    ...(topic.template ? { template: { ...topic.template } } : {}),
    followUps: [...topic.followUps],
  };
}

function menu(brain: Brain, note?: string): Reply {
  const help = brain.kb.topics.get('help');
  const reply: Reply = help
    ? fromTopic(brain, help, 'menu', null, 1)
    : { ...base(brain, 'menu', null, 1, null), title: brain.kb.common.outOfScope.title };
  reply.intent = null;
  reply.followUps = brain.kb.common.menu;
  if (note) reply.summary = `${note}\n\n${reply.summary}`;
  return reply;
}

function next(state: ConversationState, reply: Reply, turns: number, triage?: TriageState): ConversationState {
  return {
    lastTopic: reply.topicId ?? state.lastTopic,
    lastFollowUps: reply.followUps,
    turns,
    ...(triage ? { triage } : {}),
  };
}
