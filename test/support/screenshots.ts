/** The screenshot fixtures (test/fixtures/screenshots): their folder, manifest and bytes. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../src/root.js';
import type { ManifestEntry } from '../fixtures/screenshots/cases.js';

/** The fixtures' folder. */
export const SCREENSHOTS = join(ROOT, 'test', 'fixtures', 'screenshots');

/** The expected reading of every rendered fixture, by file name. */
export function loadManifest(): Record<string, ManifestEntry> {
  return JSON.parse(readFileSync(join(SCREENSHOTS, 'manifest.json'), 'utf8')) as Record<string, ManifestEntry>;
}

/** The bytes of one fixture. */
export function screenshot(file: string): Buffer {
  return readFileSync(join(SCREENSHOTS, file));
}
