/**
 * When the bot answers a member's message nobody addressed to it (answer mode `auto`): only a
 * clear match of an enabled topic at or above the group's confidence threshold, outside quiet
 * hours, and at most once per cooldown in the group. Small talk and clarifying questions are
 * never auto-answered. A message with crisis words is answered (with the helplines) whatever
 * the threshold, quiet hours or cooldown say, as long as the group has auto mode on.
 */
import { SMALL_TALK_INTENTS, type IntentId } from '../kb/schema.js';
import type { MatchResult } from '../matcher/matcher.js';
import { inQuietHours } from './quiet-hours.js';
import type { GroupSettings } from './settings.js';
import { isTopicEnabled } from './topics.js';

/** Why an auto-answer was not given. */
export type AutoSkipReason =
  | 'mode'
  | 'no-match'
  | 'too-short'
  | 'small-talk'
  | 'below-threshold'
  | 'topic-disabled'
  | 'quiet-hours'
  | 'cooldown';

/** The decision for one unaddressed group message. */
export type AutoDecision =
  | { answer: true; topicId: string; intent: IntentId; confidence: number; crisis: boolean }
  | { answer: false; reason: AutoSkipReason; confidence: number };

/** Fewer letters and digits than this is never auto-answered: it is a remark, not a question. */
const MIN_QUESTION_CHARS = 4;

/** What {@link decideAutoAnswer} looks at. */
export interface AutoAnswerInput {
  settings: GroupSettings;
  match: MatchResult;
  /** The topic of `match.intent`, if any. */
  topicId: string | null;
  /** True when the text has crisis words (the matcher's override). */
  crisis: boolean;
  /** Letters and digits in the message (a word or two like "催收" is chatter, not a question). */
  contentChars: number;
  /** Now, ms since epoch. */
  now: number;
  /** When the group last got an auto-answer (ms since epoch), if ever. */
  lastAnsweredAt: number | undefined;
}

/** Decides whether to auto-answer. Pure. */
export function decideAutoAnswer(input: AutoAnswerInput): AutoDecision {
  const { settings, match, topicId, now } = input;
  const confidence = match.confidence;
  const skip = (reason: AutoSkipReason): AutoDecision => ({ answer: false, reason, confidence });
  if (settings.answerMode !== 'auto') return skip('mode');
  if (input.crisis) return { answer: true, topicId: CRISIS_TOPIC, intent: 'crisis', confidence, crisis: true };
  if (match.decision !== 'answer' || match.intent === null || topicId === null) return skip('no-match');
  if (input.contentChars < MIN_QUESTION_CHARS) return skip('too-short');
  if (SMALL_TALK_INTENTS.has(match.intent)) return skip('small-talk');
  if (confidence < settings.autoThreshold) return skip('below-threshold');
  if (!isTopicEnabled(settings, topicId)) return skip('topic-disabled');
  if (inQuietHours(settings.quietHours, now)) return skip('quiet-hours');
  const last = input.lastAnsweredAt;
  if (last !== undefined && now - last < settings.cooldownSeconds * 1000) return skip('cooldown');
  // The question entry when one fits (a question id is answered like its button), else the topic.
  return { answer: true, topicId: match.question ?? topicId, intent: match.intent, confidence, crisis: false };
}

/** The topic answered to a crisis message, whatever the matcher said (its helplines first). */
const CRISIS_TOPIC = 'crisis';

/** When each group last got an auto-answer (in memory, bounded). */
export class CooldownTracker {
  private readonly last = new Map<string, number>();

  constructor(private readonly maxGroups = 50_000) {}

  /** The last auto-answer time of `group`, if any. */
  lastAt(group: string): number | undefined {
    return this.last.get(group);
  }

  /** Records an auto-answer in `group` at `at`. */
  record(group: string, at: number): void {
    this.last.delete(group);
    this.last.set(group, at);
    if (this.last.size > this.maxGroups) {
      const oldest = this.last.keys().next().value;
      if (oldest !== undefined) this.last.delete(oldest);
    }
  }
}
