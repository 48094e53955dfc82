/**
 * What the bot could not answer: logged with group, time and best guess (numbers redacted),
 * clustered by the matcher's normalization + character-bigram Jaccard, shown to admins with
 * `/unanswered`, and exported for curators by `npm run kb:review` (the CLI is run for real
 * against a SQLite file and its YAML output is checked).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Keyv from 'keyv';
import { parse } from 'yaml';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Assistant } from '../../src/core/assistant.js';
import { loadBrain } from '../../src/core/brain.js';
import type { Brain } from '../../src/core/respond.js';
import { ROOT } from '../../src/kb/load.js';
import { clusterQuestions } from '../../src/moderation/cluster.js';
import { GroupSettingsStore, Moderation } from '../../src/moderation/index.js';
import { formatUnansweredReport } from '../../src/moderation/unanswered-report.js';
import { openStore, UnansweredLog, unansweredRecorder, type UnansweredEntry } from '../../src/store/index.js';

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'moderation-unanswered-'));
  dirs.push(dir);
  return dir;
}

const at = (minute: number): Date => new Date(Date.UTC(2026, 2, 2, 4, minute));
const entry = (text: string, minute: number, bestGuess: string | null = null, confidence = 0.1, group = 'tg:-100'): UnansweredEntry => ({
  platform: 'telegram',
  group,
  text,
  bestGuess,
  confidence,
  at: at(minute),
});

describe('clustering', () => {
  it('GIVEN near-duplicates in Simplified and Traditional, with different masked numbers THEN they form one cluster with a vote for the best guess', async () => {
    const normalize = (t: string): string => brain.matcher.normalized(t);
    const clusters = await clusterQuestions(
      [
        entry('催收打电话给我舅舅合法吗', 1, 'legality', 0.3),
        entry('催收打電話給我姑姑合法嗎', 2, 'legality', 0.25),
        entry('催收打电话给我表哥合法吗？', 3, 'harassment', 0.2),
        entry('我的手机号138****5678被拉进了什么群', 4),
        entry('我的手机号139****1234被拉进了什么群', 5),
        entry('今天上海天气怎么样', 6),
      ],
      normalize,
    );
    expect(clusters.map((c) => c.count)).toEqual([3, 2, 1]);
    expect(clusters[0].bestGuess).toBe('legality');
    expect(clusters[0].texts).toHaveLength(3);
    expect(clusters[0].firstSeen).toEqual(at(1));
    expect(clusters[0].lastSeen).toEqual(at(3));
    expect(clusters[1].bestGuess).toBeNull();
    expect(clusters[2].example).toBe('今天上海天气怎么样');
  });

  it('GIVEN clusters THEN the report shows count, one example (clipped) and the best guess label per cluster, at most 10', async () => {
    const one = async (i: number) => (await clusterQuestions([entry(`问题${'甲乙丙丁戊己庚辛壬癸子丑'[i]}${'长'.repeat(80)}`, i)], (t) => t))[0];
    const many = await Promise.all(Array.from({ length: 12 }, async (_, i) => ({ ...(await one(i)), count: 12 - i })));
    const text = formatUnansweredReport(many, { total: 78, labelOf: () => undefined });
    expect(text.split('\n').filter((l) => /^\d+\. ×/u.test(l))).toHaveLength(10);
    expect(text).toContain('共 78 条');
    expect(text).toContain('显示前 10 类');
    expect(text).toContain('…');
    expect(formatUnansweredReport([], { total: 0, labelOf: () => undefined })).toContain('没有');
  });
});

describe('the log behind /unanswered', () => {
  it('GIVEN out-of-scope and unsure questions in two groups and a private chat THEN each is logged redacted with its group, time and best guess, and /unanswered shows an admin only their own group', async () => {
    const log = new UnansweredLog(new Keyv());
    const assistant = new Assistant(brain, { onUnanswered: unansweredRecorder(log, () => at(30)) });
    await assistant.handle({ user: 'tg:1', scope: 'chat:-100' }, { type: 'text', text: '今天上海天气怎么样？我手机13812345678，身份证110101199003074512' });
    await assistant.handle({ user: 'tg:2', scope: 'chat:-100:thread:9' }, { type: 'text', text: '今天上海天气怎么样' });
    await assistant.handle({ user: 'dc:3', scope: 'guild:77:channel:5' }, { type: 'text', text: '明天北京天气如何' });
    await assistant.handle({ user: 'tg:4', scope: 'private' }, { type: 'text', text: '信用卡积分怎么兑换' });
    await assistant.handle({ user: 'tg:5', scope: 'chat:-100' }, { type: 'text', text: '怎么投诉催收' });
    const group = await log.recent('tg:-100');
    expect(group).toHaveLength(2);
    expect(group[1]).toMatchObject({ platform: 'telegram', group: 'tg:-100', at: at(30) });
    expect(group[1].text).toContain('138****5678');
    expect(group[1].text).not.toContain('13812345678');
    expect(group[1].text).not.toContain('110101199003074512');
    expect(group[1]).toHaveProperty('bestGuess');
    expect((await log.recent()).map((e) => e.group ?? 'private')).toEqual(['private', 'dc:77', 'tg:-100', 'tg:-100']);

    const m = new Moderation({ brain, settings: new GroupSettingsStore(new Keyv()), unanswered: log });
    const report = await m.unansweredReport({ group: 'tg:-100', isAdmin: async () => true });
    expect(report.kind).toBe('report');
    const text = report.kind === 'report' ? report.text : '';
    expect(text).toContain('共 2 条');
    expect(text).toContain('×2');
    expect(text).not.toContain('北京');
    expect(text).not.toContain('13812345678');
  });
});

describe('npm run kb:review', () => {
  it('GIVEN a SQLite store with unanswered questions THEN the export is YAML with clusters, counts, a suggested intent, the target file and redacted utterances', async () => {
    const dir = tempDir();
    const path = join(dir, 'bot.sqlite');
    const stores = await openStore({ kind: 'sqlite', path }, { sqlite: { sweepIntervalMs: 0 } });
    const log = new UnansweredLog(stores.unanswered);
    const now = Date.now();
    const rec = (text: string, bestGuess: string | null, confidence: number, group: string, minutesAgo: number): Promise<void> =>
      log.record({ platform: group.startsWith('tg') ? 'telegram' : 'discord', group, text, bestGuess, confidence, at: new Date(now - minutesAgo * 60_000) });
    await rec('催收打电话给我舅舅合法吗', 'legality', 0.3, 'tg:-100', 5);
    await rec('催收打電話給我姑姑合法嗎', 'legality', 0.2, 'dc:77', 4);
    await rec('催收打电话给我舅舅合法吗', 'legality', 0.3, 'tg:-100', 3);
    await rec('今天上海天气怎么样？我手机13812345678', null, 0.04, 'tg:-100', 2);
    await rec('卡号6222021234567890123被冻结了', 'negotiate', 0.12, 'dc:77', 1);
    await stores.close();

    const out = join(dir, 'out', 'review.yaml');
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'kb-review.ts'), '--out', out], {
      cwd: ROOT,
      env: { ...process.env, STORE_URL: `sqlite://${path}` },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(out);
    expect(run.stdout).toContain('5 questions in 3 clusters');
    const raw = readFileSync(out, 'utf8');
    expect(raw.startsWith('#')).toBe(true);
    expect(raw).toContain('npm run kb:calibrate');
    expect(raw).not.toContain('13812345678');
    expect(raw).not.toContain('6222021234567890123');
    const doc = parse(raw) as {
      source: { questions: number; clusters: number; group: string };
      clusters: Array<{ suggestedIntent: string | null; target: string; count: number; groups: string[]; utterances: string[]; example: string }>;
    };
    expect(doc.source).toMatchObject({ questions: 5, clusters: 3, group: 'all chats' });
    const [first, ...rest] = doc.clusters;
    expect(first).toMatchObject({ suggestedIntent: 'legality', target: 'intents/legality.yaml', count: 3, groups: ['dc:77', 'tg:-100'] });
    expect(first.utterances).toEqual(['催收打电话给我舅舅合法吗', '催收打電話給我姑姑合法嗎']);
    const weather = rest.find((c) => c.suggestedIntent === null);
    expect(weather?.target).toMatch(/_out-of-scope\.yaml/u);
    expect(weather?.utterances[0]).toContain('138****5678');
    expect(rest.find((c) => c.suggestedIntent === 'negotiate')?.utterances[0]).toContain('****0123');

    const only = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'kb-review.ts'), '--out', out, '--group', 'dc:77'], {
      cwd: ROOT,
      env: { ...process.env, STORE_URL: `sqlite://${path}` },
      encoding: 'utf8',
    });
    expect(only.status).toBe(0);
    const scoped = parse(readFileSync(out, 'utf8')) as { source: { questions: number; group: string } };
    expect(scoped.source).toMatchObject({ questions: 2, group: 'dc:77' });

    const bad = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'kb-review.ts'), '--limit', '0'], { cwd: ROOT, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('--limit');
  });
});
