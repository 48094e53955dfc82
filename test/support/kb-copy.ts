/**
 * A throwaway copy of the knowledge base for tests that edit data files: copy, edit a YAML
 * file in place, list kb:check's problems. Copies are removed after each test.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { parse, stringify } from 'yaml';
import { findProblems } from '../../src/kb/check.js';
import { DEFAULT_PATHS, loadKnowledge, type KnowledgePaths } from '../../src/kb/load.js';
import { createNormalizer } from '../../src/matcher/normalize.js';

const dirs: string[] = [];

/** Registers the clean-up; call once at the top of a test file. */
export function useKbCopies(): void {
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
}

/** A fresh copy of `knowledge/` and `intents/`. */
export function copyData(): KnowledgePaths {
  const root = mkdtempSync(join(tmpdir(), 'kb-'));
  dirs.push(root);
  cpSync(DEFAULT_PATHS.knowledgeDir, join(root, 'knowledge'), { recursive: true });
  cpSync(DEFAULT_PATHS.intentsDir, join(root, 'intents'), { recursive: true });
  return { knowledgeDir: join(root, 'knowledge'), intentsDir: join(root, 'intents') };
}

/** Edits a YAML file of a copy. */
export function edit(file: string, change: (doc: Record<string, unknown>) => void): void {
  const doc = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  change(doc);
  writeFileSync(file, stringify(doc));
}

/** kb:check's problems for a copy. */
export function problems(paths: KnowledgePaths): string[] {
  const kb = loadKnowledge(paths);
  return findProblems(kb, createNormalizer(kb.lexicon.rewrites));
}
