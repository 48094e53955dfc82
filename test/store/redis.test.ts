/**
 * Several bot processes sharing a real Redis (started by the test on a free loopback port),
 * and what happens when Redis dies and comes back.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Assistant } from '../../src/core/assistant.js';
import { loadBrain } from '../../src/core/brain.js';
import type { Brain } from '../../src/core/respond.js';
import { openStore, parseStoreUrl, UnansweredLog, unansweredRecorder, type Stores } from '../../src/store/index.js';
import { ChatProcess } from './chat-process.js';
import { redisServerAvailable, startRedis, type TestRedis } from './redis-server.js';
import { waitFor } from '../support/wait.js';

const FIRST = '我是紧急联系人，天天接到催收电话';
const FOLLOW_UP = '那合法吗';
/** The longest a turn may take while Redis is down (the store timeout is 1.5 s). */
const BOUND_MS = 3000;

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});

/** Without redis-server these are skipped; test/setup/redis-check.ts says so (and fails in CI). */
const withRedis = describe.skipIf(!redisServerAvailable());

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** One "bot process": its own Redis client, Keyv and Assistant. */
async function botInstance(redis: TestRedis) {
  const errors: unknown[] = [];
  const events: string[] = [];
  const stores = await openStore(parseStoreUrl(redis.url), {
    onError: () => events.push('down'),
    onRecover: () => events.push('up'),
  });
  cleanups.push(() => stores.close());
  const assistant = new Assistant(brain, {
    store: stores.conversations,
    onStoreError: (e) => errors.push(e),
    onUnanswered: unansweredRecorder(new UnansweredLog(stores.unanswered)),
  });
  return { assistant, stores, errors, events };
}

async function writable(stores: Stores): Promise<boolean> {
  try {
    return await stores.conversations.set('probe', 1, 1000);
  } catch {
    return false;
  }
}

const user = { user: 'tg:42', scope: 'private' };

withRedis('Redis store shared by two bot instances', () => {
  it('GIVEN two instances THEN the second continues the conversation; GIVEN Redis killed THEN both answer statelessly in bounded time and log it; GIVEN Redis back THEN state works again', async () => {
    const redis = await startRedis();
    cleanups.push(() => redis.kill());
    const a = await botInstance(redis);
    const b = await botInstance(redis);

    expect((await a.assistant.handle(user, { type: 'text', text: FIRST })).reply.intent).toBe('family-member');
    const followed = (await b.assistant.handle(user, { type: 'text', text: FOLLOW_UP })).reply;
    expect(followed.intent).toBe('legality');
    expect(followed.context).toMatch(/接着刚才/);
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);

    await a.assistant.handle(user, { type: 'text', text: FIRST });
    await redis.kill();
    for (const bot of [b, a]) {
      const t0 = Date.now();
      // With the store this short follow-up would lean on FIRST; without it, it is answered alone.
      const { reply } = await bot.assistant.handle(user, { type: 'text', text: FOLLOW_UP });
      expect(Date.now() - t0).toBeLessThan(BOUND_MS);
      expect(reply.intent).toBe('legality');
      expect(reply.context).toBeUndefined();
      expect(bot.errors.length).toBeGreaterThan(0);
    }
    await waitFor(() => a.events.includes('down') && b.events.includes('down'), 5000, 'the outage to be reported', 50);
    // /forget says it failed rather than claiming success.
    const t0 = Date.now();
    expect(await a.assistant.forgetUser(user.user)).toBe(false);
    expect(Date.now() - t0).toBeLessThan(BOUND_MS);

    await redis.restart();
    await waitFor(async () => (await writable(a.stores)) && (await writable(b.stores)), 10_000, 'both clients to reconnect', 50);
    expect(a.events.at(-1)).toBe('up');
    a.errors.length = 0;
    b.errors.length = 0;
    await a.assistant.handle(user, { type: 'text', text: FIRST });
    const again = (await b.assistant.handle(user, { type: 'text', text: FOLLOW_UP })).reply;
    expect(again.context).toMatch(/接着刚才/);
    expect([...a.errors, ...b.errors]).toEqual([]);
  }, 20_000);

  it('GIVEN a user in two scopes on instance A THEN /forget on instance B deletes both and the unanswered log holds no user id', async () => {
    const redis = await startRedis();
    cleanups.push(() => redis.kill());
    const a = await botInstance(redis);
    const b = await botInstance(redis);
    const group = { user: 'tg:42', scope: 'chat:-100123' };

    await a.assistant.handle(user, { type: 'text', text: FIRST });
    await a.assistant.handle(group, { type: 'text', text: '今天上海天气怎么样，我电话13812345678' });
    expect(await b.assistant.forgetUser('tg:42')).toBe(true);
    expect(await a.stores.conversations.get('conv:tg:42|private')).toBeUndefined();
    expect(await a.stores.conversations.get('conv:tg:42|chat:-100123')).toBeUndefined();
    expect((await a.assistant.handle(user, { type: 'text', text: FOLLOW_UP })).reply.context).toBeUndefined();

    const logged = await new UnansweredLog(b.stores.unanswered).recent('tg:-100123');
    expect(logged).toHaveLength(1);
    expect(logged[0]?.text).toBe('今天上海天气怎么样，我电话138****5678');
    // No user id anywhere (compare whole values: timestamps and confidences may contain the digits 42).
    expect(JSON.stringify(logged)).not.toContain('tg:42');
    expect(Object.values(logged[0] ?? {})).not.toContain('42');
    expect(Object.keys(logged[0] ?? {}).some((k) => /user/i.test(k))).toBe(false);
  }, 20_000);

  it('GIVEN 200 users each with a private and a group turn at once on one instance THEN /forget leaves nothing of theirs in Redis', async () => {
    const redis = await startRedis();
    cleanups.push(() => redis.kill());
    const a = await botInstance(redis);
    const users = Array.from({ length: 200 }, (_, i) => `tg:${700_000 + i}`);
    await Promise.all(
      users.flatMap((u) => [
        a.assistant.handle({ user: u, scope: 'private' }, { type: 'text', text: FIRST }),
        a.assistant.handle({ user: u, scope: 'chat:-100123' }, { type: 'text', text: FOLLOW_UP }),
      ]),
    );
    expect((await Promise.all(users.map((u) => a.assistant.forgetUser(u)))).every(Boolean)).toBe(true);
    const left = await Promise.all(users.flatMap((u) => ['private', 'chat:-100123'].map((scope) => a.stores.conversations.get(`conv:${u}|${scope}`))));
    expect(left.filter((v) => v !== undefined)).toHaveLength(0);
    expect(a.errors).toEqual([]);
  }, 20_000);

  it('GIVEN Redis frozen (connection open, no replies) THEN turns still finish within the bound; GIVEN it thaws THEN state works', async () => {
    const redis = await startRedis();
    cleanups.push(() => redis.kill());
    cleanups.push(() => redis.freeze(false));
    const a = await botInstance(redis);
    await a.assistant.handle(user, { type: 'text', text: FIRST });

    redis.freeze(true);
    const t0 = Date.now();
    const { reply } = await a.assistant.handle(user, { type: 'text', text: '征信会受影响吗' });
    expect(Date.now() - t0).toBeLessThan(BOUND_MS);
    expect(reply.intent).toBe('credit-report');
    expect(a.errors.length).toBeGreaterThan(0);

    redis.freeze(false);
    await waitFor(() => writable(a.stores), 5000, 'Redis to answer again', 50);
    a.errors.length = 0;
    await a.assistant.handle(user, { type: 'text', text: FIRST });
    expect((await a.assistant.handle(user, { type: 'text', text: FOLLOW_UP })).reply.context).toMatch(/接着刚才/);
    expect(a.errors).toEqual([]);
  }, 20_000);
});

withRedis('two chat CLI processes on Redis', () => {
  it('GIVEN STORE_URL=redis THEN process B answers a follow-up in the context of process A; GIVEN Redis killed THEN B answers without context, logs the error and keeps running; GIVEN Redis back THEN context works again', async () => {
    const redis = await startRedis();
    cleanups.push(() => redis.kill());
    const [pa, pb] = [new ChatProcess({ STORE_URL: redis.url }), new ChatProcess({ STORE_URL: redis.url })];
    cleanups.push(() => pa.kill(), () => pb.kill());

    expect((await pa.ask(FIRST)).intent).toBe('family-member');
    const followed = await pb.ask(FOLLOW_UP);
    expect(followed.intent).toBe('legality');
    expect(followed.text).toContain('接着刚才');

    await pa.ask(FIRST);
    await redis.kill();
    const t0 = Date.now();
    const down = await pb.ask(FOLLOW_UP, BOUND_MS + 2000);
    expect(Date.now() - t0).toBeLessThan(BOUND_MS);
    expect(down.intent).toBe('legality');
    expect(down.text).not.toContain('接着刚才');
    await pb.waitForStderr('answering without context', 2000);
    expect(pb.alive).toBe(true);

    await redis.restart();
    await Promise.all([pa.waitForStderr('store reachable again', 10_000), pb.waitForStderr('store reachable again', 10_000)]);
    await pa.ask(FIRST);
    expect((await pb.ask(FOLLOW_UP)).text).toContain('接着刚才');

    expect(await pa.end()).toBe(0);
    expect(await pb.end()).toBe(0);
  }, 25_000);
});
