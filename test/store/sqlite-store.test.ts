import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Keyv from 'keyv';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Assistant } from '../../src/core/assistant.js';
import { loadBrain } from '../../src/core/brain.js';
import type { Brain } from '../../src/core/respond.js';
import { openStore, StoreError } from '../../src/store/index.js';
import { SqliteFile, sqliteKeyv } from '../../src/store/sqlite-store.js';

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});

const dirs: string[] = [];
const files: SqliteFile[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const f of files.splice(0)) f.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempPath(name = 'bot.sqlite'): string {
  const dir = mkdtempSync(join(tmpdir(), 'store-test-'));
  dirs.push(dir);
  return join(dir, 'nested', name);
}

/** A clock the test moves by hand. */
function manualClock(start = 1_700_000_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

function open(path = ':memory:', options: ConstructorParameters<typeof SqliteFile>[1] = {}): SqliteFile {
  const f = new SqliteFile(path, { sweepIntervalMs: 0, ...options });
  files.push(f);
  return f;
}

describe('SQLite keyv adapter', () => {
  it('GIVEN values set through Keyv THEN get returns them, delete removes one, clear empties the namespace', async () => {
    const keyv = sqliteKeyv(open(), 'conv');
    await keyv.set('a', { lastTopic: 'x', turns: 1 });
    await keyv.set('b', [1, 2, 3]);
    await keyv.set('c', '字符串');
    expect(await keyv.get('a')).toEqual({ lastTopic: 'x', turns: 1 });
    expect(await keyv.get('b')).toEqual([1, 2, 3]);
    expect(await keyv.get('c')).toBe('字符串');
    expect(await keyv.get('missing')).toBeUndefined();
    expect(await keyv.has('a')).toBe(true);
    expect(await keyv.delete('a')).toBe(true);
    expect(await keyv.delete('a')).toBe(false);
    expect(await keyv.get('a')).toBeUndefined();
    await keyv.set('b', 'overwritten');
    expect(await keyv.get('b')).toBe('overwritten');
    await keyv.clear();
    expect(await keyv.get('b')).toBeUndefined();
    expect(await keyv.has('c')).toBe(false);
  });

  it('GIVEN many keys THEN getMany/setMany/hasMany/deleteMany and the iterator work in one namespace', async () => {
    const keyv = sqliteKeyv(open(), 'n');
    await keyv.setMany([
      { key: 'k1', value: 1 },
      { key: 'k2', value: 2 },
      { key: 'k3', value: 3 },
    ]);
    expect(await keyv.getMany(['k3', 'nope', 'k1'])).toEqual([3, undefined, 1]);
    expect(await keyv.hasMany(['k1', 'nope'])).toEqual([true, false]);
    expect(await keyv.deleteMany(['k1', 'k2'])).toBe(true);
    const seen: unknown[] = [];
    for await (const entry of keyv.iterator!(undefined)) seen.push(entry);
    expect(seen).toEqual([['k3', 3]]);
  });

  it('GIVEN a TTL THEN the entry lives until it expires, then reads, has and the sweep drop it', async () => {
    const clock = manualClock();
    const file = open(':memory:', { now: clock.now });
    const keyv = sqliteKeyv(file, 'conv');
    await keyv.set('short', 'v', 1000);
    await keyv.set('forever', 'v');
    clock.advance(999);
    expect(await keyv.get('short')).toBe('v');
    clock.advance(1);
    expect(await keyv.get('short')).toBeUndefined();
    expect(await keyv.has('short')).toBe(false);
    expect(await keyv.get('forever')).toBe('v');

    await keyv.set('a', 1, 500);
    await keyv.set('b', 2, 500);
    clock.advance(500);
    expect(file.sweep()).toBe(2);
    expect(await keyv.getMany(['a', 'b', 'forever'])).toEqual([undefined, undefined, 'v']);
  });

  it('GIVEN a sweep interval THEN expired rows are deleted in the background without being read', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const clock = manualClock();
    const path = tempPath();
    const file = open(path, { now: clock.now, sweepIntervalMs: 60_000 });
    await sqliteKeyv(file, 'conv').set('k', 'v', 1000);
    const rows = (): number => {
      const db = new Database(path, { readonly: true });
      try {
        return (db.prepare('SELECT COUNT(*) AS n FROM keyv').get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
    expect(rows()).toBe(1);
    clock.advance(2000);
    vi.advanceTimersByTime(60_000);
    expect(rows()).toBe(0);
  });

  it('GIVEN the same key in two namespaces THEN they are isolated, also for clear()', async () => {
    const file = open();
    const conv = sqliteKeyv(file, 'conv');
    const settings = sqliteKeyv(file, 'settings');
    await conv.set('k', 'conversation');
    await settings.set('k', 'setting');
    expect(await conv.get('k')).toBe('conversation');
    expect(await settings.get('k')).toBe('setting');
    await conv.clear();
    expect(await conv.get('k')).toBeUndefined();
    expect(await settings.get('k')).toBe('setting');
  });

  it('GIVEN a file written then closed (a restart) THEN reopening it finds every namespace, TTLs intact', async () => {
    const path = tempPath();
    const first = await openStore({ kind: 'sqlite', path });
    await first.conversations.set('conv:tg:1|private', { lastTopic: 'legality', lastFollowUps: [], turns: 1 }, 60_000);
    await first.settings.set('tg:-100', { autoAnswer: true });
    await first.unanswered.set('probe', 'x', 60_000);
    await first.close();

    const second = await openStore({ kind: 'sqlite', path });
    expect(await second.conversations.get('conv:tg:1|private')).toMatchObject({ lastTopic: 'legality' });
    expect(await second.settings.get('tg:-100')).toEqual({ autoAnswer: true });
    expect(await second.unanswered.get('probe')).toBe('x');
    expect(second.location).toBe(`sqlite:${path}`);
    await second.close();
  });

  it('GIVEN a bot restarted on the same file THEN the conversation continues (short follow-up answered in context)', async () => {
    const path = tempPath();
    const ref = { user: 'tg:7', scope: 'private' };
    const before = await openStore({ kind: 'sqlite', path });
    await new Assistant(brain, { store: before.conversations }).handle(ref, { type: 'text', text: '我是紧急联系人，天天接到催收电话' });
    await before.close();

    const after = await openStore({ kind: 'sqlite', path });
    const { reply } = await new Assistant(brain, { store: after.conversations }).handle(ref, { type: 'text', text: '那合法吗' });
    expect(reply.intent).toBe('legality');
    expect(reply.context).toMatch(/接着刚才/);
    await after.close();
  });

  it('GIVEN a user who keeps talking past the TTL of the first turn THEN /forget still finds and deletes every scope', async () => {
    const clock = manualClock();
    const stores = await openStore({ kind: 'memory' }, { sqlite: { now: clock.now, sweepIntervalMs: 0 } });
    const assistant = new Assistant(brain, { store: stores.conversations, ttlMs: 1000 });
    const text = { type: 'text', text: '征信会受影响吗' } as const;
    await assistant.handle({ user: 'tg:1', scope: 'private' }, text);
    await assistant.handle({ user: 'tg:1', scope: 'chat:-5' }, text);
    clock.advance(800);
    await assistant.handle({ user: 'tg:1', scope: 'private' }, text);
    clock.advance(700); // 1.5 s after the first turn: its TTL is over, the latest turn's is not
    expect(await stores.conversations.get('conv:tg:1|private')).toBeDefined();
    expect(await assistant.forgetUser('tg:1')).toBe(true);
    expect(await stores.conversations.get('conv:tg:1|private')).toBeUndefined();
    expect(await stores.conversations.get('scopes:tg:1')).toBeUndefined();
    await stores.close();
  });

  it('GIVEN a closed store THEN calls fail with STORE_CLOSED and the Assistant still answers', async () => {
    const errors: unknown[] = [];
    const stores = await openStore({ kind: 'memory' });
    await stores.close();
    await expect(stores.conversations.get('k')).rejects.toMatchObject({ code: 'STORE_CLOSED' });
    const assistant = new Assistant(brain, { store: stores.conversations, onStoreError: (e) => errors.push(e) });
    const { reply } = await assistant.handle({ user: 'tg:1', scope: 'private' }, { type: 'text', text: '征信会受影响吗' });
    expect(reply.intent).toBe('credit-report');
    expect(errors[0]).toBeInstanceOf(StoreError);
  });

  it('GIVEN an unusable path or a file from a newer schema THEN opening fails with STORE_OPEN_FAILED naming the path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-test-'));
    dirs.push(dir);
    expect(() => new SqliteFile(dir)).toThrow(expect.objectContaining({ code: 'STORE_OPEN_FAILED', message: expect.stringContaining(dir) }));
    const newer = join(dir, 'newer.sqlite');
    const db = new Database(newer);
    db.pragma('user_version = 99');
    db.close();
    expect(() => new SqliteFile(newer)).toThrow(expect.objectContaining({ code: 'STORE_OPEN_FAILED', message: expect.stringMatching(/newer/) }));
  });

  it('GIVEN the bench entry point THEN createSqliteKeyv returns a working Keyv whose disconnect closes the file', async () => {
    const { createSqliteKeyv } = await import('../../src/store/index.js');
    const keyv: Keyv = createSqliteKeyv(tempPath(), 'conv');
    await keyv.set('k', 1);
    expect(await keyv.get('k')).toBe(1);
    await keyv.disconnect();
    await expect(keyv.get('k')).rejects.toMatchObject({ code: 'STORE_CLOSED' });
  });
});
