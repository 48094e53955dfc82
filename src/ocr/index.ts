/** Reading text from screenshots (OCR): the reader, its limits, errors and replies. */
export { ImageReader, type ImageReaderOptions, type ImageText, type TextFromImage } from './reader.js';
export { asOcrError, OcrError, type OcrErrorCode } from './errors.js';
export { checkByteSize, checkImage, MAX_IMAGE_BYTES, MAX_IMAGE_SIDE, type ImageHeader } from './limits.js';
export { ocrErrorText } from './messages.js';
