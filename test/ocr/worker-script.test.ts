/**
 * The OCR child runs plain `node` on a compiled copy of its source (not tsx: ~40 MB less), and
 * processes starting at once share one file named by its content.
 */
import { readFileSync } from 'node:fs';
import { fork } from 'node:child_process';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WORKER_CACHE_DIR, workerScript } from '../../src/ocr/worker-script.js';

describe('OCR child script', () => {
  it('GIVEN the bot running from source THEN the child script is a compiled .mjs in the cache, run without tsx', async () => {
    const { script, execArgv } = await workerScript();
    expect(dirname(script)).toBe(WORKER_CACHE_DIR);
    expect(script).toMatch(/ocr-worker-[0-9a-f]{16}\.mjs$/u);
    expect(execArgv.join(' ')).not.toContain('tsx');
    // Memory flags measured in src/ocr/README.md: a heap limit and a 1 MB young generation.
    expect(execArgv).toEqual(expect.arrayContaining(['--max-semi-space-size=1', expect.stringMatching(/^--max-old-space-size=\d+$/u)]));
    expect(readFileSync(script, 'utf8')).toContain('workerpool');
    expect(await workerScript()).toEqual({ script, execArgv });
  });

  it('GIVEN the compiled script THEN plain node starts it as a worker and it says it is ready', async () => {
    const { script, execArgv } = await workerScript();
    const child = fork(script, [], { execArgv, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      const first = await new Promise<unknown>((resolve, reject) => {
        child.once('message', resolve);
        child.once('exit', (code) => reject(new Error(`child exited ${code}: ${stderr}`)));
      });
      expect(first).toBe('ready');
      expect(stderr).toBe('');
    } finally {
      child.kill();
    }
  });
});
