/**
 * Echoed user text is escaped with discord.js's `escapeMarkdown`, whose cost grows much faster
 * than the text on `[](`-heavy input (a 4,000-character message blocked the event loop ~1.7 s).
 * The echo is cut to what is shown before it is escaped, so the escape only ever sees a short
 * text: counted here on the real function, not timed.
 */
import { testReply } from '../support/reply.js';
import { describe, expect, it, vi } from 'vitest';

const escaped = vi.hoisted(() => [] as number[]);
vi.mock('discord.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('discord.js')>();
  return {
    ...real,
    escapeMarkdown: (text: string, options?: Parameters<typeof real.escapeMarkdown>[1]) => {
      escaped.push(text.length);
      return real.escapeMarkdown(text, options);
    },
  };
});

const { renderModeratorPrompt } = await import('../../src/adapters/discord/render-moderator.js');
const { renderReply } = await import('../../src/adapters/discord/render-embed.js');
const { MAX_INPUT_CHARS } = await import('../../src/adapters/input.js');

/** A message built to make markdown escaping slow: brackets, parentheses and link syntax. */
const HOSTILE = '[](<'.repeat(MAX_INPUT_CHARS / 4);

const reply = testReply({ title: '标题', summary: '摘要', disclaimer: '不是法律意见' });

describe('escaping echoed text', () => {
  it('GIVEN a 4,096-character `[](`-heavy message THEN "Answer with bot" escapes at most the 300 characters it shows', () => {
    escaped.length = 0;
    const prompt = renderModeratorPrompt(HOSTILE, [], false);
    expect(escaped.length).toBeGreaterThan(0);
    expect(Math.max(...escaped)).toBeLessThanOrEqual(300);
    expect(prompt.embeds[0]?.data.description?.startsWith('> [](<[](<')).toBe(true);
  });

  it('GIVEN a 4,096-character `[](`-heavy /ask question THEN the echo above the answer escapes at most 300 characters', () => {
    escaped.length = 0;
    const [payload] = renderReply(reply, { question: HOSTILE });
    expect(escaped.length).toBeGreaterThan(0);
    expect(Math.max(...escaped)).toBeLessThanOrEqual(300);
    expect(payload?.embeds[0]?.data.description?.startsWith('> 问：[](<[](<')).toBe(true);
  });
});
