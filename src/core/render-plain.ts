/** Plain-text rendering of a {@link Reply}: used by the console, the JSON CLI and as a fallback. */
import type { LegalBasis } from '../kb/schema.js';
import type { Reply } from './types.js';

/** 《民法典》第1033条 — adds the book-title marks when the data omits them. */
export function citation(l: LegalBasis): string {
  const law = l.law.startsWith('《') ? l.law : `《${l.law}》`;
  return `${law}${l.article}`;
}

/** Section headings, shared by every renderer so the wording stays the same everywhere. */
export const HEADINGS = {
  steps: '可以这样做',
  legal: '法律依据',
  contacts: '可以联系',
  cautions: '注意',
  followUps: '你还可以问',
} as const;

/** Renders a reply as plain text. `numbered` adds "[1] …" follow-up lines for the console. */
export function renderPlain(reply: Reply, options: { followUps?: boolean } = {}): string {
  const out: string[] = [`【${reply.title}】`];
  if (reply.echo) out.push(reply.echo);
  if (reply.context) out.push(reply.context);
  out.push(reply.summary.trim());
  if (reply.steps.length > 0) {
    out.push('', `${HEADINGS.steps}：`, ...reply.steps.map((s, i) => `${i + 1}. ${s}`));
  }
  if (reply.legal.length > 0) {
    out.push('', `${HEADINGS.legal}：`, ...reply.legal.map((l) => `- ${citation(l)}：“${l.quote}”`));
  }
  if (reply.contacts.length > 0) {
    out.push('', `${HEADINGS.contacts}：`, ...reply.contacts.map((c) => `- ${c.name}（${c.contact}）：${c.handles}`));
  }
  if (reply.cautions.length > 0) {
    out.push('', `${HEADINGS.cautions}：`, ...reply.cautions.map((c) => `- ${c}`));
  }
  if (reply.template) {
    out.push('', `${reply.template.title}：`, reply.template.body.trim());
  }
  out.push('', `※ ${reply.disclaimer}`);
  if (options.followUps !== false && reply.followUps.length > 0) {
    out.push('', `${HEADINGS.followUps}：`, ...reply.followUps.map((f, i) => `[${i + 1}] ${f.label}`));
  }
  return out.join('\n');
}
