/**
 * The Traditional → Simplified converter must convert exactly as opencc-js's
 * `Converter({ from: 'tw', to: 'cn' })`, which it replaces on the matcher's hot path.
 */
import fc from 'fast-check';
import * as OpenCC from 'opencc-js';
import { configs } from 'opencc-js/preset/t2cn';
import { beforeAll, describe, expect, it } from 'vitest';
import { trainingExamples } from '../src/core/brain.js';
import { loadHeldout } from '../src/eval/evaluate.js';
import { loadKnowledge } from '../src/kb/load.js';
import { cleanText } from '../src/matcher/normalize.js';
import { createTwToSimplified } from '../src/matcher/to-simplified.js';

const reference = OpenCC.Converter({ from: 'tw', to: 'cn' });
const fast = createTwToSimplified();

/** Every key of every dictionary the tw2s preset uses. */
function presetKeys(): string[] {
  const preset = configs.tw2s as unknown as { normalizationChain: string[][]; segmentation: string[]; conversionChain: string[][] };
  const dicts = [...preset.normalizationChain.flat(), ...preset.segmentation, ...preset.conversionChain.flat()];
  return dicts.flatMap((d) => d.split('|').map((entry) => entry.split(' ')[0]));
}

let keys: string[];
beforeAll(() => {
  keys = presetKeys();
});

describe('Traditional → Simplified', () => {
  it('GIVEN every training and held-out text, raw and cleaned THEN the output is opencc-js’s', () => {
    const kb = loadKnowledge();
    const texts = [...loadHeldout().map((c) => c.text), ...trainingExamples(kb).map((e) => e.text)];
    for (const text of texts) {
      expect(fast(text), text).toBe(reference(text));
      expect(fast(cleanText(text)), text).toBe(reference(cleanText(text)));
    }
  });

  it('GIVEN every dictionary key alone THEN the output is opencc-js’s', () => {
    expect(keys.length).toBeGreaterThan(5000);
    for (const key of keys) expect(fast(key), key).toBe(reference(key));
  });

  it('GIVEN keys, their pieces, description sequences and surrogates run together THEN the output is opencc-js’s', () => {
    const piece = fc.oneof(
      fc.constantFrom(...keys),
      fc.constantFrom(...keys).map((k) => [...k].slice(0, 2).join('')),
      fc.constantFrom(...keys).map((k) => [...k].slice(1).join('')),
      fc.constantFrom('⿰', '⿱', '⿲', '⿳', '⿴', '⿻', '𠀀', '\ud800', '\udc00', ' ', 'a', '么', '不', '一', '的'),
      fc.string({ unit: 'grapheme', maxLength: 3 }),
      fc.string({ unit: 'binary', maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join('');
        expect(fast(text)).toBe(reference(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('GIVEN text that needs no change THEN the very same string comes back', () => {
    const text = '家人收到催收短信怎么办';
    expect(fast(text)).toBe(text);
    expect(fast('我媽收到催收簡訊，通訊錄被爆了')).toBe('我妈收到催收简讯，通讯录被爆了');
  });
});
