import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkImage, MAX_IMAGE_BYTES, OcrError } from '../../src/ocr/index.js';
import { screenshot } from '../support/screenshots.js';

/** The first 33 bytes of a PNG (signature + IHDR) announcing `width`×`height`: no pixels at all. */
function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write('IHDR', 4, 'ascii');
  ihdr.writeUInt32BE(width, 8);
  ihdr.writeUInt32BE(height, 12);
  ihdr.writeUInt8(8, 16);
  ihdr.writeUInt8(6, 17);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr]);
}

function codeOf(bytes: Uint8Array): string {
  try {
    checkImage(bytes);
    return 'ok';
  } catch (error) {
    if (!(error instanceof OcrError)) throw error;
    return error.code;
  }
}

describe('image limits, from the header only', () => {
  it('GIVEN the screenshot fixtures THEN they pass, with their format and size', () => {
    expect(checkImage(screenshot('sms-light-noto-sans.png'))).toEqual({ format: 'png', width: 1080, height: 2340 });
    expect(checkImage(screenshot('sms-light-noto-serif.jpg'))).toMatchObject({ format: 'jpg', width: 591, height: 1280 });
  });

  it('GIVEN a 33-byte PNG header announcing 5000×5000 THEN it is too large (nothing is decoded)', () => {
    expect(codeOf(pngHeader(5000, 5000))).toBe('OCR_TOO_LARGE');
    expect(codeOf(pngHeader(4096, 4097))).toBe('OCR_TOO_LARGE');
    expect(codeOf(pngHeader(4096, 4096))).toBe('ok');
  });

  it('GIVEN more than 10 MB THEN it is too large whatever it holds', () => {
    expect(codeOf(Buffer.concat([pngHeader(10, 10), Buffer.alloc(MAX_IMAGE_BYTES)]))).toBe('OCR_TOO_LARGE');
  });

  it('GIVEN text, an SVG or a HEIC header THEN not an image / unsupported format', () => {
    expect(codeOf(Buffer.from('【某某金融】您的借款已逾期'))).toBe('OCR_NOT_IMAGE');
    expect(codeOf(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'))).toBe('OCR_UNSUPPORTED_FORMAT');
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(64)]);
    expect(['OCR_UNSUPPORTED_FORMAT', 'OCR_CORRUPT']).toContain(codeOf(heic));
  });

  it('GIVEN a JPEG signature with a broken header THEN corrupt', () => {
    expect(codeOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3]))).toBe('OCR_CORRUPT');
  });

  it('GIVEN any bytes THEN checkImage either passes or throws an OcrError with a code (never anything else)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.boolean(), (tail, png) => {
        const bytes = png ? Buffer.concat([pngHeader(100, 100).subarray(0, 16), tail]) : Buffer.from(tail);
        expect(codeOf(bytes)).toMatch(/^(ok|OCR_[A-Z_]+)$/u);
      }),
      { numRuns: 300 },
    );
  });
});
