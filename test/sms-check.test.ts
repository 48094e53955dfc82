import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBrain } from '../src/core/brain.js';
import { renderPlain } from '../src/core/render-plain.js';
import { respond, type Brain } from '../src/core/respond.js';
import { analyseSms, detectSms, SMS_SIGNALS, verdictOf } from '../src/core/sms-check.js';
import { smsDetailReply, smsMemory, smsReply } from '../src/core/sms-reply.js';
import { initialState } from '../src/core/types.js';
import { loadHeldout } from '../src/eval/evaluate.js';
import { QUESTIONS, SMS_SAMPLES } from './fixtures/sms-samples.js';

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});

/** Any mainland mobile number (11 digits starting 13–19), however it was grouped. */
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/u;
const digitsOf = (s: string): string => s.replace(/\D/gu, '');

/** The short reply and its details, as the person would read both. */
function replyText(text: string): string {
  const a = analyseSms(text);
  return `${renderPlain(smsReply(brain.kb, a, detectSms(text).confidence))}\n${renderPlain(smsDetailReply(brain.kb, smsMemory(a)))}`;
}

describe('sms-check: detector', () => {
  it('GIVEN at least 12 hand-written collection and scam messages THEN each one is detected as a pasted SMS', () => {
    expect(SMS_SAMPLES.length).toBeGreaterThanOrEqual(12);
    for (const s of SMS_SAMPLES) expect(detectSms(s.text).isSms, s.name).toBe(true);
  });

  it('GIVEN at least 6 ordinary questions, some quoting SMS wording THEN none is taken for a pasted SMS', () => {
    expect(QUESTIONS.length).toBeGreaterThanOrEqual(6);
    for (const q of QUESTIONS) expect(detectSms(q).isSms, q).toBe(false);
  });

  it('GIVEN every training utterance and held-out case THEN none is taken for a pasted SMS', () => {
    const texts = [...brain.kb.intents.flatMap((i) => i.utterances), ...brain.kb.negatives, ...loadHeldout().map((c) => c.text)];
    expect(texts.filter((t) => detectSms(t).isSms)).toEqual([]);
  });
});

describe('sms-check: analyser', () => {
  it.each(SMS_SAMPLES.map((s) => [s.name, s] as const))('GIVEN the sample "%s" THEN verdict and signals are as expected', (_name, s) => {
    const a = analyseSms(s.text);
    expect(a.verdict).toBe(s.verdict);
    for (const signal of s.signals) expect(a.signals, signal).toContain(signal);
    for (const signal of s.absent ?? []) expect(a.signals, signal).not.toContain(signal);
    if (s.sender !== undefined) expect(a.sender).toBe(s.sender);
  });

  it('GIVEN a message with no 【…】 sender tag THEN no lender is named (never guessed)', () => {
    const a = analyseSms('您好，您的儿子在我平台借款已逾期，请督促其今天还款，否则安排人员上门。借呗');
    expect(a.sender).toBeUndefined();
    expect(replyText('您好，您的儿子在我平台借款已逾期，请督促其今天还款，否则安排人员上门。')).toContain('没有写明是哪家机构');
  });

  it('GIVEN a generic header such as 【催收通知】 THEN it is not reported as the sender', () => {
    expect(analyseSms('【催收通知】您的借款已逾期，请于今日前还款，逾期将上门。').sender).toBeUndefined();
  });

  it('GIVEN the samples THEN no full phone, card or ID number appears in the analysis or the rendered reply', () => {
    for (const s of SMS_SAMPLES) {
      const out = `${JSON.stringify(analyseSms(s.text))}\n${replyText(s.text)}`;
      for (const secret of s.secrets ?? []) expect(digitsOf(out), `${s.name}: ${secret}`).not.toContain(secret);
      expect(out, s.name).not.toMatch(MOBILE);
      for (const link of s.text.match(/(https?:\/\/|www\.)[\w./-]+/gu) ?? []) expect(out, s.name).not.toContain(link);
      expect(out, s.name).not.toMatch(/https?:/u);
    }
  });

  it('GIVEN a scam with a link and a personal account THEN the reply points to 96110, never echoes the link, and names the law only from the fact sheet', () => {
    const text = replyText(SMS_SAMPLES.find((s) => s.name === 'personal account and visit')?.text ?? '');
    expect(text).toContain('这条短信的分析');
    expect(text).toContain('96110');
    expect(text).toContain('个人账户');
  });

  it('GIVEN threats and insults THEN the details cite 民法典第1033条 and the 2025 治安管理处罚法第50条 (never the 2012 第42条) and list 110', () => {
    const text = replyText(SMS_SAMPLES.find((s) => s.name === 'threats and insults, contact blast')?.text ?? '');
    expect(text).toMatch(/民法典》第1033条/u);
    expect(text).toMatch(/治安管理处罚法》（2025年修订）第50条/u);
    expect(text).not.toMatch(/第42条/u);
    expect(text).toContain('（110）');
  });

  it('GIVEN the short reply of any sample THEN it is at most 600 characters and offers the full analysis', () => {
    for (const s of SMS_SAMPLES) {
      const short = smsReply(brain.kb, analyseSms(s.text), 1);
      expect(renderPlain(short).length, s.name).toBeLessThanOrEqual(600);
      expect(short.followUps[0].id).toBe('d-sms');
    }
  });

  it('GIVEN a message to a contact THEN the reply says the contact is generally not liable (民法典第465条第2款)', () => {
    const text = replyText(SMS_SAMPLES.find((s) => s.name === 'message to a contact (third party)')?.text ?? '');
    expect(text).toContain('第465条第2款');
    expect(text).toContain('“依法成立的合同，仅对当事人具有法律约束力，但是法律另有规定的除外。”');
    expect(text).toContain('夫妻共同债务');
  });

  it('GIVEN signal sets THEN the verdict is the most serious one', () => {
    expect(verdictOf(['link', 'threat'])).toBe('suspicious');
    expect(verdictOf(['threat', 'personal-account'])).toBe('likely-scam');
    expect(verdictOf(['third-party'])).toBe('unlawful');
    expect(verdictOf(['credit-claim', 'lawsuit-claim', 'phone'])).toBe('reminder');
    expect(verdictOf(['fake-authority', 'personal-account'])).toBe('fake-authority');
  });

  it('GIVEN every signal THEN the data file has a finding for it', () => {
    for (const s of SMS_SIGNALS) expect(brain.kb.smsCheck.findings[s].length, s).toBeGreaterThan(0);
  });
});

describe('sms-check: properties', () => {
  const mobile = fc
    .tuple(fc.constantFrom('3', '5', '7', '8', '9'), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }))
    .map(([second, rest]) => `1${second}${rest.join('')}`);
  const grouped = mobile.chain((m) =>
    fc.constantFrom(m, `${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}`, `${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`, `+86${m}`, `【${m}】`),
  );
  const filler = fc.string({ unit: 'grapheme', maxLength: 120 });
  const smsWords = fc.constantFrom('【示例金融】', '尊敬的客户，', '您的借款已逾期，', '请于今日前还款，', '联系电话', '退订回T', '我司', '请转告其');

  it('GIVEN arbitrary text THEN detector and analyser never throw and the reply always renders', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (s) => {
        detectSms(s);
        expect(replyText(s).length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('GIVEN text containing an 11-digit mobile number anywhere THEN neither the analysis nor the rendered reply echoes it in full', () => {
    fc.assert(
      fc.property(filler, fc.array(smsWords, { maxLength: 5 }), grouped, filler, (a, words, number, b) => {
        const text = `${words.join('')}${a}${number}${b}`;
        const out = `${JSON.stringify(analyseSms(text))}\n${replyText(text)}`;
        expect(digitsOf(out)).not.toContain(digitsOf(number).slice(-11));
        expect(out).not.toMatch(MOBILE);
      }),
      { numRuns: 300 },
    );
  });
});

describe('sms-check in respond()', () => {
  it('GIVEN a pasted collection SMS THEN respond answers with the analysis (verify-sms, flow sms-check) before intent matching', () => {
    const { reply, match } = respond(brain, { type: 'text', text: SMS_SAMPLES[2].text }, initialState());
    expect(reply.flow).toBe('sms-check');
    expect(reply.intent).toBe('verify-sms');
    expect(reply.title).toBe('这条短信的分析');
    expect(match).toBeUndefined();
    expect(reply.followUps.map((f) => f.id)).toContain('triage');
  });

  it('GIVEN a question about an SMS ("这条短信是真的吗") THEN it still goes to the verify-sms topic', () => {
    const { reply } = respond(brain, { type: 'text', text: '这条短信是真的吗' }, initialState());
    expect(reply.flow).toBeUndefined();
    expect(reply.topicId).toBe('verify-sms');
  });

  it('GIVEN a crisis message that also looks like an SMS THEN the crisis answer wins', () => {
    const { reply } = respond(brain, { type: 'text', text: `${SMS_SAMPLES[0].text} 我真的不想活了` }, initialState());
    expect(reply.kind).toBe('crisis');
  });
});
