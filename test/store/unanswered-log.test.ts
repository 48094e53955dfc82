import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { Assistant, isUnanswered } from '../../src/core/assistant.js';
import { loadBrain } from '../../src/core/brain.js';
import { respond, type Brain } from '../../src/core/respond.js';
import { initialState } from '../../src/core/types.js';
import { openStore, UnansweredLog, unansweredRecorder, type Stores } from '../../src/store/index.js';
import { groupOf, platformOf } from '../../src/store/unanswered-log.js';
import { ROOT } from '../../src/kb/load.js';
import { useTempStores } from '../support/temp-stores.js';

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});

const temp = useTempStores('unanswered-test');
const tempPath = (): string => temp.file();

function stores(path?: string, now?: () => number): Promise<Stores> {
  return temp.open(path ? { kind: 'sqlite', path } : { kind: 'memory' }, { sqlite: { now, sweepIntervalMs: 0 } });
}

const OUT_OF_SCOPE = '今天上海天气怎么样？我手机13812345678，身份证110101199003074512，卡号6222 0212 3456 7890 123';

describe('unanswered log', () => {
  it('GIVEN out-of-scope questions through the Assistant THEN they are recorded with numbers masked, per group, without user ids; answered and crisis messages are not', async () => {
    const s = await stores();
    const log = new UnansweredLog(s.unanswered);
    const assistant = new Assistant(brain, { store: s.conversations, onUnanswered: unansweredRecorder(log) });
    const inGroup = { user: 'tg:4242', scope: 'chat:-100777:thread:3' };
    const inPrivate = { user: 'dc:99887766', scope: 'dm' };

    await assistant.handle(inGroup, { type: 'text', text: OUT_OF_SCOPE });
    await assistant.handle(inPrivate, { type: 'text', text: '推荐一部好看的电影' });
    await assistant.handle(inGroup, { type: 'text', text: '催收打电话给我爸妈，这样合法吗' });
    await assistant.handle(inGroup, { type: 'text', text: '家里人都知道我欠钱了，我真的不想活了' });
    await assistant.handle(inGroup, { type: 'button', id: 'menu' });

    const group = await log.recent('tg:-100777');
    expect(group).toHaveLength(1);
    expect(group[0]).toMatchObject({ platform: 'telegram', group: 'tg:-100777', bestGuess: expect.anything() });
    expect(group[0]?.text).toContain('今天上海天气怎么样');
    expect(group[0]?.text).not.toMatch(/13812345678|110101199003074512|6222 0212 3456 7890 123|3456 7890/);
    expect(group[0]?.text).toContain('138****5678');
    expect(group[0]?.at).toBeInstanceOf(Date);

    const all = await log.recent();
    expect(all.map((e) => e.platform)).toEqual(['discord', 'telegram']);
    expect(all[0]?.group).toBeUndefined();

    const raw = JSON.stringify(await collect(s));
    expect(raw).not.toContain('tg:4242');
    expect(raw).not.toContain('dc:99887766');
    expect(raw).not.toMatch(/"(user|userId)"/);
    expect(raw).not.toContain('13812345678');
  });

  it('GIVEN more entries than the bound THEN only the newest are kept, newest first, and storage stays bounded', async () => {
    const path = tempPath();
    const s = await stores(path);
    const log = new UnansweredLog(s.unanswered, { perGroup: 5 });
    for (let i = 0; i < 12; i++) {
      await log.record({ platform: 'telegram', group: 'tg:-1', text: `问题${i}`, bestGuess: null, confidence: 0.1, at: new Date(1000 * i) });
    }
    const recent = await log.recent('tg:-1', 100);
    expect(recent.map((e) => e.text)).toEqual(['问题11', '问题10', '问题9', '问题8', '问题7']);
    expect((await log.recent('tg:-1', 2)).map((e) => e.text)).toEqual(['问题11', '问题10']);
    expect(await log.recent('tg:-2')).toEqual([]);
    // Two rings (the group and all chats), each at most 5 slots + 1 head.
    const db = new Database(path, { readonly: true });
    const n = (db.prepare("SELECT COUNT(*) AS n FROM keyv WHERE namespace = 'unanswered'").get() as { n: number }).n;
    db.close();
    expect(n).toBeLessThanOrEqual(12);
  });

  it('GIVEN a long question THEN at most 500 characters are kept', async () => {
    const log = new UnansweredLog((await stores()).unanswered);
    await log.record({ platform: 'cli', text: '长'.repeat(5000), bestGuess: null, confidence: 0, at: new Date(0) });
    expect([...((await log.recent())[0]?.text ?? '')]).toHaveLength(500);
  });

  it('GIVEN entries older than 30 days THEN they are gone', async () => {
    let t = 1_700_000_000_000;
    const s = await stores(undefined, () => t);
    const log = new UnansweredLog(s.unanswered);
    await log.record({ platform: 'telegram', group: 'tg:-1', text: 'old', bestGuess: null, confidence: 0, at: new Date(t) });
    t += 29 * 86_400_000;
    await log.record({ platform: 'telegram', group: 'tg:-1', text: 'newer', bestGuess: null, confidence: 0, at: new Date(t) });
    expect((await log.recent('tg:-1')).map((e) => e.text)).toEqual(['newer', 'old']);
    t += 2 * 86_400_000;
    expect((await log.recent('tg:-1')).map((e) => e.text)).toEqual(['newer']);
  });

  it('GIVEN a SQLite file reopened (a restart) THEN the log survives and keeps appending after the old entries', async () => {
    const path = tempPath();
    const before = await openStore({ kind: 'sqlite', path });
    await new UnansweredLog(before.unanswered).record({ platform: 'discord', group: 'dc:1', text: '第一条', bestGuess: 'legality', confidence: 0.4, at: new Date(1) });
    await before.close();

    const after = await stores(path);
    const log = new UnansweredLog(after.unanswered);
    await log.record({ platform: 'discord', group: 'dc:1', text: '第二条', bestGuess: null, confidence: 0.2, at: new Date(2) });
    const entries = await log.recent('dc:1');
    expect(entries.map((e) => e.text)).toEqual(['第二条', '第一条']);
    expect(entries[1]).toMatchObject({ bestGuess: 'legality', confidence: 0.4, platform: 'discord' });
  });

  it('GIVEN a log in the configured store THEN `npm run unanswered` prints it as JSON lines, newest first, filtered by group', async () => {
    const path = tempPath();
    const s = await openStore({ kind: 'sqlite', path });
    const log = new UnansweredLog(s.unanswered);
    await log.record({ platform: 'telegram', group: 'tg:-1', text: '天气 13812345678', bestGuess: null, confidence: 0.1, at: new Date(5) });
    await log.record({ platform: 'discord', text: '电影', bestGuess: 'legality', confidence: 0.3, at: new Date(6) });
    await s.close();
    const run = (...args: string[]) =>
      spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'src', 'cli', 'unanswered.ts'), ...args], {
        cwd: ROOT,
        env: { ...process.env, STORE_URL: `sqlite://${path}` },
        encoding: 'utf8',
        timeout: 30_000,
      });
    const all = run();
    expect(all.status).toBe(0);
    const lines = all.stdout.trim().split('\n').map((l) => JSON.parse(l) as { text: string; group: string | null });
    expect(lines.map((l) => l.text)).toEqual(['电影', '天气 138****5678']);
    const group = run('--group', 'tg:-1', '--limit', '5');
    expect(group.stdout.trim().split('\n')).toHaveLength(1);
    const bad = run('--limit', 'x');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--limit/);
  });

  it('GIVEN scopes and user refs of each adapter THEN group and platform are derived; private chats have no group', () => {
    expect(groupOf('chat:-100123')).toBe('tg:-100123');
    expect(groupOf('chat:-100123:thread:7')).toBe('tg:-100123');
    expect(groupOf('guild:111:channel:222')).toBe('dc:111');
    for (const scope of ['private', 'dm', 'console', 'chat']) expect(groupOf(scope)).toBeUndefined();
    expect(platformOf('tg:1')).toBe('telegram');
    expect(platformOf('dc:1')).toBe('discord');
    expect(platformOf('console:local')).toBe('console');
  });

  it('GIVEN turns of each kind THEN only rejected and clarify questions count as unanswered', () => {
    const turn = (text: string) => respond(brain, { type: 'text', text }, initialState());
    expect(isUnanswered(turn('今天上海天气怎么样'))).toBe(true);
    expect(isUnanswered(turn('催收打电话给我爸妈，这样合法吗'))).toBe(false);
    expect(isUnanswered(turn('我真的不想活了'))).toBe(false);
    expect(isUnanswered(respond(brain, { type: 'button', id: 'menu' }, initialState()))).toBe(false);
  });

  it('GIVEN a failing log THEN the turn is still answered and the failure reported', async () => {
    const errors: unknown[] = [];
    const assistant = new Assistant(brain, {
      onUnanswered: () => Promise.reject(new Error('log down')),
      onStoreError: (e) => errors.push(e),
    });
    const { reply } = await assistant.handle({ user: 'tg:1', scope: 'private' }, { type: 'text', text: '今天上海天气怎么样' });
    expect(reply.kind).toBe('out-of-scope');
    expect(errors).toEqual([new Error('log down')]);
  });
});

async function collect(s: Stores): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const entry of s.unanswered.iterator!(undefined)) out.push(entry);
  return out;
}
