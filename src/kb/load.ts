/**
 * Loads and validates the knowledge base: topics (`knowledge/*.yaml`), the law data
 * (`knowledge/law/`) and contact channels (`knowledge/_contacts.yaml`), shared texts
 * (`knowledge/_common.yaml`), the guided analysis (`knowledge/_triage.yaml`), the SMS-check
 * wording (`knowledge/_sms-check.yaml`), intents (`intents/*.yaml`), out-of-scope examples
 * (`intents/_out-of-scope.yaml`) and the lexicon (`intents/lexicon/domain.yaml`).
 * Any invalid file stops loading with a {@link KnowledgeError} naming the file and field.
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { Lexicon } from '../matcher/tokenize.js';
import type { Rewrite } from '../matcher/normalize.js';
import { ROOT } from '../root.js';
import { KnowledgeError } from './errors.js';
import { loadChannels, loadLaws } from './law-load.js';
import type { Channel, Law } from './law-schema.js';
import { SPEAKER_ROLES } from './roles.js';
import {
  SafetyLexiconSchema,
  SafetyTextsSchema,
  SafetyTrainingSchema,
  type SafetyLexicon,
  type SafetyTexts,
  type SafetyTraining,
} from './safety-schema.js';
import { showPath, validateYaml } from './yaml-file.js';
import {
  CommonSchema,
  IntentFileSchema,
  NegativesSchema,
  TopicSchema,
  type Common,
  type IntentFile,
  type Topic,
} from './schema.js';
import { SmsCheckDataSchema, type SmsCheckData } from './sms-check-schema.js';
import { TriageDataSchema, type TriageData } from './triage-schema.js';

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

/** Lexicon file schema. */
export const LexiconSchema = z.strictObject({
  terms: z.array(z.string().min(1)),
  concepts: z.record(z.string(), z.array(z.string().min(1))),
  rewrites: z.array(z.strictObject({ from: z.string().min(1), to: z.string().min(1) })),
  stopwords: z.array(z.string().min(1)),
});

/** Speaker-role vocabulary (`intents/lexicon/roles.yaml`). */
export const RolesSchema = z.strictObject({
  negations: z.array(pattern),
  rules: z.array(z.strictObject({ role: z.enum(SPEAKER_ROLES), pattern })).min(1),
  /** The lender or a collector writing: out of scope, answered with where they can turn. */
  other_side: z.strictObject({ creditor: z.array(pattern).min(1), collector: z.array(pattern).min(1), unless: z.array(pattern) }),
});

/** Everything the core needs, validated. */
export interface KnowledgeBase {
  topics: ReadonlyMap<string, Topic>;
  /** The law data (`knowledge/law/`), by law id. */
  laws: ReadonlyMap<string, Law>;
  /** Phone numbers and offices (`knowledge/_contacts.yaml`), by channel id. */
  channels: ReadonlyMap<string, Channel>;
  common: Common;
  /** The guided analysis: questions, parsing vocabulary, plan blocks, letters. */
  triage: TriageData;
  /** Wording of the pasted-SMS analysis. */
  smsCheck: SmsCheckData;
  intents: readonly IntentFile[];
  negatives: readonly string[];
  lexicon: Lexicon & { rewrites: readonly Rewrite[] };
  /** How speakers say who they are. */
  roles: z.infer<typeof RolesSchema>;
  /** Crisis, distress and refusal: the texts, the cue vocabulary and the model's training messages. */
  safety: { texts: SafetyTexts; lexicon: SafetyLexicon; training: SafetyTraining };
}

/** Where the data files live (defaults: the repository's `knowledge/` and `intents/`). */
export interface KnowledgePaths {
  knowledgeDir: string;
  intentsDir: string;
}

/** The repository root (re-exported for the loaders' users). */
export { ROOT };

/** Default data locations. */
export const DEFAULT_PATHS: KnowledgePaths = {
  knowledgeDir: join(ROOT, 'knowledge'),
  intentsDir: join(ROOT, 'intents'),
};

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && !f.startsWith('_'))
    .sort()
    .map((f) => join(dir, f));
}

/** Loads and schema-validates every file. Throws {@link KnowledgeError} on the first bad file. */
export function loadKnowledge(paths: KnowledgePaths = DEFAULT_PATHS): KnowledgeBase {
  const topics = new Map<string, Topic>();
  for (const file of yamlFiles(paths.knowledgeDir)) {
    const topic = validateYaml(TopicSchema, file);
    if (topic.id !== basename(file, '.yaml')) {
      throw new KnowledgeError('KB_INVALID', `${showPath(file)}: id "${topic.id}" must match the file name`, file);
    }
    topics.set(topic.id, topic);
  }
  const intents: IntentFile[] = [];
  for (const file of yamlFiles(paths.intentsDir)) {
    const intent = validateYaml(IntentFileSchema, file);
    if (intent.id !== basename(file, '.yaml')) {
      throw new KnowledgeError('KB_INVALID', `${showPath(file)}: id "${intent.id}" must match the file name`, file);
    }
    intents.push(intent);
  }
  return {
    topics,
    laws: loadLaws(paths.knowledgeDir),
    channels: loadChannels(paths.knowledgeDir),
    intents,
    common: validateYaml(CommonSchema, join(paths.knowledgeDir, '_common.yaml')),
    triage: validateYaml(TriageDataSchema, join(paths.knowledgeDir, '_triage.yaml')),
    smsCheck: validateYaml(SmsCheckDataSchema, join(paths.knowledgeDir, '_sms-check.yaml')),
    negatives: validateYaml(NegativesSchema, join(paths.intentsDir, '_out-of-scope.yaml')).negatives,
    lexicon: validateYaml(LexiconSchema, join(paths.intentsDir, 'lexicon', 'domain.yaml')),
    roles: validateYaml(RolesSchema, join(paths.intentsDir, 'lexicon', 'roles.yaml')),
    safety: {
      texts: validateYaml(SafetyTextsSchema, join(paths.knowledgeDir, '_safety.yaml')),
      lexicon: validateYaml(SafetyLexiconSchema, join(paths.intentsDir, 'lexicon', 'safety.yaml')),
      training: validateYaml(SafetyTrainingSchema, join(paths.intentsDir, '_safety.yaml')),
    },
  };
}
