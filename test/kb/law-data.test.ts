/**
 * The law data and the citations that point at it: what kb:check refuses (a paraphrased quote,
 * the superseded 2012 第42条, an unknown article, a low-confidence or unverified source, a law
 * without kind or effective date, a letter citing a non-binding rule), and that every quote the
 * bot can show is cut verbatim from a stored article — itself equal to its statute file when
 * the statute texts are at hand.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveCitation } from '../../src/kb/citations.js';
import { loadKnowledge, ROOT } from '../../src/kb/load.js';
import { articleLabel, articleNumber, chineseNumber, parseStatute } from '../../src/kb/statute-text.js';
import { copyData, edit, problems, useKbCopies } from '../support/kb-copy.js';

useKbCopies();
type Citation = { ref: string; quote?: unknown[]; summary: string; part?: string };
const firstLegal = (d: Record<string, unknown>): Citation[] => d.legal as Citation[];

describe('kb:check on the law data', () => {
  it('GIVEN a quote that paraphrases the statute THEN the check fails naming the file and the field', () => {
    const p = copyData();
    edit(join(p.knowledgeDir, 'harassment.yaml'), (d) => {
      firstLegal(d).unshift({ ref: 'civil-code/1033', quote: [{ text: '不得以电话、短信等方式侵扰他人的私人生活安宁' }], summary: '概括' });
    });
    expect(problems(p)).toContainEqual(expect.stringMatching(/knowledge\/harassment\.yaml: legal\[0\]: civil-code\/1033: quote .* is not an exact substring/u));
  });

  it('GIVEN a citation of the 2012 治安管理处罚法第42条 THEN the check fails: superseded by the 2025 第50条', () => {
    const p = copyData();
    edit(join(p.knowledgeDir, 'harassment.yaml'), (d) => {
      firstLegal(d).unshift({ ref: 'public-security-2012/42', quote: [{ para: 1 }], summary: '旧法' });
    });
    expect(problems(p)).toContainEqual(
      expect.stringMatching(/harassment\.yaml: legal\[0\]: public-security-2012\/42 is superseded \(by public-security-2025\)/u),
    );
  });

  it('GIVEN an article that is not stored, an item it does not have, or quotes of a rule stored without text THEN each is reported', () => {
    const p = copyData();
    edit(join(p.knowledgeDir, 'harassment.yaml'), (d) => {
      firstLegal(d).unshift(
        { ref: 'civil-code/9999', summary: '无' },
        { ref: 'public-security-2025/50', quote: [{ item: '九' }], summary: '无' },
        { ref: 'gbt-45251', quote: [{ text: '原则上' }], summary: '无' },
      );
    });
    const found = problems(p);
    expect(found).toContainEqual(expect.stringMatching(/legal\[0\]: unknown article "civil-code\/9999"/u));
    expect(found).toContainEqual(expect.stringMatching(/legal\[1\]: public-security-2025\/50: 第五十条 has no item （九）/u));
    expect(found).toContainEqual(expect.stringMatching(/legal\[2\]: gbt-45251 has no stored text/u));
  });

  it('GIVEN a channel marked L (12363) or not verified (12368) THEN giving it fails', () => {
    const p = copyData();
    edit(join(p.knowledgeDir, 'complain.yaml'), (d) => {
      (d.contacts as unknown[]).unshift({ channel: 'pbc-12363' }, { channel: 'court-12368' });
    });
    const found = problems(p);
    expect(found).toContainEqual(expect.stringMatching(/complain\.yaml: contacts\[0\]: channel pbc-12363 has confidence L/u));
    expect(found).toContainEqual(expect.stringMatching(/complain\.yaml: contacts\[1\]: channel court-12368 is listed as not verified/u));
  });

  it('GIVEN a law the fact sheet lists as not verified THEN citing it fails', () => {
    const p = copyData();
    edit(join(p.knowledgeDir, 'law', 'gbt-45251.yaml'), (d) => {
      d.status = 'not-verified';
    });
    edit(join(p.knowledgeDir, 'harassment.yaml'), (d) => {
      firstLegal(d).unshift({ ref: 'gbt-45251', summary: '建议' });
    });
    expect(problems(p)).toContainEqual(expect.stringMatching(/legal\[0\]: gbt-45251 is listed as not verified/u));
  });

  it('GIVEN a law without kind or without effective date THEN loading fails naming the file and field', () => {
    const p = copyData();
    edit(join(p.knowledgeDir, 'law', 'pipl.yaml'), (d) => {
      delete d.kind;
    });
    expect(() => loadKnowledge(p)).toThrow(/pipl\.yaml is invalid[\s\S]*kind/u);
    const q = copyData();
    edit(join(q.knowledgeDir, 'law', 'pipl.yaml'), (d) => {
      delete d.effective;
    });
    expect(() => loadKnowledge(q)).toThrow(/pipl\.yaml is invalid[\s\S]*effective/u);
  });

  it('GIVEN a 法律 whose effective date is left unstated, or not the date its article states THEN the check fails', () => {
    const p = copyData();
    edit(join(p.knowledgeDir, 'law', 'pipl.yaml'), (d) => {
      d.effective = { unstated: '不知道' };
    });
    edit(join(p.knowledgeDir, 'law', 'public-security-2025.yaml'), (d) => {
      (d.effective as { date: string }).date = '2025-06-27';
    });
    const found = problems(p);
    expect(found).toContainEqual(expect.stringMatching(/law\/pipl\.yaml: effective: a 法律 needs an effective date/u));
    expect(found).toContainEqual(expect.stringMatching(/law\/public-security-2025\.yaml: effective\.date 2025-06-27 is not stated in 第一百四十四条/u));
  });

  it('GIVEN a letter that cites the recommended standard THEN the check fails: letters cite binding law only', () => {
    const p = copyData();
    edit(join(p.knowledgeDir, '_triage.yaml'), (d) => {
      ((d.letters as { rules: Record<string, unknown[]> }).rules['online-app']).push({ ref: 'gbt-45251', summary: '建议' });
    });
    expect(problems(p)).toContainEqual(expect.stringMatching(/letters\.rules\.online-app\[0\]: a letter must cite binding law only/u));
  });
});

describe('the law data as shipped', () => {
  const kb = loadKnowledge();

  it('GIVEN every citation in every knowledge file THEN it resolves, and each quote is one verbatim piece of its stored article', () => {
    const all: Citation[] = [];
    for (const t of kb.topics.values()) all.push(...t.legal, ...t.questions.flatMap((q) => q.legal));
    all.push(...kb.smsCheck.legal, ...kb.triage.plan.legal);
    expect(all.length).toBeGreaterThan(100);
    for (const c of all) {
      const r = resolveCitation(kb.laws, c as Parameters<typeof resolveCitation>[1]);
      expect(r.ok, c.ref).toBe(true);
      if (!r.ok) continue;
      const [lawId, number] = c.ref.split('/');
      const article = kb.laws.get(lawId)?.articles.find((a) => articleNumber(a.marker) === number);
      for (const q of r.value.quotes) expect(article?.lines.some((l) => l.includes(q)), `${c.ref}: ${q}`).toBe(true);
      expect(r.value.label, c.ref).not.toMatch(/2012/u);
    }
  });

  it('GIVEN the rules that bind only some lenders or are not law THEN the data says whom and how', () => {
    expect(kb.laws.get('credit-card-measures')?.binds).toContain('发卡银行');
    expect(kb.laws.get('consumer-finance-measures')?.binds).toContain('消费金融公司');
    expect(kb.laws.get('cba-collection-guideline')?.binds).toContain('会员机构');
    expect(kb.laws.get('gbt-45251')?.kind).toBe('推荐性国家标准');
    expect(kb.laws.get('public-security-2012')?.supersededBy).toBe('public-security-2025');
  });

  const statutes = join(ROOT, '..', 'shared', 'knowledge-sources', 'statutes');
  it.skipIf(!existsSync(statutes))('GIVEN the statute texts beside the project THEN every stored article equals its statute file line for line', () => {
    for (const law of kb.laws.values()) {
      for (const a of law.articles) {
        const file = a.file ?? law.source?.file ?? '';
        const original = parseStatute(readFileSync(join(statutes, file), 'utf8')).find((x) => x.marker === a.marker);
        expect(original?.lines, `${law.id} ${a.marker}`).toEqual(a.lines);
      }
    }
  });
});

describe('statute-text', () => {
  it('GIVEN Chinese numerals and markers THEN numbers and labels are read as a statute writes them', () => {
    expect(chineseNumber('一千零三十三')).toBe(1033);
    expect(chineseNumber('十')).toBe(10);
    expect(chineseNumber('二百九十三')).toBe(293);
    expect(articleNumber('第二百九十三条之一')).toBe('293-1');
    expect(articleNumber('一、')).toBe('1');
    expect(articleLabel('第五十条')).toBe('第50条');
    expect(articleLabel('第二百五十三条之一')).toBe('第253条之一');
  });

  it('GIVEN a file that prints an amending decision before the amended text THEN the last occurrence of a marker is the article', () => {
    const text = ['# 规定', '<!-- INFO END -->', '第一条 增加第二款：“旧的修改说明。”', '', '## 正文', '第一条 新的条文。', '', '第二款内容。', '第二条 下一条。'].join('\n');
    expect(parseStatute(text)).toEqual([
      { marker: '第一条', lines: ['新的条文。', '第二款内容。'] },
      { marker: '第二条', lines: ['下一条。'] },
    ]);
  });
});
