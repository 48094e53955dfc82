/**
 * Driving the pure core in tests: a conversation of typed lines through respond(), and the
 * safety model's assessment of one message.
 */
import { respond, type Brain, type Turn } from '../../src/core/respond.js';
import type { Assessment } from '../../src/core/safety-model.js';
import { initialState, type ConversationState } from '../../src/core/types.js';

/** The turns of a conversation of `lines`, each answered with the state the last one left. */
export function converse(brain: Brain, ...lines: string[]): Turn[] {
  let state: ConversationState = initialState();
  return lines.map((text) => {
    const t = respond(brain, { type: 'text', text }, state);
    state = t.state;
    return t;
  });
}

/** The safety model's assessment of `text` (normalized as the bot does). */
export function assessText(brain: Brain, text: string): Assessment {
  return brain.safety.assess(brain.matcher.normalized(text));
}
