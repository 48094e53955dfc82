/**
 * Zod schemas for the law data (`knowledge/law/<law>.yaml`), the contact channels
 * (`knowledge/_contacts.yaml`) and the citations that point at them from every answer.
 *
 * A law file holds the articles the bot uses, copied verbatim from the statute texts; an answer
 * cites an article by id and says which words to quote, so what the bot shows between quotation
 * marks is cut from the stored article. What the bot says in its own words is a `summary`.
 */
import { z } from 'zod';

/** The kinds of rule, as legal-facts.md labels them (立法法 defines the first four). */
export const LAW_KINDS = ['法律', '行政法规', '部门规章', '司法解释', '推荐性国家标准', '行业自律规范'] as const;
/** One of {@link LAW_KINDS}. */
export type LawKind = (typeof LAW_KINDS)[number];

/** Kinds that are not law: the bot may only say 「建议」「原则上」「对会员机构的要求」 of them. */
export const NON_BINDING_KINDS: readonly LawKind[] = ['推荐性国家标准', '行业自律规范'];

/**
 * How far a fact was checked (legal-facts.md): H word for word against a statute file, M by
 * consistent secondary sources, L low. Only H and M may reach an answer.
 */
export const CONFIDENCES = ['H', 'M', 'L'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

const text = z.string().refine((s) => s.trim().length > 0, { message: 'must not be empty' });
const slug = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a kebab-case id');
const isoDate = z.union([z.string(), z.date()]).transform((d, ctx) => {
  const s = d instanceof Date ? d.toISOString().slice(0, 10) : d;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    ctx.addIssue({ code: 'custom', message: 'must be a date YYYY-MM-DD' });
    return z.NEVER;
  }
  return s;
});

/** `checked`: usable at its confidence. `not-verified`: listed under "Not verified" in the fact sheet; never cited. */
const status = z.enum(['checked', 'not-verified']).default('checked');

/** One stored article: its marker as the statute writes it and its lines, verbatim. */
export const ArticleSchema = z.strictObject({
  /** e.g. `第五十条`, `第二百九十三条之一`, `一、` (the items of a decision). */
  marker: text,
  /** The article's lines (paragraphs and items), verbatim, the marker removed from the first. */
  lines: z.array(text).min(1),
  /** The statute file, when it differs from the law's (the 民法典 is split by 编). */
  file: text.optional(),
  /** `law/article` id of the article that replaced this one, if any. */
  supersededBy: z.string().regex(/^[a-z][a-z0-9-]*\/[0-9-]+$/, 'must be an article id such as public-security-2025/50').optional(),
});
export type Article = z.infer<typeof ArticleSchema>;

/**
 * When a law took effect. `basis` says where the date comes from (an article of the law, its
 * header, or the fact-sheet row); `article`, if given, is the marker of the article whose text
 * must state the date. `unstated` is allowed only where kb:check allows it (see check-law.ts).
 */
export const EffectiveSchema = z.union([
  z.strictObject({ date: isoDate, basis: text, article: text.optional() }),
  z.strictObject({ unstated: text }),
]);

/** One law (or other rule) the bot cites. */
export const LawSchema = z.strictObject({
  id: slug,
  /** Full name without book-title marks, e.g. 中华人民共和国治安管理处罚法. */
  name: text,
  /** Short name used in running text, e.g. 治安管理处罚法. */
  short: text,
  /** Which text this is when several exist, e.g. 2025年修订. */
  version: text.optional(),
  kind: z.enum(LAW_KINDS),
  effective: EffectiveSchema,
  /** Whom the rule binds when it is not everyone, e.g. 发卡银行; required for 部门规章 and non-binding kinds. */
  binds: text.optional(),
  /** Id of the law that replaced this one. */
  supersededBy: slug.optional(),
  conf: z.enum(CONFIDENCES),
  status,
  /** The statute file in ../shared/knowledge-sources/statutes/ and the mirror it was copied from. */
  source: z.strictObject({ file: text, mirror: text }).optional(),
  /** legal-facts.md rows this law's use rests on. */
  facts: text,
  articles: z.array(ArticleSchema).default([]),
});
export type Law = z.infer<typeof LawSchema>;

/** Which words of an article to quote: literal words, a paragraph (款), an item (项), a sentence. */
export const QuoteSchema = z.union([
  z.strictObject({ text }),
  z.strictObject({ item: z.string().regex(/^[一二三四五六七八九十]+$/u, 'must be an item numeral such as 五'), para: z.number().int().min(1).optional() }),
  z.strictObject({ para: z.number().int().min(1), sentence: z.number().int().min(1).optional() }),
]);
export type Quote = z.infer<typeof QuoteSchema>;

/**
 * A citation: an article id (`public-security-2025/50`) or, for a rule stored without text
 * (a standard, a guideline), the law id alone; what to quote; and the bot's own summary.
 */
export const CitationSchema = z.strictObject({
  ref: z.string().regex(/^[a-z][a-z0-9-]*(\/[0-9-]+)?$/, 'must be an article id such as civil-code/1033, or a law id'),
  /** Which part, for the label: e.g. 第1款第（五）项. */
  part: z.string().regex(/^(第\d+(、\d+)*款)?(第（[一二三四五六七八九十]+）(、（[一二三四五六七八九十]+）)*项)?$/u, 'must look like 第1款, 第（五）项, 第1、2款 or 第1款第（五）项').optional(),
  quote: z.array(QuoteSchema).default([]),
  summary: text.refine((s) => [...s].length <= 160, { message: 'must be at most 160 characters' }),
});
export type CitationData = z.infer<typeof CitationSchema>;

/** A place to call or write to (`knowledge/_contacts.yaml`). */
export const ChannelSchema = z.strictObject({
  id: slug,
  name: text,
  /** Phone number or address exactly as in the fact sheet. */
  contact: text,
  handles: text,
  conf: z.enum(CONFIDENCES),
  status,
  facts: text,
});
export type Channel = z.infer<typeof ChannelSchema>;

/** The channel registry. */
export const ChannelsFileSchema = z.strictObject({
  reviewed: isoDate,
  channels: z.array(ChannelSchema).min(1),
});

/** A contact in an answer: a channel id, optionally with what it handles in this context. */
export const ContactRefSchema = z.strictObject({
  channel: slug,
  handles: text.optional(),
});
export type ContactRef = z.infer<typeof ContactRefSchema>;
