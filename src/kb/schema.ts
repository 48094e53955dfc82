/**
 * Zod schemas for the reviewed knowledge files (`knowledge/*.yaml`) and intent
 * training files (`intents/*.yaml`). They live beside the loader that applies them.
 */
import { z } from 'zod';
import { CitationSchema, ContactRefSchema } from './law-schema.js';
import { SPEAKER_ROLES } from './roles.js';

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

/**
 * The conversational intents (a greeting, thanks, "what can you do"): answered with a greeting
 * or the menu, never with a claim about debt collection; not offered as topics.
 */
export const SMALL_TALK_INTENTS: ReadonlySet<string> = new Set<IntentId>(['greeting', 'thanks', 'help']);

const text = z
  .string()
  .refine((s) => s.trim().length > 0, { message: 'must not be empty' });

const slug = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a kebab-case id');

/** A button offered after an answer: a topic, a question or a built-in action id, with a short label. */
export const FollowUpSchema = z.strictObject({
  id: slug,
  label: text.refine((s) => [...s].length <= 20, { message: 'must be at most 20 characters' }),
});

/** A ready-to-copy text (e.g. the complaint template). */
export const TemplateSchema = z.strictObject({
  title: text,
  body: text,
});

const chars = (max: number) => text.refine((s) => [...s].length <= max, { message: `must be at most ${max} characters` });

/** What a question's answer says to one speaker role (overrides the default answer). */
export const RoleAnswerSchema = z.strictObject({
  answer: chars(200),
  next: z.array(chars(60)).max(3).optional(),
});

/**
 * One question as people ask it, with its direct answer: 1–3 sentences a frightened person can
 * act on (≤ 200 characters), at most three next steps, its legal basis by reference and the
 * related questions offered as buttons. `byRole` speaks to a particular speaker where it matters.
 */
export const QuestionSchema = z.strictObject({
  /** Unique among all questions and topics; used in button ids. */
  id: slug.refine((s) => s.length <= 40, { message: 'must be at most 40 characters' }),
  /** The question in a user's words, e.g. 被威胁要上门，能报警吗？ */
  ask: chars(40),
  /** Button label. */
  label: chars(20),
  answer: chars(200),
  next: z.array(chars(60)).max(3).default([]),
  byRole: z.partialRecord(z.enum(SPEAKER_ROLES), RoleAnswerSchema).optional(),
  legal: z.array(CitationSchema).default([]),
  contacts: z.array(ContactRefSchema).default([]),
  /** Related question or topic ids, offered as buttons. */
  related: z.array(slug).max(4).default([]),
});
export type Question = z.infer<typeof QuestionSchema>;

/** One reviewed knowledge topic: a short summary, its questions, and the details behind buttons. */
export const TopicSchema = z.strictObject({
  id: slug,
  title: chars(40),
  /** The topic's short answer, used when the question is clear but no entry fits. */
  summary: chars(200),
  /** Details: every step, the legal basis, contacts, cautions and a template. */
  steps: z.array(chars(240)),
  legal: z.array(CitationSchema),
  contacts: z.array(ContactRefSchema),
  cautions: z.array(text),
  template: TemplateSchema.optional(),
  questions: z.array(QuestionSchema).default([]),
  /** Question ids offered as "你是想问：…" (default: the first three). */
  top: z.array(slug).max(4).optional(),
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
export type FollowUp = z.infer<typeof FollowUpSchema>;

/** Texts shared by all answers (`knowledge/_common.yaml`). */
export const CommonSchema = z.strictObject({
  disclaimer: text,
  outOfScope: z.strictObject({
    title: text,
    summary: text,
    /** For the other side of the debt (the lender, a collector): why the bot cannot help, and where to turn. */
    otherSide: z.strictObject({ creditor: text, collector: text }),
  }),
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
  /** Training phrasings of this topic's questions, by question id (each at least 4). */
  questions: z.record(z.string(), z.array(text).min(4)).default({}),
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
