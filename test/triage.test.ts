import { beforeAll, describe, expect, it } from 'vitest';
import { callbackData, isButtonId, parseCallbackData } from '../src/adapters/telegram/keyboard.js';
import { followUpCustomId, parseCustomId } from '../src/adapters/discord/custom-ids.js';
import { loadBrain } from '../src/core/brain.js';
import { buildLetter, LETTER_MAX_CHARS } from '../src/core/letters.js';
import { renderPlain } from '../src/core/render-plain.js';
import { respond, type Brain, type Turn } from '../src/core/respond.js';
import { allTriageIds, isActionId, LETTER_KINDS } from '../src/core/triage-ids.js';
import { parseOverdue, readNumber, vocabOf } from '../src/core/triage-parse.js';
import { buildPlan } from '../src/core/triage-plan.js';
import type { CompleteFacts } from '../src/core/triage-state.js';
import { initialState, type ConversationState, type Incoming } from '../src/core/types.js';
import { CONTENTS, LENDERS, OVERDUES, ROLES, type Content } from '../src/kb/triage-schema.js';
import { loadHeldout } from '../src/eval/evaluate.js';

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});

/** Runs inputs in one conversation: "#id" presses a button, anything else is typed. */
function chat(...lines: string[]): Turn[] {
  let state: ConversationState = initialState();
  return lines.map((line) => {
    const input: Incoming = line.startsWith('#') ? { type: 'button', id: line.slice(1) } : { type: 'text', text: line };
    const turn = respond(brain, input, state);
    state = turn.state;
    return turn;
  });
}
const last = (turns: Turn[]): Turn => turns[turns.length - 1];
const ids = (t: Turn): string[] => t.reply.followUps.map((f) => f.id);
const text = (t: Turn): string => renderPlain(t.reply);

/** Every subset of the message types (64). */
function subsets(): Content[][] {
  const out: Content[][] = [];
  for (let mask = 0; mask < 1 << CONTENTS.length; mask++) out.push(CONTENTS.filter((_, i) => (mask & (1 << i)) !== 0));
  return out;
}
function* allFacts(): Generator<CompleteFacts> {
  for (const role of ROLES) for (const lender of LENDERS) for (const overdue of OVERDUES) for (const content of subsets()) yield { role, lender, overdue, content };
}

describe('triage: starting', () => {
  it.each(['帮我分析我的情况', '帮我分析一下', '分析一下我的情况', '帮我看看我该怎么办', '请帮我分析一下我的情况吧'])(
    'GIVEN "%s" THEN the guided analysis starts with the role question',
    (phrase) => {
      const t = last(chat(phrase));
      expect(t.reply.flow).toBe('triage');
      expect(ids(t)).toEqual(['t-role-borrower', 't-role-family', 't-role-spouse', 't-role-contact', 't-role-guarantor', 't-exit']);
      expect(t.state.triage).toEqual({ step: 'role' });
    },
  );

  it('GIVEN the what-to-do answer THEN its first follow-up starts the analysis', () => {
    const t = chat('家人收到催收短信了，我该怎么办', '#triage');
    expect(t[0].reply.followUps).toContainEqual({ id: 'triage', label: '帮我分析我的情况' });
    expect(t[1].reply.flow).toBe('triage');
  });

  it('GIVEN every training utterance and held-out case THEN none starts the analysis or the SMS check (no stolen questions)', () => {
    const texts = [...brain.kb.intents.flatMap((i) => i.utterances), ...brain.kb.negatives, ...loadHeldout().map((c) => c.text)];
    const diverted = texts.filter((s) => respond(brain, { type: 'text', text: s }, initialState()).reply.flow !== undefined);
    expect(diverted).toEqual([]);
  });
});

describe('triage: answering by button and by text', () => {
  it('GIVEN a borrower with a credit card, threats, 1–3 months THEN the plan names 12378 first for complaints, the 信用卡 rules and 110', () => {
    const t = last(chat('帮我分析我的情况', '#t-role-borrower', '#t-lender-credit-card', '#t-msg-threats', '#t-msg-done', '#t-due-1-3m'));
    expect(t.reply.title).toBe(brain.kb.triage.plan.title);
    expect(t.state.triage).toEqual({ step: 'done', role: 'borrower', lender: 'credit-card', content: ['threats'], overdue: '1-3m' });
    expect(text(t).length).toBeLessThanOrEqual(600);
    expect(ids(t)).toEqual(['d-plan', 'letter-stop', 'letter-complaint', 'letter-family', 't-change', 't-exit']);
    const out = `${text(t)}\n${renderPlain(respond(brain, { type: 'button', id: 'd-plan' }, t.state).reply)}`;
    expect(out).toContain('12378');
    expect(out).toContain('商业银行信用卡业务监督管理办法》第68条');
    expect(out).toContain('商业银行信用卡业务监督管理办法》第70条');
    expect(out).toContain('110');
  });

  it.each([
    ['我是借款人', 'borrower'],
    ['是我借的钱', 'borrower'],
    ['我是他妈妈', 'family'],
    ['我是他的紧急联系人', 'contact'],
    ['我是他同事', 'contact'],
    ['不是我借的，是我儿子借的', 'family'],
    ['我老公借的', 'spouse'],
    ['我给他做了担保', 'guarantor'],
  ])('GIVEN the role typed as "%s" THEN it is read as %s', (typed, role) => {
    expect(last(chat('帮我分析我的情况', typed)).state.triage?.role).toBe(role);
  });

  it.each([
    ['信用卡', 'credit-card'],
    ['招商银行的', 'credit-card'],
    ['某某消费金融', 'consumer-finance'],
    ['借呗', 'online-app'],
    ['一个网贷app', 'online-app'],
    ['不知道', 'unknown'],
  ])('GIVEN the lender typed as "%s" THEN it is read as %s', (typed, lender) => {
    expect(last(chat('帮我分析我的情况', '#t-role-borrower', typed)).state.triage?.lender).toBe(lender);
  });

  it('GIVEN message types typed in words THEN they are all recorded and the next question follows', () => {
    const t = last(chat('帮我分析我的情况', '#t-role-family', '#t-lender-unknown', '他们骂人，还威胁说要上门，让转账到个人账户'));
    expect(t.state.triage?.content).toEqual(['threats', 'insults', 'personal-account']);
    expect(t.state.triage?.step).toBe('overdue');
  });

  it.each([
    ['两个月', '1-3m'],
    ['三个多月了', 'gt-3m'],
    ['半年', 'gt-3m'],
    ['15天', 'lt-1m'],
    ['刚逾期', 'lt-1m'],
    ['还没逾期', 'none'],
    ['不清楚', 'unknown'],
    ['90天', '1-3m'],
  ])('GIVEN the overdue time typed as "%s" THEN it is read as %s', (typed, overdue) => {
    const t = last(chat('帮我分析我的情况', '#t-role-borrower', '#t-lender-online-app', '#t-msg-done', typed));
    expect(t.state.triage?.overdue).toBe(overdue);
    expect(t.state.triage?.step).toBe('done');
  });

  it('GIVEN one sentence answering several questions THEN every answer is taken and only the rest is asked', () => {
    const t = last(chat('帮我分析我的情况', '我是他老婆，他在借呗借的钱，逾期半年了'));
    expect(t.state.triage).toMatchObject({ role: 'spouse', lender: 'online-app', overdue: 'gt-3m', step: 'content' });
    expect(t.reply.summary).toContain('已记下');
  });

  it('GIVEN a pasted SMS at the message question THEN its signals become the answer', () => {
    const sms = '【示例金融】您好，您的借款已逾期，请于今日点击 http://t.cn/Ab12Cd 还款，或转账到个人账户6222021234567890123，否则上门。';
    const t = last(chat('帮我分析我的情况', '#t-role-borrower', '#t-lender-online-app', sms));
    expect(t.state.triage?.content).toEqual(['threats', 'links', 'personal-account']);
    expect(JSON.stringify(t.state)).not.toContain('6222');
  });

  it('GIVEN an unclear short answer THEN the same question is asked again, kindly', () => {
    const t = last(chat('帮我分析我的情况', '嗯嗯啊'));
    expect(t.reply.summary).toContain(brain.kb.triage.messages.notUnderstood);
    expect(t.state.triage?.step).toBe('role');
  });

  it('GIVEN multi-select buttons THEN pressing twice unselects, and the label carries a tick', () => {
    const t = chat('帮我分析我的情况', '#t-role-borrower', '#t-lender-unknown', '#t-msg-links', '#t-msg-insults', '#t-msg-links');
    expect(t[3].reply.followUps.find((f) => f.id === 't-msg-links')?.label).toMatch(/^✓ /u);
    expect(last(t).state.triage?.picked).toEqual(['insults']);
  });
});

describe('triage: changing and leaving', () => {
  it('GIVEN "改一下" and an edit button mid-way THEN the answer is replaced and the dialogue goes on', () => {
    const t = chat('帮我分析我的情况', '#t-role-borrower', '#t-lender-credit-card', '改一下', '#t-edit-lender', '#t-lender-consumer-finance');
    expect(ids(t[3])).toEqual(expect.arrayContaining(['t-edit-role', 't-edit-lender', 't-edit-msg', 't-edit-due', 't-exit']));
    expect(t[4].reply.followUps.find((f) => f.id === 't-lender-credit-card')?.label).toMatch(/^✓ /u);
    expect(last(t).state.triage).toMatchObject({ lender: 'consumer-finance', step: 'content' });
  });

  it('GIVEN a finished plan and "其实是网贷" THEN the plan is rebuilt for the new lender', () => {
    const t = chat('帮我分析我的情况', '#t-role-borrower', '#t-lender-credit-card', '#t-msg-done', '#t-due-lt-1m', '其实是网贷');
    const plan = text(last(t));
    expect(last(t).state.triage).toMatchObject({ lender: 'online-app', step: 'done' });
    expect(plan).not.toContain('第68条');
    expect(plan).toContain('地方金融管理部门');
  });

  it("GIVEN a previous step's button pressed later THEN that answer changes and the plan comes back", () => {
    const t = chat('帮我分析我的情况', '#t-role-borrower', '#t-lender-credit-card', '#t-msg-done', '#t-due-lt-1m', '#t-role-family');
    expect(last(t).state.triage).toMatchObject({ role: 'family', step: 'done' });
    expect(text(last(t))).toContain('没有替借款人还钱的义务');
    expect(renderPlain(respond(brain, { type: 'button', id: 'd-plan' }, last(t).state).reply)).toContain('第465条第2款');
  });

  it.each(['退出', '算了', '#t-exit'])('GIVEN "%s" mid-way THEN the analysis ends and its answers are deleted', (leave) => {
    const t = last(chat('帮我分析我的情况', '#t-role-borrower', leave));
    expect(t.state.triage).toBeUndefined();
    expect(t.reply.kind).toBe('menu');
  });

  it('GIVEN an unrelated question mid-way THEN it is answered normally, the analysis pauses, and it can be resumed', () => {
    const t = chat('帮我分析我的情况', '#t-role-borrower', '征信会受影响吗？', '继续');
    expect(t[2].reply.topicId).toBe('credit-report');
    expect(t[2].state.triage?.paused).toBe(true);
    expect(ids(t[2])).toContain('t-resume');
    // While paused, typed text is no longer read as an answer.
    expect(last(t).state.triage).toEqual({ step: 'lender', role: 'borrower' });
    expect(ids(last(t))[0]).toBe('t-lender-credit-card');
  });

  it('GIVEN an answer that also asks a question THEN the answer is taken and the question offered as a follow-up', () => {
    const t = last(chat('帮我分析我的情况', '#t-role-borrower', '#t-lender-online-app', '#t-msg-done', '逾期三个多月了，会被起诉吗'));
    expect(t.state.triage?.overdue).toBe('gt-3m');
    expect(brain.questions.get(ids(t)[0])?.topic.id ?? ids(t)[0]).toBe('lawsuit');
  });

  it('GIVEN a crisis message mid-way THEN the crisis answer comes first and no "continue" button is pushed', () => {
    const t = last(chat('帮我分析我的情况', '#t-role-borrower', '我真的不想活了'));
    expect(t.reply.kind).toBe('crisis');
    expect(ids(t)).not.toContain('t-resume');
  });

  it('GIVEN "帮我分析我的情况" again mid-way THEN the analysis restarts from the first question', () => {
    const t = last(chat('帮我分析我的情况', '#t-role-borrower', '#t-lender-credit-card', '帮我分析我的情况'));
    // The other answers are gone; who is speaking is still known, so the second question comes first.
    expect(t.state.triage).toEqual({ step: 'lender', role: 'borrower' });
  });

  it('GIVEN a menu button mid-way THEN the menu is shown and the analysis pauses instead of reading the next text as an answer', () => {
    const t = chat('帮我分析我的情况', '#t-role-borrower', '#menu', '#t-resume');
    expect(t[2].state.triage?.paused).toBe(true);
    expect(ids(t[2])).toContain('t-resume');
    expect(last(t).state.triage).toEqual({ step: 'lender', role: 'borrower' });
  });

  it('GIVEN a damaged stored triage state THEN it is ignored and nothing throws', () => {
    const state = { ...initialState(), triage: { step: 'role', role: 'hacker', note: 'x' } } as unknown as ConversationState;
    const t = respond(brain, { type: 'text', text: '我是借款人' }, state);
    expect(t.state.triage).toBeUndefined();
  });
});

/** The plan as the person reads it: the short reply and its details. */
function planText(facts: CompleteFacts): { short: string; all: string } {
  const short = renderPlain(buildPlan(brain.kb, facts));
  return { short, all: `${short}\n${renderPlain(buildPlan(brain.kb, facts, true))}` };
}

describe('triage: the plan', () => {
  it('GIVEN every combination of answers THEN the short plan fits 600 characters and the rules and channels follow the fact sheet', () => {
    let n = 0;
    for (const facts of allFacts()) {
      const { short, all: out } = planText(facts);
      const where = JSON.stringify(facts);
      expect(short.length, where).toBeLessThanOrEqual(600);
      // 信用卡办法 only for credit cards; 第70条 only for a borrower who is overdue or unsure.
      expect(out.includes('信用卡业务监督管理办法》第68条'), where).toBe(facts.lender === 'credit-card');
      expect(out.includes('第70条'), where).toBe(facts.lender === 'credit-card' && facts.role === 'borrower' && facts.overdue !== 'none');
      expect(out.includes('消费金融公司管理办法》（2024年）第56条'), where).toBe(facts.lender === 'consumer-finance');
      expect(out.includes('第465条第2款'), where).toBe(facts.role === 'family' || facts.role === 'contact');
      expect(out.includes('第1064条'), where).toBe(facts.role === 'spouse');
      expect(out.includes('第700条'), where).toBe(facts.role === 'guarantor');
      expect(out.includes('12378'), where).toBe(true);
      if (facts.lender === 'online-app' || facts.lender === 'unknown') expect(out, where).toContain('地方金融管理部门');
      expect(out.includes('报警（110）'), where).toBe(facts.content.some((c) => ['threats', 'links', 'personal-account', 'court-police'].includes(c)));
      expect(out.includes('96110'), where).toBe(facts.content.some((c) => ['links', 'personal-account', 'court-police'].includes(c)));
      // The law in force: never the 2012 第42条; the standard only as a recommendation.
      expect(out, where).not.toMatch(/第42条|2012年/u);
      expect(out.includes('GB/T 45251—2025'), where).toBe(facts.lender === 'online-app');
      if (out.includes('GB/T')) expect(out, where).toContain('推荐性国家标准GB/T 45251—2025（不是强制性的法律要求）');
      n++;
    }
    expect(n).toBe(ROLES.length * 4 * 5 * 64);
  });

  it('GIVEN a family member with an online app and a personal-account demand THEN the plan says not liable and points to 110 and 96110 first', () => {
    const facts: CompleteFacts = { role: 'family', lender: 'online-app', content: ['personal-account'], overdue: 'unknown' };
    const plan = buildPlan(brain.kb, facts);
    expect(plan.summary).toContain('没有替借款人还钱的义务');
    expect(plan.summary).toContain('110');
    expect(plan.summary).toContain('96110');
    expect(buildPlan(brain.kb, facts, true).contacts.map((c) => c.contact)).toEqual(expect.arrayContaining(['110', '96110']));
  });

  it('GIVEN a guarantor THEN the plan says the guarantee may have to be honoured, with recourse, and never that nothing is owed', () => {
    const plan = buildPlan(brain.kb, { role: 'guarantor', lender: 'consumer-finance', content: [], overdue: 'gt-3m' });
    expect(plan.summary).toContain('保证责任');
    expect(plan.summary).toContain('追偿');
    expect(plan.summary).not.toContain('没有替借款人还钱的义务');
  });
});

/** The letter cites law, and every quoted piece of a citation line ("- 《…》…：“…”") is an exact substring of a stored article. */
function quotesAreVerbatim(body: string): boolean {
  const lines = [...brain.kb.laws.values()].flatMap((l) => l.articles.flatMap((a) => a.lines));
  const cited = body.split('\n').filter((l) => /^- 《[^》]+》/u.test(l));
  return cited.length > 0 && cited.every((c) => [...c.matchAll(/“([^”]+)”/gu)].every((m) => lines.some((l) => l.includes(m[1]))));
}

describe('triage: letters', () => {
  it('GIVEN every combination of answers THEN each letter cites binding law verbatim with its article, keeps 【placeholders】, has no unfilled {braces} and fits 1500 characters', () => {
    for (const facts of allFacts()) {
      for (const kind of LETTER_KINDS) {
        const letter = buildLetter(brain.kb, kind, facts);
        const where = `${kind} ${JSON.stringify(facts)}`;
        if (kind === 'stop' && facts.role === 'guarantor') {
          expect(letter, where).toBeUndefined();
          continue;
        }
        const body = letter!.body;
        expect([...body].length, where).toBeLessThanOrEqual(LETTER_MAX_CHARS);
        expect(body, where).not.toMatch(/\{[A-Za-z]+\}/u);
        expect(body, where).toMatch(/【[^】]+】/u);
        expect(body, where).not.toMatch(/第42条|推荐性|自律|GB\/T/u);
        if (kind !== 'family') {
          expect(quotesAreVerbatim(body), where).toBe(true);
          if (facts.role !== 'guarantor') expect(body, where).toContain('《中华人民共和国民法典》第1033条第（一）项：“除法律另有规定或者权利人明确同意外，任何组织或者个人不得实施下列行为：”“（一）以电话、短信、即时通讯工具、电子邮件、传单等方式侵扰他人的私人生活安宁；”');
          if (facts.role !== 'guarantor') expect(body, where).toContain('《中华人民共和国个人信息保护法》第44条');
          expect(body, where).toContain('【平台名称】');
          expect(body.includes('第68条'), where).toBe(facts.lender === 'credit-card');
          expect(body.includes('第56条'), where).toBe(facts.lender === 'consumer-finance');
        }
      }
    }
  });

  it('GIVEN the lender type THEN the complaint goes to 12378 or the local regulator accordingly', () => {
    const letter = (lender: CompleteFacts['lender']) => buildLetter(brain.kb, 'complaint', { role: 'borrower', lender, content: [], overdue: '1-3m' })!.body;
    expect(letter('credit-card')).toMatch(/^致：国家金融监督管理总局（12378）/u);
    expect(letter('consumer-finance')).toMatch(/^致：国家金融监督管理总局（12378）/u);
    expect(letter('online-app')).toMatch(/^致：【当地地方金融管理部门】/u);
    expect(letter('unknown')).toContain('【国家金融监督管理总局（12378）或当地地方金融管理部门】');
  });

  it('GIVEN threats THEN the family note says to call 110; without threats it does not', () => {
    const note = (content: Content[]) => buildLetter(brain.kb, 'family', { role: 'borrower', lender: 'unknown', content, overdue: '1-3m' })!.body;
    expect(note(['threats'])).toContain('110');
    expect(note([])).not.toContain('110');
    expect(note([])).toContain('你们不需要替我还');
  });

  it('GIVEN the plan THEN the letter buttons give templates in the speaker\'s voice, and without any answers the bot asks to start the analysis', () => {
    const t = chat('帮我分析我的情况', '#t-role-contact', '#t-lender-online-app', '#t-msg-personal-account', '#t-msg-done', '#t-due-unknown', '#letter-stop');
    expect(last(t).reply.flow).toBe('letter');
    expect(last(t).reply.template?.body).toContain('我不是这笔借款的借款人');
    const complaint = respond(brain, { type: 'button', id: 'letter-complaint' }, last(t).state).reply.template?.body ?? '';
    expect(complaint).toContain('多次联系我');
    expect(complaint).not.toContain('我的家人不是借款合同的当事人');
    const cold = respond(brain, { type: 'button', id: 'letter-complaint' }, initialState());
    expect(cold.reply.template).toBeUndefined();
    expect(cold.reply.followUps[0].id).toBe('triage');
  });

  it('GIVEN a guarantor THEN no stop request is offered and asking for one explains why', () => {
    const t = chat('帮我分析我的情况', '#t-role-guarantor', '#t-lender-credit-card', '#t-msg-threats', '#t-msg-done', '#t-due-gt-3m');
    expect(ids(last(t))).not.toContain('letter-stop');
    const asked = respond(brain, { type: 'button', id: 'letter-stop' }, last(t).state).reply;
    expect(asked.template).toBeUndefined();
    expect(asked.summary).toContain('保证人');
  });

  it('GIVEN a role stated before the analysis THEN the analysis starts at the second question with it noted', () => {
    const t = chat('我是他同事，催收天天打给我', '帮我分析我的情况');
    expect(last(t).state.triage).toMatchObject({ role: 'contact', step: 'lender' });
    expect(last(t).reply.summary).toContain('借款人的同事');
  });
});

describe('triage: button ids and adapters', () => {
  it('GIVEN every guided-analysis id THEN it is short ASCII and both adapters accept it', () => {
    for (const id of allTriageIds()) {
      expect(Buffer.byteLength(id, 'utf8'), id).toBeLessThanOrEqual(40);
      expect(isButtonId(id), id).toBe(true);
      expect(parseCallbackData(callbackData(id)), id).toBe(id);
      const customId = followUpCustomId(id);
      expect(customId, id).not.toBeNull();
      expect(parseCustomId(customId ?? ''), id).toEqual({ kind: 'follow-up', topicId: id });
      expect(isActionId(id), id).toBe(true);
    }
    expect(isActionId('menu')).toBe(true);
    expect(isActionId('legality')).toBe(false);
  });

  it('GIVEN the overdue number reader THEN Chinese and Arabic numbers work', () => {
    expect(readNumber('三')).toBe(3);
    expect(readNumber('十五')).toBe(15);
    expect(readNumber('二十')).toBe(20);
    expect(readNumber('两三')).toBe(3);
    expect(readNumber('半')).toBe(0.5);
    expect(parseOverdue(vocabOf(brain.kb.triage, brain.roles), '一年多')).toBe('gt-3m');
    expect(parseOverdue(vocabOf(brain.kb.triage, brain.roles), '一个多月')).toBe('1-3m');
  });
});
