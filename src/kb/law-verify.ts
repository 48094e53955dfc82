/**
 * Compares the articles stored in `knowledge/law/` with the statute files they were copied from
 * (`../shared/knowledge-sources/statutes/` by default), line for line. Used by `law:verify` and
 * by kb:check whenever the statute texts are at hand.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadLaws } from './law-load.js';
import { DEFAULT_PATHS, ROOT } from './load.js';
import { parseStatute, type StatuteArticle } from './statute-text.js';

/** Where the statute texts live beside the project. */
export const DEFAULT_STATUTES = join(ROOT, '..', 'shared', 'knowledge-sources', 'statutes');

const parsed = new Map<string, StatuteArticle[]>();

/** The articles of one statute file (parsed once). */
export function statute(dir: string, file: string): StatuteArticle[] {
  const key = join(dir, file);
  let articles = parsed.get(key);
  if (!articles) parsed.set(key, (articles = parseStatute(readFileSync(key, 'utf8'))));
  return articles;
}


/** Problems found comparing the stored articles with the statute files in `dir`. */
export function verifyLaws(dir: string, knowledgeDir = DEFAULT_PATHS.knowledgeDir): { checked: number; problems: string[] } {
  const problems: string[] = [];
  let checked = 0;
  for (const law of loadLaws(knowledgeDir).values()) {
    for (const a of law.articles) {
      const file = a.file ?? law.source?.file;
      if (!file) {
        problems.push(`knowledge/law/${law.id}.yaml: ${a.marker} has no source file`);
        continue;
      }
      if (!existsSync(join(dir, file))) {
        problems.push(`knowledge/law/${law.id}.yaml: source file "${file}" not found in ${dir}`);
        continue;
      }
      const original = statute(dir, file).filter((s) => s.marker === a.marker);
      checked++;
      if (original.length !== 1) problems.push(`knowledge/law/${law.id}.yaml: ${a.marker} occurs ${original.length} times in ${file}`);
      else if (JSON.stringify(original[0].lines) !== JSON.stringify(a.lines)) {
        const i = a.lines.findIndex((l, k) => l !== original[0].lines[k]);
        problems.push(`knowledge/law/${law.id}.yaml: ${a.marker} differs from ${file} at line ${i + 1}: "${a.lines[i] ?? '(missing)'}" ≠ "${original[0].lines[i] ?? '(missing)'}"`);
      }
    }
  }
  return { checked, problems };
}

