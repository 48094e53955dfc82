/**
 * Public echoes of what a member typed — Telegram's `/faq <text>` ("没有找到「…」") and the
 * question quoted above a Discord `/ask` answer — are seen by the whole group: numbers masked,
 * links no longer links, bidi controls removed, mentions inert.
 */
import Keyv from 'keyv';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/adapters/discord/commands.js';
import { createTelegramBot } from '../../src/adapters/telegram/bot.js';
import { TelegramModeration } from '../../src/adapters/telegram/moderation.js';
import { Assistant } from '../../src/core/assistant.js';
import { loadBrain } from '../../src/core/brain.js';
import type { Brain } from '../../src/core/respond.js';
import { createLogger } from '../../src/logger.js';
import { GroupSettingsStore, Moderation } from '../../src/moderation/index.js';
import { createHarness, destroyAfterEach, rawSlash } from '../discord/harness.js';
import { BOT_INFO, TEST_TOKEN } from '../telegram/stub-bot-api.js';
import { groupText } from '../telegram/updates.js';
import { installLocalApi } from './local-api.js';

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});
const keep = destroyAfterEach();

/** What a hostile member types, piece by piece: a phone number, links with and without a scheme, an RTL override, a mention. */
const PIECES = ['tel 13812345678', '看https://evil.example/pay', '或www.evil.example', '\u202Eabc\u202C', '@victim'];
const HOSTILE = PIECES.join(' ');

/** The echo is safe for a group to see (Discord's markdown escapes, e.g. `\*`, removed first). */
function expectSafe(shown: string, pieces: readonly string[] = PIECES): void {
  const text = shown.replace(/\\/gu, '');
  expect(text).not.toContain('13812345678');
  expect(text).not.toMatch(/https?:\/\//u);
  expect(text).not.toMatch(/evil\.example/u);
  expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/u);
  expect(text).not.toMatch(/@victim/u);
  if (pieces.includes(PIECES[0])) expect(text).toContain('138****5678');
  if (pieces.includes(PIECES[1])) expect(text).toContain('https[:]//evil[.]example/pay');
  if (pieces.includes(PIECES[2])) expect(text).toContain('www[.]evil[.]example');
}

describe('public echoes of user text', () => {
  it('GIVEN `/faq <hostile text>` in a Telegram group THEN the "not found" notice echoes it masked, defanged and without bidi controls', async () => {
    const moderation = new TelegramModeration(new Moderation({ brain, settings: new GroupSettingsStore(new Keyv()) }));
    const bot = createTelegramBot({ assistant: new Assistant(brain), logger: createLogger('silent'), token: TEST_TOKEN, botInfo: BOT_INFO, moderation });
    const api = installLocalApi(bot);
    // One piece per /faq: the notice shows at most 30 characters of the query.
    for (const [i, piece] of PIECES.entries()) {
      await bot.handleUpdate(groupText(4200 + i, `/faq ${piece}`));
      const notice = String(api.sent().at(-1)?.payload.text);
      expect(notice).toContain('没有找到');
      expectSafe(notice, [piece]);
    }
  });

  it('GIVEN a public Discord `/ask <hostile text>` THEN the question quoted above the answer is masked, defanged and without bidi controls', async () => {
    const h = keep(createHarness(brain));
    await h.interact(rawSlash(COMMANDS.ask, [{ name: 'question', type: 3, value: HOSTILE }]));
    const data = h.rest.callbacks()[0]?.data as { embeds?: Array<{ description?: string }> };
    const description = data.embeds?.[0]?.description ?? '';
    expect(description).toMatch(/^> 问：/u);
    expectSafe(description.split('\n')[0] ?? '');
  });
});
