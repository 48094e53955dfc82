/**
 * Time-zone names come from admins' typing (`/settings timezone asia/SHANGHAI`) and from stored
 * settings. Formatters are cached by canonical name in a bounded cache: 5,000 spellings of one
 * zone used to create 5,000 cached formatters (+160 MB).
 */
import { describe, expect, it } from 'vitest';
import { canonicalTimeZone, cachedFormatters, inQuietHours, isValidTimeZone, localMinutes } from '../../src/moderation/quiet-hours.js';
import { parseSettingsText } from '../../src/moderation/settings-text.js';

/** The `n`-th of the 2^k upper/lower-case spellings of `name`. */
function spelling(name: string, n: number): string {
  let bit = 0;
  return [...name].map((ch) => (/[a-z]/iu.test(ch) ? ((n >> bit++) & 1 ? ch.toUpperCase() : ch.toLowerCase()) : ch)).join('');
}

describe('time-zone names', () => {
  it('GIVEN 5,000 case spellings of Asia/Shanghai and 5,000 of other zones THEN each works and the formatter cache stays small', () => {
    const noon = Date.UTC(2024, 0, 1, 4, 0); // 12:00 in Shanghai
    for (let n = 0; n < 5000; n += 1) {
      const name = spelling('Asia/Shanghai', n);
      expect(isValidTimeZone(name)).toBe(true);
      expect(localMinutes(noon, name)).toBe(12 * 60);
      localMinutes(noon, spelling(n % 2 ? 'America/New_York' : 'Europe/Berlin', n));
    }
    expect(inQuietHours({ enabled: true, start: 23 * 60, end: 7 * 60, timezone: 'ASIA/SHANGHAI' }, noon)).toBe(false);
    expect(cachedFormatters()).toBeLessThanOrEqual(64);
  });

  it('GIVEN a zone typed in any case or as an alias THEN the canonical name is stored; GIVEN an unknown zone THEN it is refused', () => {
    expect(canonicalTimeZone('asia/taipei')).toBe('Asia/Taipei');
    expect(canonicalTimeZone('Asia/Chongqing')).toBe('Asia/Shanghai');
    expect(canonicalTimeZone('Mars/Olympus')).toBeUndefined();
    expect(parseSettingsText('timezone asia/HONG_kong', () => undefined)).toEqual({ ok: true, change: { key: 'timezone', value: 'Asia/Hong_Kong' } });
    expect(parseSettingsText('timezone Mars/Olympus', () => undefined).ok).toBe(false);
  });
});
