/**
 * Reading who is speaking from what they write, and answering in that voice: the role is kept
 * in the conversation, question entries answer by role, and the guided analysis starts from it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBrain } from '../src/core/brain.js';
import { renderPlain } from '../src/core/render-plain.js';
import { respond, type Brain } from '../src/core/respond.js';
import { detectRole } from '../src/core/role.js';
import { initialState, type ConversationState } from '../src/core/types.js';
import fc from 'fast-check';

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});
const role = (text: string) => detectRole(brain.roles, brain.matcher.normalized(text));

describe('detectRole', () => {
  it.each([
    ['我是借款人，家里人都收到了短信', 'borrower'],
    ['是我借的钱，催收打给我妈了', 'borrower'],
    ['我在借呗借了两万还不上', 'borrower'],
    ['我是他妈妈，天天接到电话', 'family'],
    ['我儿子欠了网贷，短信发到我这了', 'family'],
    ['不是我借的，是我弟借的', 'family'],
    ['我老公借的网贷，现在打给我', 'spouse'],
    ['我是他老婆', 'spouse'],
    ['我是他同事，他们一直打给我', 'contact'],
    ['我是紧急联系人', 'contact'],
    ['我根本不认识这个人，为什么发给我', 'contact'],
    ['我给朋友做了担保人，他不还', 'guarantor'],
    ['我是他的保证人', 'guarantor'],
    ['我是他同事，催收硬说我是担保人', 'contact'],
    ['催收把我当成保证人，可我只是他朋友', 'contact'],
    ['我爸去世了，留下一笔网贷', 'heir'],
    ['借款人已经过世了，家人要还吗', 'heir'],
    ['我老公上个月车祸走了，催收让我还他的网贷', 'heir'],
    ['我妈前几天在医院去世了，她欠了信用卡', 'heir'],
    ['我根本没借过钱，也不是担保人', undefined],
    ['会影响征信吗', undefined],
  ])('GIVEN "%s" THEN the speaker is %s', (text, expected) => {
    expect(role(text)).toBe(expected);
  });

  it('GIVEN negated statements ("我不是借款人，也不是保证人") THEN they name no role', () => {
    expect(role('我不是借款人，也不是保证人，请别再打了')).toBeUndefined();
    expect(role('我不是他老婆，打错了')).not.toBe('spouse');
  });

  it('GIVEN any text THEN reading the role never throws', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => void role(s)), { numRuns: 300 });
  });
});

describe('answers in the speaker\'s voice', () => {
  function chat(...lines: string[]): { state: ConversationState; texts: string[] } {
    let state = initialState();
    const texts: string[] = [];
    for (const line of lines) {
      const t = respond(brain, line.startsWith('#') ? { type: 'button', id: line.slice(1) } : { type: 'text', text: line }, state);
      state = t.state;
      texts.push(renderPlain(t.reply));
    }
    return { state, texts };
  }

  it('GIVEN a colleague THEN the role is kept for later turns and a question with a contact voice answers as one', () => {
    const entry = [...brain.questions.values()].find((e) => e.question.byRole?.contact)!;
    expect(entry, 'some question has a contact voice').toBeDefined();
    const { state, texts } = chat('我是他同事，催收天天打给我', `#${entry.question.id}`);
    expect(state.role).toBe('contact');
    expect(texts[1]).toContain(entry.question.byRole!.contact!.answer);
    expect(texts[1]).toContain('按你是借款人的同事');
  });

  it('GIVEN a colleague and a question with a family voice only THEN the family voice answers (neither signed), not the borrower\'s', () => {
    const entry = [...brain.questions.values()].find((e) => e.question.byRole?.family && !e.question.byRole.contact)!;
    expect(entry, 'some question has a family voice and no contact voice').toBeDefined();
    const { texts } = chat('我是他同事，催收天天打给我', `#${entry.question.id}`);
    expect(texts[1]).toContain(entry.question.byRole!.family!.answer);
    expect(texts[1]).not.toContain(entry.question.answer);
  });

  it('GIVEN a guarantor and a question with a family voice only THEN the default answer, never the family voice', () => {
    const entry = [...brain.questions.values()].find((e) => e.question.byRole?.family && !e.question.byRole.guarantor)!;
    const { state, texts } = chat('我是他的担保人', `#${entry.question.id}`);
    expect(state.role).toBe('guarantor');
    expect(texts[1]).not.toContain(entry.question.byRole!.family!.answer);
  });

  it('GIVEN a guarantor asking whether he must pay THEN he is not told he usually owes nothing', () => {
    const { texts } = chat('我给朋友借款做了担保人，签了字，我是不是必须还');
    expect(texts[0]).not.toMatch(/一般不用/u);
    expect(texts[0]).toMatch(/保证/u);
  });

  it('GIVEN no stated role THEN the default answer is given and no role is stored', () => {
    const { state } = chat('催收短信发给我家里人了，合法吗');
    expect(state.role).toBeUndefined();
  });
});
