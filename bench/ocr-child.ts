/**
 * Child process of the OCR benchmark: reads every screenshot fixture `rounds` times with one
 * engine and prints one JSON line (times, characters right, memory). Usage:
 * `ocr-child.ts <paddle|tesseract|tesseract-raw> <rounds>`.
 *
 * - `paddle`: the bot's own path: the brain loaded as `npm start` does, and `ImageReader`
 *   (PaddleOCR through @gutenye/ocr-node in its child process); memory is this process plus
 *   the OCR child, as the bot would hold them.
 * - `tesseract`: tesseract.js with Debian's chi_sim data (tesseract-ocr-chi-sim, read from
 *   disk: no downloads), given the same prepared image (`prepareImage`) and the same text
 *   cleanup (`joinLines`) as paddle; `tesseract-raw`: the original image instead.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareImage } from '../src/ocr/prepare.js';
import { joinLines } from '../src/ocr/text.js';
import { charErrors } from '../test/support/char-accuracy.js';
import { loadManifest, SCREENSHOTS } from '../test/support/screenshots.js';

/** Where Debian's tesseract-ocr-chi-sim puts its data. */
const TESSDATA = '/usr/share/tesseract-ocr/5/tessdata';

/** One engine as the bench drives it: load once, then read images to text. */
interface Engine {
  /** The text, and the CPU time the reading took (all threads of the engine's process). */
  read(bytes: Buffer): Promise<{ text: string; cpuMs: number }>;
  /** Resident memory of every process the engine lives in, in bytes (now and peak). */
  memory(): { rss: number; peak: number };
  close(): Promise<void>;
}

/** VmRSS and VmHWM of a process, from /proc (Linux), in bytes. */
function procMemory(pid: number | 'self'): { rss: number; peak: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'mu').exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return { rss: 0, peak: 0 };
  }
}

/** Child process ids of this process (Linux). */
function childPids(): number[] {
  const out: number[] = [];
  try {
    for (const line of readFileSync('/proc/self/task/' + process.pid + '/children', 'utf8').split(/\s+/u)) {
      if (line !== '') out.push(Number(line));
    }
  } catch {
    // not Linux: only this process is counted
  }
  return out;
}

async function paddle(): Promise<Engine> {
  const { loadBrain } = await import('../src/core/brain.js');
  const { ImageReader } = await import('../src/ocr/reader.js');
  loadBrain();
  const reader = new ImageReader({ timeoutMs: 60_000 });
  return {
    read: async (bytes) => {
      const { text, cpuMs } = await reader.read(bytes);
      return { text, cpuMs };
    },
    memory: () => {
      const all = [procMemory('self'), ...childPids().map((pid) => procMemory(pid))];
      return { rss: all.reduce((s, m) => s + m.rss, 0), peak: all.reduce((s, m) => s + m.peak, 0) };
    },
    close: () => reader.close(),
  };
}

async function tesseract(prepared: boolean): Promise<Engine> {
  const { createWorker } = await import('tesseract.js');
  const worker = await createWorker('chi_sim', 1, { langPath: TESSDATA, gzip: false, cacheMethod: 'none', errorHandler: () => undefined });
  // Page segmentation 3 (automatic) read these layouts best of 3, 6 and 11.
  await worker.setParameters({ tessedit_pageseg_mode: '3' as never, user_defined_dpi: '144' });
  return {
    read: async (bytes) => {
      const cpu = process.cpuUsage();
      const input = prepared ? (await prepareImage(bytes)).png : bytes;
      const { data } = await worker.recognize(input);
      const used = process.cpuUsage(cpu);
      return { text: joinLines(data.text.split('\n')), cpuMs: (used.user + used.system) / 1000 };
    },
    memory: () => procMemory('self'),
    close: async () => {
      await worker.terminate();
    },
  };
}

const name = process.argv[2] ?? 'paddle';
const rounds = Number(process.argv[3] ?? 3);
const manifest = loadManifest();
const images = Object.entries(manifest).map(([file, entry]) => ({ bytes: readFileSync(join(SCREENSHOTS, file)), expected: entry.lines.join('\n') }));

const loadStart = performance.now();
const engine = name === 'paddle' ? await paddle() : await tesseract(name === 'tesseract');
// The first image pays for loading the model (paddle loads it lazily): timed apart.
await engine.read(images[0].bytes);
const firstMs = performance.now() - loadStart;
const times: number[] = [];
const cpu: number[] = [];
let edits = 0;
let chars = 0;
for (let r = 0; r < rounds; r++) {
  for (const image of images) {
    const t = performance.now();
    const { text, cpuMs } = await engine.read(image.bytes);
    times.push(performance.now() - t);
    cpu.push(cpuMs);
    if (r === 0) {
      const e = charErrors(text, image.expected);
      edits += e.edits;
      chars += e.chars;
    }
  }
}
const memory = engine.memory();
await engine.close();
process.stdout.write(`${JSON.stringify({ name, firstMs, times, cpu, edits, chars, rss: memory.rss, peak: memory.peak})}\n`);
