/**
 * A saved, trained brain. Loading and validating ~45 YAML files, checking them and training the
 * matcher takes most of a second; restoring the result takes milliseconds. `loadBrain` writes a
 * snapshot after it trained and reads it on the next start when its fingerprint still matches:
 * the bytes of every data file, the loader/matcher sources, the lockfile, the Node and ICU
 * versions and the options. Anything else — a missing, stale, truncated or foreign file — means
 * "train again", never a different answer. Snapshots live under `node_modules/.cache/`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { KnowledgeBase, KnowledgePaths } from '../kb/load.js';
import { ROOT } from '../kb/load.js';
import type { LearnedDictionary } from '../matcher/learned-segmenter.js';
import type { Thresholds } from '../matcher/matcher.js';
import type { ModelState } from '../matcher/model-train.js';
import type { QuestionExample } from '../matcher/question-index.js';
import type { SafetyThresholds } from './safety-model.js';

/** Where snapshots are kept unless told otherwise. */
export const SNAPSHOT_DIR = join(ROOT, 'node_modules', '.cache', 'cuishou-helper-bot');

/** Bump when the file layout or the meaning of any saved field changes. */
const FORMAT = 'cuishou-brain/3';
const MAGIC = Buffer.from('CSBRAIN1');

/** What a snapshot holds. */
export interface BrainSnapshot {
  kb: KnowledgeBase;
  /** The learned segmenter's dictionary (absent for the other segmenters). */
  dictionary?: LearnedDictionary;
  /** The trained models by name: `topics` (the matcher), `safety` (the level) and the safety aspect models `safetyNow`, `safetyOther`. */
  models: Readonly<Record<ModelName, ModelState>>;
  /** The question phrasings (normalized), for the question index. */
  questions: readonly QuestionExample[];
  thresholds: Thresholds;
  safetyThresholds: SafetyThresholds;
}

/** The models a brain holds. */
export const MODEL_NAMES = ['topics', 'safety', 'safetyNow', 'safetyOther'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

type ArrayName = 'idf' | 'docLabel' | 'postStart' | 'postDoc' | 'postWeight' | 'rows' | 'bayesPrior' | 'softmaxBias';
const ARRAYS: Record<ArrayName, typeof Float64Array | typeof Float32Array | typeof Int32Array> = {
  idf: Float64Array,
  docLabel: Int32Array,
  postStart: Int32Array,
  postDoc: Int32Array,
  postWeight: Float64Array,
  rows: Float32Array,
  bayesPrior: Float64Array,
  softmaxBias: Float64Array,
};

type Scalars = Omit<ModelState, ArrayName>;

interface Header {
  format: string;
  fingerprint: string;
  /** The knowledge base as JSON, its Maps tagged (see {@link mapsOut}). */
  kb: unknown;
  dictionary?: Array<[string, number]>;
  models: Record<ModelName, Scalars>;
  questions: readonly QuestionExample[];
  thresholds: Thresholds;
  safetyThresholds: SafetyThresholds;
  arrays: Array<{ model: ModelName; name: ArrayName; offset: number; length: number }>;
}

/** The file of one segmenter's snapshot in `dir`. */
export function snapshotFile(dir: string, segmenter: string): string {
  return join(dir, `brain-${segmenter}.bin`);
}

/**
 * Fingerprint of everything a trained brain depends on: `extra` (segmenter, options), every
 * file under the data directories, the sources that load and train, the lockfile and runtime.
 */
export function snapshotFingerprint(paths: KnowledgePaths, extra: unknown): string {
  const hash = createHash('sha256').update(FORMAT).update(JSON.stringify(extra ?? null));
  hash.update(`${process.version} icu ${process.versions.icu ?? ''}`);
  const sources = [join(ROOT, 'src', 'kb'), join(ROOT, 'src', 'matcher'), join(ROOT, 'src', 'core')];
  // Guides (README.md beside the data) do not change what is trained.
  const data = [...filesUnder(paths.knowledgeDir), ...filesUnder(paths.intentsDir)].filter((f) => !f.endsWith('.md'));
  for (const file of [...data, ...sources.flatMap(filesUnder)]) {
    hash.update(`\0${relative(ROOT, file)}\0`).update(readFileSync(file));
  }
  const lock = join(ROOT, 'package-lock.json');
  if (exists(lock)) hash.update(readFileSync(lock));
  return hash.digest('hex');
}

/** Writes a snapshot atomically (a temporary file, then a rename). */
export function writeSnapshot(file: string, fingerprint: string, snapshot: BrainSnapshot): void {
  const { kb, dictionary, models, questions, thresholds, safetyThresholds } = snapshot;
  const arrays: Header['arrays'] = [];
  const chunks: Buffer[] = [];
  let offset = 0;
  const scalars = {} as Record<ModelName, Scalars>;
  for (const model of MODEL_NAMES) {
    const state = models[model];
    for (const name of Object.keys(ARRAYS) as ArrayName[]) {
      const a = state[name];
      const bytes = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
      arrays.push({ model, name, offset, length: a.length });
      chunks.push(bytes, Buffer.alloc(pad8(bytes.length) - bytes.length));
      offset += pad8(bytes.length);
    }
    const { idf, docLabel, postStart, postDoc, postWeight, rows, bayesPrior, softmaxBias, ...rest } = state;
    scalars[model] = rest;
  }
  const header: Header = {
    format: FORMAT,
    fingerprint,
    kb: mapsOut(kb),
    dictionary: dictionary ? [...dictionary.counts] : undefined,
    models: scalars,
    questions,
    thresholds,
    safetyThresholds,
    arrays,
  };
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  const prefix = MAGIC.length + 4 + json.length;
  const body = Buffer.concat([MAGIC, length, json, Buffer.alloc(pad8(prefix) - prefix), ...chunks]);
  mkdirSync(join(file, '..'), { recursive: true });
  // Unique per writer: several processes or threads may save the same snapshot at once.
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, body);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Reads a snapshot; undefined when absent, unreadable, of another format or another fingerprint. */
export function readSnapshot(file: string, fingerprint: string): BrainSnapshot | undefined {
  try {
    if (!exists(file)) return undefined;
    const raw = readFileSync(file);
    if (!raw.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
    const jsonLength = raw.readUInt32LE(MAGIC.length);
    const start = MAGIC.length + 4;
    const header = JSON.parse(raw.subarray(start, start + jsonLength).toString('utf8')) as Header;
    if (header.format !== FORMAT || header.fingerprint !== fingerprint) return undefined;
    // One aligned copy of the array section, viewed by every typed array.
    const base = pad8(start + jsonLength);
    const section = new Uint8Array(raw.length - base);
    section.set(raw.subarray(base));
    const arrays = {} as Record<ModelName, Partial<Pick<ModelState, ArrayName>>>;
    for (const { model, name, offset, length } of header.arrays) {
      const Type = ARRAYS[name];
      if (offset + length * Type.BYTES_PER_ELEMENT > section.byteLength) return undefined;
      (arrays[model] ??= {} as Partial<Pick<ModelState, ArrayName>>);
      (arrays[model] as Record<ArrayName, unknown>)[name] = new Type(section.buffer, offset, length);
    }
    const models = {} as Record<ModelName, ModelState>;
    for (const model of MODEL_NAMES) {
      if (Object.keys(arrays[model] ?? {}).length !== Object.keys(ARRAYS).length || !header.models[model]) return undefined;
      models[model] = { ...header.models[model], ...arrays[model] } as ModelState;
    }
    return {
      kb: mapsIn(header.kb) as KnowledgeBase,
      dictionary: header.dictionary ? { counts: new Map(header.dictionary) } : undefined,
      models,
      questions: header.questions,
      thresholds: header.thresholds,
      safetyThresholds: header.safetyThresholds,
    };
  } catch {
    return undefined;
  }
}

const MAP_TAG = '__map__';

/** A JSON-ready copy of `value` in which every Map is `{ __map__: entries }`. */
function mapsOut(value: unknown): unknown {
  if (value instanceof Map) return { [MAP_TAG]: [...value].map(([k, v]) => [k, mapsOut(v)]) };
  if (Array.isArray(value)) return value.map(mapsOut);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapsOut(v)]));
  return value;
}

/** The inverse of {@link mapsOut}. */
function mapsIn(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(mapsIn);
  if (value !== null && typeof value === 'object') {
    const entries = (value as Record<string, unknown>)[MAP_TAG];
    if (Array.isArray(entries)) return new Map(entries.map(([k, v]: [unknown, unknown]) => [k, mapsIn(v)]));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapsIn(v)]));
  }
  return value;
}

function pad8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}

/** Every file under `dir`, recursively, in a stable order (none when `dir` does not exist). */
function filesUnder(dir: string): string[] {
  if (!exists(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}
