/**
 * Loads and validates the knowledge base: topics (`knowledge/*.yaml`), shared texts
 * (`knowledge/_common.yaml`), the guided analysis (`knowledge/_triage.yaml`), the SMS-check
 * wording (`knowledge/_sms-check.yaml`), intents (`intents/*.yaml`), out-of-scope examples
 * (`intents/_out-of-scope.yaml`) and the lexicon (`intents/lexicon/domain.yaml`).
 * Any invalid file stops loading with a {@link KnowledgeError} naming the file and field.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Lexicon } from '../matcher/tokenize.js';
import type { Rewrite } from '../matcher/normalize.js';
import { ROOT } from '../root.js';
import { KnowledgeError } from './errors.js';
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

/** Lexicon file schema. */
export const LexiconSchema = z.strictObject({
  terms: z.array(z.string().min(1)),
  concepts: z.record(z.string(), z.array(z.string().min(1))),
  rewrites: z.array(z.strictObject({ from: z.string().min(1), to: z.string().min(1) })),
  stopwords: z.array(z.string().min(1)),
});

/** Everything the core needs, validated. */
export interface KnowledgeBase {
  topics: ReadonlyMap<string, Topic>;
  common: Common;
  /** The guided analysis: questions, parsing vocabulary, plan blocks, letters. */
  triage: TriageData;
  /** Wording of the pasted-SMS analysis. */
  smsCheck: SmsCheckData;
  intents: readonly IntentFile[];
  negatives: readonly string[];
  lexicon: Lexicon & { rewrites: readonly Rewrite[] };
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

function readYaml(file: string): unknown {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new KnowledgeError('KB_UNREADABLE', `${show(file)}: cannot be read`, file, { cause });
  }
  try {
    return parse(raw);
  } catch (cause) {
    const msg = cause instanceof Error ? cause.message : String(cause);
    throw new KnowledgeError('KB_INVALID', `${show(file)}: not valid YAML: ${msg}`, file, { cause });
  }
}

function validate<T>(schema: z.ZodType<T>, file: string): T {
  const result = schema.safeParse(readYaml(file));
  if (!result.success) {
    throw new KnowledgeError(
      'KB_INVALID',
      `${show(file)} is invalid:\n${z.prettifyError(result.error)}`,
      file,
      { cause: result.error },
    );
  }
  return result.data;
}

function show(file: string): string {
  return relative(process.cwd(), file) || file;
}

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
    const topic = validate(TopicSchema, file);
    if (topic.id !== basename(file, '.yaml')) {
      throw new KnowledgeError('KB_INVALID', `${show(file)}: id "${topic.id}" must match the file name`, file);
    }
    topics.set(topic.id, topic);
  }
  const intents: IntentFile[] = [];
  for (const file of yamlFiles(paths.intentsDir)) {
    const intent = validate(IntentFileSchema, file);
    if (intent.id !== basename(file, '.yaml')) {
      throw new KnowledgeError('KB_INVALID', `${show(file)}: id "${intent.id}" must match the file name`, file);
    }
    intents.push(intent);
  }
  return {
    topics,
    intents,
    common: validate(CommonSchema, join(paths.knowledgeDir, '_common.yaml')),
    triage: validate(TriageDataSchema, join(paths.knowledgeDir, '_triage.yaml')),
    smsCheck: validate(SmsCheckDataSchema, join(paths.knowledgeDir, '_sms-check.yaml')),
    negatives: validate(NegativesSchema, join(paths.intentsDir, '_out-of-scope.yaml')).negatives,
    lexicon: validate(LexiconSchema, join(paths.intentsDir, 'lexicon', 'domain.yaml')),
  };
}
