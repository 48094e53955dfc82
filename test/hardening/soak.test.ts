/**
 * The soak (test/hardening/soak.ts) run as its own process, so it can have `--expose-gc`:
 * 10,000 Telegram updates and 10,000 Discord interactions (+ 2,000 messages), loopback only.
 * Asserts no failed reply, no error log, and heap growth after warm-up within a stated bound.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CACHE_LIMITS, createDiscordClient, FULL_INTENTS } from '../../src/adapters/discord/client.js';
import { ROOT } from '../../src/kb/load.js';
import type { SoakResult } from './soak.js';

/**
 * Heap growth allowed between the end of the warm-up and the end of the soak, with gc. Measured
 * about 3 MB: conversation state is already at its size after the warm-up (every user has
 * talked in every scope), and what remains is mostly @discordjs/rest's per-interaction-token
 * queues (about 1 KB for each interaction whose reply is edited or followed up), swept every 10
 * minutes. A leak of even 0.6 KB per event (22,000 events) would exceed this.
 */
const HEAP_GROWTH_BOUND_MB = 12;

describe('soak', () => {
  it('GIVEN 10,000 Telegram updates and 10,000 Discord interactions THEN no reply fails, nothing is logged as an error, and the heap stays within the bound', () => {
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(ROOT, 'test', 'hardening', 'soak.ts'), '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 170_000,
      env: { ...process.env, LOG_LEVEL: 'warn' },
    });
    expect(r.status, r.stderr).toBe(0);
    const line = r.stdout.trim().split('\n').pop() ?? '{}';
    const result = JSON.parse(line) as SoakResult;
    // The figures, for the CI log.
    process.stdout.write(`soak: ${line}\n`);
    expect(result.telegram.events).toBe(10_000);
    expect(result.discord.events).toBe(10_000);
    expect(result.discord.messages).toBe(2_000);
    expect(result.telegram.failed).toBe(0);
    expect(result.discord.failed).toBe(0);
    expect(result.telegram.errorLogs).toBe(0);
    expect(result.discord.errorLogs).toBe(0);
    expect(result.telegram.sent).toBeGreaterThanOrEqual(9_000);
    expect(result.heap.gc).toBe(true);
    expect(result.heap.growthMB).toBeLessThanOrEqual(HEAP_GROWTH_BOUND_MB);
  }, 180_000);

  it('GIVEN the Discord client THEN the caches that grow with strangers are capped', async () => {
    const client = createDiscordClient(FULL_INTENTS);
    try {
      expect((client.users.cache as unknown as { maxSize: number }).maxSize).toBe(CACHE_LIMITS.users);
      expect(client.rest.options.handlerSweepInterval).toBe(CACHE_LIMITS.restHandlerSweepMs);
    } finally {
      await client.destroy();
    }
  });
});
