import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cleanText, createNormalizer } from '../src/matcher/normalize.js';

const normalize = createNormalizer([
  { from: '正信', to: '征信' },
  { from: '通迅录', to: '通讯录' },
]);

describe('normalize', () => {
  it('GIVEN Traditional text THEN it becomes Simplified, keeping 通讯录 (not 通信录)', () => {
    expect(normalize('我媽收到催收簡訊，通訊錄被爆了，徵信會不會有問題？')).toBe(
      '我妈收到催收简讯,通讯录被爆了,征信会不会有问题?',
    );
  });

  it('GIVEN full-width letters, zero-width and bidi characters THEN they are folded or removed', () => {
    expect(normalize('Ｈｉ\u200b催\u200d收\u202e短信\ufeff')).toBe('hi催收短信');
  });

  it('GIVEN control characters and runs of spaces THEN they collapse to one space', () => {
    expect(cleanText('a\u0000\u0007b\n\n  c\u2028d')).toBe('a b c d');
  });

  it('GIVEN a lexicon typo THEN it is rewritten to the domain term', () => {
    expect(normalize('会上正信吗，通迅录')).toBe('会上征信吗,通讯录');
  });

  it('GIVEN any string THEN normalization never throws and is idempotent on its output', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
        const once = normalize(s);
        expect(normalize(once)).toBe(once);
        expect(once).not.toMatch(/[\u200b-\u200f\u202a-\u202e\ufeff\p{Cc}]/u);
      }),
      { numRuns: 300 },
    );
  });

  it('GIVEN any string THEN cleanText equals the plain chain NFKC → drop invisible → controls to spaces → collapse → trim', () => {
    const plain = (input: string): string =>
      input
        .normalize('NFKC')
        .replace(/[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFE00-\uFE0F\uFEFF]/gu, '')
        .replace(/[\p{Cc}\u2028\u2029]/gu, ' ')
        .replace(/\s+/gu, ' ')
        .trim();
    const tricky = fc.constantFrom(' ', '  ', '\t', '\n', '\u00a0', '\u00ad', '\u1680', '\u180e', '\u2003', '\u200b', '\u2028', '\u202f', '\u205f', '\u3000', '\ufe0f', '\ufeff', '\u0085', '㈠', '催收', 'a');
    fc.assert(
      fc.property(fc.array(fc.oneof(tricky, fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 12 }), (parts) => {
        const s = parts.join('');
        expect(cleanText(s)).toBe(plain(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('GIVEN any rewrite table and text THEN the rewrites apply as one regex alternation, longest first', () => {
    const unit = fc.constantFrom('通', '迅', '录', '爆', '正', '信', 'a', '.', '*', '𠀀', '\ud800');
    const word = fc.array(unit, { minLength: 1, maxLength: 4 }).map((u) => u.join(''));
    fc.assert(
      fc.property(fc.array(fc.record({ from: word, to: fc.string({ maxLength: 3 }) }), { maxLength: 8 }), fc.array(unit, { maxLength: 20 }), (rewrites, units) => {
        const text = units.join('');
        const sorted = [...rewrites].sort((a, b) => b.from.length - a.from.length);
        const table = new Map(sorted.map((r) => [r.from, r.to]));
        const expected =
          sorted.length === 0
            ? cleanText(text).toLowerCase()
            : cleanText(text)
                .toLowerCase()
                .replace(new RegExp(sorted.map((r) => r.from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gu'), (m) => table.get(m) ?? m);
        expect(createNormalizer(rewrites)(text)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
