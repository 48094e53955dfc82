/** The platform-neutral message model shared by every adapter and the core. */
import type { Citation, Contact } from '../kb/citations.js';
import type { FollowUp, IntentId } from '../kb/schema.js';
import type { SpeakerRole } from '../kb/roles.js';
import type { SmsSignal, SmsVerdict } from '../kb/sms-check-schema.js';
import type { Authority } from './sms-check.js';
import type { TriageState } from './triage-state.js';

/**
 * Where a text came from: typed (or pasted) by the user, forwarded from another chat (a
 * message the user received), or read from a screenshot by OCR. Forwarded and OCR texts are
 * analysed as one received message (the SMS check), never split into questions.
 */
export type TextOrigin = 'typed' | 'forwarded' | 'ocr';

/** What a user did: typed a message, or pressed a follow-up button. */
export type Incoming = { type: 'text'; text: string; origin?: TextOrigin } | { type: 'button'; id: string };

/**
 * The kind of reply, for renderers that treat some differently: an answer, a clarifying
 * question, out of scope, a crisis reply, the menu, a polite refusal, or a supportive reply in
 * the turns after a crisis.
 */
export type ReplyKind = 'answer' | 'clarify' | 'out-of-scope' | 'crisis' | 'menu' | 'refusal' | 'support';

/**
 * Which feature produced a reply, when it is not a plain topic answer: a step or the plan of
 * the guided analysis, the analysis of a pasted SMS, or a ready-to-send letter.
 */
export type ReplyFlow = 'triage' | 'sms-check' | 'letter';

/**
 * A structured, platform-neutral reply. Renderers turn it into HTML, embeds or plain text and
 * show every field that is not empty, in this order: banner, title, echo, context, summary,
 * next, steps, legal, contacts, cautions, template, disclaimer; follow-ups become buttons.
 *
 * The default reply to a question is short (summary + at most three `next` steps + the
 * disclaimer, ≤ 600 characters); `steps`, `legal`, `contacts`, `cautions` and `template` are
 * filled only in a reply to a details button (`detail: true`).
 */
export interface Reply {
  kind: ReplyKind;
  intent: IntentId | null;
  /** Id of the question entry answered, if any. */
  question: string | null;
  confidence: number;
  /** Id of the topic answered, if any. */
  topicId: string | null;
  /** A line shown before everything else: the help line kept on top in distress or after a crisis. */
  banner?: string;
  title: string;
  /** One line tying a short follow-up question to the previous topic, if it was used. */
  context?: string;
  /**
   * What the bot read from a screenshot, shown back (numbers masked, shortened) so the person
   * can check the reading before trusting the analysis.
   */
  echo?: string;
  summary: string;
  /** At most three next steps shown with the short answer. */
  next: string[];
  steps: string[];
  legal: Citation[];
  contacts: Contact[];
  cautions: string[];
  template?: { title: string; body: string };
  followUps: FollowUp[];
  disclaimer: string;
  /** Set for replies of the guided analysis, the SMS check and the letters (optional; for logs and tests). */
  flow?: ReplyFlow;
  /** A reply to a details button (steps, legal basis, contacts, template): it may be long. */
  detail?: boolean;
}

/** The last analysed message, as ids only (no text, no numbers), for its details buttons. */
export interface SmsMemory {
  verdict: SmsVerdict;
  signals: SmsSignal[];
  /** The institution a fake message claimed to be (a category, not text). */
  authority?: Authority;
  /** Whether the message named its sender in 【…】 (the name itself is not kept). */
  named?: boolean;
}

/**
 * Supportive mode after a crisis turn: how many more turns it lasts and which supportive
 * reply was used last (so the next one differs). Holds no message text.
 */
export interface SupportMode {
  /** What opened the mode: a crisis, or distress (a shorter, lighter mode). */
  after: 'crisis' | 'distress';
  turnsLeft: number;
  lastVariant: number;
  /** True when the crisis was danger now (110/120 stay first). */
  urgent: boolean;
  /** True when the crisis was about someone else (a relative or friend in danger). */
  thirdPerson?: boolean;
}

/** Per-conversation state. Holds ids only, never message text. */
export interface ConversationState {
  /** The topic answered last, for short follow-up questions. */
  lastTopic: string | null;
  /** The question entry answered last. */
  lastQuestion?: string | null;
  /** Follow-ups offered last: pressing "2" in the console picks the second. */
  lastFollowUps: FollowUp[];
  /** Number of turns so far. */
  turns: number;
  /** Who is speaking, once they said so ("我是他同事"). */
  role?: SpeakerRole;
  /** The guided analysis ("帮我分析我的情况"), if one was started: answer ids only. */
  triage?: TriageState;
  /** The last SMS analysed (signal ids only), for its details buttons. */
  sms?: SmsMemory;
  /** Supportive mode after a crisis. */
  support?: SupportMode;
}

/** A fresh conversation. */
export function initialState(): ConversationState {
  return { lastTopic: null, lastFollowUps: [], turns: 0 };
}
