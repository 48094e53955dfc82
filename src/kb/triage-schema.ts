/**
 * Zod schema of `knowledge/_triage.yaml`: the guided analysis ("帮我分析我的情况") — its
 * questions, the vocabulary used to read free-text answers, the building blocks of the
 * tailored plan and the letter templates. All Chinese prose lives in that reviewed file; the
 * core only selects blocks by the user's answers and fills `{placeholders}`.
 */
import { z } from 'zod';
import { CitationSchema, ContactRefSchema } from './law-schema.js';

/**
 * Who is talking (the speaker roles of roles.ts that the analysis plans for): the borrower, a
 * relative, the borrower's spouse, a colleague / friend / other contact, or a guarantor.
 */
export const ROLES = ['borrower', 'family', 'spouse', 'contact', 'guarantor'] as const;
/**
 * In whose voice a letter is written: the borrower; someone who owes nothing (family or a
 * contact); the spouse (who may share a joint debt, so the letter claims nothing about it); a
 * guarantor (who may be asked to pay, so only unlawful conduct is complained about).
 */
export const VOICES = ['borrower', 'third', 'spouse', 'guarantor'] as const;
/** Lender types the plan distinguishes. */
export const LENDERS = ['credit-card', 'consumer-finance', 'online-app', 'unknown'] as const;
/** What the messages said (multi-select). */
export const CONTENTS = ['threats', 'insults', 'links', 'personal-account', 'court-police', 'reminder'] as const;
/** How long the debt is overdue. */
export const OVERDUES = ['none', 'lt-1m', '1-3m', 'gt-3m', 'unknown'] as const;
/** The four questions, in the order they are asked. */
export const TRIAGE_STEPS = ['role', 'lender', 'content', 'overdue'] as const;

export type Role = (typeof ROLES)[number];
export type Voice = (typeof VOICES)[number];
export type Lender = (typeof LENDERS)[number];
export type Content = (typeof CONTENTS)[number];
export type Overdue = (typeof OVERDUES)[number];
export type TriageStep = (typeof TRIAGE_STEPS)[number];

const text = z.string().refine((s) => s.trim().length > 0, { message: 'must not be empty' });
const label = text.refine((s) => [...s].length <= 20, { message: 'must be at most 20 characters' });

/** A regular expression, written as a string in the data file; must compile. */
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

/**
 * When a block applies: every listed key must match (`content` matches when any listed
 * message type was selected). An empty or missing `when` always applies.
 */
export const WhenSchema = z.strictObject({
  role: z.array(z.enum(ROLES)).min(1).optional(),
  lender: z.array(z.enum(LENDERS)).min(1).optional(),
  content: z.array(z.enum(CONTENTS)).min(1).optional(),
  overdue: z.array(z.enum(OVERDUES)).min(1).optional(),
});
export type When = z.infer<typeof WhenSchema>;

/** A text used when its condition holds. */
const Conditional = z.strictObject({ when: WhenSchema.optional(), text });
/** A legal citation used when its condition holds. */
const ConditionalLegal = CitationSchema.extend({ when: WhenSchema.optional() }).strict();
/** A contact offered when its condition holds. */
const ConditionalContact = ContactRefSchema.extend({ when: WhenSchema.optional() }).strict();

/** A text per role. */
const perRole = z.strictObject({ borrower: text, family: text, spouse: text, contact: text, guarantor: text });
/** A text per letter voice; a voice left out means the letter is not offered to it. */
const perVoice = z.strictObject({ borrower: text.optional(), third: text.optional(), spouse: text.optional(), guarantor: text.optional() });
/** A text per lender type. */
const perLender = z.strictObject({ 'credit-card': text, 'consumer-finance': text, 'online-app': text, unknown: text });
/** An optional text per lender type (empty string = nothing to add). */
const perLenderOptional = z.strictObject({
  'credit-card': z.string(),
  'consumer-finance': z.string(),
  'online-app': z.string(),
  unknown: z.string(),
});
/** A text per message type. */
const perContent = z.strictObject({
  threats: z.string(),
  insults: z.string(),
  links: z.string(),
  'personal-account': z.string(),
  'court-police': z.string(),
  reminder: z.string(),
});
/** A text per overdue answer. */
const perOverdue = z.strictObject({ none: text, 'lt-1m': text, '1-3m': text, 'gt-3m': text, unknown: text });

/** One question of the dialogue. `question` may differ by role. */
const Step = <T extends z.ZodTypeAny>(options: T) =>
  z.strictObject({
    question: z.union([text, perRole]),
    hint: text,
    options,
  });

/** Labels of the answer buttons. */
const roleOptions = z.strictObject({ borrower: label, family: label, spouse: label, contact: label, guarantor: label });
const lenderOptions = z.strictObject({ 'credit-card': label, 'consumer-finance': label, 'online-app': label, unknown: label });
const contentOptions = z.strictObject({
  threats: label,
  insults: label,
  links: label,
  'personal-account': label,
  'court-police': label,
  reminder: label,
});
const overdueOptions = z.strictObject({ none: label, 'lt-1m': label, '1-3m': label, 'gt-3m': label, unknown: label });

/** One letter: a title and a body per role, with `{placeholders}` filled by the core. */
const Letter = z.strictObject({
  /** Button label offering the letter (one for all, or per voice). */
  label: z.union([label, z.strictObject({ borrower: label.optional(), third: label.optional(), spouse: label.optional(), guarantor: label.optional() })]),
  title: text,
  summary: text,
  steps: z.array(text),
  body: perVoice,
  /** Citations written into the letter (`{basis}`), per voice; only binding law with its exact article. */
  basis: z.strictObject({ borrower: z.array(CitationSchema).optional(), third: z.array(CitationSchema).optional(), spouse: z.array(CitationSchema).optional(), guarantor: z.array(CitationSchema).optional() }),
});

/** Placeholders a letter body or plan text may use. */
export const TRIAGE_PLACEHOLDERS = [
  'recap',
  'channel',
  'regulator',
  'lenderKind',
  'conduct',
  'rules',
  'complaintNote',
  'overdueLine',
  'safetyLine',
  'basis',
] as const;

/** The whole `_triage.yaml`. */
export const TriageDataSchema = z.strictObject({
  reviewed: z.union([z.string(), z.date()]).transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d)),
  sources: z.array(text).min(1),
  intro: z.strictObject({ title: text, summary: text }),
  steps: z.strictObject({
    role: Step(roleOptions),
    lender: Step(lenderOptions),
    content: Step(contentOptions).extend({ selected: text, nothing: text, done: label }).strict(),
    overdue: Step(overdueOptions),
  }),
  controls: z.strictObject({
    change: label,
    exit: label,
    finish: label,
    resume: label,
    plan: label,
    start: label,
    /** Prefix of a selected option's label. */
    checked: text,
    edit: z.strictObject({ role: label, lender: label, content: label, overdue: label }),
  }),
  messages: z.strictObject({
    notUnderstood: text,
    noted: text,
    changeTitle: text,
    changeSummary: text,
    exitTitle: text,
    exitSummary: text,
    paused: text,
    noFacts: text,
    /** A letter asked for that is not written for the person's role. */
    noLetter: text,
  }),
  recap: z.strictObject({
    role: text,
    lender: text,
    content: text,
    overdue: text,
    separator: z.string(),
    listSeparator: z.string(),
    unanswered: text,
    nothing: text,
    /** How the role is named in the recap. */
    roleNames: perRole,
  }),
  /** Vocabulary for free text, matched on the normalized message (Simplified, lower case). */
  parse: z.strictObject({
    /** Whole-message phrases that start the dialogue (punctuation and spaces removed first). */
    start: patterns,
    /** Whole-message phrases that leave it. */
    exit: patterns,
    /** Whole-message phrases that resume a paused dialogue. */
    resume: patterns,
    /** Whole-message phrases that close the multi-select message question ("选好了", "就这些"). */
    done: patterns,
    /** Phrases announcing a correction ("改一下", "其实是…"). */
    change: patterns,
    /** Phrases that make a message a question rather than an answer. */
    question: patterns,
    lender: z.strictObject({
      'credit-card': patterns,
      'consumer-finance': patterns,
      'online-app': patterns,
      unknown: patterns,
    }),
    content: z.strictObject({
      threats: patterns,
      insults: patterns,
      links: patterns,
      'personal-account': patterns,
      'court-police': patterns,
      reminder: patterns,
    }),
    /** Words for durations; numbers such as 「15天」「三个多月」「半年」 are read by the core. */
    overdue: z.strictObject({ none: patterns, unknown: patterns, 'gt-3m': patterns, '1-3m': patterns, 'lt-1m': patterns }),
  }),
  plan: z.strictObject({
    title: text,
    /** First matching entry is used. */
    summary: z.array(Conditional).min(1),
    /** First matching entry is used: what to do first. */
    first: z.array(Conditional).min(1),
    steps: z.array(Conditional).min(1),
    legal: z.array(ConditionalLegal),
    contacts: z.array(ConditionalContact),
    cautions: z.array(Conditional),
    /** Complaint channel per lender type (fills `{channel}`). */
    channel: perLender,
  }),
  letters: z.strictObject({
    stop: Letter,
    complaint: Letter,
    family: Letter,
    /** Fills `{regulator}`: whom to complain to. */
    regulator: perLender,
    /** Fills `{lenderKind}`: the lender described in a complaint. */
    lenderKind: perLender,
    /** Fills `{rules}`: the binding rule that applies to this lender type, cited in the letter (none for some). */
    rules: z.strictObject({
      'credit-card': z.array(CitationSchema),
      'consumer-finance': z.array(CitationSchema),
      'online-app': z.array(CitationSchema),
      unknown: z.array(CitationSchema),
    }),
    /** Fills `{complaintNote}`. */
    complaintNote: perLenderOptional,
    /** Fills `{conduct}`: one clause per selected message type. */
    conduct: perContent,
    /** Fills `{overdueLine}` (note to family). */
    overdueLine: perOverdue,
    /** Fills `{safetyLine}` when threats were selected. */
    safetyLine: perRole,
  }),
});
/** The validated `_triage.yaml`. */
export type TriageData = z.infer<typeof TriageDataSchema>;

