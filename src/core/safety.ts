/**
 * Safety first, in conversation: a crisis is answered before anything else (110/120 first when
 * there is danger now, 12356 always) and opens a supportive mode for the next turns — pushback
 * gets a supportive reply that asks again whether the person is safe (never the menu), practical
 * questions are answered with the help line kept on top, and replies vary instead of repeating.
 * Distress gets a warm line with 12356 on top of the help for what was asked. Requests the bot
 * declines get a short, polite refusal, with nothing of the request echoed. Texts live in
 * `knowledge/_safety.yaml`. Pure.
 */
import type { MatchResult } from '../matcher/matcher.js';
import type { RefusalKind } from '../kb/safety-schema.js';
import type { FollowUp } from '../kb/schema.js';
import { followUpFor } from './answers.js';
import { emptyReply } from './reply-base.js';
import type { Assessment, SafetyModel } from './safety-model.js';
import type { ConversationState, Reply, SupportMode } from './types.js';
import type { Brain, Turn } from './brain-types.js';

export type { SafetyModel };

/** Turns of supportive mode after a crisis (unless the person clearly moves on first). */
export const SUPPORT_TURNS = 6;
/** Turns after distress in which pushback is met with support and the help line stays on top. */
export const DISTRESS_TURNS = 3;

/** What the safety step decided for a turn. */
export type SafetyOutcome =
  /** A reply of its own (crisis, support, refusal, distress way forward). */
  | { kind: 'reply'; reply: Reply; support?: SupportMode; match?: MatchResult }
  /** The ordinary answer, with a banner kept on top (distress, practical questions after a crisis). */
  | { kind: 'answered'; turn: Turn; banner?: string; support?: SupportMode };

/** The matcher's confidence a distress message needs to be answered as a question rather than met with the way forward. */
const DISTRESS_SURE = 0.5;

/** Reply kinds that do not answer a practical question. */
const NOT_AN_ANSWER = new Set<Reply['kind']>(['out-of-scope', 'clarify', 'menu']);

/**
 * The safety step for a typed message, or null when it is not a safety matter (then the caller
 * answers normally, and any supportive mode ends). `answer` answers the text normally.
 */
export function safetyStep(brain: Brain, normalized: string, state: ConversationState, answer: (state: ConversationState) => Turn): SafetyOutcome | null {
  const a = brain.safety.assess(normalized);
  const support = state.support && state.support.turnsLeft > 0 ? state.support : undefined;
  const waiting = support?.after === 'crisis' && (support.urgent || support.thirdPerson === true) && a.helpCalled && !a.safeNow;
  if (a.level === 'crisis' || waiting || (support?.urgent === true && a.symptom)) {
    const variant = nextVariant(support?.lastVariant, brain.kb.safety.texts.crisis.openings.length);
    const urgent = a.urgent || a.symptom || (support?.urgent ?? false);
    const thirdPerson = a.thirdPerson || (support?.thirdPerson ?? false);
    return {
      kind: 'reply',
      reply: crisisReply(brain, { urgent, thirdPerson, waiting: waiting && !a.urgent }, variant),
      support: { after: 'crisis', turnsLeft: SUPPORT_TURNS, lastVariant: variant, urgent, thirdPerson },
    };
  }
  if (a.refusal) {
    const reply = refusalReply(brain, a.refusal);
    if (support) reply.banner = brain.kb.safety.texts.support.banner;
    return { kind: 'reply', reply, ...(support ? { support: { ...support, turnsLeft: support.turnsLeft - 1 } } : {}) };
  }
  if (support) return supportStep(brain, normalized, a, state, support, answer);
  if (a.level === 'distress') {
    const opened: SupportMode = { after: 'distress', turnsLeft: DISTRESS_TURNS, lastVariant: -1, urgent: false };
    const turn = answer(state);
    if (turn.reply.flow === 'triage') return { kind: 'answered', turn, banner: brain.kb.safety.texts.distress.banner, support: opened };
    // No clear question behind the despair (only a topic guess, or a question the matcher is
    // unsure of): the way forward instead.
    if (NOT_AN_ANSWER.has(turn.reply.kind) || turn.reply.intent === 'crisis' || turn.reply.question === null || turn.reply.confidence < DISTRESS_SURE) {
      return { kind: 'reply', reply: distressReply(brain), support: opened, ...(turn.match ? { match: turn.match } : {}) };
    }
    return { kind: 'answered', turn, banner: brain.kb.safety.texts.distress.banner, support: opened };
  }
  return null;
}

/** A question rather than a statement: a question mark or a question word. */
const QUESTION = /[?？吗]|(?<![没不]真?(想|打算|会|要))怎么(?!看(我|待我)|想我)|如何|能不能|可不可以|可以|是不是|会不会|要不要|哪里|哪儿|(?<!(不会真?|没打算|不打算|没想|不想)[^。!?，,]{0,3}(做|干))什么|多久|为什么|想问|问一下|问下|请问|想了解|想知道/u;

/** A turn in supportive mode (after a crisis or distress). */
function supportStep(
  brain: Brain,
  normalized: string,
  a: Assessment,
  state: ConversationState,
  support: SupportMode,
  answer: (state: ConversationState) => Turn,
): SafetyOutcome {
  const texts = brain.kb.safety.texts.support;
  const banner = support.after === 'crisis' ? texts.banner : brain.kb.safety.texts.distress.keptBanner;
  const rest: ConversationState = { ...state };
  delete rest.support;
  const left = support.turnsLeft - 1;
  // A question about the help line itself: its hours, what to say, 110/120 in danger.
  if (a.hotline && !a.pushback) return { kind: 'reply', reply: supportText(brain, texts.hotline, support.urgent), support: { ...support, turnsLeft: left } };
  if ((a.safeNow || a.helpCalled) && !a.pushback) {
    // "我现在好多了" or "报警了" alone asks nothing: glad, the lines, and the mode goes on a
    // little. With a question, the person moves on: answered, the line kept on top this once.
    if (!QUESTION.test(normalized)) return { kind: 'reply', reply: closingReply(brain), support: { ...support, turnsLeft: Math.min(left, 2) } };
    const turn = answer(rest);
    if (NOT_AN_ANSWER.has(turn.reply.kind)) return { kind: 'reply', reply: { ...distressReply(brain), banner } };
    return { kind: 'answered', turn, banner };
  }
  const afterCrisis = support.after === 'crisis';
  if (!a.pushback) {
    // A practical question is answered, the help line kept on top; one the bot cannot place
    // gets the way forward (negotiation, stopping the calls) rather than the menu. After a
    // crisis, a statement ("没事啦 随口说说", "不要叫我打电话") is talk, not a question: the
    // supportive reply, with the practical answer one button away when the text has a topic.
    const turn = answer(rest);
    const answered = !NOT_AN_ANSWER.has(turn.reply.kind) && turn.reply.intent !== 'crisis';
    const thanks = turn.reply.intent === 'thanks';
    // Thanks after a crisis from someone still shaken or fragile: the door stays open and the lines stay.
    if (afterCrisis && thanks && a.shaken) return { kind: 'reply', reply: supportText(brain, texts.thanks, support.urgent), support: { ...support, turnsLeft: Math.min(left, 2) } };
    if (afterCrisis && !thanks && !QUESTION.test(normalized)) {
      return supportive(brain, support, left, answered ? followUpFor(brain, turn.reply.question ?? turn.reply.topicId ?? '') : undefined);
    }
    if (answered) return { kind: 'answered', turn, banner, support: { ...support, turnsLeft: left } };
    // Someone else's crisis: a question the bot cannot place is about that person, not the debt.
    if (afterCrisis && support.thirdPerson === true) return supportive(brain, support, left);
    // After distress, more words of how it feels (no question): listen, in varying words, rather than the same page again.
    if (!afterCrisis && a.level !== 'none' && !QUESTION.test(normalized)) return listening(brain, support, left);
    if (a.level !== 'none' || turn.reply.kind !== 'out-of-scope') {
      return { kind: 'reply', reply: { ...distressReply(brain), banner }, support: { ...support, turnsLeft: left } };
    }
  }
  return supportive(brain, support, left);
}

/** The next supportive reply (a different wording from the last), optionally offering one practical answer (the question or topic the statement was about). */
function supportive(brain: Brain, support: SupportMode, left: number, practical?: FollowUp): SafetyOutcome {
  // Each reply asks again about safety and keeps the lines.
  return varied(brain, support, left, brain.kb.safety.texts.support.replies, support.urgent, practical ? [practical] : undefined);
}

/** After distress, a listening reply (a different wording from the last), the lines and the way forward below it. */
function listening(brain: Brain, support: SupportMode, left: number): SafetyOutcome {
  const d = brain.kb.safety.texts.distress;
  return varied(brain, support, left, d.listening, false, [...d.followUps]);
}

/** The next of `texts` after the one said last, as a reply of the supportive mode (with `followUps` when given); the mode remembers which. */
function varied(brain: Brain, support: SupportMode, left: number, texts: readonly string[], urgent: boolean, followUps?: FollowUp[]): SafetyOutcome {
  const variant = Math.max(0, nextVariant(support.lastVariant, texts.length));
  const reply = supportText(brain, texts[variant] ?? '', urgent);
  if (followUps) reply.followUps = followUps;
  return { kind: 'reply', reply, support: { ...support, turnsLeft: left, lastVariant: variant } };
}

/** The next of `n` variants after `last` (the first when there was none). */
function nextVariant(last: number | undefined, n: number): number {
  return last === undefined || last < 0 ? 0 : (last + 1) % n;
}

/** A reply of the safety kinds: no disclaimer (it is not legal information), no menu. */
function safetyBase(brain: Brain, kind: Reply['kind']): Reply {
  return { ...emptyReply(brain.kb.common, kind, kind === 'crisis' || kind === 'support' ? 'crisis' : null, 1, null), disclaimer: '' };
}

/**
 * The crisis reply: danger now, someone else in danger, or the person themselves; `waiting`:
 * help was called in such a crisis and the reply says what to do until it arrives.
 */
export function crisisReply(brain: Brain, a: Pick<Assessment, 'urgent' | 'thirdPerson'> & { waiting?: boolean }, variant: number): Reply {
  const c = brain.kb.safety.texts.crisis;
  const base = { ...safetyBase(brain, 'crisis'), topicId: 'crisis' };
  if (a.waiting) return { ...base, title: c.waitingTitle, summary: a.thirdPerson ? c.thirdWaiting : c.waiting, next: a.thirdPerson ? [...c.thirdNext] : [...c.urgentNext] };
  if (a.urgent && !a.thirdPerson) return { ...base, title: c.urgentTitle, summary: `${c.urgent}\n\n${c.ask}`, next: [...c.urgentNext] };
  if (a.thirdPerson) return { ...base, title: c.thirdTitle, summary: a.urgent ? `${c.thirdUrgent}\n\n${c.third}` : c.third, next: [...c.thirdNext] };
  return { ...base, title: c.title, summary: `${c.openings[variant]}${c.ask}\n\n${c.closing}`, next: [...c.next] };
}

/** A reply of the supportive mode saying `text`, the lines below it (and the danger-now title on top when urgent). */
function supportText(brain: Brain, text: string, urgent: boolean): Reply {
  const s = brain.kb.safety.texts.support;
  return {
    ...safetyBase(brain, 'support'),
    topicId: 'crisis',
    title: s.title,
    summary: `${text}\n\n${s.lines}`,
    ...(urgent ? { banner: brain.kb.safety.texts.crisis.urgentTitle } : {}),
  };
}

/** When someone says they are safe now but asks nothing: glad, the lines, the way forward. */
function closingReply(brain: Brain): Reply {
  const s = brain.kb.safety.texts;
  return {
    ...safetyBase(brain, 'support'),
    topicId: 'crisis',
    title: s.support.title,
    summary: `听到你这么说，我放心了一些。${s.crisis.closing}\n\n${s.support.lines}`,
    followUps: [...s.distress.followUps],
  };
}

/** Distress with nothing else to answer: the warm line on top and the way forward. */
function distressReply(brain: Brain): Reply {
  const d = brain.kb.safety.texts.distress;
  return { ...emptyReply(brain.kb.common, 'answer', null, 1, null), banner: d.banner, title: d.title, summary: d.summary, followUps: [...d.followUps] };
}

/** A short, polite refusal and the menu; nothing of the request is echoed. */
function refusalReply(brain: Brain, kind: RefusalKind): Reply {
  const r = brain.kb.safety.texts.refusals;
  return { ...emptyReply(brain.kb.common, 'refusal', null, 1, null), title: r.title, summary: r[kind], followUps: brain.kb.common.menu };
}
