/**
 * Cached matcher calibration. Cross-validating the thresholds takes seconds, so
 * `npm run kb:calibrate` stores them in `intents/_calibration.json` with a fingerprint of
 * everything they depend on (training data, options, matcher source). `loadBrain` uses the
 * cached thresholds only when the fingerprint matches, and otherwise calibrates at load, so a
 * stale file can cost time but never change behaviour. `npm run kb:check` reports a stale file.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ROOT } from '../kb/load.js';
import type { Thresholds, TrainOptions } from '../matcher/matcher.js';

/** Where the calibration lives. */
export const CALIBRATION_FILE = join(ROOT, 'intents', '_calibration.json');

const EntrySchema = z.object({
  fingerprint: z.string(),
  thresholds: z.record(z.string(), z.number()),
});
const FileSchema = z.record(z.string(), EntrySchema);

/** One calibrated entry. */
export type CalibrationEntry = z.infer<typeof EntrySchema>;

let matcherSource: string | undefined;
function matcherSourceText(): string {
  if (matcherSource === undefined) {
    const dir = join(ROOT, 'src', 'matcher');
    matcherSource = [
      ...readdirSync(dir)
        .filter((f) => f.endsWith('.ts'))
        .sort()
        .map((f) => join(dir, f)),
      join(ROOT, 'src', 'core', 'safety-model.ts'),
    ]
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
  }
  return matcherSource;
}

/** Fingerprint of everything the thresholds depend on: the training data, segmenter, options and matcher source. */
export function fingerprint(examples: unknown, segmenter: string, options: TrainOptions): string {
  const { thresholds: _ignored, ...rest } = options;
  return createHash('sha256')
    .update(JSON.stringify({ segmenter, options: rest, examples }))
    .update(matcherSourceText())
    .digest('hex');
}

/** Reads all cached entries (empty when the file is absent or unreadable). */
export function readCalibrations(file = CALIBRATION_FILE): Record<string, CalibrationEntry> {
  if (!existsSync(file)) return {};
  const parsed = FileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data : {};
}

/** The cached thresholds of `key` (a segmenter, or `safety-<segmenter>`) if their fingerprint is `fp`. */
export function cachedThresholds<T = Thresholds>(key: string, fp: string, file = CALIBRATION_FILE): T | undefined {
  const entry = readCalibrations(file)[key];
  return entry?.fingerprint === fp ? (entry.thresholds as T) : undefined;
}

/** Stores the thresholds of `key`. */
export function writeCalibration(key: string, entry: { fingerprint: string; thresholds: object }, file = CALIBRATION_FILE): void {
  const all = readCalibrations(file);
  all[key] = entry as CalibrationEntry;
  writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
}
