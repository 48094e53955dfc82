import { appendFileSync, cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadBrain } from '../src/core/brain.js';
import { readSnapshot, snapshotFile, snapshotFingerprint, writeSnapshot } from '../src/core/brain-snapshot.js';
import { loadHeldout } from '../src/eval/evaluate.js';
import { KnowledgeError } from '../src/kb/errors.js';
import { DEFAULT_PATHS, type KnowledgePaths } from '../src/kb/load.js';

const thresholds = { accept: 0.23, minSimilarity: 0.05, margin: 0.04, question: 0.3 };
let dir: string;
let paths: KnowledgePaths;
let cache: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'brain-snapshot-'));
  paths = { knowledgeDir: join(dir, 'knowledge'), intentsDir: join(dir, 'intents') };
  cpSync(DEFAULT_PATHS.knowledgeDir, paths.knowledgeDir, { recursive: true });
  cpSync(DEFAULT_PATHS.intentsDir, paths.intentsDir, { recursive: true });
  cache = join(dir, 'cache');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const load = () => loadBrain({ paths, thresholds, snapshot: { dir: cache } });
const fingerprint = () => snapshotFingerprint(paths, { segmenter: 'learned', train: { thresholds } });
const file = () => snapshotFile(cache, 'learned');

// Each case trains the brain up to three times (about 10 s each on a busy 2-core machine).
describe('trained brain snapshot', { timeout: 120_000 }, () => {
  it('GIVEN a first start THEN it trains and saves a snapshot; a restored brain answers exactly like the trained one', () => {
    const trained = load();
    expect(existsSync(file())).toBe(true);
    const restored = readSnapshot(file(), fingerprint());
    expect(restored).toBeDefined();
    expect(restored!.kb).toEqual(trained.kb);
    const again = load();
    for (const { text } of loadHeldout()) expect(again.matcher.match(text), text).toEqual(trained.matcher.match(text));
  });

  it('GIVEN a snapshot with the current fingerprint THEN the next start uses it instead of training', () => {
    const trained = load();
    const saved = readSnapshot(file(), fingerprint())!;
    writeSnapshot(file(), fingerprint(), { ...saved, thresholds: { ...saved.thresholds, accept: 0.99 } });
    expect(load().matcher.thresholds.accept).toBe(0.99);
    expect(trained.matcher.thresholds.accept).toBe(0.23);
  });

  it('GIVEN an edited data file THEN the snapshot is stale: the start trains again and replaces it', () => {
    load();
    const before = fingerprint();
    const saved = readSnapshot(file(), before)!;
    writeSnapshot(file(), before, { ...saved, thresholds: { ...saved.thresholds, accept: 0.99 } });
    appendFileSync(join(paths.intentsDir, 'thanks.yaml'), '\n# edited\n');
    expect(fingerprint()).not.toBe(before);
    expect(load().matcher.thresholds.accept).toBe(0.23);
    expect(readSnapshot(file(), fingerprint())).toBeDefined();
  });

  it('GIVEN a truncated or foreign snapshot file THEN it is ignored and the bot still answers', () => {
    load();
    writeFileSync(file(), Buffer.from('CSBRAIN1\u0000\u0000'));
    expect(readSnapshot(file(), fingerprint())).toBeUndefined();
    expect(load().matcher.match('怎么投诉催收').intent).toBe('complain');
    writeFileSync(file(), 'not a snapshot at all');
    expect(load().matcher.match('怎么投诉催收').intent).toBe('complain');
  });

  it('GIVEN a malformed knowledge file and an older snapshot THEN start-up still fails naming the file', () => {
    load();
    writeFileSync(join(paths.knowledgeDir, 'complain.yaml'), 'id: complain\ntitle: [unclosed\n');
    expect(load).toThrow(KnowledgeError);
    expect(load).toThrow(/complain\.yaml/);
  });
});
