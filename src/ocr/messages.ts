/** What the person is told when an image could not be read, per {@link OcrErrorCode}. */
import type { OcrErrorCode } from './errors.js';
import { MAX_IMAGE_BYTES, MAX_IMAGE_SIDE } from './limits.js';

/** Offered at the end of every message: the text itself always works. */
const PASTE_INSTEAD = '也可以直接把短信内容复制粘贴过来，我一样可以帮你看。';

const TEXTS: Record<OcrErrorCode, string> = {
  OCR_NOT_IMAGE: `这个文件不是我能读取的图片。请发送手机截图（JPG、PNG 或 WebP 格式）。${PASTE_INSTEAD}`,
  OCR_UNSUPPORTED_FORMAT: `这种图片格式我读不了。请发送 JPG、PNG 或 WebP 格式的截图（手机自带的截屏就可以）。${PASTE_INSTEAD}`,
  OCR_TOO_LARGE: `这张图片太大了（最多 ${MAX_IMAGE_BYTES / 1024 / 1024} MB、${MAX_IMAGE_SIDE}×${MAX_IMAGE_SIDE} 像素）。请发送普通的手机截图，或者只截短信那一部分。${PASTE_INSTEAD}`,
  OCR_CORRUPT: `这张图片好像已经损坏，没法打开。请重新截图再发一次。${PASTE_INSTEAD}`,
  OCR_TIMEOUT: `读取这张图片用的时间太长，没能完成。请稍后再试，或者只截短信那一部分。${PASTE_INSTEAD}`,
  OCR_BUSY: `现在同时要读的图片有点多，请稍后再试（大约一分钟后）。${PASTE_INSTEAD}`,
  OCR_DOWNLOAD_FAILED: `这张图片没能下载下来，请稍后再试，或者重新发送一次。${PASTE_INSTEAD}`,
  OCR_FAILED: `抱歉，这次没能读取图片，请稍后再试。${PASTE_INSTEAD}`,
};

/** The Chinese reply for an image that could not be read. */
export function ocrErrorText(code: OcrErrorCode): string {
  return TEXTS[code];
}
