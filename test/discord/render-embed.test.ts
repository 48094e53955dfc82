import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { followUpCustomId, moderatorCustomId, parseCustomId } from '../../src/adapters/discord/custom-ids.js';
import { chunkLines, hardSplit, truncate } from '../../src/adapters/discord/limits.js';
import { inertMentions, neutralizeUserText, ZWSP } from '../../src/adapters/discord/neutralize.js';
import { renderModeratorPrompt } from '../../src/adapters/discord/render-moderator.js';
import { CUT_NOTE, renderReply, textPayload } from '../../src/adapters/discord/render-embed.js';
import { loadBrain } from '../../src/core/brain.js';
import { HEADINGS } from '../../src/core/render-plain.js';
import { respond, type Brain } from '../../src/core/respond.js';
import { initialState, type Reply } from '../../src/core/types.js';
import { arbitraryReply } from '../support/arbitrary-reply.js';
import { echoedTextIsInert, expectWithinLimits, toJson } from './assert-limits.js';

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});

function answer(text: string): Reply {
  return respond(brain, { type: 'text', text }, initialState()).reply;
}

function longReply(scale: number): Reply {
  const line = (n: number, c: string): string => `${c}${'长'.repeat(n)}`;
  return {
    kind: 'answer',
    intent: 'complain',
    question: null,
    confidence: 1,
    topicId: 'complain',
    title: '标'.repeat(300 * scale),
    context: '接着刚才的问题：',
    summary: '摘'.repeat(400 * scale),
    next: ['下一步'],
    steps: Array.from({ length: 20 * scale }, (_, i) => line(239, String(i % 10))),
    legal: Array.from({ length: 8 * scale }, (_, i) => ({
      ref: `law-${i}/${i + 1}`,
      label: `《法律${i}》第${i + 1}条`,
      kind: '法律' as const,
      quotes: ['引'.repeat(160)],
      summary: '概'.repeat(100),
    })),
    contacts: Array.from({ length: 6 * scale }, (_, i) => ({ name: `机构${i}`, contact: '12378', handles: '受'.repeat(100) })),
    cautions: Array.from({ length: 10 * scale }, () => '注'.repeat(200)),
    template: { title: '模板', body: Array.from({ length: 40 * scale }, (_, i) => `第${i}行 ${'模'.repeat(60)} \`\`\` 代码`).join('\n') },
    followUps: Array.from({ length: 40 }, (_, i) => ({ id: `topic-${i}`, label: `很长的按钮标签${'签'.repeat(100)}${i}` })),
    disclaimer: '免'.repeat(3000 * scale),
  };
}

describe('renderReply', () => {
  it('GIVEN a real answer THEN one short embed carries title, answer, next steps, the disclaimer footer and f:<id> buttons for the details', () => {
    const reply = answer('催收打电话给我爸妈，这样合法吗');
    const payloads = renderReply(reply);
    expect(payloads).toHaveLength(1);
    const json = toJson(payloads[0]);
    expectWithinLimits(json);
    const [embed] = json.embeds ?? [];
    expect(embed.title).toBe(reply.title);
    expect(embed.description).toContain(reply.summary.trim());
    if (reply.next.length > 0) expect(embed.description).toContain(`1. ${reply.next[0]}`);
    expect(embed.fields ?? []).toEqual([]);
    expect(`${embed.title}${embed.description}${embed.footer?.text ?? ''}`.length).toBeLessThanOrEqual(600);
    expect(embed.footer?.text).toBe(reply.disclaimer);
    const ids = (json.components ?? []).flatMap((r) => r.components.map((b) => b.custom_id));
    expect(ids).toEqual(reply.followUps.map((f) => `f:${f.id}`));
    expect(ids.some((id) => id?.startsWith('f:d-legal-'))).toBe(true);
    expect(json.allowed_mentions).toEqual({ parse: [] });
  });

  it('GIVEN the legal-basis details THEN each citation is a field line with its label, kind and summary, and the quotes apart', () => {
    const reply = answer('催收打电话给我爸妈，这样合法吗');
    const id = reply.followUps.find((f) => f.id.startsWith('d-legal-'))!.id;
    const details = respond(brain, { type: 'button', id }, initialState()).reply;
    const json = toJson(renderReply(details)[0]);
    expectWithinLimits(json);
    const field = (json.embeds ?? []).flatMap((e) => e.fields ?? []).find((f) => f.name === HEADINGS.legal);
    const l = details.legal.find((x) => x.quotes.length > 0)!;
    expect(field?.value).toContain(`**${l.label}（`);
    expect(field?.value).toContain(`*${HEADINGS.quote}*：“${l.quotes[0].slice(0, 20)}`);
  });

  it('GIVEN the template details THEN the template is a code-block field', () => {
    const topic = [...brain.kb.topics.values()].find((t) => t.template)!;
    const reply = respond(brain, { type: 'button', id: `d-template-${topic.id}` }, initialState()).reply;
    expect(reply.template).toBeDefined();
    const json = toJson(renderReply(reply)[0]);
    const field = (json.embeds ?? []).flatMap((e) => e.fields ?? []).find((f) => f.name === reply.template?.title);
    expect(field?.value.startsWith('```\n')).toBe(true);
    expect(field?.value.endsWith('\n```')).toBe(true);
  });

  it('GIVEN a long answer that fits in 3 messages THEN it is split at line boundaries, nothing is cut, and every limit holds', () => {
    const reply = { ...longReply(1), title: '标题', disclaimer: '以上是一般性信息。' };
    const payloads = renderReply(reply, { note: '提示' });
    expect(payloads.length).toBeGreaterThan(1);
    expect(payloads.length).toBeLessThanOrEqual(3);
    const json = payloads.map(toJson);
    json.forEach(expectWithinLimits);
    const text = JSON.stringify(json);
    for (const s of reply.steps) expect(text).toContain(s);
    for (const c of reply.cautions) expect(text).toContain(c);
    expect(text).not.toContain(CUT_NOTE);
    expect(json[0].content).toBe('提示');
    expect(json.slice(1).every((m) => m.content === undefined)).toBe(true);
    expect(json.slice(0, -1).every((m) => (m.components ?? []).length === 0)).toBe(true);
    const footers = json.flatMap((m) => m.embeds ?? []).filter((e) => e.footer);
    expect(footers).toHaveLength(1);
    expect(json.at(-1)?.embeds?.at(-1)?.footer?.text).toBe('以上是一般性信息。');
  });

  it('GIVEN an absurdly long answer THEN every limit still holds, the cut is announced, and buttons are capped at 5×5', () => {
    const reply = longReply(4);
    const payloads = renderReply(reply, { note: '很'.repeat(5000), question: '问'.repeat(5000) });
    expect(payloads).toHaveLength(3);
    const json = payloads.map(toJson);
    json.forEach(expectWithinLimits);
    expect(json[0].content?.length).toBe(2000);
    expect(json[0].embeds?.[0].title?.length).toBe(256);
    const last = json[2];
    expect(last.embeds?.at(-1)?.footer?.text.endsWith(CUT_NOTE)).toBe(true);
    expect(last.embeds?.at(-1)?.footer?.text.length).toBeLessThanOrEqual(2048);
    const buttons = (last.components ?? []).flatMap((r) => r.components);
    expect(last.components).toHaveLength(5);
    expect(buttons).toHaveLength(25);
    expect(buttons.every((b) => (b.label?.length ?? 0) <= 80)).toBe(true);
  });

  it('GIVEN a template longer than one field THEN it spans several fields, each a closed code block with no inner fence', () => {
    const body = Array.from({ length: 60 }, (_, i) => `第${i}行 ${'模'.repeat(60)} \`\`\` 代码`).join('\n');
    const reply = { ...longReply(1), steps: [], cautions: [], legal: [], contacts: [], template: { title: '投诉信模板', body } };
    const json = renderReply(reply).map(toJson);
    json.forEach(expectWithinLimits);
    const codeFields = json.flatMap((m) => m.embeds ?? []).flatMap((e) => e.fields ?? []).filter((f) => f.value.startsWith('```'));
    expect(codeFields.length).toBeGreaterThan(3);
    expect(codeFields[0].name).toBe('投诉信模板');
    expect(codeFields[1].name).toBe('投诉信模板（续）');
    for (const f of codeFields) {
      expect(f.value.startsWith('```\n')).toBe(true);
      expect(f.value.endsWith('\n```')).toBe(true);
      expect(f.value.slice(3, -3)).not.toContain('```');
    }
    const lines = codeFields.flatMap((f) => f.value.slice(4, -4).split('\n'));
    expect(lines).toHaveLength(60);
  });

  it('GIVEN arbitrary strings everywhere THEN every payload respects every Discord limit (property)', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 400 }),
      fc.string({ maxLength: 6000 }),
      fc.constantFrom('', ' ', '\n\n', '```', '@everyone', '<@&123>', '😀'.repeat(3000)),
    );
    const reply = arbitraryReply(text, {
      steps: 30,
      items: 12,
      followUps: 40,
      followUpId: fc.stringMatching(/^[a-z][a-z0-9-]{0,120}$/),
    });
    fc.assert(
      fc.property(reply, fc.option(text, { nil: undefined }), fc.option(text, { nil: undefined }), (r, question, note) => {
        const payloads = renderReply(r, { question, note });
        expect(payloads.length).toBeGreaterThanOrEqual(1);
        expect(payloads.length).toBeLessThanOrEqual(3);
        payloads.map(toJson).forEach(expectWithinLimits);
      }),
      { numRuns: 150, seed: 20261129 },
    );
  });
});

describe('neutralizing echoed user text', () => {
  it('GIVEN @everyone, @here, user and role mentions and markdown THEN they are inert and escaped', () => {
    const out = neutralizeUserText('@everyone @here <@123456789012345678> <@&987654321098765432> **粗体** [链接](https://x.y) 13812345678');
    expect(out).toContain(`@${ZWSP}everyone`);
    expect(out).toContain(`@${ZWSP}here`);
    expect(out).toContain(`<@${ZWSP}123`);
    expect(out).toContain(`<@${ZWSP}&987`);
    expect(out).not.toContain('123456789012345678');
    expect(out).toContain('\\*\\*粗体\\*\\*');
    expect(out).not.toContain('13812345678');
    expect(echoedTextIsInert(out)).toBe(true);
  });

  it('GIVEN any string THEN every @ in the neutralized text is followed by a zero-width space (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const out = neutralizeUserText(s);
        expect(echoedTextIsInert(out)).toBe(true);
        expect(out).not.toMatch(/[\n\r]/u);
        expect(echoedTextIsInert(inertMentions(s))).toBe(true);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('GIVEN a question with mentions THEN the echoed question line in the embed is inert', () => {
    const json = toJson(renderReply(answer('短信是真的吗'), { question: '@everyone <@&1> 短信是真的吗' })[0]);
    const firstLine = json.embeds?.[0].description?.split('\n')[0] ?? '';
    expect(firstLine.startsWith('> 问：')).toBe(true);
    expect(echoedTextIsInert(firstLine)).toBe(true);
  });
});

describe('text helpers and custom ids', () => {
  it('GIVEN text with surrogate pairs THEN truncate/hardSplit never split a code point and respect the maximum', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.integer({ min: 1, max: 120 }), (s, max) => {
        const t = truncate(s, max);
        expect(t.length).toBeLessThanOrEqual(max);
        expect(t).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/u);
        const parts = hardSplit(s, Math.max(2, max));
        expect(parts.join('')).toBe(s);
        expect(parts.every((p) => p.length <= Math.max(2, max))).toBe(true);
        expect(chunkLines(s.split('\n'), Math.max(2, max)).every((c) => c.length <= Math.max(2, max))).toBe(true);
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('GIVEN topic ids and 20-digit snowflakes THEN custom ids stay ≤ 100 and parse back', () => {
    const big = '1'.repeat(20);
    const mod = moderatorCustomId({ topicId: 'contacts-permission', channelId: big, messageId: big, authorId: big });
    expect(mod).not.toBeNull();
    expect(mod?.length).toBeLessThanOrEqual(100);
    expect(parseCustomId(mod ?? '')).toEqual({ kind: 'mod', topicId: 'contacts-permission', channelId: big, messageId: big, authorId: big });
    expect(parseCustomId(followUpCustomId('legality') ?? '')).toEqual({ kind: 'follow-up', topicId: 'legality' });
    expect(followUpCustomId(`a${'b'.repeat(100)}`)).toBeNull();
    expect(moderatorCustomId({ topicId: `a${'b'.repeat(60)}`, channelId: big, messageId: big, authorId: big })).toBeNull();
    for (const bad of ['', 'f:', 'f:Bad Id', 'mod:x:1:2', 'mod:x:1:2:a', 'zzz:legality', 'f:legality:extra']) {
      expect(parseCustomId(bad)).toBeNull();
    }
  });

  it('GIVEN the moderator prompt and a text payload THEN both respect the limits and disable mentions', () => {
    const choices = [1, 2, 3].map((i) => ({ customId: `mod:legality:1:2:${i}`, label: '标签'.repeat(60), confidence: 0.5 }));
    expectWithinLimits(toJson(renderModeratorPrompt(`@everyone ${'长'.repeat(9000)}`, choices, true)));
    expectWithinLimits(toJson(textPayload('x'.repeat(3000))));
  });
});
