/**
 * Which script the OCR child runs, and with which Node flags.
 *
 * - From the bundle (`npm run build`, `npm run start:prod`): `ocr-worker.js` beside the chunks.
 * - From the TypeScript source (`npm start`, vitest): `ocr-worker.ts` compiled once with esbuild
 *   into `node_modules/.cache/cuishou-helper-bot/ocr/`, run by plain `node`. Running the child
 *   under tsx instead would cost ~40 MB more resident memory (measured 2026-12-03: Node 20 runs
 *   tsx's module hooks in a thread of their own): for the image reader that is a tenth of the
 *   memory budget. The file is named by a hash of its content and written by rename, so
 *   processes starting at once never see half a file and an edited source gets a new file.
 *   Without esbuild (a production install without dev dependencies runs the bundle anyway) the
 *   child falls back to tsx.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from '../root.js';

/** The child's JavaScript heap limit: the largest prepared image needs well under it. */
const CHILD_HEAP_MB = 192;

/**
 * The child's young-generation semi-space, in MB (V8's default grows to 16 MB): each image's
 * short-lived buffers are collected sooner. Measured on the fixtures: the child holds ~50 MB
 * less (mean 288 → 237 MB) for ~10% more time per image.
 */
const CHILD_SEMI_SPACE_MB = 1;

/** Where the compiled child script is kept (inside node_modules: never committed, removed with it). */
export const WORKER_CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'cuishou-helper-bot', 'ocr');

/** A script for the child and its Node flags. */
export interface WorkerScript {
  script: string;
  execArgv: string[];
}

let compiled: Promise<WorkerScript> | undefined;

/** The child's script for this process (compiled on the first call when running from source). */
export function workerScript(): Promise<WorkerScript> {
  const flags = [`--max-old-space-size=${CHILD_HEAP_MB}`, `--max-semi-space-size=${CHILD_SEMI_SPACE_MB}`];
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return Promise.resolve({ script: fileURLToPath(new URL('./ocr-worker.js', here)), execArgv: flags });
  const source = fileURLToPath(new URL('./ocr-worker.ts', here));
  compiled ??= compileWorker(source).then(
    (script) => ({ script, execArgv: flags }),
    () => ({ script: source, execArgv: [...flags, '--import', 'tsx'] }),
  );
  return compiled;
}

/** Bundles the child's source (packages stay external: resolved from node_modules) and returns the file's path. */
async function compileWorker(source: string): Promise<string> {
  const esbuild = await import('esbuild');
  const result = await esbuild
    .build({ entryPoints: [source], bundle: true, packages: 'external', platform: 'node', format: 'esm', target: 'node20', write: false, logLevel: 'silent' })
    // esbuild's service process would otherwise stay for the life of the bot (~12 MB).
    .finally(() => esbuild.stop());
  const code = result.outputFiles[0].contents;
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const file = join(WORKER_CACHE_DIR, `ocr-worker-${hash}.mjs`);
  if (!existsSync(file)) {
    mkdirSync(WORKER_CACHE_DIR, { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, code);
    renameSync(partial, file);
  }
  return file;
}
