/**
 * `npm run law:verify` — compares every article stored in `knowledge/law/` with the statute file
 * it was copied from (`../shared/knowledge-sources/statutes/` unless `--sources <dir>`), line for
 * line. Without the statute texts it says so and exits 0: the stored copies are then the
 * reference, and kb:check still checks every quote against them.
 *
 * `npm run law:add -- <law-id> <article…>` copies articles (e.g. `50`, `293-1`) from the law's
 * statute file into its YAML file, verbatim.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { KnowledgeError } from '../kb/errors.js';
import { lawFiles } from '../kb/law-load.js';
import { DEFAULT_PATHS } from '../kb/load.js';
import { DEFAULT_STATUTES, statute, verifyLaws } from '../kb/law-verify.js';
import { articleNumber } from '../kb/statute-text.js';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function sourcesDir(args: string[]): string {
  const i = args.indexOf('--sources');
  return i >= 0 && args[i + 1] ? args[i + 1] : DEFAULT_STATUTES;
}

function verify(args: string[]): void {
  const dir = sourcesDir(args);
  if (!existsSync(dir)) {
    process.stdout.write(`law:verify skipped: no statute texts at ${dir} (pass --sources <dir>); kb:check still checks every quote against the stored articles\n`);
    return;
  }
  const { checked, problems } = verifyLaws(dir);
  if (problems.length > 0) fail(`law:verify found ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
  process.stdout.write(`law:verify ok: ${checked} stored articles equal their statute files\n`);
}

/** The value after `flag`, and the arguments without both. */
function option(args: string[], flag: string): { value?: string; rest: string[] } {
  const i = args.indexOf(flag);
  return i < 0 ? { rest: args } : { value: args[i + 1], rest: args.filter((_, k) => k !== i && k !== i + 1) };
}

function add(args: string[]): void {
  const { value: fileOption, rest } = option(option(args, '--sources').rest, '--file');
  const [lawId, ...numbers] = rest;
  if (!lawId || numbers.length === 0) fail('usage: npm run law:add -- <law-id> <article number…> [--file <statute file>] [--sources <dir>]');
  const file = lawFiles(DEFAULT_PATHS.knowledgeDir).find((f) => f.endsWith(`/${lawId}.yaml`));
  if (!file) fail(`no knowledge/law/${lawId}.yaml: write its header (name, kind, effective, source …) first`);
  const doc = parseDocument(readFileSync(file, 'utf8'));
  const lawSource = String(doc.getIn(['source', 'file']) ?? '');
  const source = fileOption ?? lawSource;
  const stored = statute(sourcesDir(args), source);
  const list = (doc.get('articles') as { items?: unknown[] } | undefined)?.items ? doc.get('articles') : doc.createNode([]);
  for (const n of numbers) {
    const article = stored.find((s) => articleNumber(s.marker) === n);
    if (!article) fail(`${source} has no article ${n}`);
    const entry = source === lawSource ? { marker: article.marker, lines: article.lines } : { marker: article.marker, file: source, lines: article.lines };
    const node = doc.createNode(entry) as { flow?: boolean };
    node.flow = false;
    (list as { add(v: unknown): void }).add(node);
  }
  (list as { flow?: boolean }).flow = false;
  doc.set('articles', list);
  writeFileSync(file, doc.toString({ lineWidth: 0 }));
  process.stdout.write(`law:add: ${numbers.length} article(s) added to knowledge/law/${lawId}.yaml\n`);
}

try {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'verify') verify(rest);
  else if (command === 'add') add(rest);
  else fail('usage: tsx src/cli/law.ts verify|add …');
} catch (error) {
  if (error instanceof KnowledgeError) fail(`law: ${error.message}`);
  throw error;
}
