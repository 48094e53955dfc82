/**
 * The guided analysis as a small state machine: four questions (who you are, lender type,
 * what the messages said, how long overdue), answered by buttons or typed text, any answer
 * changeable, leavable at any time, ending in the tailored plan. Pure: (state, input) →
 * (reply, new state); the state holds answer ids only.
 */
import type { KnowledgeBase } from '../kb/load.js';
import type { SpeakerRole } from '../kb/roles.js';
import type { Common, FollowUp } from '../kb/schema.js';
import { CONTENTS, LENDERS, OVERDUES, ROLES, TRIAGE_STEPS, type Content, type Role, type TriageData, type TriageStep } from '../kb/triage-schema.js';
import { letterReply } from './letters.js';
import { emptyReply, fill } from './reply-base.js';
import { button, type TriageButton } from './triage-ids.js';
import {
  compact,
  hasChangePhrase,
  isDonePhrase,
  isExitPhrase,
  isQuestion,
  isResumePhrase,
  parseFacts,
  type ParsedFacts,
  type Vocab,
} from './triage-parse.js';
import { buildPlan, contentList, recap } from './triage-plan.js';
import { isComplete, nextStep, sortContents, type CompleteFacts, type TriageFacts, type TriageState } from './triage-state.js';
import type { Reply } from './types.js';

/** What the dialogue needs. */
export interface TriageDeps {
  kb: KnowledgeBase;
  data: TriageData;
  common: Common;
  vocab: Vocab;
  /**
   * The topic a question is about, if the matcher is confident (used when an answer also
   * asks something, e.g. "逾期三个月了，会被起诉吗": the answer is taken and the question offered).
   */
  sideTopic?: (text: string) => FollowUp | undefined;
}

/** One turn of the dialogue: the reply and the new triage state (undefined = left). */
export interface TriageTurn {
  reply: Reply;
  triage: TriageState | undefined;
}

/** An unclear answer this short is asked again; a longer one is taken as another question. */
const SHORT_ANSWER = 15;

/** The analysis' role for a speaker role (an heir is asked again). */
function triageRole(role: SpeakerRole | undefined): Role | undefined {
  return role === undefined || role === 'heir' ? undefined : role;
}

/**
 * Starts a fresh analysis. A role the person already stated ("我是他同事") is taken as the
 * first answer, so the analysis starts at the second question (the answer can be changed).
 */
export function startTriage(d: TriageDeps, known?: SpeakerRole): TriageTurn {
  const role = triageRole(known);
  const triage: TriageState = role ? { step: 'lender', role } : { step: 'role' };
  return { reply: ask(d, triage, { intro: true }), triage };
}

/** Handles a guided-analysis button (works with no state too: an old button restarts from its answer). */
export function triageButton(d: TriageDeps, b: TriageButton, triage: TriageState | undefined, known?: SpeakerRole): TriageTurn {
  const t: TriageState = triage ? unpaused(triage) : { step: 'role' };
  switch (b.kind) {
    case 'start':
      return startTriage(d, known);
    case 'role':
      return advance(d, { ...t, role: b.value });
    case 'lender':
      return advance(d, { ...t, lender: b.value });
    case 'overdue':
      return advance(d, { ...t, overdue: b.value });
    case 'toggle': {
      const current = t.step === 'content' && t.picked ? t.picked : (t.content ?? []);
      const picked = current.includes(b.value) ? current.filter((c) => c !== b.value) : sortContents([...current, b.value]);
      const next: TriageState = { ...t, step: 'content', picked };
      return { reply: ask(d, next, {}), triage: next };
    }
    case 'content-done': {
      const { picked, ...rest } = t;
      return advance(d, { ...rest, content: sortContents(picked ?? t.content ?? []) });
    }
    case 'change':
      return changeMenu(d, t);
    case 'edit': {
      const next: TriageState = { ...t, step: b.step };
      if (b.step === 'content') next.picked = [...(t.content ?? [])];
      return { reply: ask(d, next, {}), triage: next };
    }
    case 'exit':
      return exit(d);
    case 'resume':
    case 'plan':
      return triage === undefined ? startTriage(d, known) : resume(d, t);
    case 'letter':
      return { reply: letterReply(d.kb, b.letter, t), triage };
  }
}

/**
 * Handles typed text while an analysis exists. Returns null when the text is not for the
 * dialogue (another question, or nothing to do with a finished/paused analysis): the caller
 * answers it normally.
 */
export function triageText(d: TriageDeps, normalized: string, triage: TriageState, pasted: readonly Content[] = []): TriageTurn | null {
  const v = d.vocab;
  if (isExitPhrase(v, normalized)) return exit(d);
  const change = hasChangePhrase(v, normalized);
  if (triage.step === 'done' || triage.paused === true) {
    if (triage.paused === true && isResumePhrase(v, normalized)) return resume(d, triage);
    if (!change) return null;
    const facts = parseFacts(v, normalized, true);
    if (hasFacts(facts)) return advance(d, correct(unpaused(triage), facts), noted(d, facts));
    return [...compact(normalized)].length <= SHORT_ANSWER ? changeMenu(d, unpaused(triage)) : null;
  }
  if (isResumePhrase(v, normalized)) return resume(d, triage);
  const step = triage.step as TriageStep;
  if (step === 'content' && pasted.length === 0 && isDonePhrase(v, normalized)) return triageButton(d, { kind: 'content-done' }, triage);
  const facts = parseFacts(v, normalized, step === 'overdue' || change);
  if (pasted.length > 0) facts.content = sortContents([...facts.content, ...pasted]);
  if (change && !hasFacts(facts)) return changeMenu(d, triage);
  const next = change ? correct(triage, facts) : merge(triage, step, facts);
  if (next === null) {
    if (isQuestion(v, normalized) || [...compact(normalized)].length > SHORT_ANSWER) return null;
    return { reply: ask(d, triage, { note: d.data.messages.notUnderstood }), triage };
  }
  const turn = advance(d, next, noted(d, facts));
  const side = isQuestion(v, normalized) ? d.sideTopic?.(normalized) : undefined;
  if (side && !turn.reply.followUps.some((f) => f.id === side.id)) turn.reply.followUps.unshift(side);
  return turn;
}

/** The follow-up that resumes a paused analysis. */
export function resumeFollowUp(data: TriageData): FollowUp {
  return button({ kind: 'resume' }, data.controls.resume);
}

// ---- Steps ----

function advance(d: TriageDeps, triage: TriageState, note?: string): TriageTurn {
  const step = nextStep(triage);
  if (step === null) {
    const { picked: _picked, paused: _paused, ...facts } = triage;
    // nextStep() === null: every answer is there.
    const done = { ...facts, step: 'done' } as TriageState & CompleteFacts;
    return { reply: buildPlan(d.kb, done), triage: done };
  }
  const next: TriageState = { ...unpaused(triage), step };
  if (step !== 'content') delete next.picked;
  return { reply: ask(d, next, note === undefined ? {} : { note }), triage: next };
}

function resume(d: TriageDeps, triage: TriageState): TriageTurn {
  const t = unpaused(triage);
  if (t.step === 'done' || isComplete(t)) return advance(d, { ...t, step: 'done' });
  return { reply: ask(d, t, {}), triage: t };
}

/** The question of the current step, with its answer buttons (the current answer ticked). */
function ask(d: TriageDeps, t: TriageState, opts: { intro?: boolean; note?: string }): Reply {
  const { data } = d;
  const step = t.step === 'done' ? 'role' : t.step;
  const def = data.steps[step];
  const question = typeof def.question === 'string' ? def.question : def.question[t.role ?? 'borrower'];
  const mark = (on: boolean, label: string): string => (on ? `${data.controls.checked}${label}` : label);
  let options: FollowUp[];
  const summary: string[] = [];
  if (opts.note) summary.push(opts.note);
  if (opts.intro) summary.push(data.intro.summary.trim(), ...(t.role ? [fill(data.messages.noted, { recap: recap(data, { role: t.role }) })] : []), question);
  switch (step) {
    case 'role':
      options = ROLES.map((r) => button({ kind: 'role', value: r }, mark(t.role === r, data.steps.role.options[r])));
      break;
    case 'lender':
      options = LENDERS.map((l) => button({ kind: 'lender', value: l }, mark(t.lender === l, data.steps.lender.options[l])));
      break;
    case 'overdue':
      options = OVERDUES.map((o) => button({ kind: 'overdue', value: o }, mark(t.overdue === o, data.steps.overdue.options[o])));
      break;
    case 'content': {
      const picked = t.picked ?? t.content ?? [];
      options = [
        ...CONTENTS.map((c) => button({ kind: 'toggle', value: c }, mark(picked.includes(c), data.steps.content.options[c]))),
        button({ kind: 'content-done' }, data.steps.content.done),
      ];
      summary.push(picked.length > 0 ? fill(data.steps.content.selected, { recap: contentList(data, picked) }) : data.steps.content.nothing);
      break;
    }
  }
  summary.push(def.hint);
  const answered = TRIAGE_STEPS.some((s) => t[s] !== undefined);
  const controls = [...(answered ? [button({ kind: 'change' }, data.controls.change)] : []), button({ kind: 'exit' }, data.controls.exit)];
  return {
    ...emptyReply(d.common, 'answer', 'what-to-do', 1, null),
    title: opts.intro ? data.intro.title : question,
    summary: summary.join('\n\n'),
    followUps: [...options, ...controls],
    flow: 'triage',
  };
}

function changeMenu(d: TriageDeps, t: TriageState): TriageTurn {
  const { data } = d;
  const complete = isComplete(t);
  return {
    reply: {
      ...emptyReply(d.common, 'answer', 'what-to-do', 1, null),
      title: data.messages.changeTitle,
      summary: fill(data.messages.changeSummary, { recap: recap(data, t) }),
      followUps: [
        ...TRIAGE_STEPS.map((step) => button({ kind: 'edit', step }, data.controls.edit[step])),
        complete ? button({ kind: 'plan' }, data.controls.plan) : resumeFollowUp(data),
        button({ kind: 'exit' }, data.controls.exit),
      ],
      flow: 'triage',
    },
    triage: t,
  };
}

function exit(d: TriageDeps): TriageTurn {
  return {
    reply: {
      ...emptyReply(d.common, 'menu', null, 1, null),
      title: d.data.messages.exitTitle,
      summary: d.data.messages.exitSummary,
      followUps: [...d.common.menu],
      flow: 'triage',
    },
    triage: undefined,
  };
}

// ---- Facts ----

function hasFacts(f: ParsedFacts): boolean {
  return f.role !== undefined || f.lender !== undefined || f.overdue !== undefined || f.content.length > 0;
}

/**
 * Adds what a typed answer says: the current question's answer, plus answers to questions not
 * answered yet (message types mentioned early are pre-selected, not final). Null when the text
 * answers nothing new.
 */
function merge(t: TriageState, step: TriageStep, f: ParsedFacts): TriageState | null {
  const next: TriageState = { ...t };
  const take = (key: 'role' | 'lender' | 'overdue'): boolean => f[key] !== undefined && (key === step || t[key] === undefined);
  let changed = take('role') || take('lender') || take('overdue');
  if (take('role')) next.role = f.role;
  if (take('lender')) next.lender = f.lender;
  if (take('overdue')) next.overdue = f.overdue;
  if (f.content.length > 0) {
    if (step === 'content') {
      next.content = sortContents([...(t.picked ?? []), ...f.content]);
      delete next.picked;
      changed = true;
    } else if (t.content === undefined) {
      next.picked = sortContents([...(t.picked ?? []), ...f.content]);
      changed = true;
    }
  }
  return changed ? next : null;
}

/** Applies a correction ("其实是信用卡"): every stated fact replaces the old answer. */
function correct(t: TriageState, f: ParsedFacts): TriageState {
  const next: TriageState = { ...t };
  if (f.role) next.role = f.role;
  if (f.lender) next.lender = f.lender;
  if (f.overdue) next.overdue = f.overdue;
  if (f.content.length > 0) {
    next.content = sortContents(f.content);
    delete next.picked;
  }
  return next;
}

function unpaused(t: TriageState): TriageState {
  const { paused: _paused, ...rest } = t;
  return rest;
}

function noted(d: TriageDeps, f: ParsedFacts): string {
  const facts: TriageFacts = {
    ...(f.role ? { role: f.role } : {}),
    ...(f.lender ? { lender: f.lender } : {}),
    ...(f.content.length > 0 ? { content: f.content } : {}),
    ...(f.overdue ? { overdue: f.overdue } : {}),
  };
  return fill(d.data.messages.noted, { recap: recap(d.data, facts) });
}
