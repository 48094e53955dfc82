/**
 * The other side of the debt: a lender who wants the money back or someone working in
 * collection is told, without a topic page, that the bot is for the people being collected from,
 * and where to turn. The sentences are the test author's own.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBrain } from '../src/core/brain.js';
import { predict } from '../src/eval/predict.js';
import { renderPlain } from '../src/core/render-plain.js';
import type { Brain } from '../src/core/respond.js';
import { detectOtherSide } from '../src/core/role.js';
import { converse } from './support/conversation.js';

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});
const side = (text: string) => detectOtherSide(brain.roles, brain.matcher.normalized(text));

describe('detectOtherSide', () => {
  it.each([
    ['表哥去年欠我三万，现在电话都不接', 'creditor'],
    ['借给老同学的五千块一直要不回来', 'creditor'],
    ['我是出借人，借款人失联了怎么办', 'creditor'],
    ['店里的货款收不回来，想请讨债公司帮忙追', 'creditor'],
    ['我下个月入职一家贷后公司，想应聘催收专员要注意什么', 'collector'],
    ['我是做催收的，这个月业绩不达标', 'collector'],
    ['催收员的提成一般多少', 'collector'],
  ])('GIVEN "%s" THEN it is the %s side', (text, expected) => {
    expect(side(text)).toBe(expected);
  });

  it.each([
    '催收公司打电话给我妈，说我欠了网贷',
    '我借了网贷还不上，催收天天打给我爸',
    '朋友欠我钱，我自己也欠了信用卡，催收打到我公司了',
    '我不是借款人，他欠钱关我什么事',
    '能找催收公司要赔偿吗，他们骚扰了我家人',
    '他向我借钱我没借，现在催收找到我了',
    '催收员骂人，我能投诉吗',
  ])('GIVEN someone collected from "%s" THEN it is not the other side', (text) => {
    expect(side(text)).toBeUndefined();
  });

  it('GIVEN any text THEN it never throws', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => void side(s)), { numRuns: 300 });
  });
});

describe('the reply to the other side', () => {
  it('GIVEN a lender asking how to get the money back THEN out of scope, with 协商, 起诉 and 12348, and no topic', () => {
    const [turn] = converse(brain, '同事借了我两万块一直拖着，我要怎么起诉他');
    expect(turn?.reply.kind).toBe('out-of-scope');
    expect(turn?.reply.topicId).toBeNull();
    const shown = renderPlain(turn!.reply);
    expect(shown).toMatch(/协商/u);
    expect(shown).toMatch(/起诉/u);
    expect(shown).toContain('12348');
  });

  it('GIVEN a collector asking for tips THEN out of scope, no collection tips, the rule on third parties quoted', () => {
    const [turn] = converse(brain, '我在催收部门上班，怎么让欠款人的家里人帮他还');
    expect(turn?.reply.kind).toBe('out-of-scope');
    expect(renderPlain(turn!.reply)).toContain('不得对与债务无关的第三人进行催收');
  });

  it('GIVEN the other side THEN the evaluation counts it as rejected', () => {
    expect(predict(brain, '表哥去年欠我三万，现在电话都不接')).toEqual({ intent: null, question: null });
  });

  it('GIVEN a crisis from a lender THEN the crisis comes first', () => {
    const [turn] = converse(brain, '朋友欠我二十万跑了，我也不想活了');
    expect(turn?.reply.kind).toBe('crisis');
  });
});
