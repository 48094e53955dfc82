/**
 * Zod schemas of the safety data: what the bot says (`knowledge/_safety.yaml`), the cue
 * vocabulary (`intents/lexicon/safety.yaml`) and the safety model's training messages
 * (`intents/_safety.yaml`).
 */
import { z } from 'zod';
import { FollowUpSchema } from './schema.js';

const text = z.string().refine((s) => s.trim().length > 0, { message: 'must not be empty' });

/** A regular expression written as a string in a data file; must compile. */
const pattern = z.string().refine(
  (s) => {
    try {
      new RegExp(s, 'u');
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be a valid regular expression' },
);
const patterns = z.array(pattern).min(1);

/** Kinds of request the bot declines. */
export const REFUSAL_KINDS = ['steer', 'threaten', 'locate', 'evade', 'fraud'] as const;
export type RefusalKind = (typeof REFUSAL_KINDS)[number];

/** `knowledge/_safety.yaml`. */
export const SafetyTextsSchema = z.strictObject({
  reviewed: z.union([z.string(), z.date()]).transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d)),
  sources: z.array(text).min(1),
  crisis: z.strictObject({
    title: text,
    openings: z.array(text).min(2),
    ask: text,
    next: z.array(text).min(1).max(3),
    urgentTitle: text,
    urgent: text,
    urgentNext: z.array(text).min(1).max(3),
    thirdTitle: text,
    third: text,
    thirdUrgent: text,
    thirdNext: z.array(text).min(1).max(3),
    /** After help was called in an urgent or third-person crisis: what to do while waiting. */
    waitingTitle: text,
    waiting: text,
    thirdWaiting: text,
    closing: text,
    groupNote: text,
  }),
  support: z.strictObject({
    title: text,
    replies: z.array(text).min(2),
    lines: text,
    banner: text,
    /** Asked about the help line itself ("热线半夜有人接吗", "打过去说什么"): its hours, what to say, 110/120 when in danger. */
    hotline: text,
    /** Thanks after a crisis ("谢谢你"): the door stays open, the lines stay. */
    thanks: text,
  }),
  distress: z.strictObject({
    banner: text,
    title: text,
    summary: text,
    followUps: z.array(FollowUpSchema).max(5),
    /** Kept on top of the answers in the turns after distress: shorter than the banner, not the same words again. */
    keptBanner: text,
    /** Replies when the person goes on telling how they feel (no question): they vary, the bot listens. */
    listening: z.array(text).min(2),
  }),
  refusals: z.strictObject({ title: text, steer: text, threaten: text, locate: text, evade: text, fraud: text }),
});
export type SafetyTexts = z.infer<typeof SafetyTextsSchema>;

/** `intents/lexicon/safety.yaml`. */
export const SafetyLexiconSchema = z.strictObject({
  negations: patterns,
  casual: patterns,
  reported: patterns,
  danger: patterns,
  /**
   * Read only once a message is a crisis: it is danger now when it names a place to fall from or
   * a farewell said now (`imminent`), or a means together with a sign that it is done or about
   * to be (`means` and `now`: 安眠药 … 今晚, 刀 … 已经).
   */
  imminent: patterns.default([]),
  means: patterns.default([]),
  now: patterns.default([]),
  crisis: patterns,
  distress: patterns,
  third_person: patterns,
  /** The writer speaks of their own danger ("我不想活了"): then a relative named in passing does not make it a third-person crisis. */
  first_person: patterns.default([]),
  pushback: patterns,
  safe_now: patterns,
  help_called: patterns,
  /** Questions about the help line itself (its hours, how to call, what to say). */
  hotline: patterns.default([]),
  /** Still shaken or fragile after a crisis (吓死我了, 谢谢你听我说): thanks is then met with the supportive reply. */
  shaken: patterns.default([]),
  symptoms: patterns,
  refusals: z.strictObject({ steer: patterns, threaten: patterns, locate: patterns, evade: patterns, fraud: patterns }),
});
export type SafetyLexicon = z.infer<typeof SafetyLexiconSchema>;

/** `intents/_safety.yaml`. */
export const SafetyTrainingSchema = z.strictObject({
  /** The writer at risk, not now. */
  crisis: z.array(text).min(20),
  /** The writer in danger now. */
  crisis_now: z.array(text).min(20),
  /** Someone else at risk, not now. */
  crisis_other: z.array(text).min(20),
  /** Someone else in danger now. */
  crisis_other_now: z.array(text).min(20),
  distress: z.array(text).min(20),
  none: z.array(text).min(20),
});
export type SafetyTraining = z.infer<typeof SafetyTrainingSchema>;
