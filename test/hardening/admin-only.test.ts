/**
 * Admin-only actions are checked on every call, not only when the menu is shown. Discord's
 * moderator action (post a public answer to a member's message) re-checks Manage Messages on
 * every `mod:` press and only posts into the channel the press came from. Telegram has no
 * admin-only action: replying `/ask` to someone's message is open to every member by design.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/adapters/discord/commands.js';
import { GUILD_ONLY_TEXT, MOD_ONLY_TEXT, STALE_BUTTON_TEXT } from '../../src/adapters/discord/handlers.js';
import { createTelegramBot } from '../../src/adapters/telegram/bot.js';
import { Assistant, conversationKey } from '../../src/core/assistant.js';
import { loadBrain } from '../../src/core/brain.js';
import { RATE_LIMITED_TEXT, RateLimiter } from '../../src/core/rate-limit.js';
import type { Brain } from '../../src/core/respond.js';
import { createLogger } from '../../src/logger.js';
import type { MessageJson } from '../discord/assert-limits.js';
import { createHarness, destroyAfterEach, IDS, PERMS, rawButton, rawMessage, rawMessageMenu, rawUser, type Harness, type Json } from '../discord/harness.js';
import { BOT_INFO, TEST_TOKEN } from '../telegram/stub-bot-api.js';
import { GROUP_ID, groupText, textMessage } from '../telegram/updates.js';
import { installLocalApi } from './local-api.js';

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});

const keep = destroyAfterEach();
function harness(): Harness {
  return keep(createHarness(brain));
}

const moderator = rawUser(IDS.mod, 'moderator');
const member = rawUser(IDS.member, 'member');
const OTHER_CHANNEL = '1300000000000000444';
const contentOf = (cb: Json): string | undefined => (cb.data as MessageJson | undefined)?.content;

describe('Discord moderator action', () => {
  it('GIVEN a moderator who loses Manage Messages after the menu was shown THEN the later press is refused and nothing is posted', async () => {
    const h = harness();
    const target = rawMessage({ channelId: IDS.channel, guildId: IDS.guild, author: member, content: '催收天天给我妈打电话，合法吗' });
    await h.interact(rawMessageMenu(COMMANDS.answerWithBot, target));
    const prompt = h.rest.callbacks()[0].data as MessageJson;
    const customId = prompt.components?.[0].components[0].custom_id ?? '';
    expect(customId).toMatch(/^mod:/u);

    await h.interact(rawButton(customId, { user: moderator, permissions: PERMS.none, ephemeral: true }));
    expect(contentOf(h.rest.callbacks()[1])).toBe(MOD_ONLY_TEXT);
    expect(h.rest.channelPosts()).toHaveLength(0);

    await h.interact(rawButton(customId, { user: moderator, permissions: PERMS.moderator, ephemeral: true }));
    expect(h.rest.channelPosts()).toHaveLength(1);
  });

  it('GIVEN a member without Manage Messages who can open the context menu (server override) THEN they see the prompt but their pick is refused', async () => {
    const h = harness();
    const target = rawMessage({ channelId: IDS.channel, guildId: IDS.guild, author: member, content: '怎么投诉催收' });
    const menu = rawMessageMenu(COMMANDS.answerWithBot, target, PERMS.none);
    await h.interact(menu);
    const customId = (h.rest.callbacks()[0].data as MessageJson).components?.[0].components[0].custom_id ?? '';
    await h.interact(rawButton(customId, { user: member, permissions: PERMS.none, ephemeral: true }));
    expect(contentOf(h.rest.callbacks()[1])).toBe(MOD_ONLY_TEXT);
    expect(h.rest.channelPosts()).toHaveLength(0);
  });

  it('GIVEN a mod button naming another channel than the one it is pressed in THEN nothing is posted anywhere', async () => {
    const h = harness();
    await h.interact(rawButton(`mod:legality:${OTHER_CHANNEL}:1300000000000000077:${IDS.member}`, { user: moderator, permissions: PERMS.moderator, ephemeral: true }));
    expect(contentOf(h.rest.callbacks()[0])).toBe(STALE_BUTTON_TEXT);
    expect(h.rest.channelPosts()).toHaveLength(0);
  });

  it('GIVEN a mod button pressed in a DM THEN it is refused (server only)', async () => {
    const h = harness();
    await h.interact(rawButton(`mod:legality:${IDS.dm}:1300000000000000077:${IDS.member}`, { where: 'dm', user: moderator, permissions: PERMS.moderator }));
    expect(contentOf(h.rest.callbacks()[0])).toBe(GUILD_ONLY_TEXT);
    expect(h.rest.channelPosts()).toHaveLength(0);
  });
});

describe('Telegram reply-/ask (open to every member by design)', () => {
  it("GIVEN an ordinary member replying /ask to someone's message THEN the bot answers that message, under the asker's own rate limit", async () => {
    const now = 1_000;
    const assistant = new Assistant(brain);
    const bot = createTelegramBot({
      assistant,
      logger: createLogger('silent'),
      token: TEST_TOKEN,
      botInfo: BOT_INFO,
      rateLimiter: new RateLimiter({ capacity: 2, refillPerSecond: 0, now: () => now }),
    });
    const api = installLocalApi(bot);
    const target = textMessage(GROUP_ID, 9101, '我妈收到催收短信，这是真的吗');
    for (let i = 0; i < 4; i += 1) await bot.handleUpdate(groupText(9102, '/ask', { replyTo: target }));
    const sent = api.sent();
    expect(sent[0].payload.reply_parameters).toMatchObject({ message_id: target.message_id });
    expect(await assistant.store.get(conversationKey({ user: 'tg:9101', scope: `chat:${GROUP_ID}` }))).toBeDefined();
    // Two answers (the asker's burst), then one "slow down" notice, then silence.
    expect(sent.filter((c) => String(c.payload.text) === RATE_LIMITED_TEXT)).toHaveLength(1);
    expect(sent.filter((c) => String(c.payload.text).startsWith('<b>'))).toHaveLength(2);
  });
});
