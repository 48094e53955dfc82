/**
 * End-to-end flows on REAL discord.js structures (see harness.ts): gateway payloads go in
 * through the client's actions, REST requests come out through a recording `makeRequest`.
 */
import Keyv from 'keyv';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/adapters/discord/commands.js';
import {
  ERROR_TEXT,
  FORGET_OK_TEXT,
  MOD_ONLY_TEXT,
  POST_FAILED_TEXT,
  STALE_BUTTON_TEXT,
} from '../../src/adapters/discord/handlers.js';
import { Assistant, conversationKey } from '../../src/core/assistant.js';
import { loadBrain } from '../../src/core/brain.js';
import { privateSuggestion } from '../../src/core/group-policy.js';
import { RATE_LIMITED_TEXT, RateLimiter } from '../../src/core/rate-limit.js';
import type { Brain } from '../../src/core/respond.js';
import type { ConversationState } from '../../src/core/types.js';
import { echoedTextIsInert, expectWithinLimits, type MessageJson } from './assert-limits.js';
import {
  createHarness,
  destroyAfterEach,
  IDS,
  PERMS,
  rawButton,
  rawMessage,
  rawMessageMenu,
  rawSlash,
  rawUser,
  type Harness,
  type HarnessOptions,
  type Json,
} from './harness.js';

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});

const keep = destroyAfterEach();
function harness(assistant?: Assistant, options?: HarnessOptions): Harness {
  return keep(createHarness(brain, assistant, options));
}

const EPHEMERAL = 64;
const member = rawUser(IDS.member, 'member');
const ask = (question: string, priv?: boolean): Json[] => [
  { name: 'question', type: 3, value: question },
  ...(priv === undefined ? [] : [{ name: 'private', type: 5, value: priv }]),
];
const data = (cb: Json): MessageJson & { flags?: number } => cb.data as MessageJson & { flags?: number };
const buttonIds = (m: MessageJson): string[] => (m.components ?? []).flatMap((r) => r.components.map((b) => b.custom_id ?? ''));
/** The titles an answer of topic `id` may carry: the topic's, or one of its questions'. */
const topicTitles = (id: string): string[] => {
  const topic = brain.kb.topics.get(id);
  return topic ? [topic.title, ...topic.questions.map((q) => q.ask)] : [];
};

async function state(assistant: Assistant, user: string, scope: string): Promise<ConversationState | undefined> {
  return assistant.store.get<ConversationState>(conversationKey({ user, scope }));
}

describe('/ask', () => {
  it('GIVEN /ask in a channel THEN a public embed answer with follow-up buttons is sent, mentions disabled', async () => {
    const h = harness();
    await h.interact(rawSlash(COMMANDS.ask, ask('催收打电话给我爸妈，这样合法吗')));
    const [cb, ...rest] = h.rest.callbacks();
    expect(rest).toHaveLength(0);
    expect(cb.type).toBe(4);
    const m = data(cb);
    expect(m.flags ?? 0).toBe(0);
    expectWithinLimits(m);
    expect(topicTitles('legality')).toContain(m.embeds?.[0].title);
    expect(m.embeds?.[0].description?.startsWith('> 问：')).toBe(true);
    expect(buttonIds(m).every((id) => id.startsWith('f:'))).toBe(true);
    expect(buttonIds(m).length).toBeGreaterThan(0);
    expect((await state(h.assistant, `dc:${IDS.member}`, `guild:${IDS.guild}:channel:${IDS.channel}`))?.lastTopic).toBe('legality');
  });

  it('GIVEN /ask private:true THEN the answer is ephemeral', async () => {
    const h = harness();
    await h.interact(rawSlash(COMMANDS.ask, ask('短信说要起诉我，是真的吗', true)));
    const [cb] = h.rest.callbacks();
    expect(data(cb).flags).toBe(EPHEMERAL);
    expectWithinLimits(data(cb));
  });

  it('GIVEN a personal question asked publicly in a server THEN the answer comes with the gentle private-chat suggestion, numbers masked in the echo', async () => {
    const h = harness();
    await h.interact(rawSlash(COMMANDS.ask, ask('我欠了5000块，催收打给我妈13812345678，怎么办')));
    const m = data(h.rest.callbacks()[0]);
    expect(m.content).toBe(privateSuggestion());
    expect(JSON.stringify(m)).not.toContain('13812345678');
    await h.interact(rawSlash(COMMANDS.ask, ask('我欠了5000块，催收打给我妈，怎么办', true)));
    expect(data(h.rest.callbacks()[1]).content).toBeUndefined();
  });

  it('GIVEN @everyone and role/user mentions in the question THEN allowed_mentions is empty and the echoed text is neutralized', async () => {
    const h = harness();
    await h.interact(rawSlash(COMMANDS.ask, ask('@everyone @here <@&1300000000000000099> <@1300000000000000098> **催收短信**是真的吗')));
    const m = data(h.rest.callbacks()[0]);
    expect(m.allowed_mentions).toEqual({ parse: [] });
    const echoed = m.embeds?.[0].description?.split('\n')[0] ?? '';
    expect(echoed).toContain('@\u200beveryone');
    expect(echoed).toContain('<@\u200b&');
    expect(echoed).not.toContain('1300000000000000099');
    expect(echoed).toContain('\\*\\*催收短信\\*\\*');
    expect(echoedTextIsInert(echoed)).toBe(true);
    expect(m.content === undefined || echoedTextIsInert(m.content)).toBe(true);
  });

  it('GIVEN a slow conversation store THEN the bot defers first and then edits the deferred reply', async () => {
    const slow = new Keyv();
    const get = slow.get.bind(slow);
    slow.get = (async (key: string) => {
      await new Promise((r) => setTimeout(r, 80));
      return get(key);
    }) as typeof slow.get;
    const h = harness(new Assistant(brain, { store: slow }), { deferAfterMs: 5 });
    await h.interact(rawSlash(COMMANDS.ask, ask('证据怎么保存', true)));
    const [cb] = h.rest.callbacks();
    expect(cb.type).toBe(5);
    expect(data(cb).flags).toBe(EPHEMERAL);
    const [edit] = h.rest.edits();
    expectWithinLimits(edit as MessageJson);
    expect(topicTitles('evidence')).toContain((edit as MessageJson).embeds?.[0].title);
  });
});

describe('/topics and /forget', () => {
  it('GIVEN /topics in a server THEN the menu is shown ephemerally with topic buttons', async () => {
    const h = harness();
    await h.interact(rawSlash(COMMANDS.topics, []));
    const m = data(h.rest.callbacks()[0]);
    expect(m.flags).toBe(EPHEMERAL);
    expect(buttonIds(m)).toEqual(brain.kb.common.menu.map((f) => `f:${f.id}`));
  });

  it('GIVEN /forget after a conversation THEN the state is deleted and the user gets an ephemeral confirmation', async () => {
    const h = harness();
    await h.interact(rawSlash(COMMANDS.ask, ask('证据怎么保存')));
    const scope = `guild:${IDS.guild}:channel:${IDS.channel}`;
    expect(await state(h.assistant, `dc:${IDS.member}`, scope)).toBeDefined();
    await h.interact(rawSlash(COMMANDS.forget, []));
    const m = data(h.rest.callbacks()[1]);
    expect(m.flags).toBe(EPHEMERAL);
    expect(m.content).toBe(FORGET_OK_TEXT);
    expect(await state(h.assistant, `dc:${IDS.member}`, scope)).toBeUndefined();
  });
});

describe('"Answer with bot" context menu', () => {
  const target = (): Json =>
    rawMessage({ channelId: IDS.channel, guildId: IDS.guild, author: member, content: '催收天天给我妈打电话发短信，这样合法吗？' });

  it('GIVEN a moderator on a member message THEN they see the top 3 topics ephemerally; picking one replies publicly to the member and updates the prompt', async () => {
    const h = harness();
    const msg = target();
    await h.interact(rawMessageMenu(COMMANDS.answerWithBot, msg));
    const prompt = data(h.rest.callbacks()[0]);
    expect(prompt.flags).toBe(EPHEMERAL);
    expectWithinLimits(prompt);
    const ids = buttonIds(prompt);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThanOrEqual(3);
    const expected = brain.matcher.match(msg.content as string).alternatives.map((a) => brain.kb.intents.find((i) => i.id === a.intent)?.topic);
    expect(ids.map((id) => id.split(':')[1])).toEqual(expected.slice(0, 3));
    for (const id of ids) {
      expect(id.length).toBeLessThanOrEqual(100);
      expect(id).toMatch(new RegExp(`^mod:[a-z-]+:${IDS.channel}:${msg.id as string}:${IDS.member}$`, 'u'));
    }
    const labels = (prompt.components ?? []).flatMap((r) => r.components.map((b) => b.label ?? ''));
    expect(labels[0].startsWith(brain.kb.common.labels[ids[0].split(':')[1]])).toBe(true);

    await h.interact(rawButton(ids[0], { user: rawUser(IDS.mod, 'moderator'), permissions: PERMS.moderator, ephemeral: true }));
    const topicId = ids[0].split(':')[1];
    expect(h.rest.callbacks()[1].type).toBe(6);
    const [post] = h.rest.find('POST', new RegExp(`^/channels/${IDS.channel}/messages$`, 'u'));
    const body = post.body as MessageJson & { message_reference?: { message_id: string; fail_if_not_exists: boolean } };
    expect(body.message_reference).toMatchObject({ message_id: msg.id, fail_if_not_exists: false });
    expect(body.flags ?? 0).toBe(0);
    expectWithinLimits(body);
    expect(topicTitles(topicId)).toContain(body.embeds?.[0].title);
    const [edit] = h.rest.edits();
    expect((edit as MessageJson).content).toContain('已在频道里公开回复');
    expect((edit as MessageJson).components).toEqual([]);
    expect((await state(h.assistant, `dc:${IDS.member}`, `guild:${IDS.guild}:channel:${IDS.channel}`))?.lastTopic).toBe(topicId);
    expect(await state(h.assistant, `dc:${IDS.mod}`, `guild:${IDS.guild}:channel:${IDS.channel}`)).toBeUndefined();
  });

  it('GIVEN someone without Manage Messages pressing a mod button THEN nothing is posted and they are told politely', async () => {
    const h = harness();
    await h.interact(rawButton(`mod:legality:${IDS.channel}:1300000000000000077:${IDS.member}`, { permissions: PERMS.none }));
    expect(h.rest.channelPosts()).toHaveLength(0);
    const m = data(h.rest.callbacks()[0]);
    expect(m.flags).toBe(EPHEMERAL);
    expect(m.content).toBe(MOD_ONLY_TEXT);
  });

  it('GIVEN the bot may not post in the channel THEN the moderator prompt says so and nothing crashes', async () => {
    const h = harness();
    h.rest.failChannelPosts = 403;
    await h.interact(rawButton(`mod:legality:${IDS.channel}:1300000000000000077:${IDS.member}`, { user: rawUser(IDS.mod, 'moderator'), permissions: PERMS.moderator, ephemeral: true }));
    const [edit] = h.rest.edits();
    expect((edit as MessageJson).content).toBe(POST_FAILED_TEXT);
    expect(h.logs.some((l) => l.event === 'mod-post-failed')).toBe(true);
  });
});

describe('follow-up buttons', () => {
  it('GIVEN a follow-up button from before a restart THEN a new client and a new Assistant (empty store) still answer from the custom id', async () => {
    const before = harness();
    await before.interact(rawSlash(COMMANDS.ask, ask('家人收到催收短信怎么办')));
    // The first button that opens a knowledge topic (what-to-do now starts with the guided-analysis action).
    const customId = buttonIds(data(before.rest.callbacks()[0])).find((id) => brain.kb.topics.has(id.slice(2)) || brain.questions.has(id.slice(2))) ?? '';
    expect(customId).toMatch(/^f:[a-z-]+$/u);
    await before.destroy();

    const after = harness(new Assistant(brain));
    await after.interact(rawButton(customId));
    const [cb] = after.rest.callbacks();
    expect(cb.type).toBe(4);
    const m = data(cb);
    expect(m.flags).toBe(EPHEMERAL);
    expect(topicTitles(brain.questions.get(customId.slice(2))?.topic.id ?? customId.slice(2))).toContain(m.embeds?.[0].title);
    expectWithinLimits(m);
    const target = brain.questions.get(customId.slice(2))?.topic.id ?? customId.slice(2);
    expect((await state(after.assistant, `dc:${IDS.member}`, `guild:${IDS.guild}:channel:${IDS.channel}`))?.lastTopic).toBe(target);
  });

  it('GIVEN a follow-up button in a DM THEN the answer is a normal (non-ephemeral) message and the state scope is dm', async () => {
    const h = harness();
    await h.interact(rawButton('f:evidence', { where: 'dm' }));
    const m = data(h.rest.callbacks()[0]);
    expect(m.flags ?? 0).toBe(0);
    expect(topicTitles('evidence')).toContain(m.embeds?.[0].title);
    expect((await state(h.assistant, `dc:${IDS.member}`, 'dm'))?.lastTopic).toBe('evidence');
  });

  it('GIVEN an unknown or malformed custom id THEN the user is told the button expired', async () => {
    const h = harness();
    await h.interact(rawButton('legacy-button-7'));
    expect(data(h.rest.callbacks()[0]).content).toBe(STALE_BUTTON_TEXT);
    await h.interact(rawButton('f:no-such-topic'));
    expect(data(h.rest.callbacks()[1]).embeds?.[0].description).toMatch(/失效/u);
  });
});

describe('messages', () => {
  const dm = (content: string, author = member): Json =>
    rawMessage({ channelId: IDS.dm, author, content, extra: { channel_type: 1 } });
  const inChannel = (content: string, mentions: Json[] = [], author = member): Json =>
    rawMessage({ channelId: IDS.channel, guildId: IDS.guild, author, content, mentions });
  const bot = rawUser(IDS.bot, 'helper-bot', true);

  it('GIVEN a DM THEN every message is answered as a reply, with the state scope dm', async () => {
    const h = harness();
    const msg = dm('家里人收到催收短信说我逾期了，是真的吗');
    await h.message(msg);
    const [post] = h.rest.find('POST', new RegExp(`^/channels/${IDS.dm}/messages$`, 'u'));
    const body = post.body as MessageJson & { message_reference?: { message_id: string } };
    expect(body.message_reference?.message_id).toBe(msg.id);
    expectWithinLimits(body);
    expect(body.content).toBeUndefined();
    expect((await state(h.assistant, `dc:${IDS.member}`, 'dm'))?.turns).toBe(1);
    await h.message(dm('谢谢'));
    expect(h.rest.channelPosts()).toHaveLength(2);
  });

  it('GIVEN a mention in a channel THEN the bot answers the text without the mention; without a mention, or from a bot, it stays silent', async () => {
    const h = harness();
    await h.message(inChannel(`<@${IDS.bot}> 催收打电话给我爸妈，这样合法吗`, [bot]));
    const posts = h.rest.channelPosts() as Array<MessageJson & { message_reference?: unknown }>;
    expect(posts).toHaveLength(1);
    expect(topicTitles('legality')).toContain(posts[0].embeds?.[0].title);
    expect(posts[0].message_reference).toBeDefined();
    await h.message(inChannel('催收打电话给我爸妈，这样合法吗'));
    await h.message(inChannel(`<@${IDS.bot}> 合法吗`, [bot], rawUser('1300000000000000055', 'other-bot', true)));
    await h.message(inChannel(`<@${IDS.bot}> 合法吗`, [bot], bot));
    expect(h.rest.channelPosts()).toHaveLength(1);
  });

  it('GIVEN a mention carrying @everyone, a role mention and personal numbers THEN the reply pings nobody and suggests a private chat', async () => {
    const h = harness();
    await h.message(inChannel(`<@!${IDS.bot}> @everyone <@&1300000000000000099> 我欠了3万，催收打我妈电话13812345678`, [bot]));
    const [body] = h.rest.channelPosts() as MessageJson[];
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.content).toBe(privateSuggestion());
    expect(JSON.stringify(body)).not.toContain('@everyone');
    expect(JSON.stringify(body)).not.toContain('13812345678');
    expectWithinLimits(body);
  });

  it('GIVEN a user flooding the bot THEN extra messages are not answered and the polite notice is sent once per burst', async () => {
    const h = harness(undefined, { limiter: new RateLimiter({ capacity: 2, refillPerSecond: 0, now: () => 0 }) });
    for (let i = 0; i < 5; i++) await h.message(dm(`证据怎么保存 ${i}`));
    const posts = h.rest.channelPosts() as MessageJson[];
    expect(posts).toHaveLength(3);
    expect(posts[2].content).toBe(RATE_LIMITED_TEXT);
  });
});

describe('failures', () => {
  it('GIVEN the assistant throws THEN the interaction gets the polite ephemeral error, the error is logged, nothing rejects', async () => {
    const broken = new Assistant(brain);
    broken.handle = () => Promise.reject(new Error('boom 13812345678'));
    const h = harness(broken);
    await h.interact(rawSlash(COMMANDS.ask, ask('证据怎么保存')));
    const m = data(h.rest.callbacks()[0]);
    expect(m.flags).toBe(EPHEMERAL);
    expect(m.content).toBe(ERROR_TEXT);
    const logged = h.logs.find((l) => l.msg === 'discord handler failed');
    expect(logged).toBeDefined();
    expect(JSON.stringify(logged)).not.toContain('13812345678');
    await h.message(rawMessage({ channelId: IDS.dm, author: member, content: '你好', extra: { channel_type: 1 } }));
    expect((h.rest.channelPosts()[0] as MessageJson).content).toBe(ERROR_TEXT);
  });

  it('GIVEN slash commands over the rate limit THEN the polite notice is ephemeral', async () => {
    const h = harness(undefined, { limiter: new RateLimiter({ capacity: 1, refillPerSecond: 0, now: () => 0 }) });
    await h.interact(rawSlash(COMMANDS.ask, ask('证据怎么保存')));
    await h.interact(rawSlash(COMMANDS.ask, ask('证据怎么保存')));
    const m = data(h.rest.callbacks()[1]);
    expect(m.flags).toBe(EPHEMERAL);
    expect(m.content).toBe(RATE_LIMITED_TEXT);
  });

  it('GIVEN a client error event THEN it is logged and does not throw', () => {
    const h = harness();
    expect(() => h.client.emit('error', new Error('gateway hiccup'))).not.toThrow();
    expect(h.logs.some((l) => l.msg === 'discord client error')).toBe(true);
  });
});
