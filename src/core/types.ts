/** The platform-neutral message model shared by every adapter and the core. */
import type { Contact, FollowUp, IntentId, LegalBasis } from '../kb/schema.js';
import type { TriageState } from './triage-state.js';

/**
 * Where a text came from: typed (or pasted) by the user, forwarded from another chat (a
 * message the user received), or read from a screenshot by OCR. Forwarded and OCR texts are
 * analysed as one received message (the SMS check), never split into questions.
 */
export type TextOrigin = 'typed' | 'forwarded' | 'ocr';

/** What a user did: typed a message, or pressed a follow-up button. */
export type Incoming = { type: 'text'; text: string; origin?: TextOrigin } | { type: 'button'; id: string };

/** The kind of reply, for renderers that treat some differently. */
export type ReplyKind = 'answer' | 'clarify' | 'out-of-scope' | 'crisis' | 'menu';

/**
 * Which feature produced a reply, when it is not a plain topic answer: a step or the plan of
 * the guided analysis, the analysis of a pasted SMS, or a ready-to-send letter.
 */
export type ReplyFlow = 'triage' | 'sms-check' | 'letter';

/** A structured, platform-neutral reply. Renderers turn it into HTML, embeds or plain text. */
export interface Reply {
  kind: ReplyKind;
  intent: IntentId | null;
  confidence: number;
  /** Id of the topic answered, if any. */
  topicId: string | null;
  title: string;
  /** One line tying a short follow-up question to the previous topic, if it was used. */
  context?: string;
  /**
   * What the bot read from a screenshot, shown back (numbers masked, shortened) so the person
   * can check the reading before trusting the analysis.
   */
  echo?: string;
  summary: string;
  steps: string[];
  legal: LegalBasis[];
  contacts: Contact[];
  cautions: string[];
  template?: { title: string; body: string };
  followUps: FollowUp[];
  disclaimer: string;
  /** Set for replies of the guided analysis, the SMS check and the letters (optional; for logs and tests). */
  flow?: ReplyFlow;
}

/** Per-conversation state. Holds ids only, never message text. */
export interface ConversationState {
  /** The topic answered last, for short follow-up questions. */
  lastTopic: string | null;
  /** Follow-ups offered last: pressing "2" in the console picks the second. */
  lastFollowUps: FollowUp[];
  /** Number of turns so far. */
  turns: number;
  /** The guided analysis ("帮我分析我的情况"), if one was started: answer ids only. */
  triage?: TriageState;
}

/** A fresh conversation. */
export function initialState(): ConversationState {
  return { lastTopic: null, lastFollowUps: [], turns: 0 };
}
