/** Plain-text rendering of a {@link Reply}: used by the console, the JSON CLI and as a fallback. */
import { kindLabel, type Citation } from '../kb/citations.js';
import type { Reply } from './types.js';

/** The citation's label with its kind: 《民法典》第1033条（法律）, …（部门规章，约束发卡银行）. */
export function citation(c: Citation): string {
  return `${c.label}（${kindLabel(c)}）`;
}

/** The quoted words of a citation, each piece in its own quotation marks. */
export function quoted(c: Citation): string {
  return c.quotes.map((q) => `“${q}”`).join('');
}

/** Section headings, shared by every renderer so the wording stays the same everywhere. */
export const HEADINGS = {
  next: '下一步',
  steps: '可以这样做',
  legal: '法律依据',
  quote: '原文',
  contacts: '可以联系',
  cautions: '注意',
  followUps: '你还可以问',
} as const;

/** Renders a reply as plain text. `followUps: false` leaves out the numbered "[1] …" button lines. */
export function renderPlain(reply: Reply, options: { followUps?: boolean } = {}): string {
  const out: string[] = [];
  if (reply.banner) out.push(reply.banner, '');
  out.push(`【${reply.title}】`);
  if (reply.echo) out.push(reply.echo);
  if (reply.context) out.push(reply.context);
  if (reply.summary.trim()) out.push(reply.summary.trim());
  if (reply.next.length > 0) out.push('', `${HEADINGS.next}：`, ...reply.next.map((s, i) => `${i + 1}. ${s}`));
  if (reply.steps.length > 0) out.push('', `${HEADINGS.steps}：`, ...reply.steps.map((s, i) => `${i + 1}. ${s}`));
  if (reply.legal.length > 0) {
    out.push('', `${HEADINGS.legal}：`);
    for (const l of reply.legal) {
      out.push(`- ${citation(l)}：${l.summary}`);
      if (l.quotes.length > 0) out.push(`  ${HEADINGS.quote}：${quoted(l)}`);
    }
  }
  if (reply.contacts.length > 0) {
    out.push('', `${HEADINGS.contacts}：`, ...reply.contacts.map((c) => `- ${c.name}（${c.contact}）：${c.handles}`));
  }
  if (reply.cautions.length > 0) out.push('', `${HEADINGS.cautions}：`, ...reply.cautions.map((c) => `- ${c}`));
  if (reply.template) out.push('', `${reply.template.title}：`, reply.template.body.trim());
  if (reply.disclaimer.trim()) out.push('', `※ ${reply.disclaimer}`);
  if (options.followUps !== false && reply.followUps.length > 0) {
    out.push('', `${HEADINGS.followUps}：`, ...reply.followUps.map((f, i) => `[${i + 1}] ${f.label}`));
  }
  return out.join('\n');
}
