/**
 * The legal basis and contacts of a reply, resolved from the knowledge files' references
 * (citations by article id, contacts by channel id). kb:check has resolved every reference at
 * start-up, so nothing is dropped here in practice; a reference that still fails is left out
 * rather than shown half-resolved.
 */
import { resolveCitation, resolveContact, type Citation, type Contact } from '../kb/citations.js';
import type { CitationData, ContactRef } from '../kb/law-schema.js';
import type { KnowledgeBase } from '../kb/load.js';

/** Resolved citations, without repeating an article already listed. */
export function citationsOf(kb: KnowledgeBase, list: readonly CitationData[]): Citation[] {
  const out: Citation[] = [];
  for (const c of list) {
    const r = resolveCitation(kb.laws, c);
    if (r.ok && !out.some((x) => x.ref === r.value.ref)) out.push(r.value);
  }
  return out;
}

/** Resolved contacts, without repeating a number already listed. */
export function contactsOf(kb: KnowledgeBase, list: readonly ContactRef[]): Contact[] {
  const out: Contact[] = [];
  for (const ref of list) {
    const r = resolveContact(kb.channels, ref);
    if (r.ok && !out.some((x) => x.contact === r.value.contact)) out.push(r.value);
  }
  return out;
}

/** A citation as one block of text for a letter: label, then each quoted piece in quotation marks. */
export function citationText(c: Citation): string {
  return `- ${c.label}：${c.quotes.map((q) => `“${q}”`).join('')}`;
}
