/**
 * Turns an accepted image into what the detector reads best and fastest: decoded once (EXIF
 * orientation applied, transparency flattened), scaled to at most {@link TARGET_WIDTH} pixels
 * wide, and with long runs of blank rows shortened. A phone screenshot is mostly empty
 * conversation background; the detector's cost grows with every pixel, so removing blank rows
 * (never a row with anything on it) makes it 2–3× faster without touching the text.
 */
import sharp from 'sharp';
import { OcrError } from './errors.js';
import { MAX_IMAGE_SIDE } from './limits.js';

/** Width images are scaled down to: phone text stays 25–35 px high, which the recognizer reads well. */
export const TARGET_WIDTH = 720;

/** Most pixels handed to the detector (a very long screenshot is scaled down further). */
export const MAX_DETECTOR_PIXELS = 2_000_000;

/** Blank rows kept where a longer run of them is removed. */
const KEPT_BLANK_ROWS = 20;

/** A row whose brightness varies by at most this much is blank (JPEG noise stays below it). */
const BLANK_RANGE = 12;

/** The prepared image: a lossless PNG and its size. */
export interface PreparedImage {
  png: Buffer;
  width: number;
  height: number;
}

/** Pixels of an RGB image, row-major. */
interface RawImage {
  data: Buffer;
  width: number;
  height: number;
}

async function decode(bytes: Uint8Array): Promise<RawImage> {
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: MAX_IMAGE_SIDE * MAX_IMAGE_SIDE, failOn: 'error' })
      .rotate()
      .flatten({ background: '#ffffff' })
      .resize({ width: TARGET_WIDTH, withoutEnlargement: true })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  } catch (error) {
    throw new OcrError('OCR_CORRUPT', 'the image could not be decoded', { cause: error });
  }
}

/** True for each row whose brightness range is at most {@link BLANK_RANGE}. */
function blankRows(image: RawImage): Uint8Array {
  const { data, width, height } = image;
  const blank = new Uint8Array(height);
  for (let y = 0; y < height; y++) {
    let min = 765;
    let max = 0;
    for (let i = y * width * 3, end = i + width * 3; i < end; i += 3) {
      const v = data[i] + data[i + 1] + data[i + 2];
      if (v < min) min = v;
      if (v > max) max = v;
    }
    blank[y] = max - min <= BLANK_RANGE * 3 ? 1 : 0;
  }
  return blank;
}

/** `image` without the blank rows past the first {@link KEPT_BLANK_ROWS} of each run. */
export function collapseBlankRows(image: RawImage): RawImage {
  const blank = blankRows(image);
  const stride = image.width * 3;
  const kept: number[] = [];
  let run = 0;
  for (let y = 0; y < image.height; y++) {
    run = blank[y] ? run + 1 : 0;
    if (run <= KEPT_BLANK_ROWS) kept.push(y);
  }
  if (kept.length === image.height) return image;
  const data = Buffer.allocUnsafe(kept.length * stride);
  kept.forEach((y, k) => image.data.copy(data, k * stride, y * stride, (y + 1) * stride));
  return { data, width: image.width, height: kept.length };
}

/** Decodes and prepares `bytes` (already checked by `checkImage`). Throws `OCR_CORRUPT` when it does not decode. */
export async function prepareImage(bytes: Uint8Array): Promise<PreparedImage> {
  const image = collapseBlankRows(await decode(bytes));
  let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  let { width, height } = image;
  if (width * height > MAX_DETECTOR_PIXELS) {
    const scale = Math.sqrt(MAX_DETECTOR_PIXELS / (width * height));
    width = Math.max(1, Math.floor(width * scale));
    height = Math.max(1, Math.floor(height * scale));
    pipeline = pipeline.resize({ width, height, fit: 'fill' });
  }
  const png = await pipeline.png({ compressionLevel: 0 }).toBuffer();
  return { png, width, height };
}
