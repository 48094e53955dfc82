/**
 * End-to-end flows of the guided analysis, the letters and the SMS check through the chat CLI
 * (`npm run --silent chat -- --json`, spawned directly with tsx like test/cli.test.ts).
 * Each flow is its own process; they run concurrently.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../src/kb/load.js';

const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

interface Line {
  intent: string | null;
  confidence: number;
  text: string;
  followUps: Array<{ id: string; label: string }>;
}

function chat(lines: string[]): Promise<{ code: number | null; lines: Line[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [join(ROOT, 'src', 'cli', 'chat.ts'), '--json'], { cwd: ROOT });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const parsed = out.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Line);
      resolve({ code, lines: parsed });
    });
    child.stdin.end(`${lines.join('\n')}\n`);
  });
}

const FLOWS = {
  borrowerCard: ['帮我分析我的情况', '#button t-role-borrower', '信用卡', '#button t-msg-threats', '#button t-msg-done', '两个月', '#button letter-complaint', '#button d-plan'],
  relativeApp: ['帮我看看我该怎么办', '我是他妈妈', '借呗', '他们让我转账到个人账户', '不知道', '#button letter-stop', '#button letter-family', '#button d-plan'],
  change: ['帮我分析我的情况', '我是借款人', '信用卡', '改一下', '#button t-edit-lender', '#button t-lender-online-app', '选好了', '#button t-due-lt-1m', '其实是三个多月'],
  leave: ['帮我分析我的情况', '#button t-role-family', '今天上海天气怎么样', '继续', '算了', '我是他妈妈'],
  sms: ['【示例消费金融】您好，张**在我司的借款已逾期35天，请转告其尽快还款，联系电话13812345678，身份证号110101199003074321。', '这条短信是真的吗'],
} as const;

const runs: Record<string, Line[]> = {};
beforeAll(async () => {
  const results = await Promise.all(Object.entries(FLOWS).map(async ([name, lines]) => [name, await chat([...lines])] as const));
  for (const [name, r] of results) {
    expect(r.code, name).toBe(0);
    expect(r.lines, name).toHaveLength(FLOWS[name as keyof typeof FLOWS].length);
    runs[name] = r.lines;
  }
}, 120_000);

const ids = (l: Line): string[] => l.followUps.map((f) => f.id);

describe('chat CLI: guided analysis end to end', () => {
  it('GIVEN a borrower with a credit card, threats and 1–3 months overdue THEN the plan names 12378, the 信用卡 rules and 110, and the complaint letter goes to 12378', () => {
    const l = runs.borrowerCard;
    expect(ids(l[0])).toEqual(['t-role-borrower', 't-role-family', 't-role-spouse', 't-role-contact', 't-role-guarantor', 't-exit']);
    const plan = l[5];
    expect(plan.text).toContain('根据你的情况，建议这样做');
    expect(plan.text).toContain('110');
    expect(ids(plan)).toEqual(['d-plan', 'letter-stop', 'letter-complaint', 'letter-family', 't-change', 't-exit']);
    const details = l[7].text;
    expect(details).toContain('12378');
    expect(details).toContain('《商业银行信用卡业务监督管理办法》第68条');
    expect(details).toContain('第70条');
    const letter = l[6].text;
    expect(letter).toContain('致：国家金融监督管理总局（12378）');
    expect(letter).toContain('【平台名称】');
    expect(letter).toContain('【借款合同编号】');
    expect(letter).toContain('使用威胁、恐吓的言语');
  });

  it('GIVEN a relative who types every answer (借呗, personal-account demand) THEN the plan says not liable and points to 96110, and the letters are in the relative\'s voice', () => {
    const l = runs.relativeApp;
    expect(l[1].text).toContain('借款人的家人');
    const plan = `${l[4].text}\n${l[7].text}`;
    expect(plan).toContain('没有替借款人还钱的义务');
    expect(plan).toContain('第465条第2款');
    expect(plan).toContain('96110');
    expect(plan).toContain('地方金融管理部门');
    expect(plan).not.toContain('信用卡业务监督管理办法》第68条');
    const stop = l[5].text;
    expect(stop).toContain('我不是这笔借款的借款人');
    expect(stop).toContain('个人信息保护法》第44条：“');
    expect(stop).toContain('个人信息保护法》第47条：“');
    // A letter to a lender cites binding law only: no recommended standard, no guideline.
    expect(stop).not.toContain('互联网金融个人网络消费信贷贷后催收风控指引');
    expect(l[6].text).toContain('不管发生了什么，我都愿意听你说');
  });

  it('GIVEN an answer changed mid-way and a correction after the plan THEN the plan follows the new answers', () => {
    const l = runs.change;
    expect(ids(l[3])).toContain('t-edit-lender');
    const plan = l[7].text;
    expect(plan).toContain('地方金融管理部门');
    expect(plan).not.toContain('第68条');
    expect(plan).toContain('逾期：不到1个月');
    expect(l[8].text).toContain('逾期：3个月以上');
  });

  it('GIVEN an unrelated question, "继续" and "算了" THEN the question is answered, the analysis resumes, then ends and normal answers return', () => {
    const l = runs.leave;
    expect(l[2].intent).toBeNull();
    expect(ids(l[2])).toContain('t-resume');
    expect(ids(l[3])[0]).toBe('t-lender-credit-card');
    expect(l[4].text).toContain('已经退出分析');
    expect(ids(l[5]).some((id) => id.startsWith('t-'))).toBe(false);
    expect(l[5].intent).not.toBeNull();
  });

  it('GIVEN a pasted SMS THEN the analysis is shown without the full phone or ID number; a question about an SMS still gets verify-sms', () => {
    const [sms, question] = runs.sms;
    expect(sms.intent).toBe('verify-sms');
    expect(sms.text).toContain('这条短信的分析');
    expect(sms.text).toContain('示例消费金融');
    expect(sms.text).toContain('138****5678');
    expect(sms.text).not.toContain('13812345678');
    expect(sms.text).not.toContain('110101199003074321');
    expect(question.intent).toBe('verify-sms');
    expect(question.text).not.toContain('这条短信的分析');
  });
});
