/**
 * Button ids of the guided analysis. They are short kebab-case ASCII (≤ 40 bytes), so they
 * pass both adapters' follow-up id checks (`^[a-z][a-z0-9-]*$`) and fit Telegram's 64-byte
 * callback data with the `f:` prefix. A button carries only an answer id; the state says the rest.
 */
import type { FollowUp } from '../kb/schema.js';
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

/** Follow-up id that starts the guided analysis (also offered by knowledge files). */
export const TRIAGE_START_ID = 'triage';

/** The three letters. */
export const LETTER_KINDS = ['stop', 'complaint', 'family'] as const;
/** One of {@link LETTER_KINDS}. */
export type LetterKind = (typeof LETTER_KINDS)[number];

/** What a guided-analysis button asks for. */
export type TriageButton =
  | { kind: 'start' }
  | { kind: 'role'; value: Role }
  | { kind: 'lender'; value: Lender }
  | { kind: 'toggle'; value: Content }
  | { kind: 'content-done' }
  | { kind: 'overdue'; value: Overdue }
  | { kind: 'change' }
  | { kind: 'edit'; step: TriageStep }
  | { kind: 'exit' }
  | { kind: 'resume' }
  | { kind: 'plan' }
  | { kind: 'letter'; letter: LetterKind };

const EDIT_ID: Record<TriageStep, string> = { role: 'role', lender: 'lender', content: 'msg', overdue: 'due' };

/** The follow-up id of a button. */
export function triageButtonId(b: TriageButton): string {
  switch (b.kind) {
    case 'start':
      return TRIAGE_START_ID;
    case 'role':
      return `t-role-${b.value}`;
    case 'lender':
      return `t-lender-${b.value}`;
    case 'toggle':
      return `t-msg-${b.value}`;
    case 'content-done':
      return 't-msg-done';
    case 'overdue':
      return `t-due-${b.value}`;
    case 'change':
      return 't-change';
    case 'edit':
      return `t-edit-${EDIT_ID[b.step]}`;
    case 'exit':
      return 't-exit';
    case 'resume':
      return 't-resume';
    case 'plan':
      return 't-plan';
    case 'letter':
      return `letter-${b.letter}`;
  }
}

/** Every id this module can produce, mapped back to its button (built once). */
const BY_ID: ReadonlyMap<string, TriageButton> = new Map(
  (
    [
      { kind: 'start' },
      ...ROLES.map((value) => ({ kind: 'role', value })),
      ...LENDERS.map((value) => ({ kind: 'lender', value })),
      ...CONTENTS.map((value) => ({ kind: 'toggle', value })),
      { kind: 'content-done' },
      ...OVERDUES.map((value) => ({ kind: 'overdue', value })),
      { kind: 'change' },
      ...TRIAGE_STEPS.map((step) => ({ kind: 'edit', step })),
      { kind: 'exit' },
      { kind: 'resume' },
      { kind: 'plan' },
      ...LETTER_KINDS.map((letter) => ({ kind: 'letter', letter })),
    ] as TriageButton[]
  ).map((b) => [triageButtonId(b), b]),
);

/** The button behind a follow-up id, or null when the id is not a guided-analysis button. */
export function parseTriageButton(id: string): TriageButton | null {
  return BY_ID.get(id) ?? null;
}

/**
 * True for every follow-up id the core answers that is not a knowledge topic (the menu, the
 * guided analysis and its letters). Adapters use it to tell live buttons from stale ones.
 */
export function isActionId(id: string): boolean {
  return id === 'menu' || BY_ID.has(id);
}

/** All guided-analysis ids (for tests and adapters' id checks). */
export function allTriageIds(): string[] {
  return [...BY_ID.keys()];
}

/** A follow-up for a guided-analysis button, labelled from the data. */
export function button(b: TriageButton, label: string): FollowUp {
  return { id: triageButtonId(b), label };
}
