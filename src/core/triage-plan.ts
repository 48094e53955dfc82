/**
 * The tailored plan at the end of the guided analysis: picks the blocks of
 * `knowledge/_triage.yaml` whose `when` matches the answers, fills the placeholders, and
 * offers the letters. Pure.
 */
import type { KnowledgeBase } from '../kb/load.js';
import type { FollowUp } from '../kb/schema.js';
import type { Content, Role, TriageData, When } from '../kb/triage-schema.js';
import { citationsOf, contactsOf } from './legal.js';
import { letterLabel, lettersFor } from './letters.js';
import { emptyReply, fill } from './reply-base.js';
import { button } from './triage-ids.js';
import type { CompleteFacts, TriageFacts } from './triage-state.js';
import type { Reply } from './types.js';

/** True when a block's condition holds for the answers (missing keys always hold). */
export function applies(when: When | undefined, facts: TriageFacts): boolean {
  if (when === undefined) return true;
  if (when.role && (facts.role === undefined || !when.role.includes(facts.role))) return false;
  if (when.lender && (facts.lender === undefined || !when.lender.includes(facts.lender))) return false;
  if (when.overdue && (facts.overdue === undefined || !when.overdue.includes(facts.overdue))) return false;
  if (when.content && !(facts.content ?? []).some((c) => when.content?.includes(c))) return false;
  return true;
}

/** "身份：借款人；机构：银行信用卡；…" — the answered questions, in the data's words. */
export function recap(data: TriageData, facts: TriageFacts): string {
  const r = data.recap;
  const parts: string[] = [];
  if (facts.role) parts.push(fill(r.role, { value: r.roleNames[facts.role] }));
  if (facts.lender) parts.push(fill(r.lender, { value: data.steps.lender.options[facts.lender] }));
  if (facts.content) parts.push(fill(r.content, { value: contentList(data, facts.content) }));
  if (facts.overdue) parts.push(fill(r.overdue, { value: data.steps.overdue.options[facts.overdue] }));
  return parts.length > 0 ? parts.join(r.separator) : r.unanswered;
}

/** The selected message types in the data's words ("没有特别的内容" when none). */
export function contentList(data: TriageData, content: readonly Content[]): string {
  if (content.length === 0) return data.recap.nothing;
  return content.map((c) => data.steps.content.options[c]).join(data.recap.listSeparator);
}

/** The follow-ups at the end of the plan: the letters written for the role, change an answer, finish. */
export function planFollowUps(data: TriageData, role: Role): FollowUp[] {
  const { controls } = data;
  return [
    ...lettersFor(data, role).map((letter) => button({ kind: 'letter', letter }, letterLabel(data, letter, role))),
    button({ kind: 'change' }, controls.change),
    button({ kind: 'exit' }, controls.finish),
  ];
}

/** How many of the plan's steps the short reply shows (the rest are behind the details button). */
const SHORT_STEPS = 3;

/**
 * Builds the plan for complete answers. The default reply is short: the situation, what to do
 * first and the first three steps; all steps, the legal basis, contacts and cautions are its
 * details (`detail: true` builds that form).
 */
export function buildPlan(kb: KnowledgeBase, facts: CompleteFacts, detail = false): Reply {
  const data = kb.triage;
  const common = kb.common;
  const plan = data.plan;
  const vars = { recap: recap(data, facts), channel: plan.channel[facts.lender] };
  const first = <T extends { when?: When; text: string }>(list: readonly T[]): string =>
    fill(list.find((b) => applies(b.when, facts))?.text ?? '', vars);
  const summary = [first(plan.summary), first(plan.first)].filter((s) => s !== '').join('\n\n');
  const steps = plan.steps.filter((b) => applies(b.when, facts)).map((b) => fill(b.text, vars));
  const base = { ...emptyReply(common, 'answer', 'what-to-do', 1, 'what-to-do'), title: plan.title, flow: 'triage' as const };
  if (!detail) {
    return { ...base, summary, next: steps.slice(0, SHORT_STEPS), followUps: [PLAN_DETAILS, ...planFollowUps(data, facts.role)] };
  }
  const legal = citationsOf(kb, plan.legal.filter((l) => applies(l.when, facts)));
  const contacts = contactsOf(kb, plan.contacts.filter((c) => applies(c.when, facts)));
  const cautions = plan.cautions.filter((b) => applies(b.when, facts)).map((b) => fill(b.text, vars));
  return { ...base, detail: true, summary: first(plan.first), steps, legal, contacts, cautions, followUps: planFollowUps(data, facts.role) };
}

/** The button that shows the whole plan. */
export const PLAN_DETAILS: FollowUp = { id: 'd-plan', label: '完整建议和法律依据' };
