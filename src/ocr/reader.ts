/**
 * Reads text from images for every front end of one process: one image at a time, in a child
 * process (workerpool), so inference never blocks the bot's event loop, text answers never
 * wait for it, and a decoder or runtime crash on a hostile image ends that child, not the bot.
 *
 * - The limits are checked from the header before anything is decoded ({@link checkImage}).
 * - The child, and with it the model, starts on the first image and stops after `idleMs`
 *   without one, so start-up stays fast and an idle bot holds no model.
 * - A reading that takes longer than `timeoutMs` fails with `OCR_TIMEOUT`; the child is killed
 *   (inference cannot be interrupted otherwise) and the next image starts a new one.
 * - When `1 + maxQueue` images are already in hand, another fails at once with `OCR_BUSY`.
 * - After `recycleAfter` images the child is replaced (its memory creeps up image by image).
 *
 * The child gets a copy of the image's bytes over IPC, in memory only, and an environment
 * without the bot's secrets. Nothing here logs or stores the image or its text.
 */
import workerpool from 'workerpool';
import { ROOT } from '../root.js';
import { OcrError } from './errors.js';
import { checkImage } from './limits.js';
import type { OcrFailure, OcrOutcome } from './ocr-worker.js';
import { workerScript } from './worker-script.js';

/** Options for {@link ImageReader}. */
export interface ImageReaderOptions {
  /** Longest time for reading one image, once it is its turn (default 15 s). */
  timeoutMs?: number;
  /** Images that may wait while one is read (default 4); more fail with `OCR_BUSY`. */
  maxQueue?: number;
  /** The child process (and model) stops after this long without an image (default 10 minutes). */
  idleMs?: number;
  /**
   * The child is replaced after this many images (default 50), once none is in hand: its memory
   * grows by ~0.25–0.5 MB per image (measured: 265 MB after the first image, 314 MB after 100,
   * 361 MB after 200), which a fresh child gives back. The next image then waits for the model
   * to load again (~1–1.5 s, not counted in the time limit).
   */
  recycleAfter?: number;
}

/** The text read from an image. */
export interface ImageText {
  /** Lines top to bottom, separated by newlines; empty when the image holds no readable text. */
  text: string;
  /** Time spent reading in the child, in ms (model loading included on first use). */
  ms: number;
  /** CPU time the child spent on it (all its threads), in ms: less disturbed by a busy machine than `ms`. */
  cpuMs: number;
}

/** Reads images (see {@link ImageReader}); the seam adapters depend on. */
export interface TextFromImage {
  /** Reads the image in `bytes`. Rejects with {@link OcrError} only. */
  read(bytes: Uint8Array): Promise<ImageText>;
}

/**
 * glibc's allocator keeps freed memory of large buffers for reuse unless told otherwise: with
 * a fixed mmap threshold the detector's large tensors go back to the system after each image,
 * and two arenas suffice for its two threads. Measured on the fixtures (2026-12-03, whole bot
 * after 3 rounds, CPU per image p50): 8 MB 454 MB / 845 ms, 6 MB 405 MB / 891 ms, 4 MB
 * 375–394 MB / 902–925 ms, 2 MB 388 MB / 1245 ms, 1 MB 374 MB / 1631 ms (below 4 MB the page
 * faults cost more CPU than the memory is worth); unset, the child alone kept ~530 MB.
 */
const CHILD_ALLOCATOR_ENV = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: String(4 * 1024 * 1024) };

/** Longest wait for the child to start and load the model (not counted in `timeoutMs`). */
const LOAD_TIMEOUT_MS = 60_000;

/** What the child inherits: no tokens or passwords, only what Node and its libraries need. */
function childEnv(): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'NODE_ENV'];
  const env: NodeJS.ProcessEnv = { ...CHILD_ALLOCATOR_ENV };
  for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k];
  return env;
}

/** Throws the error an unsuccessful outcome carries. */
function failed(outcome: OcrFailure): never {
  throw new OcrError(outcome.code, outcome.message);
}

/** The process's image reader (one OCR at a time). */
export class ImageReader implements TextFromImage {
  private readonly timeoutMs: number;
  private readonly maxQueue: number;
  private readonly idleMs: number;
  private pool: workerpool.Pool | undefined;
  private inHand = 0;
  private readonly recycleAfter: number;
  /** Images the current child has read (or tried to). */
  private readByChild = 0;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(options: ImageReaderOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.maxQueue = options.maxQueue ?? 4;
    this.idleMs = options.idleMs ?? 10 * 60_000;
    this.recycleAfter = options.recycleAfter ?? 50;
  }

  /** Images being read or waiting. */
  get pending(): number {
    return this.inHand;
  }

  /** True while the child process pool exists (from the first image until idle or closed). */
  get started(): boolean {
    return this.pool !== undefined;
  }

  async read(bytes: Uint8Array): Promise<ImageText> {
    checkImage(bytes);
    if (this.inHand >= 1 + this.maxQueue) throw new OcrError('OCR_BUSY', `${this.inHand} images are already being read`);
    this.inHand += 1;
    clearTimeout(this.idleTimer);
    try {
      return await this.run(bytes);
    } finally {
      this.inHand -= 1;
      this.readByChild += 1;
      if (this.inHand === 0 && this.readByChild >= this.recycleAfter) void this.close();
      else if (this.inHand === 0) this.idleTimer = setTimeout(() => void this.close(), this.idleMs).unref();
    }
  }

  /**
   * Makes sure the child has loaded the model (at once when it has; a child started after a
   * timeout or crash loads it again), then reads the image within `timeoutMs`.
   */
  private async run(bytes: Uint8Array): Promise<ImageText> {
    const pool = await this.children();
    const loaded = await this.exec<OcrFailure | null>(pool, 'load', [], LOAD_TIMEOUT_MS);
    if (loaded !== null) return failed(loaded);
    const outcome = await this.exec<OcrOutcome>(pool, 'read', [bytes], this.timeoutMs);
    if (!outcome.ok) return failed(outcome);
    return { text: outcome.text, ms: outcome.ms, cpuMs: outcome.cpuMs };
  }

  /** One call into the child, as an {@link OcrError} when it times out or the child dies. */
  private async exec<T>(pool: workerpool.Pool, method: 'load' | 'read', params: unknown[], timeoutMs: number): Promise<T> {
    try {
      return (await pool.exec(method, params).timeout(timeoutMs)) as T;
    } catch (error) {
      if (error instanceof workerpool.Promise.TimeoutError) {
        const what = method === 'load' ? 'loading the OCR model' : 'reading the image';
        throw new OcrError('OCR_TIMEOUT', `${what} took longer than ${timeoutMs} ms`, { cause: error });
      }
      throw new OcrError('OCR_FAILED', 'the OCR process failed', { cause: error });
    }
  }

  private async children(): Promise<workerpool.Pool> {
    const { script, execArgv } = await workerScript();
    this.pool ??= workerpool.pool(script, {
      workerType: 'process',
      minWorkers: 0,
      maxWorkers: 1,
      workerTerminateTimeout: 500,
      // Piped and drained (workerpool would otherwise let the child write into the bot's console).
      emitStdStreams: true,
      forkOpts: {
        cwd: ROOT,
        execArgv,
        env: childEnv(),
        // Binary IPC (structured clone): the image goes over as bytes, not as JSON numbers.
        serialization: 'advanced',
      },
    });
    return this.pool;
  }

  /** Stops the child process; images being read fail with `OCR_FAILED`. A later `read` starts a new one. */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const pool = this.pool;
    this.pool = undefined;
    this.readByChild = 0;
    await pool?.terminate(true);
  }
}
