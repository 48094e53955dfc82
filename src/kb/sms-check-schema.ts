/**
 * Zod schema of `knowledge/_sms-check.yaml`: the wording of the analysis of a pasted
 * collection message (verdicts, one finding per signal, conditional steps, legal basis,
 * contacts). The detector and analyser themselves are code (`src/core/sms-check.ts`).
 */
import { z } from 'zod';
import { CitationSchema, ContactRefSchema } from './law-schema.js';
import { FollowUpSchema } from './schema.js';

/** Every signal the analyser reports: scam signals, unlawful-collection signals, neutral information. */
export const SMS_SIGNALS = [
  'link',
  'personal-account',
  'credit-repair',
  'cancel-account',
  'fake-legal',
  'fake-authority',
  'deadline-hours',
  'freeze-accounts',
  'threat',
  'insult',
  'third-party',
  'contact-blast',
  'night',
  'visit',
  'lawsuit-claim',
  'credit-claim',
  'phone',
] as const;
/** One of {@link SMS_SIGNALS}. */
export type SmsSignal = (typeof SMS_SIGNALS)[number];

/** The overall assessment, most serious first. */
export const SMS_VERDICTS = ['fake-authority', 'likely-scam', 'suspicious', 'unlawful', 'reminder'] as const;
/** One of {@link SMS_VERDICTS}. */
export type SmsVerdict = (typeof SMS_VERDICTS)[number];

const text = z.string().refine((s) => s.trim().length > 0, { message: 'must not be empty' });

/** When a block applies: every listed key must match; `signals` matches when any listed signal was found. */
export const SmsWhenSchema = z.strictObject({
  signals: z.array(z.enum(SMS_SIGNALS)).min(1).optional(),
  verdict: z.array(z.enum(SMS_VERDICTS)).min(1).optional(),
});
export type SmsWhen = z.infer<typeof SmsWhenSchema>;

const perSignal = z.strictObject(Object.fromEntries(SMS_SIGNALS.map((s) => [s, text])) as Record<SmsSignal, typeof text>);
const perVerdict = z.strictObject(Object.fromEntries(SMS_VERDICTS.map((v) => [v, text])) as Record<SmsVerdict, typeof text>);

/** Placeholders the file may use. */
export const SMS_PLACEHOLDERS = ['sender', 'times', 'numbers', 'authority'] as const;

/** The whole `_sms-check.yaml`. */
export const SmsCheckDataSchema = z.strictObject({
  reviewed: z.union([z.string(), z.date()]).transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d)),
  sources: z.array(text).min(1),
  title: text,
  intro: text,
  verdicts: perVerdict,
  findingsHeading: text,
  /** `{sender}`: the name literally in the message's 【…】 tag, sanitized. */
  sender: text,
  /** The same in the full analysis, where the name is no longer at hand. */
  senderNamed: text,
  noSender: text,
  /** One line per signal found; `{times}` and `{numbers}` are filled for night and phone. */
  findings: perSignal,
  steps: z.array(z.strictObject({ when: SmsWhenSchema.optional(), text })).min(1),
  legal: z.array(CitationSchema.extend({ when: SmsWhenSchema.optional() }).strict()),
  contacts: z.array(ContactRefSchema.extend({ when: SmsWhenSchema.optional() }).strict()),
  cautions: z.array(z.strictObject({ when: SmsWhenSchema.optional(), text })),
  followUps: z.array(FollowUpSchema).max(5),
});
/** The validated `_sms-check.yaml`. */
export type SmsCheckData = z.infer<typeof SmsCheckDataSchema>;
