/**
 * Images as input, shared by every front end: fetch the bytes (size-capped, in memory only),
 * read their text with the process's {@link TextFromImage}, and hand the core an `ocr` text —
 * or, when the image cannot be read, the Chinese reply that says why.
 */
import { readFile, stat } from 'node:fs/promises';
import type { Incoming } from '../core/types.js';
import { asOcrError, checkByteSize, MAX_IMAGE_BYTES, OcrError, ocrErrorText, type OcrErrorCode, type TextFromImage } from '../ocr/index.js';
import { clipInput } from './input.js';

/** What an image turns into: an input for the core, or a reply explaining why not. */
export type ImageInput =
  | { ok: true; input: Incoming; ms: number }
  | { ok: false; code: OcrErrorCode; notice: string };

/** Reads `bytes` (or the error `bytes` stands for) into an {@link ImageInput}. Never rejects. */
export async function imageInput(reader: TextFromImage, bytes: Uint8Array | Promise<Uint8Array>): Promise<ImageInput> {
  try {
    const { text, ms } = await reader.read(await bytes);
    return { ok: true, input: { type: 'text', text: clipInput(text), origin: 'ocr' }, ms };
  } catch (error) {
    const { code } = asOcrError(error);
    return { ok: false, code, notice: ocrErrorText(code) };
  }
}

/**
 * Downloads an image into memory, at most {@link MAX_IMAGE_BYTES} (a larger body is cut off
 * with `OCR_TOO_LARGE`). Throws `OCR_DOWNLOAD_FAILED` on any network or HTTP failure; the
 * error never contains `url` (a Telegram file URL holds the bot token).
 */
export async function downloadImage(url: string, options: { timeoutMs?: number } = {}): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 20_000), redirect: 'error' });
  } catch (error) {
    throw new OcrError('OCR_DOWNLOAD_FAILED', `image download failed (${error instanceof Error ? error.name : 'error'})`);
  }
  if (!response.ok || response.body === null) {
    await response.body?.cancel();
    throw new OcrError('OCR_DOWNLOAD_FAILED', `image download failed with HTTP ${response.status}`);
  }
  const announced = Number(response.headers.get('content-length') ?? 0);
  if (announced > MAX_IMAGE_BYTES) {
    await response.body.cancel();
    checkByteSize(announced);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of response.body) {
      total += chunk.length;
      if (total > MAX_IMAGE_BYTES) break;
      chunks.push(chunk);
    }
  } catch (error) {
    throw new OcrError('OCR_DOWNLOAD_FAILED', `image download broke off (${error instanceof Error ? error.name : 'error'})`);
  }
  checkByteSize(total);
  return Buffer.concat(chunks, total);
}

/** A local image file (console, `chat --json`): size checked before it is read. */
export async function readImageFile(path: string): Promise<Uint8Array> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a file');
    size = info.size;
  } catch (error) {
    throw new OcrError('OCR_NOT_IMAGE', `no such image file`, { cause: error });
  }
  checkByteSize(size);
  return readFile(path);
}

/** The console's reply when `/image` names no readable file. */
export function missingFileText(path: string): string {
  return `找不到图片文件「${path}」。用法：/image 图片路径（例如 /image ~/Downloads/截图.png）。`;
}
