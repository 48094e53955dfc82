/**
 * The short answer first: every default reply (every question entry, in every speaker's voice;
 * every topic; the SMS check; the plan) fits 600 characters on all three renderers, and the
 * details (steps, legal basis with quotes, contacts, template) are only behind buttons. Two
 * questions in one message get both short answers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { renderReply } from '../src/adapters/discord/render-embed.js';
import { renderReplyHtml } from '../src/adapters/telegram/render-html.js';
import { loadBrain } from '../src/core/brain.js';
import { questionReply, topicReply } from '../src/core/answers.js';
import { renderPlain } from '../src/core/render-plain.js';
import { respond, type Brain } from '../src/core/respond.js';
import { initialState, type Reply } from '../src/core/types.js';
import { SPEAKER_ROLES } from '../src/kb/roles.js';
import { parseTelegramHtml } from './telegram/telegram-html.js';
import { toJson } from './discord/assert-limits.js';

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});

const LIMIT = 600;

/** What a phone shows of a reply, on each renderer. */
function shown(reply: Reply): { plain: string; telegram: string; discord: string } {
  const telegram = renderReplyHtml(reply).map((c) => parseTelegramHtml(c).text).join('\n');
  const discord = renderReply(reply)
    .map(toJson)
    .flatMap((m) => m.embeds ?? [])
    .map((e) => [e.title, e.description, ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text].filter(Boolean).join('\n'))
    .join('\n');
  return { plain: renderPlain(reply, { followUps: false }), telegram, discord };
}

function expectShort(reply: Reply, where: string): void {
  expect(reply.detail, where).not.toBe(true);
  expect(reply.steps, where).toEqual([]);
  expect(reply.legal, where).toEqual([]);
  expect(reply.contacts, where).toEqual([]);
  expect(reply.template, where).toBeUndefined();
  expect(reply.next.length, where).toBeLessThanOrEqual(3);
  for (const [renderer, text] of Object.entries(shown(reply))) expect([...text].length, `${where} on ${renderer}`).toBeLessThanOrEqual(LIMIT);
}

describe('short answers', () => {
  it('GIVEN every question entry in every speaker role THEN the default reply is short on all three renderers', () => {
    let n = 0;
    for (const id of brain.questions.keys()) {
      for (const role of [undefined, ...SPEAKER_ROLES]) {
        expectShort(questionReply(brain, id, role)!, `${id} as ${role ?? 'anyone'}`);
        n++;
      }
    }
    expect(brain.questions.size).toBeGreaterThanOrEqual(150);
    expect(n).toBe(brain.questions.size * (SPEAKER_ROLES.length + 1));
  });

  it('GIVEN every topic THEN its summary reply is short and offers its top questions as buttons', () => {
    for (const topic of brain.kb.topics.values()) {
      const reply = topicReply(brain, topic);
      expectShort(reply, topic.id);
      if (topic.questions.length > 0) {
        expect(reply.summary, topic.id).toContain('你是想问');
        expect(reply.followUps.filter((f) => brain.questions.has(f.id)).length, topic.id).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('GIVEN a question THEN its buttons open the details, each long form carrying what the short one left out', () => {
    const { reply, state } = respond(brain, { type: 'text', text: '爆通讯录违法吗' }, initialState());
    expectShort(reply, 'contact-list question');
    const press = (prefix: string): Reply | undefined => {
      const f = reply.followUps.find((b) => b.id.startsWith(prefix));
      return f ? respond(brain, { type: 'button', id: f.id }, state).reply : undefined;
    };
    const steps = press('d-steps-')!;
    const legal = press('d-legal-')!;
    expect(steps.detail).toBe(true);
    expect(steps.steps.length + steps.contacts.length).toBeGreaterThan(0);
    expect(legal.legal.length).toBeGreaterThan(0);
    expect(shown(legal).plain).toMatch(/原文：“/u);
  });

  it('GIVEN messages that the bot answers with a question, the SMS check or the plan THEN none of the default replies exceeds 600 characters', () => {
    const texts = [
      '催收打电话给我爸妈，这样合法吗',
      '【示例金融】尊敬的客户，您在我司的借款已逾期45天，欠款12,345.67元。请于今日18:00前还款至支付宝账户 13812345678（张经理），否则将上报征信并通知您的家人和单位。退订回T',
      '我妈收到短信说我借呗逾期了怎么办',
      '你是真人吗',
      '不想活了',
    ];
    for (const text of texts) expectShort(respond(brain, { type: 'text', text }, initialState()).reply, text);
  });
});

describe('two questions in one message', () => {
  it.each([
    ['这合法吗？我能去哪投诉', 'legality', 'complain'],
    ['会不会上征信？家里人要替我还吗', 'credit-report', 'family-liability'],
    ['催收一直打给我妈，能报警吗。另外怎么保存证据', 'harassment', 'evidence'],
    // A comma after 吗 and a question ending in 的吧 (read as a user, 2026-12-06).
    ['他们真的会起诉我吗，欠的钱家里人要替我还吗', 'lawsuit', 'family-liability'],
    ['爆通讯录是犯法的吧？我能报警吗', 'legality', 'harassment'],
  ])('GIVEN "%s" THEN both short answers are given, each under its question', (text, a, b) => {
    const { reply } = respond(brain, { type: 'text', text }, initialState());
    expect(reply.title).toContain('两个问题');
    const asks = (topic: string) => brain.kb.topics.get(topic)!.questions.map((q) => q.ask);
    expect(asks(a).some((q) => reply.summary.includes(q)), `${text}: an answer from ${a}`).toBe(true);
    expect(asks(b).some((q) => reply.summary.includes(q)), `${text}: an answer from ${b}`).toBe(true);
    expect(renderPlain(reply, { followUps: false }).length).toBeLessThanOrEqual(LIMIT);
    const labels = reply.followUps.map((f) => f.label);
    expect(new Set(labels).size, `${text}: two buttons with one label (${labels.join(' | ')})`).toBe(labels.length);
  });

  it('GIVEN two answers that both have a details button THEN the buttons say which answer they open (①…, ②…)', () => {
    const { reply } = respond(brain, { type: 'text', text: '这合法吗？我能去哪投诉' }, initialState());
    const details = reply.followUps.filter((f) => f.label.endsWith('详细步骤和联系方式')).map((f) => f.label);
    expect(details).toEqual(['①详细步骤和联系方式', '②详细步骤和联系方式']);
  });

  it('GIVEN one question written in two sentences THEN it is answered once, not split', () => {
    const { reply } = respond(brain, { type: 'text', text: '我妈收到了催收短信。她要替我还钱吗？' }, initialState());
    expect(reply.title).not.toContain('两个问题');
  });
});
