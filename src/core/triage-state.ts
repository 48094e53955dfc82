/**
 * State of the guided analysis, kept in {@link ConversationState}. Ids and enums only —
 * never message text. Stored state is re-validated on every turn, so an old or damaged
 * store entry is simply dropped instead of breaking a conversation.
 */
import { z } from 'zod';
import {
  CONTENTS,
  LENDERS,
  OVERDUES,
  ROLES,
  TRIAGE_STEPS,
  type Content,
  type Lender,
  type Overdue,
  type Role,
  type TriageStep,
} from '../kb/triage-schema.js';

/** The answers given so far. */
export interface TriageFacts {
  role?: Role;
  lender?: Lender;
  /** Message types; an empty list means "nothing in particular". */
  content?: Content[];
  overdue?: Overdue;
}

/** All four answers. */
export type CompleteFacts = Required<TriageFacts>;

/** The guided analysis in a conversation. */
export interface TriageState extends TriageFacts {
  /** The question being asked, or 'done' once the plan was shown. */
  step: TriageStep | 'done';
  /** Selections so far while the multi-select message question is open. */
  picked?: Content[];
  /** True once the user turned to something else: typed text is no longer read as answers. */
  paused?: boolean;
}

const contentList = z.array(z.enum(CONTENTS)).max(CONTENTS.length);

/** Schema of {@link TriageState} (for re-validating stored state). */
export const TriageStateSchema = z.strictObject({
  step: z.enum([...TRIAGE_STEPS, 'done']),
  role: z.enum(ROLES).optional(),
  lender: z.enum(LENDERS).optional(),
  content: contentList.optional(),
  overdue: z.enum(OVERDUES).optional(),
  picked: contentList.optional(),
  paused: z.boolean().optional(),
});

/** The stored triage state if it is valid, else undefined. Never throws. */
export function readTriage(value: unknown): TriageState | undefined {
  if (value === undefined || value === null) return undefined;
  const r = TriageStateSchema.safeParse(value);
  return r.success ? r.data : undefined;
}

/** The first unanswered question, or null when all four are answered. */
export function nextStep(facts: TriageFacts): TriageStep | null {
  for (const step of TRIAGE_STEPS) if (facts[step] === undefined) return step;
  return null;
}

/** True when all four questions are answered. */
export function isComplete(facts: TriageFacts): facts is TriageFacts & CompleteFacts {
  return nextStep(facts) === null;
}

/** True while the dialogue is asking questions (not finished, not paused). */
export function isAsking(triage: TriageState | undefined): triage is TriageState {
  return triage !== undefined && triage.step !== 'done' && triage.paused !== true;
}

/** Content values in their canonical order, without duplicates. */
export function sortContents(values: Iterable<Content>): Content[] {
  const set = new Set(values);
  return CONTENTS.filter((c) => set.has(c));
}
