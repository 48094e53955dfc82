import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isIconNoise, joinLines } from '../../src/ocr/text.js';

describe('OCR text assembly', () => {
  it('GIVEN status-bar icons read as dots and strokes THEN they are dropped, the clock and message kept', () => {
    expect(joinLines(['21:07 .000', '106 5508 3721', '10:23 ..l', '..!!', '【速借宝】您的借款已逾期'])).toBe(
      '21:07\n106 5508 3721\n10:23\n【速借宝】您的借款已逾期',
    );
  });

  it('GIVEN masked digits, amounts and single letters THEN they are kept', () => {
    for (const kept of ['185****1234', '3,280.00元', 'T', '1', '。', '退订回T']) {
      expect(isIconNoise(kept), kept).toBe(kept === '。');
    }
  });

  it('GIVEN any lines THEN every kept character was in the input, in order, and no line is empty', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 30 }), { maxLength: 8 }), (lines) => {
        const out = joinLines(lines);
        for (const line of out === '' ? [] : out.split('\n')) expect(line.trim()).not.toBe('');
        const input = lines.join(' ').replace(/\s+/gu, '');
        let at = 0;
        for (const ch of out.replace(/\s+/gu, '')) {
          at = input.indexOf(ch, at);
          expect(at).toBeGreaterThanOrEqual(0);
          at += ch.length;
        }
      }),
    );
  });
});
