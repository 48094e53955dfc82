/**
 * Personal numbers written the way people actually paste them: full-width digits (１３８…,
 * Ｘ at the end of an ID number), groups split by NBSP, U+3000, zero-width spaces, dots or
 * dashes, the 0086 / +86 prefixes, 20-digit accounts. They are normalized (NFKC, separators
 * dropped) before masking, wherever the mask is applied: logs, the unanswered log, echoes.
 */
import fc from 'fast-check';
import Keyv from 'keyv';
import { describe, expect, it } from 'vitest';
import { neutralizeUserText } from '../src/adapters/discord/neutralize.js';
import { redactText } from '../src/redact.js';
import { UnansweredLog } from '../src/store/unanswered-log.js';

/** Digits of `text` once normalized, separators and invisible characters ignored. */
const digitsOf = (text: string): string => text.normalize('NFKC').replace(/\D/gu, '');

const FULL_WIDTH = (s: string): string => s.replace(/[0-9X]/gu, (c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0));

/** The variants of the red-team report, each with the digits that may remain visible. */
const VARIANTS: Array<{ name: string; text: string; visible: string }> = [
  { name: 'full-width mobile', text: `打给我${FULL_WIDTH('13812345678')}`, visible: '1385678' },
  { name: 'full-width ID with Ｘ', text: `身份证${FULL_WIDTH('11010519491231002X')}`, visible: '110' },
  { name: 'mobile split by NBSP', text: '电话 138\u00a01234\u00a05678 谢谢', visible: '1385678' },
  { name: 'mobile split by U+3000', text: '电话１３８\u3000１２３４\u3000５６７８', visible: '1385678' },
  { name: 'mobile split by zero-width spaces', text: '138\u200b1234\u200b5678', visible: '1385678' },
  { name: 'mobile split by dots', text: '他的号码138.1234.5678', visible: '1385678' },
  { name: '0086 prefix', text: '拨0086 138 1234 5678', visible: '1385678' },
  { name: '+86 full-width prefix', text: `＋８６－${FULL_WIDTH('13812345678')}`, visible: '1385678' },
  { name: '20-digit account', text: '账号 6222 0212 3456 7890 1234 转账', visible: '1234' },
  { name: 'card split by full-width dashes', text: `卡号${FULL_WIDTH('6222')}－${FULL_WIDTH('0212')}－${FULL_WIDTH('3456')}－${FULL_WIDTH('7890')}`, visible: '7890' },
  { name: 'ID with lower-case x and spaces', text: '110105 19491231 002x', visible: '110' },
];

describe('masking after normalization', () => {
  for (const { name, text, visible } of VARIANTS) {
    it(`GIVEN a ${name} THEN only ${visible.length} digits remain and the words around it are kept`, () => {
      const out = redactText(text);
      expect(digitsOf(out), out).toBe(visible);
      expect(out).toContain('****');
      const words = text.match(/[\u4e00-\u9fff]+/gu) ?? [];
      for (const w of words) expect(out).toContain(w);
    });
  }

  it('GIVEN each variant in a question THEN the unanswered log stores it masked, and the Discord echo is masked', async () => {
    const log = new UnansweredLog(new Keyv());
    for (const { text, visible } of VARIANTS) {
      await log.record({ platform: 'telegram', text: `今天天气怎么样 ${text}`, bestGuess: null, confidence: 0, at: new Date(0) });
      expect(digitsOf(neutralizeUserText(text))).toBe(visible);
    }
    const stored = await log.recent(undefined, 100);
    expect(stored).toHaveLength(VARIANTS.length);
    for (const [i, entry] of stored.reverse().entries()) expect(digitsOf(entry.text)).toBe(VARIANTS[i].visible);
  });

  it('GIVEN 5-digit service numbers, amounts and dates THEN they stay as written', () => {
    for (const text of ['请拨打12378投诉', '欠了 5000 元，逾期 30 天', '2024.01.15 收到短信', '利息 12.5%', '110、120、12356']) {
      expect(redactText(text)).toBe(text);
    }
  });
});

/** A rendering of `digits`: each digit ASCII or full-width, groups joined by any separator. */
function written(digits: string, groups: number[]): fc.Arbitrary<string> {
  const separator = fc.constantFrom('', ' ', '\u00a0', '\u3000', '\u200b', '-', '－', '.', '．', ' - ', '\u2060');
  const digit = (d: string): fc.Arbitrary<string> => fc.constantFrom(d, FULL_WIDTH(d));
  return fc.tuple(fc.array(separator, { minLength: groups.length, maxLength: groups.length }), ...[...digits].map(digit)).map(([seps, ...chars]) => {
    let out = '';
    let at = 0;
    groups.forEach((size, g) => {
      out += chars.slice(at, at + size).join('');
      at += size;
      if (g < groups.length - 1) out += seps[g];
    });
    return out;
  });
}

/** Text around a number: anything without digits, not ending or starting with a separator. */
const around = fc
  .string({ unit: fc.constantFrom(...'催收短信家人怎么办号码卡我的abcXYZ，。？！ \n'), maxLength: 12 })
  .filter((s) => !/[\s.\-]$/u.test(s));
const after = fc.string({ unit: fc.constantFrom(...'催收短信家人怎么办号码卡我的abcXYZ，。？！\n'), maxLength: 12 }).filter((s) => !/^[\s.\-xX]/u.test(s));

const mobile = fc.tuple(fc.constantFrom('3', '5', '7', '8', '9'), fc.stringMatching(/^\d{9}$/u)).map(([b, rest]) => `1${b}${rest}`);

describe('masking (properties)', () => {
  it('GIVEN a mobile number written any way, with or without +86/0086, in any text THEN at most 7 of its digits remain and the text around it is unchanged', () => {
    const prefix = fc.constantFrom('', '+86', '+86 ', '0086', '0086 ', '＋８６', '86-');
    fc.assert(
      fc.property(around, prefix, mobile.chain((m) => written(m, [3, 4, 4]).map((w) => [m, w] as const)), after, (pre, p, [m, w], post) => {
        const out = redactText(`${pre}${p}${w}${post}`);
        expect(out.startsWith(pre), out).toBe(true);
        expect(out.endsWith(post), out).toBe(true);
        expect(digitsOf(out)).toBe(`${m.slice(0, 3)}${m.slice(-4)}`);
      }),
      { numRuns: 400 },
    );
  });

  it('GIVEN an 18-character ID number (last character a digit or X, any width) THEN only its first 3 digits remain', () => {
    const id = fc.tuple(fc.stringMatching(/^[1-9]\d{16}$/u), fc.constantFrom('0', '7', 'X', 'x')).map(([d, last]) => d + last);
    const groups = fc.constantFrom<number[]>([6, 8, 4], [18], [3, 3, 4, 4, 4]);
    fc.assert(
      fc.property(around, fc.tuple(id, groups).chain(([d, g]) => written(d, g).map((w) => [d, w] as const)), after, (pre, [d, w], post) => {
        const out = redactText(`${pre}${w}${post}`);
        expect(out.startsWith(pre) && out.endsWith(post), out).toBe(true);
        expect(digitsOf(out)).toBe(d.slice(0, 3));
      }),
      { numRuns: 300 },
    );
  });

  it('GIVEN a card or account number of 16, 17, 19 or 20 digits written any way THEN only its last 4 digits remain (18 digits mask as an ID)', () => {
    const account = fc.constantFrom(16, 17, 19, 20).chain((n) => fc.stringMatching(new RegExp(`^[1-9]\\d{${n - 1}}$`, 'u')));
    fc.assert(
      fc.property(around, account.chain((a) => written(a, [4, 4, 4, 4, a.length - 16].filter((g) => g > 0)).map((w) => [a, w] as const)), after, (pre, [a, w], post) => {
        const out = redactText(`${pre}${w}${post}`);
        expect(out.startsWith(pre) && out.endsWith(post), out).toBe(true);
        expect(digitsOf(out)).toBe(a.slice(-4));
      }),
      { numRuns: 300 },
    );
  });

  it('GIVEN any text without digits THEN it is returned unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }).filter((s) => !/\d/u.test(s.normalize('NFKC'))), (s) => {
        expect(redactText(s)).toBe(s);
      }),
      { numRuns: 500 },
    );
  });
});
