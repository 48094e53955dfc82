/**
 * Zod schemas for the reviewed knowledge files (`knowledge/*.yaml`) and intent
 * training files (`intents/*.yaml`). They live beside the loader that applies them.
 */
import { z } from 'zod';

/** Every intent id the bot knows. Anything else is out of scope (`null`). */
export const INTENT_IDS = [
  'verify-sms',
  'what-to-do',
  'impact',
  'legality',
  'complain',
  'family-liability',
  'credit-report',
  'talk-to-family',
  'family-member',
  'harassment',
  'evidence',
  'negotiate',
  'scam',
  'contacts-permission',
  'lawsuit',
  'prevent-overdue',
  'crisis',
  'greeting',
  'help',
  'thanks',
] as const;

/** One of {@link INTENT_IDS}. */
export type IntentId = (typeof INTENT_IDS)[number];

const text = z
  .string()
  .refine((s) => s.trim().length > 0, { message: 'must not be empty' });

const slug = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a kebab-case id');

/** A legal citation. The article is mandatory: a law without an article is not cited. */
export const LegalBasisSchema = z.strictObject({
  law: text,
  article: text.refine((s) => /第.+[条款]/.test(s), {
    message: 'must name an article, e.g. 第1033条',
  }),
  quote: text.refine((s) => s.length <= 160, { message: 'must be at most 160 characters' }),
  /** Row of ../shared/knowledge-sources/legal-facts.md this citation comes from, e.g. "1.3". */
  factRef: z.string().regex(/^\d+(\.\d+)?$/, 'must be a fact-sheet row such as 1.3 or 6'),
});

/** A place to call or write to. */
export const ContactSchema = z.strictObject({
  name: text,
  /** Phone number or web address, exactly as in the fact sheet. */
  contact: text,
  handles: text,
});

/** A button offered after an answer: another topic id (or a built-in action id), with a short label. */
export const FollowUpSchema = z.strictObject({
  id: slug,
  label: text.refine((s) => [...s].length <= 20, { message: 'must be at most 20 characters' }),
});

/** A ready-to-copy text (e.g. the complaint template). */
export const TemplateSchema = z.strictObject({
  title: text,
  body: text,
});

/** One reviewed knowledge topic. */
export const TopicSchema = z.strictObject({
  id: slug,
  title: text,
  summary: text.refine((s) => [...s].length <= 400, { message: 'must be at most 400 characters' }),
  steps: z.array(text.refine((s) => [...s].length <= 240, { message: 'must be at most 240 characters' })),
  legal: z.array(LegalBasisSchema),
  contacts: z.array(ContactSchema),
  cautions: z.array(text),
  template: TemplateSchema.optional(),
  followUps: z.array(FollowUpSchema).max(5),
  reviewed: z.union([z.string(), z.date()]).transform((d, ctx) => {
    const s = d instanceof Date ? d.toISOString().slice(0, 10) : d;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) {
      ctx.addIssue({ code: 'custom', message: 'must be a date YYYY-MM-DD' });
      return z.NEVER;
    }
    return s;
  }),
  sources: z.array(text).min(1),
});
/** A validated topic. */
export type Topic = z.infer<typeof TopicSchema>;
export type LegalBasis = z.infer<typeof LegalBasisSchema>;
export type Contact = z.infer<typeof ContactSchema>;
export type FollowUp = z.infer<typeof FollowUpSchema>;

/** Texts shared by all answers (`knowledge/_common.yaml`). */
export const CommonSchema = z.strictObject({
  disclaimer: text,
  outOfScope: z.strictObject({ title: text, summary: text }),
  clarify: z.strictObject({ title: text, summary: text }),
  /** Prefix for an answer to a short follow-up; `{topic}` is replaced by the previous topic's title. */
  contextPrefix: text,
  /** The main menu (greeting, help, out-of-scope replies). */
  menu: z.array(FollowUpSchema).min(3).max(5),
  /** Short button label per topic id (used when offering topics, e.g. in a clarifying question). */
  labels: z.record(z.string(), text.refine((s) => [...s].length <= 20, { message: 'must be at most 20 characters' })),
});
export type Common = z.infer<typeof CommonSchema>;

/** One intent's training data (`intents/<id>.yaml`). */
export const IntentFileSchema = z.strictObject({
  id: z.enum(INTENT_IDS),
  topic: slug,
  keywords: z.array(text).default([]),
  utterances: z.array(text).min(25),
});
export type IntentFile = z.infer<typeof IntentFileSchema>;

/** Out-of-scope training examples (`intents/_out-of-scope.yaml`). */
export const NegativesSchema = z.strictObject({
  negatives: z.array(text).min(1),
});

/** Held-out evaluation set (`test/fixtures/heldout.yaml`). */
export const HeldoutSchema = z.strictObject({
  cases: z.array(
    z.strictObject({
      text: text,
      intent: z.enum(INTENT_IDS).nullable(),
    }),
  ),
});
