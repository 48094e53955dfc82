/**
 * Every citation and contact in the knowledge files must resolve: a known, current, verified
 * article; quotes that are exact pieces of its stored text; a known channel of H or M
 * confidence. One problem line per failure, naming the file and field.
 */
import { resolveCitation, resolveContact } from './citations.js';
import type { CitationData, ContactRef } from './law-schema.js';
import type { KnowledgeBase } from './load.js';

type Sink = string[];

function citations(kb: KnowledgeBase, out: Sink, where: string, list: readonly CitationData[] | undefined): void {
  (list ?? []).forEach((c, i) => {
    const r = resolveCitation(kb.laws, c);
    if (!r.ok) out.push(`${where}[${i}]: ${r.problem}`);
  });
}

function contacts(kb: KnowledgeBase, out: Sink, where: string, list: readonly ContactRef[] | undefined): void {
  (list ?? []).forEach((c, i) => {
    const r = resolveContact(kb.channels, c);
    if (!r.ok) out.push(`${where}[${i}]: ${r.problem}`);
  });
}

/** Problems of every citation and contact reference in topics, the SMS check and the guided analysis. */
export function findCitationProblems(kb: KnowledgeBase): string[] {
  const out: Sink = [];
  for (const t of kb.topics.values()) {
    const file = `knowledge/${t.id}.yaml`;
    citations(kb, out, `${file}: legal`, t.legal);
    contacts(kb, out, `${file}: contacts`, t.contacts);
    t.questions.forEach((q, i) => {
      citations(kb, out, `${file}: questions[${i}] (${q.id}).legal`, q.legal);
      contacts(kb, out, `${file}: questions[${i}] (${q.id}).contacts`, q.contacts);
    });
  }
  citations(kb, out, 'knowledge/_sms-check.yaml: legal', kb.smsCheck.legal);
  contacts(kb, out, 'knowledge/_sms-check.yaml: contacts', kb.smsCheck.contacts);
  const plan = kb.triage.plan;
  citations(kb, out, 'knowledge/_triage.yaml: plan.legal', plan.legal);
  contacts(kb, out, 'knowledge/_triage.yaml: plan.contacts', plan.contacts);
  for (const [name, letter] of Object.entries(kb.triage.letters)) {
    if (typeof letter !== 'object' || letter === null || !('basis' in letter)) continue;
    for (const [voice, list] of Object.entries(letter.basis)) {
      citations(kb, out, `knowledge/_triage.yaml: letters.${name}.basis.${voice}`, list);
      out.push(...letterOnlyBinding(kb, `knowledge/_triage.yaml: letters.${name}.basis.${voice}`, list));
    }
  }
  for (const [lender, list] of Object.entries(kb.triage.letters.rules)) {
    citations(kb, out, `knowledge/_triage.yaml: letters.rules.${lender}`, list);
    out.push(...letterOnlyBinding(kb, `knowledge/_triage.yaml: letters.rules.${lender}`, list));
  }
  return out;
}

/** A letter sent to a lender cites only binding law, by its exact article, with its words. */
function letterOnlyBinding(kb: KnowledgeBase, where: string, list: readonly CitationData[] | undefined): string[] {
  const out: string[] = [];
  (list ?? []).forEach((c, i) => {
    const law = kb.laws.get(c.ref.split('/')[0]);
    if (!law) return;
    if (law.kind === '推荐性国家标准' || law.kind === '行业自律规范') out.push(`${where}[${i}]: a letter must cite binding law only, not a ${law.kind}`);
    else if (!c.ref.includes('/')) out.push(`${where}[${i}]: a letter must cite an exact article`);
    else if (c.quote.length === 0) out.push(`${where}[${i}]: a letter must quote the article's words`);
  });
  return out;
}
