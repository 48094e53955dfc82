/**
 * Turns citations and contact references from the knowledge files into what a reply shows:
 * the law's label, its kind and whom it binds, the quoted words cut from the stored article,
 * and the bot's summary. The same functions serve kb:check, which reports every citation that
 * cannot be resolved, so what reaches a user has always passed them.
 */
import type { Article, Channel, CitationData, ContactRef, Law, LawKind, Quote } from './law-schema.js';
import { articleLabel, articleNumber } from './statute-text.js';

/** A resolved citation, ready to render. */
export interface Citation {
  /** The article id (`public-security-2025/50`) or law id cited. */
  ref: string;
  /** e.g. 《中华人民共和国治安管理处罚法》（2025年修订）第50条第1款第（五）项 */
  label: string;
  kind: LawKind;
  /** Whom the rule binds, when not everyone (e.g. 发卡银行). */
  binds?: string;
  /** Exact words of the article (each a verbatim piece; never merged). */
  quotes: string[];
  /** The bot's own summary (shown without quotation marks). */
  summary: string;
}

/** A resolved contact. */
export interface Contact {
  name: string;
  contact: string;
  handles: string;
}

/** Either a value or the reason it cannot be had. */
export type Resolved<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Laws by id. */
export type LawIndex = ReadonlyMap<string, Law>;

const ITEM = /^（([一二三四五六七八九十]+)）/u;

/** The article `number` (e.g. `50`, `293-1`) of a law, if stored. */
export function findArticle(law: Law, number: string): Article | undefined {
  return law.articles.find((a) => articleNumber(a.marker) === number);
}

/** Paragraphs (款) of an article: each non-item line starts one; items belong to the paragraph before them. */
export function paragraphs(article: Article): Array<{ lead: string; items: string[] }> {
  const out: Array<{ lead: string; items: string[] }> = [];
  for (const line of article.lines) {
    if (ITEM.test(line) && out.length > 0) out[out.length - 1].items.push(line);
    else out.push({ lead: line, items: [] });
  }
  return out;
}

/** The words a quote selects from an article, or why it selects none. */
export function cutQuote(article: Article, quote: Quote): Resolved<string> {
  if ('text' in quote) {
    if (quote.text.includes('……') || quote.text.includes('\n')) return { ok: false, problem: 'a quote must be one verbatim piece (no "……", no line breaks)' };
    return article.lines.some((l) => l.includes(quote.text))
      ? { ok: true, value: quote.text }
      : { ok: false, problem: `quote "${quote.text}" is not an exact substring of one line of ${article.marker}` };
  }
  const paras = paragraphs(article);
  if ('item' in quote) {
    const scope = quote.para === undefined ? paras : paras.slice(quote.para - 1, quote.para);
    const line = scope.flatMap((p) => p.items).find((l) => ITEM.exec(l)?.[1] === quote.item);
    return line ? { ok: true, value: line } : { ok: false, problem: `${article.marker} has no item （${quote.item}）${quote.para ? ` in paragraph ${quote.para}` : ''}` };
  }
  const para = paras[quote.para - 1];
  if (!para) return { ok: false, problem: `${article.marker} has no paragraph ${quote.para}` };
  if (quote.sentence === undefined) return { ok: true, value: para.lead };
  const sentence = para.lead.split(/(?<=。)/u)[quote.sentence - 1];
  return sentence ? { ok: true, value: sentence } : { ok: false, problem: `${article.marker} paragraph ${quote.para} has no sentence ${quote.sentence}` };
}

/** Why a law may not be cited at all (unverified or low confidence), if so. */
function unusable(law: Law): string | undefined {
  if (law.status === 'not-verified') return `${law.id} is listed as not verified in the fact sheet and must not be cited`;
  if (law.conf === 'L') return `${law.id} has confidence L in the fact sheet and must not be cited`;
  return undefined;
}

/** Resolves one citation against the law data. */
export function resolveCitation(laws: LawIndex, c: CitationData): Resolved<Citation> {
  const [lawId, number] = c.ref.split('/');
  const law = laws.get(lawId);
  if (!law) return { ok: false, problem: `unknown law "${lawId}" (no knowledge/law/${lawId}.yaml)` };
  const bad = unusable(law);
  if (bad) return { ok: false, problem: bad };
  if (law.supersededBy) return { ok: false, problem: `${c.ref} is superseded (by ${law.supersededBy}) and must not be cited as current` };
  const base = { ref: c.ref, kind: law.kind, summary: c.summary, ...(law.binds ? { binds: law.binds } : {}) };
  const title = `《${law.name}》${law.version ? `（${law.version}）` : ''}`;
  if (number === undefined) {
    if (law.articles.length > 0) return { ok: false, problem: `${c.ref} names a law without an article; cite one of its articles` };
    if (c.quote.length > 0) return { ok: false, problem: `${c.ref} has no stored text, so nothing of it may be quoted` };
    return { ok: true, value: { ...base, label: title, quotes: [] } };
  }
  const article = findArticle(law, number);
  if (!article) return { ok: false, problem: `unknown article "${c.ref}" (not stored in knowledge/law/${lawId}.yaml)` };
  if (article.supersededBy) return { ok: false, problem: `${c.ref} is superseded (by ${article.supersededBy}) and must not be cited as current` };
  const quotes: string[] = [];
  for (const q of c.quote) {
    const cut = cutQuote(article, q);
    if (!cut.ok) return { ok: false, problem: `${c.ref}: ${cut.problem}` };
    quotes.push(cut.value);
  }
  return { ok: true, value: { ...base, label: `${title}${articleLabel(article.marker)}${c.part ?? ''}`, quotes } };
}

/** Resolves a contact reference against the channel registry. */
export function resolveContact(channels: ReadonlyMap<string, Channel>, ref: ContactRef): Resolved<Contact> {
  const channel = channels.get(ref.channel);
  if (!channel) return { ok: false, problem: `unknown channel "${ref.channel}" (not in knowledge/_contacts.yaml)` };
  if (channel.status === 'not-verified') return { ok: false, problem: `channel ${channel.id} is listed as not verified and must not be given` };
  if (channel.conf === 'L') return { ok: false, problem: `channel ${channel.id} has confidence L and must not be given` };
  return { ok: true, value: { name: channel.name, contact: channel.contact, handles: ref.handles ?? channel.handles } };
}

/** How a reply names the kind of a rule, with whom it binds: 法律 / 部门规章，约束发卡银行 / 推荐性国家标准（建议性）… */
export function kindLabel(c: Pick<Citation, 'kind' | 'binds'>): string {
  return c.binds ? `${c.kind}，${c.binds}` : c.kind;
}
