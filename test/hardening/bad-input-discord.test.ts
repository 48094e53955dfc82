/**
 * Bad input through the Discord adapter on real discord.js structures (test/discord/harness):
 * every event gets a sensible reply or is ignored on purpose, nothing throws or reports a
 * failure, every payload respects Discord's limits with mentions disabled, and the core never
 * sees more than MAX_INPUT_CHARS.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/adapters/discord/commands.js';
import { ERROR_TEXT, STALE_BUTTON_TEXT, UNKNOWN_COMMAND_TEXT } from '../../src/adapters/discord/handlers.js';
import { MAX_INPUT_CHARS } from '../../src/adapters/input.js';
import { loadBrain } from '../../src/core/brain.js';
import { RateLimiter } from '../../src/core/rate-limit.js';
import type { Brain } from '../../src/core/respond.js';
import { SendBudget } from '../../src/core/send-budget.js';
import { echoedTextIsInert, expectWithinLimits, type MessageJson } from '../discord/assert-limits.js';
import {
  createHarness,
  destroyAfterEach,
  IDS,
  rawButton,
  rawMessage,
  rawMessageMenu,
  rawSlash,
  rawUser,
  snowflake,
  type Harness,
  type Json,
} from '../discord/harness.js';
import { recordingAssistant } from '../support/recording-assistant.js';

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});

const keep = destroyAfterEach();

const NO_TEXT = '没有看到文字内容';
const member = rawUser(IDS.member, 'member');
const botUser = rawUser(IDS.bot, 'helper-bot', true);

function setup() {
  const { assistant, inputs } = recordingAssistant(brain);
  const h = keep(
    createHarness(brain, assistant, {
      limiter: new RateLimiter({ capacity: 10_000, refillPerSecond: 10_000 }),
      channelBudget: new SendBudget({ windows: [{ limit: 1_000_000, ms: 1 }] }),
    }),
  );
  return { h, inputs };
}

/** Every message body the bot sent (callbacks, follow-ups, edits, channel posts). */
function outgoing(h: Harness): MessageJson[] {
  return h.rest.requests
    .filter((r) => r.method === 'POST' || r.method === 'PATCH')
    .map((r) => {
      const body = (r.body ?? {}) as Json;
      return (/\/callback$/u.test(r.path) ? (body.data ?? {}) : body) as MessageJson;
    });
}

/** Asserts the adapter never failed and every payload is within limits. */
function expectClean(h: Harness): void {
  for (const m of outgoing(h)) {
    if (m.embeds === undefined && m.content === undefined && m.components === undefined) continue; // deferUpdate / deferReply
    expectWithinLimits(m);
    expect(m.content).not.toBe(ERROR_TEXT);
  }
  expect(h.logs.filter((l) => Number(l.level) >= 50)).toEqual([]);
}

const dm = (content: string, extra: Json = {}): Json => rawMessage({ channelId: IDS.dm, author: member, content, extra: { channel_type: 1, ...extra } });
const mention = (content: string, extra: Json = {}): Json =>
  rawMessage({ channelId: IDS.channel, guildId: IDS.guild, author: member, content: `<@${IDS.bot}> ${content}`, mentions: [botUser], extra });
const ask = (question: string): Json[] => [{ name: 'question', type: 3, value: question }];
const description = (m: MessageJson): string => (m.embeds ?? []).map((e) => e.description ?? '').join('\n');

describe('Discord: odd text', () => {
  it('GIVEN empty, whitespace-only, emoji-only, zero-width and control-character DMs or mentions THEN each gets the menu asking for text', async () => {
    const { h } = setup();
    for (const text of ['', '   \n\t ', '😀🙏🏻👍🏽', '\u200b\u200c\u200d\u2060\ufeff', '\u0000\u0007\u001b\u007f', '\u202e\u2066\u2069']) {
      await h.message(dm(text));
      await h.message(mention(text));
    }
    const posts = h.rest.channelPosts() as MessageJson[];
    expect(posts).toHaveLength(12);
    for (const p of posts) expect(description(p)).toContain(NO_TEXT);
    expectClean(h);
  });

  it('GIVEN a 100 KB DM, mention, /ask and context-menu target THEN the core sees at most MAX_INPUT_CHARS and everything stays within limits', async () => {
    const { h, inputs } = setup();
    const big = '催收打电话给我爸妈，合法吗？'.repeat(7_500);
    await h.message(dm(big));
    await h.message(mention(big));
    await h.interact(rawSlash(COMMANDS.ask, ask(big)));
    await h.interact(rawMessageMenu(COMMANDS.answerWithBot, rawMessage({ channelId: IDS.channel, guildId: IDS.guild, author: member, content: big })));
    expect(inputs).toHaveLength(3);
    for (const i of inputs) expect(i.type === 'text' && i.text.length <= MAX_INPUT_CHARS).toBe(true);
    expect(h.rest.channelPosts()).toHaveLength(2);
    expectClean(h);
  });

  it('GIVEN right-to-left overrides, zero-width characters, markdown and mentions in /ask THEN the echoed question is inert and free of invisible characters', async () => {
    const { h } = setup();
    await h.interact(rawSlash(COMMANDS.ask, ask('\u202e@\u200beveryone @here <@&123456789012345678> **粗体** `code` [link](https://e.vil) 催收\u200d短信是真的吗\u202c')));
    const m = h.rest.callbacks()[0].data as MessageJson;
    const echoed = m.embeds?.[0].description?.split('\n')[0] ?? '';
    expect(echoed).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200c\u200d\u2060]/u);
    expect(echoedTextIsInert(echoed)).toBe(true);
    expect(echoed).toContain('\\*\\*粗体\\*\\*');
    expect(m.allowed_mentions).toEqual({ parse: [] });
    expectClean(h);
  });
});

describe('Discord: attachments, edits, forwards', () => {
  it('GIVEN a DM with only an attachment or a sticker THEN the menu asks for text; a guild message with an attachment and no mention THEN silence', async () => {
    const { h } = setup();
    const attachment = { id: snowflake(), filename: 'a.png', size: 1, url: 'https://cdn/a.png', proxy_url: 'https://cdn/a.png' };
    await h.message(dm('', { attachments: [attachment] }));
    await h.message(dm('', { sticker_items: [{ id: snowflake(), name: 's', format_type: 1 }] }));
    await h.message(rawMessage({ channelId: IDS.channel, guildId: IDS.guild, author: member, content: '', extra: { attachments: [attachment] } }));
    const posts = h.rest.channelPosts() as MessageJson[];
    expect(posts).toHaveLength(2);
    for (const p of posts) expect(description(p)).toContain(NO_TEXT);
    expectClean(h);
  });

  it('GIVEN a message edited afterwards (DM or a mention) THEN the edit is ignored: no second answer, the core is not called again', async () => {
    const { h, inputs } = setup();
    const original = dm('家人收到催收短信怎么办');
    await h.message(original);
    const inGuild = mention('怎么投诉');
    await h.message(inGuild);
    expect(h.rest.channelPosts()).toHaveLength(2);
    let emitted = 0;
    h.client.on('messageUpdate', () => (emitted += 1));
    await h.edit({ ...original, content: '催收说要起诉我', edited_timestamp: new Date(1).toISOString() });
    await h.edit({ ...inGuild, content: `<@${IDS.bot}> 合法吗`, edited_timestamp: new Date(1).toISOString() });
    // DM messages are not cached (CACHE_LIMITS.messagesPerDm), so discord.js does not even emit the DM edit.
    expect(emitted).toBe(1);
    expect(h.rest.channelPosts()).toHaveLength(2);
    expect(inputs).toHaveLength(2);
    expectClean(h);
  });

  it('GIVEN a forwarded collection text in a DM THEN the snapshot text is passed to the core as content to analyse', async () => {
    const { h, inputs } = setup();
    const sms = '【XX金融】您的家人张三在我司借款已严重逾期，请督促其今日18点前还款，否则将上门走访并联系其通讯录。';
    const snapshot = {
      content: sms,
      type: 0,
      timestamp: new Date(0).toISOString(),
      edited_timestamp: null,
      flags: 0,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
    };
    await h.message(dm('', { message_reference: { type: 1, message_id: snowflake(), channel_id: '1300000000000000999' }, message_snapshots: [{ message: snapshot }] }));
    expect(inputs).toEqual([{ type: 'text', text: sms }]);
    expect(h.rest.channelPosts()).toHaveLength(1);
    expectClean(h);
  });
});

describe('Discord: stale buttons and commands', () => {
  it('GIVEN unknown, malformed or foreign custom ids (old buttons after a restart, select menus) THEN each press gets exactly one "expired" reply', async () => {
    const { h } = setup();
    const ids = ['', 'f:', 'f:../x', `f:${'a'.repeat(98)}`, 'mod:legality', 'mod:legality:x:y:z', 'mod:法律:1:2:3', '\u0000', 'legacy:v1:7'];
    for (const id of ids) await h.interact(rawButton(id));
    const select = rawButton('old-select');
    (select.data as Json).component_type = 3;
    (select.data as Json).values = ['a'];
    await h.interact(select);
    const callbacks = h.rest.callbacks();
    expect(callbacks).toHaveLength(ids.length + 1);
    for (const cb of callbacks) {
      const m = cb.data as MessageJson;
      // Malformed ids are refused by the adapter; well-formed ids of unknown topics get the core's "expired" menu.
      expect(m.content === STALE_BUTTON_TEXT || description(m).includes('失效')).toBe(true);
    }
    expectClean(h);
  });

  it('GIVEN /ask without its question (a stale registration) or an unknown command THEN a menu or a polite notice, never an error', async () => {
    const { h } = setup();
    await h.interact(rawSlash(COMMANDS.ask, []));
    await h.interact(rawSlash('old-command', []));
    await h.interact(rawMessageMenu('Old menu', rawMessage({ channelId: IDS.channel, guildId: IDS.guild, author: member, content: 'x' })));
    const [askCb, oldCb, menuCb] = h.rest.callbacks().map((c) => c.data as MessageJson);
    expect(description(askCb)).toContain(NO_TEXT);
    expect(oldCb.content).toBe(UNKNOWN_COMMAND_TEXT);
    expect(menuCb.content).toBe(UNKNOWN_COMMAND_TEXT);
    expectClean(h);
  });

  it('GIVEN the context menu on an empty, emoji-only or mention-laden message THEN the moderator gets a valid prompt with inert text', async () => {
    const { h } = setup();
    for (const content of ['', '😀😀', '@everyone <@&1300000000000000099> \u202e催收合法吗']) {
      await h.interact(rawMessageMenu(COMMANDS.answerWithBot, rawMessage({ channelId: IDS.channel, guildId: IDS.guild, author: member, content })));
    }
    for (const cb of h.rest.callbacks()) {
      const m = cb.data as MessageJson;
      expect(echoedTextIsInert(m.embeds?.[0].description ?? '')).toBe(true);
    }
    expectClean(h);
  });
});
