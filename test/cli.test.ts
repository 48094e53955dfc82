import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../src/kb/load.js';
import { INTENT_IDS } from '../src/kb/schema.js';

const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

function run(script: string, input: string, args: string[] = []): { code: number | null; lines: unknown[]; stderr: string } {
  const r = spawnSync(TSX, [join(ROOT, 'src', 'cli', script), ...args], { input, encoding: 'utf8', cwd: ROOT, timeout: 60_000 });
  const lines = r.stdout.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown);
  return { code: r.status, lines, stderr: r.stderr };
}

const NASTY = ['', '   ', '\u0000\u0007', '😀😀😀', '<b>x</b>&amp;', '@everyone', '\u202e反转\u200b', 'a'.repeat(100_000), '#button', '#button no-such-id', '{"json": true}'];

describe('classify CLI', () => {
  it('GIVEN one utterance per line, including hostile ones THEN one JSON object per line and exit 0', () => {
    const input = ['家人收到催收短信是真的吗', '今天天气怎么样', ...NASTY].join('\n') + '\n';
    const { code, lines } = run('classify.ts', input);
    expect(code).toBe(0);
    expect(lines).toHaveLength(2 + NASTY.length);
    for (const l of lines as Array<{ intent: string | null; confidence: number; alternatives: Array<{ intent: string; confidence: number }> }>) {
      expect(l.intent === null || (INTENT_IDS as readonly string[]).includes(l.intent)).toBe(true);
      expect(l.confidence).toBeGreaterThanOrEqual(0);
      expect(l.confidence).toBeLessThanOrEqual(1);
      expect(Array.isArray(l.alternatives)).toBe(true);
    }
    expect((lines[0] as { intent: string }).intent).toBe('verify-sms');
    expect((lines[0] as { question: string | null }).question).not.toBeNull();
    expect((lines[1] as { intent: string | null }).intent).toBeNull();
    expect((lines[1] as { question: string | null }).question).toBeNull();
  });

  it('GIVEN lines that say who is speaking THEN "role" names it, and is null otherwise', () => {
    const { lines } = run('classify.ts', ['我是他同事，他们一直打给我', '我老公借的网贷', '我爸去世了，网贷要还吗', '会上征信吗'].join('\n') + '\n');
    expect(lines.map((l) => (l as { role: string | null }).role)).toEqual(['contact', 'spouse', 'heir', null]);
  });
});

describe('chat CLI --json', () => {
  it('GIVEN a conversation with a button press and a short follow-up THEN state carries across lines', () => {
    const input = ['我是紧急联系人，天天接到催收电话', '#button family-liability', '那合法吗', ...NASTY].join('\n') + '\n';
    const { code, lines } = run('chat.ts', input, ['--json']);
    expect(code).toBe(0);
    expect(lines).toHaveLength(3 + NASTY.length);
    const [a, b, c] = lines as Array<{ intent: string | null; question: string | null; role: string | null; confidence: number; text: string; followUps: Array<{ id: string; label: string }> }>;
    expect(a.intent).toBe('family-member');
    expect(a.role).toBe('contact');
    expect(c.role).toBe('contact');
    expect(a.text).toContain('※');
    expect(a.followUps.length).toBeGreaterThan(0);
    expect(b.intent).toBe('family-liability');
    expect(c.intent).toBe('legality');
    expect(c.text).toContain('接着刚才');
  });
});
