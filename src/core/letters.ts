/**
 * Ready-to-send texts built from the guided analysis' answers: a request to the lender to
 * stop contacting third parties and delete their data, a complaint to the right regulator,
 * and a calm note to family. What the bot cannot know (platform name, contract number,
 * dates) stays a 【placeholder】. Templates live in `knowledge/_triage.yaml`. Pure.
 */
import type { KnowledgeBase } from '../kb/load.js';
import type { Common } from '../kb/schema.js';
import type { Role, TriageData, Voice } from '../kb/triage-schema.js';
import { citationsOf, citationText } from './legal.js';
import { emptyReply, fill } from './reply-base.js';
import { button, LETTER_KINDS, type LetterKind } from './triage-ids.js';
import { sortContents, type TriageFacts } from './triage-state.js';
import type { Reply } from './types.js';

/** Longest letter body the adapters are asked to show (characters). */
export const LETTER_MAX_CHARS = 1500;

/** A letter's title and body. */
export interface Letter {
  title: string;
  body: string;
}

/** In whose voice each role's letters are written. */
export const VOICE_OF: Readonly<Record<Role, Voice>> = {
  borrower: 'borrower',
  family: 'third',
  contact: 'third',
  spouse: 'spouse',
  guarantor: 'guarantor',
};

/** The letters offered to a role: those with a body in its voice. */
export function lettersFor(data: TriageData, role: Role): LetterKind[] {
  return LETTER_KINDS.filter((k) => data.letters[k].body[VOICE_OF[role]] !== undefined);
}

/** The button label of a letter for a role. */
export function letterLabel(data: TriageData, kind: LetterKind, role: Role | undefined): string {
  const label = data.letters[kind].label;
  if (typeof label === 'string') return label;
  return label[VOICE_OF[role ?? 'borrower']] ?? label.borrower ?? label.third ?? data.letters[kind].title.slice(0, 20);
}

/** Citations as the lines of a letter (each the article's label and its verbatim words). */
function basisLines(kb: KnowledgeBase, list: Parameters<typeof citationsOf>[1] | undefined, lead: string): string {
  const lines = citationsOf(kb, list ?? []).map(citationText);
  return lines.length === 0 ? '' : `${lead}${lines.join('\n')}`;
}

/**
 * The letter of `kind` for `facts` (the role is required; everything else falls back to
 * "unknown" wording with placeholders), or undefined when the letter is not written for the
 * role's voice (e.g. no stop request for a guarantor).
 */
export function buildLetter(kb: KnowledgeBase, kind: LetterKind, facts: TriageFacts & { role: Role }): Letter | undefined {
  const data = kb.triage;
  const l = data.letters;
  const voice = VOICE_OF[facts.role];
  const template = l[kind].body[voice];
  if (template === undefined) return undefined;
  const lender = facts.lender ?? 'unknown';
  const content = sortContents(facts.content ?? []);
  const vars: Record<string, string> = {
    regulator: l.regulator[lender],
    lenderKind: l.lenderKind[lender],
    basis: basisLines(kb, l[kind].basis[voice], ''),
    rules: basisLines(kb, l.rules[lender], '\n'),
    complaintNote: l.complaintNote[lender],
    conduct: content.map((c) => l.conduct[c]).join(''),
    overdueLine: l.overdueLine[facts.overdue ?? 'unknown'],
    safetyLine: content.includes('threats') ? l.safetyLine[facts.role] : '',
  };
  const body = fill(template, vars)
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/gu, '\n\n')
    .trim();
  return { title: l[kind].title, body };
}

/** A reply carrying one letter as its template, with the other letters as follow-ups. */
export function letterReply(kb: KnowledgeBase, kind: LetterKind, facts: TriageFacts): Reply {
  const data = kb.triage;
  const common: Common = kb.common;
  const base = { ...emptyReply(common, 'answer', 'complain', 1, null), flow: 'letter' as const, detail: true };
  if (facts.role === undefined) {
    return {
      ...base,
      title: data.letters[kind].title,
      summary: data.messages.noFacts,
      followUps: [button({ kind: 'start' }, data.controls.start), ...common.menu.slice(0, 3)],
    };
  }
  const letter = data.letters[kind];
  const built = buildLetter(kb, kind, { ...facts, role: facts.role });
  const others = lettersFor(data, facts.role).filter((k) => k !== kind);
  return {
    ...base,
    title: letter.title,
    summary: built ? letter.summary : data.messages.noLetter,
    steps: built ? [...letter.steps] : [],
    ...(built ? { template: built } : {}),
    followUps: [
      ...others.map((k) => button({ kind: 'letter', letter: k }, letterLabel(data, k, facts.role))),
      button({ kind: 'plan' }, data.controls.plan),
      button({ kind: 'exit' }, data.controls.finish),
    ],
  };
}
