/**
 * The real OCR (PaddleOCR through @gutenye/ocr-node, in its child process) on the committed
 * screenshot fixtures: accuracy with a margin (it is a real model), the bad-image codes, the
 * queue and the time limit. One reader (one model load) for most of the file.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ImageReader, OcrError, type OcrErrorCode } from '../../src/ocr/index.js';
import { charErrors } from '../support/char-accuracy.js';
import { loadManifest, screenshot } from '../support/screenshots.js';
import { CORRUPT_FILE } from '../fixtures/screenshots/cases.js';

const reader = new ImageReader();
afterAll(() => reader.close());

async function codeOf(r: ImageReader, bytes: Uint8Array): Promise<OcrErrorCode | 'ok'> {
  try {
    await r.read(bytes);
    return 'ok';
  } catch (error) {
    if (!(error instanceof OcrError)) throw error;
    return error.code;
  }
}

describe('ImageReader on the screenshot fixtures', () => {
  it('GIVEN a new reader THEN no OCR process runs until the first image', () => {
    expect(new ImageReader().started).toBe(false);
  });

  it('GIVEN every fixture THEN ≥ 95% of all characters and ≥ 90% of each image are read right', async () => {
    const manifest = loadManifest();
    let edits = 0;
    let chars = 0;
    for (const [file, entry] of Object.entries(manifest)) {
      const { text } = await reader.read(screenshot(file));
      const e = charErrors(text, entry.lines.join('\n'));
      expect(1 - e.edits / e.chars, `${file}: ${text}`).toBeGreaterThanOrEqual(0.9);
      edits += e.edits;
      chars += e.chars;
    }
    expect(reader.started).toBe(true);
    expect(1 - edits / chars).toBeGreaterThanOrEqual(0.95);
  }, 120_000);

  it('GIVEN the truncated PNG THEN OCR_CORRUPT, and the reader still reads the next image', async () => {
    expect(await codeOf(reader, screenshot(CORRUPT_FILE))).toBe('OCR_CORRUPT');
    expect((await reader.read(screenshot('sms-cropped.png'))).text).toContain('快易花');
  });

  it('GIVEN one image being read and a queue of one THEN the third at once gets OCR_BUSY, the others are read', async () => {
    const small = new ImageReader({ maxQueue: 1 });
    try {
      const image = screenshot('sms-cropped.png');
      const results = await Promise.all([codeOf(small, image), codeOf(small, image), codeOf(small, image)]);
      expect(results).toEqual(['ok', 'ok', 'OCR_BUSY']);
      expect(small.pending).toBe(0);
    } finally {
      await small.close();
    }
  }, 60_000);

  it('GIVEN readings that take longer than the limit THEN each fails with OCR_TIMEOUT (the stuck process is replaced) and none is left pending', async () => {
    const hasty = new ImageReader({ timeoutMs: 1 });
    try {
      expect(await codeOf(hasty, screenshot('sms-light-noto-sans.png'))).toBe('OCR_TIMEOUT');
      expect(await codeOf(hasty, screenshot('sms-light-noto-sans.png'))).toBe('OCR_TIMEOUT');
      expect(hasty.pending).toBe(0);
    } finally {
      await hasty.close();
    }
  }, 60_000);

  it('GIVEN recycleAfter 2 THEN the child stops after the second image and a new one reads the third', async () => {
    const recycling = new ImageReader({ recycleAfter: 2 });
    try {
      const image = screenshot('sms-cropped.png');
      await recycling.read(image);
      expect(recycling.started).toBe(true);
      await recycling.read(image);
      expect(recycling.started).toBe(false);
      expect((await recycling.read(image)).text).toContain('快易花');
      expect(recycling.started).toBe(true);
    } finally {
      await recycling.close();
    }
  }, 60_000);
});
