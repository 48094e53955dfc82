/**
 * `npm run build` bundles the bot to plain JavaScript in `dist/`; `npm run start:prod` runs it
 * with node. The bundle must behave as `npm start` does: console chat without tokens, and the
 * Telegram adapter (a lazily loaded chunk) against a local stand-in of the Bot API.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../src/kb/load.js';
import { startBotProcess } from './support/bot-process.js';
import { startNpm } from './support/npm-process.js';
import { waitFor } from './support/wait.js';
import { StubBotApi, TEST_TOKEN } from './telegram/stub-bot-api.js';
import { messageUpdate, textMessage } from './telegram/updates.js';

const MAIN = join(ROOT, 'dist', 'main.js');
const NO_TOKENS = { TELEGRAM_BOT_TOKEN: '', DISCORD_TOKEN: '', DISCORD_APP_ID: '', TELEGRAM_WEBHOOK_URL: '' };
const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

beforeAll(() => {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
}, 60_000);

describe('npm run build', () => {
  it('GIVEN the bundle and no tokens THEN node runs the console chat and answers', () => {
    expect(existsSync(MAIN)).toBe(true);
    const r = spawnSync(process.execPath, [MAIN], {
      cwd: ROOT,
      input: '怎么投诉催收\n',
      encoding: 'utf8',
      env: { ...process.env, ...NO_TOKENS },
      timeout: 30_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('催收短信助手');
    expect(r.stdout).toContain('12378');
  });

  it('GIVEN the bundle and a Telegram token THEN the lazily loaded Telegram adapter answers a private message', async () => {
    const api = new StubBotApi();
    const apiRoot = await api.start();
    cleanups.push(() => api.close());
    const bot = startBotProcess(
      [MAIN],
      { ...NO_TOKENS, TELEGRAM_BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: apiRoot, STORE_URL: 'memory://', LOG_LEVEL: 'info' },
      cleanups,
    );
    await waitFor(() => bot.output().includes('bot started'), 20_000, () => `the bot to start: ${bot.output()}`);
    api.pushUpdate(messageUpdate(textMessage(42, 42, '怎么投诉催收')));
    await waitFor(() => api.callsTo('sendMessage').length > 0, 20_000, () => `a reply: ${bot.output()}`);
    expect(String(api.callsTo('sendMessage')[0]?.body.text)).toContain('12378');
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  }, 45_000);

  it('GIVEN `npm run start:prod` WHEN SIGTERM is sent to the npm process alone THEN the bundled bot stops cleanly and npm exits 0', async () => {
    const api = new StubBotApi();
    const apiRoot = await api.start();
    cleanups.push(() => api.close());
    const run = startNpm(['run', 'start:prod'], { TELEGRAM_BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: apiRoot, STORE_URL: 'memory', LOG_LEVEL: 'info' }, cleanups);
    await run.waitFor('bot started', 20_000);
    run.kill('SIGTERM');
    expect(await run.exited, run.output()).toBe(0);
    expect(run.output()).toContain('"msg":"stopped"');
    await waitFor(() => run.left().length === 0, 5000, 'the bundled bot to end');
  }, 45_000);
});
