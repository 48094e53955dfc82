/**
 * The repository root: the nearest directory above this module holding `package.json`. Found
 * by walking up rather than by a fixed `../..`, so it is the same from `src/` under tsx and
 * from the bundle in `dist/` (`npm run build`).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return join(from, '..', '..');
  }
}

/** Absolute path of the repository root. */
export const ROOT = findRoot(import.meta.dirname);
