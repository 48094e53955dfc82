/**
 * Question entries that the same words can mean both ways round: who borrowed, a parent or a
 * child. The lexicon's debtor concepts tell them apart (the test author's own messages).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBrain } from '../src/core/brain.js';
import { matchText, type Brain } from '../src/core/respond.js';

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});

const question = (text: string) => matchText(brain, brain.matcher.normalized(text)).question;

describe('who borrowed: a parent or a child', () => {
  it.each(['我儿子借了网贷，现在催收天天给我发短信，说不还就起诉我，我要替他还吗', '女儿借了网贷还不上，催收找我，我要还吗'])(
    'GIVEN a parent asking about a child\'s debt (%s) THEN the answer about parents paying for a child',
    (text) => {
      expect(question(text)).toBe('liab-parents-for-child');
    },
  );

  it.each(['我爸借的网贷，催收天天给我发短信，我要替他还吗', '我妈欠了信用卡，催收让我还，我要还吗'])(
    'GIVEN a child asking about a parent\'s debt (%s) THEN the answer about children paying for a parent',
    (text) => {
      expect(question(text)).toBe('liab-child-for-parent');
    },
  );
});

describe('a colleague the collectors call a guarantor', () => {
  it('GIVEN "我是他同事，催收天天打我电话说我是担保人，我要还吗" THEN the contact-vs-guarantor answer, not "a guarantor must pay"', () => {
    expect(question('我是他同事，催收天天打我电话说我是担保人，我要还吗')).toBe('liab-contact-vs-guarantor');
  });
});
