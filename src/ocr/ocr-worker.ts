/**
 * The OCR child process (a workerpool process worker): reads one image per call. Errors come
 * back as values with their code, since an Error's own fields do not survive the process
 * boundary. Nothing is logged here and nothing is written to disk.
 */
import workerpool from 'workerpool';
import { asOcrError, type OcrErrorCode } from './errors.js';
import { loadEngine, readImage } from './engine.js';

/** The outcome of one reading. */
export type OcrOutcome =
  | { ok: true; text: string; width: number; height: number; ms: number; cpuMs: number }
  | { ok: false; code: OcrErrorCode; message: string };

/** An unsuccessful outcome. */
export type OcrFailure = Extract<OcrOutcome, { ok: false }>;

/** Reads the image in `bytes`; never rejects. */
export async function readTask(bytes: Uint8Array): Promise<OcrOutcome> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  try {
    const reading = await readImage(bytes);
    const used = process.cpuUsage(cpu);
    return { ok: true, ...reading, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
  } catch (error) {
    const e = asOcrError(error);
    return { ok: false, code: e.code, message: e.message };
  }
}

/** Loads the model if it is not loaded yet; null when ready, else the failure. */
export async function loadTask(): Promise<OcrFailure | null> {
  try {
    await loadEngine();
    return null;
  } catch (error) {
    const e = asOcrError(error);
    return { ok: false, code: e.code, message: e.message };
  }
}

workerpool.worker({ load: loadTask, read: readTask });
