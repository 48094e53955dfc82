/**
 * What an image must be before anything decodes it: at most {@link MAX_IMAGE_BYTES} bytes and
 * {@link MAX_IMAGE_SIDE} pixels on each side, in a format the decoder reads. The size is read
 * from the header alone (image-size), so a small file announcing a huge picture is refused
 * without allocating its pixels.
 */
import { imageSize } from 'image-size';
import { OcrError } from './errors.js';

/** Largest image accepted, in bytes. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

/** Largest width and height accepted, in pixels. */
export const MAX_IMAGE_SIDE = 4096;

/** Formats (as image-size names them) that are decoded and read. */
const READABLE = new Set(['png', 'jpg', 'webp', 'gif', 'tiff']);

/** What the header says. */
export interface ImageHeader {
  /** image-size's name of the format, e.g. `png`, `jpg`. */
  format: string;
  width: number;
  height: number;
}

/** Bytes to the nearest tenth of a megabyte, for messages. */
function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Throws `OCR_TOO_LARGE` when `bytes` bytes are over the limit (for a size known before download). */
export function checkByteSize(bytes: number): void {
  if (bytes > MAX_IMAGE_BYTES) {
    throw new OcrError('OCR_TOO_LARGE', `image of ${megabytes(bytes)} is over the ${megabytes(MAX_IMAGE_BYTES)} limit`);
  }
}

/**
 * Checks `bytes` against the limits from its header only; returns the header. Throws
 * {@link OcrError}: `OCR_TOO_LARGE`, `OCR_NOT_IMAGE` or `OCR_UNSUPPORTED_FORMAT`.
 */
export function checkImage(bytes: Uint8Array): ImageHeader {
  checkByteSize(bytes.length);
  let size: ReturnType<typeof imageSize>;
  try {
    size = imageSize(bytes);
  } catch (error) {
    // image-size says "unsupported file type: undefined" when no format matched, other errors when a header is broken.
    const unknown = error instanceof Error && error.message.endsWith(': undefined');
    if (unknown) throw new OcrError('OCR_NOT_IMAGE', 'not an image in a known format', { cause: error });
    throw new OcrError('OCR_CORRUPT', 'image header cannot be read', { cause: error });
  }
  const format = size.type ?? 'unknown';
  // EXIF orientations 5–8 swap the sides; the limit is the same for both, so it does not matter here.
  if (size.width > MAX_IMAGE_SIDE || size.height > MAX_IMAGE_SIDE) {
    throw new OcrError('OCR_TOO_LARGE', `image of ${size.width}x${size.height} is over ${MAX_IMAGE_SIDE}x${MAX_IMAGE_SIDE}`);
  }
  if (!READABLE.has(format)) throw new OcrError('OCR_UNSUPPORTED_FORMAT', `image format ${format} is not read`);
  if (size.width < 1 || size.height < 1) throw new OcrError('OCR_CORRUPT', 'image header gives no size');
  return { format, width: size.width, height: size.height };
}
