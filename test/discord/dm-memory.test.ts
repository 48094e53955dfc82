/**
 * Memory per DM user: discord.js caches every DM channel it sees (and that channel's messages)
 * for the life of the process. A bot talking to tens of thousands of strangers must let them go:
 * idle DM channels beyond a bound are dropped from the cache, and DM messages are not cached.
 */
import { ChannelType } from 'discord.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBrain } from '../../src/core/brain.js';
import type { Brain } from '../../src/core/respond.js';
import { createHarness, destroyAfterEach, rawMessage, rawUser, snowflake } from './harness.js';

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});

const keep = destroyAfterEach();

describe('DM memory', () => {
  it('GIVEN 1,500 different users sending one DM each over half an hour THEN at most 500 DM channels stay cached, none with cached messages, and every DM was answered', async () => {
    let now = 0;
    const dmChannels = { maxChannels: 500, minIdleMs: 60_000, now: () => now };
    const h = keep(createHarness(brain, undefined, { dmChannels, globalRequestsPerSecond: 100_000 }));
    const actions = (h.client as unknown as { actions: { MessageCreate: { handle(d: unknown): void } } }).actions;
    for (let u = 0; u < 1500; u += 1) {
      now += 1200; // one DM every 1.2 s
      const user = rawUser(snowflake(), `user${u}`);
      actions.MessageCreate.handle({ ...rawMessage({ channelId: snowflake(), author: user, content: '你好' }), channel_type: 1 });
      if (u % 100 === 99) await h.wired.drain(10_000);
    }
    await h.wired.drain(10_000);
    const dms = h.client.channels.cache.filter((c) => c.type === ChannelType.DM);
    expect(dms.size).toBeLessThanOrEqual(500);
    expect(dms.reduce((n, c) => n + (c.isTextBased() ? c.messages.cache.size : 0), 0)).toBe(0);
    expect(h.rest.channelPosts()).toHaveLength(1500);
  }, 60_000);

  it('GIVEN a burst of DM users within a minute THEN their channels are kept until idle (an answer never loses its channel), then dropped', async () => {
    let now = 0;
    const h = keep(createHarness(brain, undefined, { dmChannels: { maxChannels: 10, minIdleMs: 60_000, now: () => now } }));
    const dm = () => ({ ...rawMessage({ channelId: snowflake(), author: rawUser(snowflake(), 'u'), content: '你好' }), channel_type: 1 });
    for (let u = 0; u < 30; u += 1) await h.message(dm());
    expect(h.client.channels.cache.filter((c) => c.type === ChannelType.DM).size).toBe(30);
    expect(h.rest.channelPosts()).toHaveLength(30);
    now += 61_000;
    await h.message(dm());
    expect(h.client.channels.cache.filter((c) => c.type === ChannelType.DM).size).toBe(10);
    expect(h.rest.channelPosts()).toHaveLength(31);
  });
});
