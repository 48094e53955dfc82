/** Errors of reading text from an image. */

/**
 * Why an image could not be read:
 * - `OCR_NOT_IMAGE`: the bytes are no image format at all;
 * - `OCR_UNSUPPORTED_FORMAT`: an image, in a format not read here (HEIC, SVG, TIFF, …);
 * - `OCR_TOO_LARGE`: over the byte or pixel limits (checked before decoding);
 * - `OCR_CORRUPT`: the header reads but the pixels do not decode;
 * - `OCR_TIMEOUT`: reading took longer than the limit (the reading was stopped);
 * - `OCR_BUSY`: the queue of images waiting to be read is full;
 * - `OCR_DOWNLOAD_FAILED`: the image could not be fetched from the chat platform;
 * - `OCR_FAILED`: the OCR engine itself failed (model missing, out of memory, …).
 */
export type OcrErrorCode =
  | 'OCR_NOT_IMAGE'
  | 'OCR_UNSUPPORTED_FORMAT'
  | 'OCR_TOO_LARGE'
  | 'OCR_CORRUPT'
  | 'OCR_TIMEOUT'
  | 'OCR_BUSY'
  | 'OCR_DOWNLOAD_FAILED'
  | 'OCR_FAILED';

/** An image could not be read. The message never contains the image's text or bytes. */
export class OcrError extends Error {
  override readonly name = 'OcrError';
  constructor(
    readonly code: OcrErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** `error` if it is an {@link OcrError}, else an `OCR_FAILED` error caused by it. */
export function asOcrError(error: unknown): OcrError {
  if (error instanceof OcrError) return error;
  return new OcrError('OCR_FAILED', `OCR failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}
