/**
 * Ready-to-send texts built from the guided analysis' answers: a request to the lender to
 * stop contacting third parties and delete their data, a complaint to the right regulator,
 * and a calm note to family. What the bot cannot know (platform name, contract number,
 * dates) stays a 【placeholder】. Templates live in `knowledge/_triage.yaml`. Pure.
 */
import type { Common } from '../kb/schema.js';
import type { Role, TriageData } from '../kb/triage-schema.js';
import { emptyReply, fill } from './reply-base.js';
import { LETTER_KINDS, type LetterKind } from './triage-ids.js';
import { button } from './triage-plan.js';
import { sortContents, type TriageFacts } from './triage-state.js';
import type { Reply } from './types.js';

/** Longest letter body the adapters are asked to show (characters). */
export const LETTER_MAX_CHARS = 1500;

/** A letter's title and body. */
export interface Letter {
  title: string;
  body: string;
}

/**
 * The letter of `kind` for `facts` (the role is required; everything else falls back to
 * "unknown" wording with placeholders).
 */
export function buildLetter(data: TriageData, kind: LetterKind, facts: TriageFacts & { role: Role }): Letter {
  const l = data.letters;
  const lender = facts.lender ?? 'unknown';
  const content = sortContents(facts.content ?? []);
  const vars: Record<string, string> = {
    regulator: l.regulator[lender],
    lenderKind: l.lenderKind[lender],
    rules: l.rules[lender],
    complaintNote: l.complaintNote[lender],
    conduct: content.map((c) => l.conduct[c]).join(''),
    overdueLine: l.overdueLine[facts.overdue ?? 'unknown'],
    safetyLine: content.includes('threats') ? l.safetyLine[facts.role] : '',
  };
  const letter = l[kind];
  const body = fill(letter.body[facts.role], vars)
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/gu, '\n\n')
    .trim();
  return { title: letter.title, body };
}

/** A reply carrying one letter as its template, with the other letters as follow-ups. */
export function letterReply(data: TriageData, common: Common, kind: LetterKind, facts: TriageFacts): Reply {
  const base = { ...emptyReply(common, 'answer', 'complain', 1, null), flow: 'letter' as const };
  if (facts.role === undefined) {
    return {
      ...base,
      title: data.letters[kind].title,
      summary: data.messages.noFacts,
      followUps: [button({ kind: 'start' }, data.controls.start), ...common.menu.slice(0, 3)],
    };
  }
  const letter = data.letters[kind];
  return {
    ...base,
    title: letter.title,
    summary: letter.summary,
    steps: [...letter.steps],
    template: buildLetter(data, kind, { ...facts, role: facts.role }),
    followUps: [
      ...LETTER_KINDS.filter((k) => k !== kind).map((k) => button({ kind: 'letter', letter: k }, data.letters[k].label)),
      button({ kind: 'plan' }, data.controls.plan),
      button({ kind: 'exit' }, data.controls.finish),
    ],
  };
}
