/**
 * Turns an {@link SmsAnalysis} into a {@link Reply} ("这条短信的分析") with the wording of
 * `knowledge/_sms-check.yaml`: verdict, findings, next steps, legal basis, contacts. The only
 * values taken from the message are the sanitized sender tag, night-time clock times and
 * masked phone numbers. Pure.
 */
import type { Common, Contact, LegalBasis } from '../kb/schema.js';
import type { SmsCheckData, SmsWhen } from '../kb/sms-check-schema.js';
import { emptyReply, fill } from './reply-base.js';
import type { SmsAnalysis } from './sms-check.js';
import type { Reply } from './types.js';

/** True when a block's condition holds for the analysis. */
export function smsApplies(when: SmsWhen | undefined, a: SmsAnalysis): boolean {
  if (when === undefined) return true;
  if (when.verdict && !when.verdict.includes(a.verdict)) return false;
  if (when.signals && !a.signals.some((s) => when.signals?.includes(s))) return false;
  return true;
}

/** The reply for an analysed message. `confidence` is the detector's. */
export function smsReply(data: SmsCheckData, common: Common, a: SmsAnalysis, confidence: number): Reply {
  const vars = { sender: a.sender ?? '', times: a.nightTimes.join('、'), numbers: a.phones.join('、') };
  const findings = [
    a.sender ? fill(data.sender, vars) : data.noSender,
    ...a.signals.map((s) => fill(data.findings[s], vars)),
  ];
  const summary = [
    data.intro,
    data.verdicts[a.verdict].trim(),
    [data.findingsHeading, ...findings.map((f) => `· ${f}`)].join('\n'),
  ].join('\n\n');
  const legal: LegalBasis[] = [];
  for (const { when, ...l } of data.legal) {
    if (smsApplies(when, a) && !legal.some((x) => x.law === l.law && x.article === l.article)) legal.push(l);
  }
  const contacts: Contact[] = [];
  for (const { when, ...c } of data.contacts) {
    if (smsApplies(when, a) && !contacts.some((x) => x.contact === c.contact)) contacts.push(c);
  }
  return {
    ...emptyReply(common, 'answer', 'verify-sms', confidence, 'verify-sms'),
    title: data.title,
    summary,
    steps: data.steps.filter((b) => smsApplies(b.when, a)).map((b) => b.text),
    legal,
    contacts,
    cautions: data.cautions.filter((b) => smsApplies(b.when, a)).map((b) => b.text),
    followUps: [...data.followUps],
    flow: 'sms-check',
  };
}
