import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type Keyv from 'keyv';
import { Assistant } from '../src/core/assistant.js';
import { loadBrain } from '../src/core/brain.js';
import { renderPlain } from '../src/core/render-plain.js';
import { respond, type Brain } from '../src/core/respond.js';
import { initialState, type ConversationState } from '../src/core/types.js';

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});

function say(text: string, state: ConversationState = initialState()) {
  return respond(brain, { type: 'text', text }, state);
}

describe('respond', () => {
  it('GIVEN a clear question THEN the default reply is the short answer of its question entry, with the details behind buttons', () => {
    const { reply, state } = say('催收打电话给我爸妈，这样合法吗');
    expect(reply.kind).toBe('answer');
    expect(reply.intent).toBe('legality');
    expect(reply.question).not.toBeNull();
    expect(reply.next.length).toBeLessThanOrEqual(3);
    expect(reply.steps).toEqual([]);
    expect(reply.legal).toEqual([]);
    expect(reply.disclaimer).toMatch(/不是法律意见/);
    expect(renderPlain(reply).length).toBeLessThanOrEqual(600);
    expect(state.lastTopic).toBe('legality');
    const legal = reply.followUps.find((f) => f.id.startsWith('d-legal-'));
    expect(legal, 'a legal-basis button').toBeDefined();
    const details = respond(brain, { type: 'button', id: legal!.id }, state).reply;
    expect(details.detail).toBe(true);
    expect(details.legal.length).toBeGreaterThan(0);
    expect(details.legal.filter((l) => l.quotes.length > 0).every((l) => /第\d+条/.test(l.label))).toBe(true);
  });

  it('GIVEN despair mixed with a debt question THEN the crisis answer comes first with 12356 and 110/120', () => {
    const { reply } = say('家里人都知道我欠钱了，我真的不想活了，催收会起诉我吗');
    expect(reply.kind).toBe('crisis');
    const text = renderPlain(reply);
    expect(text).toMatch(/12356/);
    expect(text).toMatch(/110/);
    expect(text).toMatch(/120/);
  });

  it('GIVEN an out-of-scope message THEN intent is null and the reply lists what the bot can help with', () => {
    const { reply } = say('今天上海天气怎么样');
    expect(reply.kind).toBe('out-of-scope');
    expect(reply.intent).toBeNull();
    expect(reply.followUps.length).toBeGreaterThanOrEqual(3);
  });

  it('GIVEN two topics scoring within the clarify margin THEN a clarifying question offers the top 3', () => {
    const wide = loadBrain({ thresholds: { accept: 0.2, minSimilarity: 0.05, margin: 0.5, question: 0.3 } });
    const m = wide.matcher.match('家人');
    expect(m.alternatives[0].confidence - m.alternatives[1].confidence).toBeLessThan(0.5);
    const { reply } = respond(wide, { type: 'text', text: '家人' }, initialState());
    expect(reply.kind).toBe('clarify');
    expect(reply.intent).toBe(m.alternatives[0].intent);
    expect(reply.followUps.map((f) => f.id)).toEqual(m.alternatives.map((a) => a.intent));
  });

  it('GIVEN an on-topic message below the accept threshold THEN the bot asks instead of refusing or guessing', () => {
    const strict = loadBrain({ thresholds: { accept: 0.9, minSimilarity: 0.05, margin: 0.04, question: 0.3 } });
    const { reply } = respond(strict, { type: 'text', text: '我家人' }, initialState());
    expect(reply.kind).toBe('clarify');
    expect(reply.intent).toBeNull();
    expect(reply.followUps).toHaveLength(3);
    const offTopic = respond(strict, { type: 'text', text: '今天上海天气怎么样' }, initialState());
    expect(offTopic.reply.kind).toBe('out-of-scope');
  });

  it('GIVEN a follow-up button THEN pressing it answers that topic like a message', () => {
    const first = say('我妈收到短信说我借呗逾期了怎么办');
    const f = first.reply.followUps[0];
    const { reply } = respond(brain, { type: 'button', id: f.id }, first.state);
    const target = brain.questions.get(f.id)?.topic.id ?? brain.questions.get(f.id.replace(/^d-(steps|legal|template)-/u, ''))?.topic.id ?? f.id;
    expect(reply.topicId).toBe(target);
  });

  it('GIVEN an unknown (old) button id THEN the menu is shown, nothing throws', () => {
    const { reply } = respond(brain, { type: 'button', id: 'gone-topic' }, initialState());
    expect(reply.kind).toBe('menu');
    expect(reply.summary).toMatch(/失效/);
  });

  it.each([
    ['我是他的紧急联系人，天天有人打电话给我要钱', '那合法吗', 'legality'],
    ['我是他的紧急联系人，天天有人打电话给我要钱', '我需要还吗', 'family-liability'],
    ['催收打电话给我爸妈，这样合法吗', '去哪投诉', 'complain'],
  ])('GIVEN "%s" THEN the short follow-up "%s" is answered in context as %s', (first, followUp, expected) => {
    const a = say(first);
    const b = say(followUp, a.state);
    expect(b.reply.intent).toBe(expected);
    expect(b.reply.context).toContain(brain.kb.topics.get(a.state.lastTopic ?? '')?.title ?? '?');
  });

  it('GIVEN arbitrary text THEN respond never throws and always renders', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (s) => {
        const { reply } = say(s);
        expect(renderPlain(reply).length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });
});

describe('Assistant', () => {
  it('GIVEN two users in one group THEN their conversations never mix, and forgetUser deletes only one', async () => {
    const assistant = new Assistant(brain);
    const a = { user: 'tg:1', scope: 'chat:-100' };
    const b = { user: 'tg:2', scope: 'chat:-100' };
    await assistant.handle(a, { type: 'text', text: '会上征信吗' });
    await assistant.handle(b, { type: 'text', text: '催收短信是真的吗，怎么核实' });
    expect((await assistant.store.get<ConversationState>('conv:tg:1|chat:-100'))?.lastTopic).toBe('credit-report');
    expect((await assistant.store.get<ConversationState>('conv:tg:2|chat:-100'))?.lastTopic).toBe('verify-sms');
    expect(await assistant.forgetUser('tg:1')).toBe(true);
    expect(await assistant.store.get('conv:tg:1|chat:-100')).toBeUndefined();
    expect(await assistant.store.get('conv:tg:2|chat:-100')).toBeDefined();
  });

  it('GIVEN a store that fails THEN the bot still answers, statelessly, within the bounded wait', async () => {
    const errors: unknown[] = [];
    const broken = {
      get: () => Promise.reject(new Error('down')),
      set: () => new Promise(() => undefined),
      delete: () => Promise.reject(new Error('down')),
      has: () => Promise.reject(new Error('down')),
    };
    const assistant = new Assistant(brain, {
      store: broken as unknown as Keyv,
      storeTimeoutMs: 50,
      onStoreError: (e) => errors.push(e),
    });
    const t0 = Date.now();
    const { reply } = await assistant.handle({ user: 'tg:1', scope: 'private' }, { type: 'text', text: '征信会受影响吗' });
    expect(reply.intent).toBe('credit-report');
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(errors.length).toBeGreaterThan(0);
    expect(await assistant.forgetUser('tg:1')).toBe(false);
  });
});
