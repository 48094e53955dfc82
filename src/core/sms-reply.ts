/**
 * Turns an {@link SmsAnalysis} into a {@link Reply} ("这条短信的分析") with the wording of
 * `knowledge/_sms-check.yaml`. The default reply is short: the verdict, the most important
 * findings and the first next steps; the full analysis (every finding and step, the legal
 * basis, contacts) is its details button, answered from the signal ids kept in the
 * conversation state. The only values taken from the message are the sanitized sender tag,
 * night-time clock times and masked phone numbers — and those only in the first reply. Pure.
 */
import type { KnowledgeBase } from '../kb/load.js';
import type { FollowUp } from '../kb/schema.js';
import type { SmsWhen } from '../kb/sms-check-schema.js';
import { citationsOf, contactsOf } from './legal.js';
import { emptyReply, fill } from './reply-base.js';
import { AUTHORITY_NAMES, type SmsAnalysis } from './sms-check.js';
import type { Reply, SmsMemory } from './types.js';

/** Findings shown in the short reply. */
const SHORT_FINDINGS = 2;
/** Next steps shown in the short reply. */
const SHORT_STEPS = 2;

/** The button that shows the full analysis. */
export const SMS_DETAILS: FollowUp = { id: 'd-sms', label: '完整分析和法律依据' };

/** True when a block's condition holds for the analysis. */
export function smsApplies(when: SmsWhen | undefined, a: Pick<SmsAnalysis, 'verdict' | 'signals'>): boolean {
  if (when === undefined) return true;
  if (when.verdict && !when.verdict.includes(a.verdict)) return false;
  if (when.signals && !a.signals.some((s) => when.signals?.includes(s))) return false;
  return true;
}

/** What the analysis leaves in the conversation state: ids only. */
export function smsMemory(a: SmsAnalysis): SmsMemory {
  return { verdict: a.verdict, signals: [...a.signals], named: a.sender !== undefined, ...(a.authority ? { authority: a.authority } : {}) };
}

function vars(a: Partial<Pick<SmsAnalysis, 'sender' | 'nightTimes' | 'phones' | 'authority'>>): Record<string, string> {
  return {
    sender: a.sender ?? '',
    times: a.nightTimes && a.nightTimes.length > 0 ? a.nightTimes.join('、') : '夜间',
    numbers: a.phones && a.phones.length > 0 ? a.phones.join('、') : '号码已隐去',
    authority: a.authority ? AUTHORITY_NAMES[a.authority] : '国家机关',
  };
}

/** The short reply for an analysed message. `confidence` is the detector's. */
export function smsReply(kb: KnowledgeBase, a: SmsAnalysis, confidence: number): Reply {
  const data = kb.smsCheck;
  const v = vars(a);
  const findings = a.signals.map((s) => fill(data.findings[s], v)).slice(0, SHORT_FINDINGS);
  if (a.sender) findings.push(fill(data.sender, v));
  const summary = [fill(data.verdicts[a.verdict].trim(), v), [data.findingsHeading, ...findings.map((f) => `· ${f}`)].join('\n')].join('\n\n');
  return {
    ...emptyReply(kb.common, 'answer', 'verify-sms', confidence, 'verify-sms'),
    title: data.title,
    summary,
    next: data.steps.filter((b) => smsApplies(b.when, a)).map((b) => fill(b.text, v)).slice(0, SHORT_STEPS),
    followUps: [SMS_DETAILS, ...data.followUps.slice(0, 4)],
    flow: 'sms-check',
  };
}

/** The full analysis, from what the state kept of the last message (no text, no numbers). */
export function smsDetailReply(kb: KnowledgeBase, m: SmsMemory): Reply {
  const data = kb.smsCheck;
  const v = vars({ authority: m.authority });
  const a = { verdict: m.verdict, signals: m.signals };
  const sender = m.named ? data.senderNamed : data.noSender;
  const findings = [sender, ...m.signals.map((s) => fill(data.findings[s], v))].map((f) => `· ${f}`);
  return {
    ...emptyReply(kb.common, 'answer', 'verify-sms', 1, 'verify-sms'),
    title: `${data.title}（完整）`,
    summary: [data.intro, fill(data.verdicts[m.verdict].trim(), v), [data.findingsHeading, ...findings].join('\n')].join('\n\n'),
    steps: data.steps.filter((b) => smsApplies(b.when, a)).map((b) => fill(b.text, v)),
    legal: citationsOf(kb, data.legal.filter((l) => smsApplies(l.when, a))),
    contacts: contactsOf(kb, data.contacts.filter((c) => smsApplies(c.when, a))),
    cautions: data.cautions.filter((b) => smsApplies(b.when, a)).map((b) => b.text),
    followUps: [...data.followUps],
    flow: 'sms-check',
    detail: true,
  };
}
