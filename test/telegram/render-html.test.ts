import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBrain } from '../../src/core/brain.js';
import type { Brain } from '../../src/core/respond.js';
import { respond } from '../../src/core/respond.js';
import { initialState, type Reply } from '../../src/core/types.js';
import { chunkBlocks, escapeHtml, TELEGRAM_TEXT_LIMIT } from '../../src/adapters/telegram/html-chunks.js';
import {
  CALLBACK_DATA_MAX_BYTES,
  callbackData,
  followUpKeyboard,
  parseCallbackData,
} from '../../src/adapters/telegram/keyboard.js';
import { renderReplyHtml } from '../../src/adapters/telegram/render-html.js';
import { HEADINGS } from '../../src/core/render-plain.js';
import { parseTelegramHtml } from './telegram-html.js';
import { testReply } from '../support/reply.js';

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});

function topicReply(id: string): Reply {
  return respond(brain, { type: 'button', id }, initialState()).reply;
}

const emptyReply = testReply;

const count = (s: string, ch: string): number => s.split(ch).length - 1;

describe('renderReplyHtml', () => {
  it('GIVEN a question THEN the default HTML is short (title, answer, next steps, disclaimer) and the details are buttons', () => {
    const reply = respond(brain, { type: 'text', text: '催收打电话给我爸妈，这样合法吗' }, initialState()).reply;
    const chunks = renderReplyHtml(reply);
    expect(chunks).toHaveLength(1);
    const decoded = parseTelegramHtml(chunks[0]).text;
    expect(decoded.length).toBeLessThanOrEqual(600);
    expect(decoded).toContain(reply.summary.trim());
    expect(decoded).not.toContain(HEADINGS.legal);
    expect(reply.followUps.some((f) => f.id.startsWith('d-legal-'))).toBe(true);
  });

  it('GIVEN the details of a topic with a template THEN the HTML has numbered steps, contacts, cautions, the legal basis with quotes and summaries apart, and a <pre> template', () => {
    const withTemplate = [...brain.kb.topics.values()].find((t) => t.template && t.legal.length > 0 && t.contacts.length > 0);
    expect(withTemplate, 'the knowledge base has a topic with template, legal basis and contacts').toBeDefined();
    const id = withTemplate!.id;
    const steps = topicReply(`d-steps-${id}`);
    const legal = topicReply(`d-legal-${id}`);
    const template = topicReply(`d-template-${id}`);
    const html = [steps, legal, template].flatMap((r) => renderReplyHtml(r)).join('\n\n');
    expect(html).toContain(`1. ${escapeHtml(steps.steps[0])}`);
    const l = legal.legal.find((x) => x.quotes.length > 0)!;
    expect(html).toContain(`<b>${escapeHtml(l.label)}（`);
    expect(html).toContain(`：${escapeHtml(l.summary)}`);
    expect(html).toContain(`<i>${HEADINGS.quote}：</i>“${escapeHtml(l.quotes[0])}”`);
    const phone = steps.contacts.find((c) => /^[\x21-\x7E ]+$/.test(c.contact));
    if (phone) expect(html).toContain(`（<code>${escapeHtml(phone.contact)}</code>）`);
    expect(html).toContain(escapeHtml(steps.cautions[0]));
    expect(html).toContain('<pre>');
    expect(html).toContain(`<i>※ ${escapeHtml(steps.disclaimer)}</i>`);
  });

  it('GIVEN every topic in the knowledge base THEN each renders to valid Telegram HTML within the limit', () => {
    for (const id of brain.kb.topics.keys()) {
      for (const c of renderReplyHtml(topicReply(id))) {
        expect(c.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
        parseTelegramHtml(c);
      }
    }
  });

  it('GIVEN text with <, > and & THEN it is escaped and no tag comes from data', () => {
    const reply = emptyReply({ title: '<b>x</b>&<script>', summary: 'a < b && c > d', steps: ['<i>'] });
    const [html] = renderReplyHtml(reply, { intro: '<code>', outro: '&amp;' });
    expect(html).toContain('<b>&lt;b&gt;x&lt;/b&gt;&amp;&lt;script&gt;</b>');
    expect(html).toContain('a &lt; b &amp;&amp; c &gt; d');
    expect(html).toContain('&amp;amp;');
    expect(parseTelegramHtml(html).tags).toEqual(['b', 'b', 'i']);
  });

  it('GIVEN a reply longer than 4096 characters THEN it is split into valid chunks that keep all the text', () => {
    const body = Array.from({ length: 400 }, (_, i) => `第${i + 1}行：投诉内容 <需要> & 证据`).join('\n');
    const steps = Array.from({ length: 30 }, (_, i) => `步骤${i}：${'保存证据&截图'.repeat(20)}`);
    const reply = emptyReply({ steps, template: { title: '投诉模板', body } });
    const chunks = renderReplyHtml(reply);
    expect(chunks.length).toBeGreaterThan(2);
    const decoded: string[] = [];
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
      decoded.push(parseTelegramHtml(c).text);
    }
    const all = decoded.join('').replace(/\s/g, '');
    expect(all).toContain(body.replace(/\s/g, ''));
    for (const s of steps) expect(all).toContain(s.replace(/\s/g, ''));
    // The template keeps its <pre> in every chunk it spans.
    expect(chunks.filter((c) => c.includes('<pre>')).length).toBeGreaterThan(1);
  });

  it('GIVEN one line of entities longer than the limit THEN no chunk ends inside an entity', () => {
    const chunks = chunkBlocks([[[{ text: '&'.repeat(5000) }]]]);
    expect(chunks.length).toBe(7);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
      expect(c).toMatch(/^(&amp;)+$/);
    }
  });

  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.string({ unit: fc.constantFrom('<', '>', '&', 'b', '/', 'i', '\n', ' ', '中', '😀', ';', 'a', 'p', 're'), maxLength: 600 }),
    fc.string({ unit: fc.constantFrom('<b>', '</b>', '&amp;', '\n\n', '字', '<pre>'), maxLength: 1500 }),
  );
  const replyArb = fc.record({
    title: text,
    context: fc.option(text, { nil: undefined }),
    summary: text,
    steps: fc.array(text, { maxLength: 8 }),
    legal: fc.array(
      fc.record({ ref: fc.constant('civil-code/1033'), label: text, kind: fc.constant('法律' as const), summary: text, quotes: fc.array(text, { maxLength: 2 }) }),
      { maxLength: 4 },
    ),
    contacts: fc.array(fc.record({ name: text, contact: text, handles: text }), { maxLength: 4 }),
    cautions: fc.array(text, { maxLength: 4 }),
    template: fc.option(fc.record({ title: text, body: text }), { nil: undefined }),
    disclaimer: text,
    intro: fc.option(text, { nil: undefined }),
    outro: fc.option(text, { nil: undefined }),
  });

  it('GIVEN replies built from arbitrary strings THEN every chunk fits the limit, is valid HTML, and every user "<" arrives escaped', () => {
    fc.assert(
      fc.property(replyArb, fc.oneof(fc.constant(TELEGRAM_TEXT_LIMIT), fc.integer({ min: 64, max: 600 })), (r, limit) => {
        const { intro, outro, ...fields } = r;
        const reply = emptyReply({ ...fields, ...(fields.context === undefined ? { context: undefined } : {}) });
        const chunks = renderReplyHtml(reply, { intro, outro, limit });
        const inputs = [
          intro ?? '',
          reply.title,
          reply.context ?? '',
          reply.summary,
          ...reply.steps,
          ...reply.legal.flatMap((l) => [l.label, l.binds ?? '', l.summary, ...l.quotes]),
          ...reply.contacts.flatMap((c) => [c.name, c.contact, c.handles]),
          ...reply.cautions,
          reply.template?.title ?? '',
          reply.template?.body ?? '',
          reply.disclaimer,
          outro ?? '',
        ].join('');
        let decoded = '';
        for (const c of chunks) {
          expect(c.length).toBeLessThanOrEqual(limit);
          expect(c.trim()).not.toBe('');
          decoded += parseTelegramHtml(c).text;
        }
        expect(count(decoded, '<')).toBe(count(inputs, '<'));
        expect(count(decoded, '>')).toBe(count(inputs, '>'));
        expect(count(decoded, '&')).toBe(count(inputs, '&'));
      }),
      { numRuns: 300, seed: 20261129 },
    );
  });
});

describe('followUpKeyboard', () => {
  it('GIVEN every follow-up and menu entry in the knowledge base THEN callback_data is f:<id>, at most 64 bytes, ids only', () => {
    const questionButtons = [...brain.questions.keys()].map((id) => respond(brain, { type: 'button', id }, initialState()).reply.followUps);
    const lists = [brain.kb.common.menu, ...[...brain.kb.topics.values()].map((t) => t.followUps), ...questionButtons];
    for (const list of lists) {
      const kb = followUpKeyboard(list);
      const buttons = kb?.inline_keyboard.flat() ?? [];
      expect(buttons.length).toBe(list.length);
      for (const b of buttons) {
        const data = 'callback_data' in b ? String(b.callback_data) : '';
        expect(data).toMatch(/^f:[a-z][a-z0-9-]*$/);
        expect(Buffer.byteLength(data, 'utf8')).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
        expect(parseCallbackData(data)).toBe(data.slice(2));
      }
    }
  });

  it('GIVEN long labels THEN one button per row; short labels THEN two per row', () => {
    const long = followUpKeyboard([
      { id: 'a', label: '家人收到催收短信怎么办' },
      { id: 'b', label: '联系我家人合法吗？' },
    ]);
    expect(long?.inline_keyboard.map((r) => r.length)).toEqual([1, 1]);
    const short = followUpKeyboard([
      { id: 'a', label: '投诉' },
      { id: 'b', label: '证据' },
      { id: 'c', label: '征信' },
    ]);
    expect(short?.inline_keyboard.map((r) => r.length)).toEqual([2, 1]);
    expect(followUpKeyboard([])).toBeUndefined();
  });

  it('GIVEN an id that is not a short slug THEN callbackData refuses it and parseCallbackData ignores junk', () => {
    expect(() => callbackData('投诉')).toThrow(RangeError);
    expect(() => callbackData(`a${'b'.repeat(70)}`)).toThrow(RangeError);
    expect(callbackData('complain')).toBe('f:complain');
    expect(parseCallbackData('x:complain')).toBeNull();
    expect(parseCallbackData('f:投诉')).toBeNull();
    expect(parseCallbackData(undefined)).toBeNull();
  });
});
