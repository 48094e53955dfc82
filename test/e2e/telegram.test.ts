/**
 * End to end, Telegram: the real `npm start` (a child process, as an operator runs it) against
 * telegram-test-api, an independent Bot API emulator from npm — not the project's own stub. It
 * answers unknown methods (setMyCommands) with HTTP 500 `{"message":…}`, which start-up must
 * survive. A user asks a question in private, presses one of the answer's buttons, a member
 * mentions the bot in a group, and SIGTERM to npm stops the bot cleanly.
 */
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../support/net.js';
import { startNpm } from '../support/npm-process.js';
import { waitFor } from '../support/wait.js';

const TOKEN = '4242424242:AAE2e-telegram-test-api-token_0123456789';
/** The account the emulator's getMe reports. */
const BOT_USERNAME = 'TestNameBot';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface BotMessage {
  text?: string;
  chat_id?: number | string;
  reply_markup?: { inline_keyboard?: Array<Array<{ text: string; callback_data?: string }>> };
  reply_parameters?: { message_id: number };
}

describe('npm start against a Telegram Bot API emulator (telegram-test-api)', () => {
  it('GIVEN a question, a button press and a group mention THEN each is answered; GIVEN SIGTERM to npm THEN the bot stops cleanly', async () => {
    const server = new TelegramServer({ port: await freePort(), host: '127.0.0.1', storeTimeout: 120 });
    await server.start();
    cleanups.push(() => server.stop());
    const bot = startNpm(['start'], { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: server.config.apiURL, STORE_URL: 'memory', LOG_LEVEL: 'info' }, cleanups);
    await bot.waitFor('bot started');
    // The emulator does not know setMyCommands: start-up warns and goes on.
    expect(bot.output()).toContain('setMyCommands failed; the command menu may be outdated');

    /** Messages the bot sent to `client`'s chat since the last call (waits for at least one). */
    const replies = async (client: ReturnType<typeof server.getClient>): Promise<BotMessage[]> => {
      const updates = (await client.getUpdates()) as { result: Array<{ message: BotMessage }> };
      return updates.result.map((u) => u.message);
    };
    const user = server.getClient(TOKEN, { userId: 5001, chatId: 5001, type: 'private', firstName: 'Li', timeout: 20_000 });

    await user.sendMessage(user.makeMessage('家人收到催收短信怎么办'));
    const [answer] = await replies(user);
    expect(answer?.text).toMatch(/^<b>/u);
    const button = answer?.reply_markup?.inline_keyboard?.flat().find((b) => b.callback_data?.startsWith('f:'));
    expect(button?.callback_data, JSON.stringify(answer?.reply_markup)).toBeDefined();

    await user.sendCallback(user.makeCallbackQuery(button?.callback_data ?? '', { message: { message_id: 1, date: 0 } }));
    const [pressed] = await replies(user);
    expect(pressed?.text).toMatch(/^<b>/u);
    expect(pressed?.text).not.toBe(answer?.text);

    const member = server.getClient(TOKEN, { userId: 5002, chatId: -1005002, type: 'supergroup', chatTitle: 'Group', firstName: 'Wang', timeout: 20_000 });
    await member.sendMessage(member.makeMessage(`@${BOT_USERNAME} 催收打电话给我妈合法吗`));
    const [mentioned] = await replies(member);
    expect(mentioned?.text).toContain('合法');
    expect(mentioned?.reply_parameters?.message_id).toBeGreaterThan(0);

    bot.kill('SIGTERM');
    expect(await bot.exited, bot.output()).toBe(0);
    expect(bot.output()).toContain('"msg":"stopped"');
    await waitFor(() => bot.left().length === 0, 5000, 'the bot process to end');
  }, 90_000);
});
