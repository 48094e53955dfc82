/**
 * `npm start` with the embedded SQLite store against a local stand-in of the Telegram Bot API:
 * the store is opened from STORE_URL, closed on SIGTERM, and a restarted bot continues the
 * conversation and keeps the redacted unanswered log.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../../src/kb/load.js';
import { openStore, UnansweredLog } from '../../src/store/index.js';
import { startBotProcess, type BotProcess } from '../support/bot-process.js';
import { waitFor } from '../support/wait.js';
import { StubBotApi, TEST_TOKEN } from '../telegram/stub-bot-api.js';
import { GROUP_ID, messageUpdate, textMessage } from '../telegram/updates.js';

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Runs `src/main.ts` (node + tsx loader, so SIGTERM reaches the bot directly). */
function startBot(env: Record<string, string>): BotProcess {
  const base = { DISCORD_TOKEN: '', DISCORD_APP_ID: '', TELEGRAM_WEBHOOK_URL: '', LOG_LEVEL: 'info' };
  return startBotProcess(['--import', 'tsx', join(ROOT, 'src', 'main.ts')], { ...base, ...env }, cleanups);
}

describe('npm start with the embedded SQLite store', () => {
  it('GIVEN a bot stopped with SIGTERM and started again on the same file THEN the conversation continues and the unanswered log is kept, redacted', async () => {
    const api = new StubBotApi();
    const apiRoot = await api.start();
    cleanups.push(() => api.close());
    const dir = mkdtempSync(join(tmpdir(), 'main-store-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'bot.sqlite');
    const env = { TELEGRAM_BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: apiRoot, STORE_URL: `sqlite://${path}` };
    const sent = (): string[] => api.callsTo('sendMessage').map((c) => String(c.body.text));

    const first = startBot(env);
    await waitFor(() => first.output().includes('bot started'), 20_000, () => `the bot to start: ${first.output()}`);
    expect(first.output()).toContain(`sqlite:${path}`);
    api.pushUpdate(messageUpdate(textMessage(42, 42, '我是紧急联系人，天天接到催收电话')));
    api.pushUpdate(messageUpdate(textMessage(GROUP_ID, 42, '@cuishou_helper_bot 今天上海天气怎么样？我手机13812345678')));
    await waitFor(() => sent().length >= 2, 10_000, () => `two replies: ${first.output()}`);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('stopped');

    const second = startBot(env);
    await waitFor(() => second.output().includes('bot started'), 20_000, () => `the bot to restart: ${second.output()}`);
    api.pushUpdate(messageUpdate(textMessage(42, 42, '那合法吗')));
    await waitFor(() => sent().length >= 3, 10_000, () => `the follow-up reply: ${second.output()}`);
    expect(sent()[2]).toContain('接着刚才');
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const stores = await openStore({ kind: 'sqlite', path });
    cleanups.push(() => stores.close());
    const logged = await new UnansweredLog(stores.unanswered).recent(`tg:${GROUP_ID}`);
    expect(logged).toHaveLength(1);
    expect(logged[0]?.text).toContain('138****5678');
    expect(logged[0]?.text).not.toContain('13812345678');
    expect(await stores.conversations.get('conv:tg:42|private')).toBeDefined();
  }, 45_000);
});
