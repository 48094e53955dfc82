/**
 * What the core's turn functions share: the {@link Brain} (knowledge, matcher, safety model)
 * and a {@link Turn}'s result. In their own module so that respond.ts and the steps it calls
 * (safety.ts, compound.ts) do not import each other.
 */
import type { MatchResult, IntentMatcher } from '../matcher/matcher.js';
import type { AnswerIndex } from './answers.js';
import type { RoleRules } from './role.js';
import type { SafetyModel } from './safety-model.js';
import type { ConversationState, Reply } from './types.js';

/** What {@link respond} needs: the validated knowledge, a trained matcher and the safety model. */
export interface Brain extends AnswerIndex {
  matcher: IntentMatcher;
  roles: RoleRules;
  safety: SafetyModel;
}

/** The result of one turn. */
export interface Turn {
  reply: Reply;
  state: ConversationState;
  /** The raw match for a text message (for logging unanswered questions); absent for buttons. */
  match?: MatchResult;
}
