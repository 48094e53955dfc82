/**
 * Concurrency: updates of one user arrive together (a polling batch holds a private and a group
 * message; two Discord DMs land in one tick), another member's reply-`/ask` writes the author's
 * conversation, `/forget` runs while a turn is in flight, two admins change settings at once.
 * Nothing may be lost or written back: turns of one user run one after another, and a group's
 * settings are read-modified-written one change at a time.
 */
import Keyv from 'keyv';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTelegramBot } from '../../src/adapters/telegram/bot.js';
import { Assistant, conversationKey } from '../../src/core/assistant.js';
import { loadBrain } from '../../src/core/brain.js';
import type { Brain } from '../../src/core/respond.js';
import type { ConversationState } from '../../src/core/types.js';
import { createLogger } from '../../src/logger.js';
import { GroupSettingsStore, Moderation, type Actor } from '../../src/moderation/index.js';
import { createHarness, destroyAfterEach, IDS, rawMessage, rawUser, type Json } from '../discord/harness.js';
import { useTempStores } from '../support/temp-stores.js';
import { BOT_INFO, TEST_TOKEN } from '../telegram/stub-bot-api.js';
import { GROUP_ID, groupText, messageUpdate, privateText, textMessage } from '../telegram/updates.js';
import { installLocalApi } from './local-api.js';

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});

const temp = useTempStores('concurrency');
const keep = destroyAfterEach();
const silent = createLogger('silent');

/** Conversation keys still stored for `user`. */
async function keysOf(store: Keyv, user: string): Promise<string[]> {
  const keys: string[] = [];
  if (!store.iterator) throw new Error('the store cannot list its keys');
  for await (const [key] of store.iterator(undefined)) if (String(key).startsWith(`conv:${user}|`) || key === `scopes:${user}`) keys.push(String(key));
  return keys;
}

/** A memory store whose answers to reads of keys matching `slow` arrive `ms` late (a remote store under load). */
function slowReads(slow: RegExp, ms: number): Keyv {
  const store = new Keyv();
  const get = store.get.bind(store);
  store.get = (async (key: string) => {
    const value = await get(key);
    if (slow.test(key)) await new Promise((r) => setTimeout(r, ms));
    return value;
  }) as typeof store.get;
  return store;
}

describe('one user, several updates at once', () => {
  it('GIVEN 200 users each sending a private and a group message in one polling batch WHEN each sends /forget THEN nothing is left stored for any of them', async () => {
    const stores = await temp.open({ kind: 'sqlite', path: temp.file() });
    const assistant = new Assistant(brain, { store: stores.conversations });
    const bot = createTelegramBot({ assistant, logger: silent, token: TEST_TOKEN, botInfo: BOT_INFO });
    installLocalApi(bot, { record: false });
    const users = Array.from({ length: 200 }, (_, i) => 600_000 + i);
    // As @grammyjs/runner handles a batch: every update at once (sequentialized per chat and sender).
    await Promise.all(users.flatMap((u) => [bot.handleUpdate(privateText(u, '家人收到催收短信怎么办')), bot.handleUpdate(groupText(u, '@cuishou_helper_bot 催收打给我妈合法吗'))]));
    await Promise.all(users.map((u) => bot.handleUpdate(privateText(u, '/forget'))));
    const left: string[] = [];
    for (const u of users) left.push(...(await keysOf(stores.conversations, `tg:${u}`)));
    expect(left.length, `e.g. ${left.slice(0, 3).join(', ')}`).toBe(0);
  });

  it('GIVEN a turn still waiting for the store WHEN /forget runs meanwhile THEN the turn does not write its state back afterwards', async () => {
    // The conversation read is slow, the user's scope index fast: /forget finishes first unless it waits.
    const store = slowReads(/^conv:/u, 50);
    const assistant = new Assistant(brain, { store });
    const user = { user: 'tg:42', scope: 'private' };
    await assistant.handle(user, { type: 'text', text: '家人收到催收短信怎么办' });
    const turn = assistant.handle(user, { type: 'text', text: '那合法吗' });
    const forgot = await assistant.forgetUser('tg:42');
    await turn;
    expect(forgot).toBe(true);
    expect(await store.get(conversationKey(user))).toBeUndefined();
    expect(await store.get('scopes:tg:42')).toBeUndefined();
  });

  it('GIVEN two Discord DMs in one tick answering the guided analysis THEN both answers are kept', async () => {
    const h = keep(createHarness(brain));
    const member = rawUser(IDS.member, 'member');
    const dm = (content: string): Json => ({ ...rawMessage({ channelId: IDS.dm, author: member, content }), channel_type: 1 });
    await h.message(dm('帮我分析我的情况'));
    const actions = (h.client as unknown as { actions: { MessageCreate: { handle(d: unknown): void } } }).actions;
    actions.MessageCreate.handle(dm('我是借款人'));
    actions.MessageCreate.handle(dm('网贷'));
    await h.wired.drain(10_000);
    const state = await h.assistant.store.get<ConversationState>(conversationKey({ user: `dc:${IDS.member}`, scope: 'dm' }));
    expect(state?.triage?.role, JSON.stringify(state)).toBe('borrower');
    expect(state?.triage?.lender, JSON.stringify(state)).toBeDefined();
    expect(state?.turns).toBe(3);
  });

  it("GIVEN a member's reply-/ask on the author's message arriving with the author's own message THEN both turns count in the author's conversation", async () => {
    const assistant = new Assistant(brain, { store: slowReads(/^conv:/u, 20) });
    const bot = createTelegramBot({ assistant, logger: silent, token: TEST_TOKEN, botInfo: BOT_INFO });
    installLocalApi(bot, { record: false });
    const question = textMessage(GROUP_ID, 42, '催收打给我妈合法吗');
    await Promise.all([
      bot.handleUpdate(groupText(42, '@cuishou_helper_bot 征信会受影响吗')),
      bot.handleUpdate(messageUpdate(textMessage(GROUP_ID, 43, '/ask', { replyTo: question }))),
    ]);
    const state = await assistant.store.get<ConversationState>(conversationKey({ user: 'tg:42', scope: `chat:${GROUP_ID}` }));
    expect(state?.turns).toBe(2);
  });
});

describe('two admins at once', () => {
  const admin: Actor = { group: 'tg:-1009', isAdmin: async () => true };

  it('GIVEN two admins typing different /settings changes at the same moment THEN both changes are kept', async () => {
    const m = new Moderation({ brain, settings: new GroupSettingsStore(new Keyv(), { cacheMs: 0 }) });
    const [a, b] = await Promise.all([m.settingsCommand(admin, 'mode auto'), m.settingsCommand(admin, 'cooldown 90')]);
    expect([a.kind, b.kind]).toEqual(['menu', 'menu']);
    const saved = await m.settings.fresh('tg:-1009');
    expect(saved.answerMode).toBe('auto');
    expect(saved.cooldownSeconds).toBe(90);
  });

  it('GIVEN two admins pressing "quiet start +1 h" and "quiet end +1 h" at the same moment THEN the window moves at both ends', async () => {
    const m = new Moderation({ brain, settings: new GroupSettingsStore(new Keyv(), { cacheMs: 0 }) });
    const before = (await m.settings.fresh('tg:-1009')).quietHours;
    const [a, b] = await Promise.all([m.press(admin, 'm:qs:+'), m.press(admin, 'm:qe:+')]);
    expect([a.kind, b.kind]).toEqual(['updated', 'updated']);
    const after = (await m.settings.fresh('tg:-1009')).quietHours;
    expect(after.start).toBe((before.start + 60) % 1440);
    expect(after.end).toBe((before.end + 60) % 1440);
  });
});
