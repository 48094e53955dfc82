/**
 * The tailored plan at the end of the guided analysis: picks the blocks of
 * `knowledge/_triage.yaml` whose `when` matches the answers, fills the placeholders, and
 * offers the letters. Pure.
 */
import type { Common, Contact, FollowUp, LegalBasis } from '../kb/schema.js';
import type { Content, TriageData, When } from '../kb/triage-schema.js';
import { emptyReply, fill } from './reply-base.js';
import { triageButtonId, type TriageButton } from './triage-ids.js';
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

/** A follow-up for a guided-analysis button, labelled from the data. */
export function button(b: TriageButton, label: string): FollowUp {
  return { id: triageButtonId(b), label };
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

/** The follow-ups at the end of the plan: the three letters, change an answer, finish. */
export function planFollowUps(data: TriageData): FollowUp[] {
  const { letters, controls } = data;
  return [
    button({ kind: 'letter', letter: 'stop' }, letters.stop.label),
    button({ kind: 'letter', letter: 'complaint' }, letters.complaint.label),
    button({ kind: 'letter', letter: 'family' }, letters.family.label),
    button({ kind: 'change' }, controls.change),
    button({ kind: 'exit' }, controls.finish),
  ];
}

/** Builds the plan for complete answers. */
export function buildPlan(data: TriageData, common: Common, facts: CompleteFacts): Reply {
  const plan = data.plan;
  const vars = { recap: recap(data, facts), channel: plan.channel[facts.lender] };
  const first = <T extends { when?: When; text: string }>(list: readonly T[]): string =>
    fill(list.find((b) => applies(b.when, facts))?.text ?? '', vars);
  const summary = [first(plan.summary), first(plan.first)].filter((s) => s !== '').join('\n\n');
  const steps = plan.steps.filter((b) => applies(b.when, facts)).map((b) => fill(b.text, vars));
  const legal: LegalBasis[] = [];
  for (const { when, ...l } of plan.legal) {
    if (applies(when, facts) && !legal.some((x) => x.law === l.law && x.article === l.article)) legal.push(l);
  }
  const contacts: Contact[] = [];
  for (const { when, ...c } of plan.contacts) {
    if (applies(when, facts) && !contacts.some((x) => x.contact === c.contact)) contacts.push(c);
  }
  const cautions = plan.cautions.filter((b) => applies(b.when, facts)).map((b) => fill(b.text, vars));
  return {
    ...emptyReply(common, 'answer', 'what-to-do', 1, 'what-to-do'),
    title: plan.title,
    summary,
    steps,
    legal,
    contacts,
    cautions,
    followUps: planFollowUps(data),
    flow: 'triage',
  };
}
