/** `npm run chat -- --json` with `#image <path>` lines: the real process and the real OCR. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../src/root.js';
import { ocrErrorText } from '../../src/ocr/index.js';
import { SCREENSHOTS } from '../support/screenshots.js';

describe('chat CLI --json, #image', () => {
  it('GIVEN a screenshot, a non-SMS screenshot and a missing file THEN an SMS analysis, the menu with the reading, and a clear error', () => {
    const input = [
      `#image ${join(SCREENSHOTS, 'sms-light-ukai-two-messages.png')}`,
      `#image ${join(SCREENSHOTS, 'not-sms-family-chat.png')}`,
      `#image ${join(SCREENSHOTS, 'no-such.png')}`,
      '那合法吗',
    ].join('\n');
    const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'src', 'cli', 'chat.ts'), '--json'], {
      input: `${input}\n`,
      encoding: 'utf8',
      cwd: ROOT,
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { intent: string | null; text: string; error?: string });
    expect(lines).toHaveLength(4);
    expect(lines[0].intent).toBe('verify-sms');
    expect(lines[0].text).toContain('金桥小贷');
    expect(lines[0].text).toContain('截图中读到的文字');
    expect(lines[1].text).toContain('不像一条催收或还款短信');
    expect(lines[1].text).toContain('红烧肉');
    expect(lines[2]).toMatchObject({ intent: null, error: 'OCR_NOT_IMAGE', text: ocrErrorText('OCR_NOT_IMAGE') });
    expect(lines[3].intent).not.toBeNull();
  });
});
