/**
 * A malformed knowledge file stops start-up with a clear message naming the file and the
 * field. Tested on the real entry point: `tsx src/main.ts` (what `npm start` runs) in a
 * temporary copy of the project (src, knowledge, intents; node_modules linked), with one file
 * broken — and, as a control, the intact copy starts and exits 0 at end of input.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ROOT } from '../../src/kb/load.js';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** A runnable copy of the project (code and data copied, dependencies linked). */
function copyProject(): string {
  const root = mkdtempSync(join(tmpdir(), 'start-'));
  roots.push(root);
  for (const entry of ['src', 'knowledge', 'intents', 'package.json', 'tsconfig.json']) {
    cpSync(join(ROOT, entry), join(root, entry), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  return root;
}

/** Runs `tsx src/main.ts` in `root` with no platform tokens (console mode) and empty stdin. */
function start(root: string): { code: number | null; stderr: string; stdout: string } {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(TELEGRAM_|DISCORD_|STORE_URL)/u.test(k)));
  const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(root, 'src', 'main.ts')], {
    cwd: root,
    env,
    input: '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

function editYaml(file: string, change: (doc: Record<string, unknown>) => void): void {
  const doc = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  change(doc);
  writeFileSync(file, stringify(doc));
}

describe('start-up with a broken knowledge base', () => {
  it('GIVEN a legal citation that is not an article id THEN `npm start` exits non-zero naming the file and the field', () => {
    const root = copyProject();
    editYaml(join(root, 'knowledge', 'legality.yaml'), (d) => {
      (d.legal as Array<{ ref: string }>)[0].ref = '民法典第1033条';
    });
    const r = start(root);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^Cannot start: /mu);
    expect(r.stderr).toContain('knowledge/legality.yaml');
    expect(r.stderr).toContain('legal[0].ref');
    expect(r.stderr).not.toMatch(/\n\s+at /u); // a message for a person, not a stack trace
  });

  it('GIVEN an intent file that is not valid YAML THEN `npm start` exits non-zero naming it', () => {
    const root = copyProject();
    writeFileSync(join(root, 'intents', 'scam.yaml'), 'id: scam\nutterances: [unclosed\n');
    const r = start(root);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('intents/scam.yaml');
    expect(r.stderr).toMatch(/not valid YAML/u);
  });

  it('GIVEN the intact copy (control) THEN it starts the console and exits 0 at end of input', () => {
    const r = start(copyProject());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
