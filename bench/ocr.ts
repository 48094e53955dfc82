/**
 * The OCR part of `npm run bench` (also runnable alone: `node --import tsx bench/ocr.ts`):
 * PaddleOCR (ours, through @gutenye/ocr-node) against tesseract.js with Debian's chi_sim data,
 * on the screenshot fixtures, each engine in a fresh child process (`ocr-child.ts`). Prints
 * characters right, time per image (p50/p95, model load apart) and resident memory, with
 * ratios to tesseract.js, and the machine's load average while it ran. Needs `apt-get install tesseract-ocr-chi-sim` for the peer; without
 * it only ours is measured.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from '../src/root.js';

/** Rounds over the fixtures per engine (the first one also scores the reading). */
const ROUNDS = Number(process.env.BENCH_OCR_ROUNDS ?? 3);

interface Result {
  name: string;
  firstMs: number;
  times: number[];
  cpu: number[];
  edits: number;
  chars: number;
  rss: number;
  peak: number;
}

function run(engine: string): Result {
  const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
  const r = spawnSync(tsx, [join(ROOT, 'bench', 'ocr-child.ts'), engine, String(ROUNDS)], { cwd: ROOT, encoding: 'utf8', timeout: 600_000 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || line === '') throw new Error(`OCR bench child ${engine} failed: ${r.stderr}`);
  return JSON.parse(line) as Result;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;

/** Runs the OCR benchmark; returns the report (a Markdown table and notes). */
export function ocrBench(): string {
  const names = ['paddle', ...(existsSync('/usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata') ? ['tesseract', 'tesseract-raw'] : [])];
  const results = names.map(run);
  const base = results.find((r) => r.name === 'tesseract');
  const labels: Record<string, string> = {
    paddle: 'PaddleOCR (ours)',
    tesseract: 'tesseract.js chi_sim',
    'tesseract-raw': 'tesseract.js chi_sim, original image',
  };
  const ratio = (v: number, b: number | undefined, r: Result): string => (b && r !== base ? ` (${(v / b).toFixed(2)}×)` : '');
  const rows: Array<[string, (r: Result) => string]> = [
    ['characters right', (r) => `${((1 - r.edits / r.chars) * 100).toFixed(1)}%`],
    ['time per image p50', (r) => `${percentile(r.times, 50).toFixed(0)} ms${ratio(percentile(r.times, 50), base && percentile(base.times, 50), r)}`],
    ['time per image p95', (r) => `${percentile(r.times, 95).toFixed(0)} ms${ratio(percentile(r.times, 95), base && percentile(base.times, 95), r)}`],
    ['CPU time per image p50 (all threads)', (r) => `${percentile(r.cpu, 50).toFixed(0)} ms${ratio(percentile(r.cpu, 50), base && percentile(base.cpu, 50), r)}`],
    ['first image (model load included)', (r) => `${r.firstMs.toFixed(0)} ms`],
    ['resident memory after the run', (r) => `${mb(r.rss)}${ratio(r.rss, base?.rss, r)}`],
    ['peak resident memory', (r) => `${mb(r.peak)}${ratio(r.peak, base?.peak, r)}`],
  ];
  const header = `| metric | ${results.map((r) => labels[r.name]).join(' | ')} |\n| --- | ${results.map(() => '---').join(' | ')} |`;
  const body = rows.map(([label, f]) => `| ${label} | ${results.map(f).join(' | ')} |`).join('\n');
  const images = results[0].times.length / ROUNDS;
  const load = loadavg().map((x) => x.toFixed(1)).join(' / ');
  return (
    `OCR: ${images} screenshot fixtures × ${ROUNDS} rounds per engine, each engine in a fresh process; ratios to tesseract.js chi_sim. Load average at the end (1/5/15 min, ${cpus().length} cores): ${load}.\n\n` +
    `${header}\n${body}\n\n` +
    'Memory of ours is the whole bot as `npm start` holds it: the process with the knowledge base and matcher plus the OCR child with the model loaded (summed). ' +
    'tesseract.js: one process with its worker thread. CPU time is less disturbed than wall time when the machine is busy; ours uses both cores for one image, tesseract.js one. Characters right: 1 − edit distance ÷ expected characters after NFKC, whitespace removed, first round.\n'
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.stdout.write(ocrBench());
