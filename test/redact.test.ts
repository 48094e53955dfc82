import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { redactText } from '../src/redact.js';

describe('redactText', () => {
  it('GIVEN a mobile number THEN only the first 3 and last 4 digits remain', () => {
    expect(redactText('他打给我 13812345678 和 +86 139-1234-5678')).toBe('他打给我 138****5678 和 139****5678');
  });

  it('GIVEN an 18-digit ID number THEN it is masked', () => {
    const out = redactText('身份证 11010519491231002X 请核对');
    expect(out).not.toContain('19491231');
    expect(out).toContain('身份证 110');
  });

  it('GIVEN a bank card number THEN only the last 4 digits remain', () => {
    expect(redactText('转到 6222 0212 3456 7890 123')).toBe('转到 ****0123');
  });

  it('GIVEN text with no numbers THEN it is unchanged', () => {
    expect(redactText('请拨打12378投诉')).toBe('请拨打12378投诉');
  });

  it('GIVEN any 11-digit mobile inside any text THEN the full number never survives', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 20 }).filter((s) => !/\d$/.test(s)),
        fc.constantFrom('3', '5', '7', '8', '9'),
        fc.stringMatching(/^\d{9}$/),
        fc.string({ maxLength: 20 }).filter((s) => !/^\d/.test(s)),
        (pre, second, rest, post) => {
          const phone = `1${second}${rest}`;
          expect(redactText(`${pre}${phone}${post}`)).not.toContain(phone);
        },
      ),
      { numRuns: 300 },
    );
  });
});
