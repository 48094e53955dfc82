/**
 * Stopping through npm, as a container does: `docker stop` on `CMD ["npm","start"]` sends SIGTERM
 * to npm alone. npm forwards SIGINT and SIGTERM to the script's process, but that process is
 * `sh -c …` (dash does not exec the last command, nor forward signals), so without `exec` in the
 * script the bot never heard it. Ctrl-C in a terminal signals the whole process group, and npm
 * forwards the same signal again: that copy must not count as a second, "exit now" signal. With
 * stdout a broken pipe (a log collector gone), SIGTERM must still end the process.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startNpm } from '../support/npm-process.js';
import { alive } from '../support/processes.js';
import { waitFor } from '../support/wait.js';
import { TEST_TOKEN, useStubBotApi } from '../telegram/stub-bot-api.js';
import { privateText } from '../telegram/updates.js';

const stub = useStubBotApi();
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const QUESTION = '家人收到催收短信怎么办';

/** `npm start` polling the stub Bot API, once it says `bot started`. */
async function npmStart() {
  const run = startNpm(['start'], { TELEGRAM_BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: stub.root, STORE_URL: 'memory', LOG_LEVEL: 'info' }, cleanups);
  await run.waitFor('bot started');
  return run;
}

/** Sends a question and waits until its answer is being sent. */
async function answerInFlight(userId: number, output: () => string): Promise<void> {
  stub.pushUpdate(privateText(userId, QUESTION));
  await waitFor(() => stub.callsTo('sendMessage').length > 0, 20_000, () => `an answer: ${output()}`);
}

describe('signals through npm', () => {
  it('GIVEN `npm start` WHEN SIGTERM is sent to the npm process alone THEN the bot drains and stops, npm exits 0 and nothing is left running', async () => {
    const run = await npmStart();
    await answerInFlight(4501, run.output);
    run.kill('SIGTERM');
    expect(await run.exited, run.output()).toBe(0);
    expect(run.output()).toContain('"msg":"stopped"');
    await waitFor(() => run.left().length === 0, 5000, () => `the bot's processes to end: ${run.left().join(', ')}`);
  }, 90_000);

  it('GIVEN `npm start` WHEN Ctrl-C signals the whole process group and npm forwards SIGINT once more, a little later THEN the bot still drains and exits 0', async () => {
    const run = await npmStart();
    const [bot] = run.left();
    // An answer in flight, so that the shutdown takes a while.
    stub.delay('sendMessage', 1500);
    cleanups.push(() => stub.delay('sendMessage', 0));
    await answerInFlight(4503, run.output);
    process.kill(-run.pid, 'SIGINT');
    // npm's forwarded copy; on a busy machine it arrives after the bot already handled the first.
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (bot !== undefined && alive(bot)) process.kill(bot, 'SIGINT');
    expect(await run.exited, run.output()).toBe(0);
    expect(run.output()).toContain('"msg":"stopped"');
    expect(run.output()).not.toContain('second signal');
    expect(stub.completed.some((c) => c.method === 'sendMessage')).toBe(true);
    await waitFor(() => run.left().length === 0, 5000, 'the bot to end');
  }, 90_000);

  it('GIVEN stdout a broken pipe WHEN SIGTERM arrives THEN the bot still exits (no endless EPIPE retries)', async () => {
    const run = await npmStart();
    run.breakStdout();
    // Logging now fails with EPIPE: the answer logs, and so does the shutdown.
    await answerInFlight(4502, run.output);
    run.kill('SIGTERM');
    const code = await Promise.race([run.exited, new Promise<string>((resolve) => setTimeout(() => resolve('still running after 25 s'), 25_000))]);
    expect(code).not.toBe('still running after 25 s');
    await waitFor(() => run.left().length === 0, 5000, 'the bot to end');
  }, 90_000);
});
