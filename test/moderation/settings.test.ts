/**
 * Group settings: reading stored values safely, typed and button changes, the menu's size on
 * both platforms, admin checks on every action, store failures, and persistence across a
 * restart (a real SQLite file reopened through `openStore` and `createSqliteKeyv`).
 */
import Keyv from 'keyv';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBrain } from '../../src/core/brain.js';
import type { Brain } from '../../src/core/respond.js';
import {
  defaultSettings,
  GroupSettingsStore,
  Moderation,
  NOT_ADMIN_TEXT,
  readSettings,
  SAVE_FAILED_TEXT,
  settingsKey,
  STALE_MENU_TEXT,
  type Actor,
} from '../../src/moderation/index.js';
import { applyChange } from '../../src/moderation/settings-change.js';
import { parseMenuButton, renderMenu } from '../../src/moderation/settings-menu.js';
import { parseSettingsText } from '../../src/moderation/settings-text.js';
import { clampThreshold, stepCooldown } from '../../src/moderation/settings.js';
import { listableTopics } from '../../src/moderation/topics.js';
import { createSqliteKeyv } from '../../src/store/index.js';
import { useTempStores } from '../support/temp-stores.js';
import { shanghai } from './driver.js';
import { telegramDriver } from './telegram-driver.js';

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});

const temp = useTempStores('moderation-settings');

const GROUP = 'tg:-1001234567890';

/** An actor whose admin status is asked through a counter. */
function actor(admin: { value: boolean }, calls = { n: 0 }): Actor {
  return {
    group: GROUP,
    isAdmin: async () => {
      calls.n += 1;
      return admin.value;
    },
  };
}

function service(store: Keyv = new Keyv()): Moderation {
  return new Moderation({ brain, settings: new GroupSettingsStore(store, { cacheMs: 0 }) });
}

describe('reading stored settings', () => {
  it('GIVEN nothing, garbage or a partly corrupted value THEN each bad field takes its default and the rest is kept', () => {
    expect(readSettings(undefined)).toEqual(defaultSettings());
    expect(readSettings('nonsense')).toEqual(defaultSettings());
    expect(readSettings([1, 2])).toEqual(defaultSettings());
    const s = readSettings({
      answerMode: 'auto',
      autoThreshold: 7,
      cooldownSeconds: -5,
      script: 'traditional',
      quietHours: { enabled: true, start: 60, end: 120, timezone: 'Mars/Olympus' },
      disabledTopics: ['legality', 'NOT A SLUG'],
      welcome: { enabled: true, message: { chat: '-100', id: '7' } },
      extra: 'ignored',
    });
    expect(s.answerMode).toBe('auto');
    expect(s.script).toBe('traditional');
    expect(s.autoThreshold).toBe(defaultSettings().autoThreshold);
    expect(s.cooldownSeconds).toBe(defaultSettings().cooldownSeconds);
    expect(s.quietHours).toEqual(defaultSettings().quietHours);
    expect(s.disabledTopics).toEqual([]);
    expect(s.welcome).toEqual({ enabled: true, message: { chat: '-100', id: '7' } });
    expect(s).not.toHaveProperty('extra');
  });

  it('GIVEN the defaults THEN answers only when addressed, 60% threshold, 2 min cooldown, quiet 23:00–07:00 Asia/Shanghai, 简体, full', () => {
    expect(defaultSettings()).toEqual({
      answerMode: 'command',
      autoThreshold: 0.6,
      cooldownSeconds: 120,
      script: 'simplified',
      detail: 'full',
      quietHours: { enabled: true, start: 1380, end: 420, timezone: 'Asia/Shanghai' },
      disabledTopics: [],
      welcome: { enabled: false },
    });
  });
});

describe('changes', () => {
  const topicIds = (): string[] => listableTopics(brain).map((t) => t.id);

  it('GIVEN −/+ buttons THEN threshold and cooldown step within their ranges and quiet hours wrap around midnight', () => {
    let s = defaultSettings();
    for (let i = 0; i < 20; i += 1) s = applyChange(s, parseMenuButton('m:thr:+', s, topicIds())!.change!);
    expect(s.autoThreshold).toBe(0.95);
    for (let i = 0; i < 20; i += 1) s = applyChange(s, parseMenuButton('m:thr:-', s, topicIds())!.change!);
    expect(s.autoThreshold).toBe(0.4);
    expect(stepCooldown(120, 1)).toBe(300);
    expect(stepCooldown(45, -1)).toBe(30);
    expect(stepCooldown(0, -1)).toBe(0);
    expect(stepCooldown(3600, 1)).toBe(3600);
    s = applyChange(s, parseMenuButton('m:qe:-', s, topicIds())!.change!);
    expect(s.quietHours.end).toBe(6 * 60);
    for (let i = 0; i < 2; i += 1) s = applyChange(s, parseMenuButton('m:qs:+', s, topicIds())!.change!);
    expect(s.quietHours.start).toBe(60);
    expect(clampThreshold(0.666)).toBe(0.65);
  });

  it('GIVEN unknown or malformed button ids THEN they are rejected; crisis can never be switched off', () => {
    const s = defaultSettings();
    for (const id of ['m:', 'm:mode:sometimes', 'm:thr:*', 'm:tp:nope:off', 'm:tp:legality:maybe', 'f:legality', `m:pg:${'x'.repeat(80)}`]) {
      expect(parseMenuButton(id, s, topicIds()), id).toBeNull();
    }
    const off = applyChange(s, { key: 'topic', topicId: 'crisis', enabled: false });
    expect(off.disabledTopics).toEqual([]);
    const legal = applyChange(applyChange(s, { key: 'topic', topicId: 'legality', enabled: false }), { key: 'topic', topicId: 'legality', enabled: false });
    expect(legal.disabledTopics).toEqual(['legality']);
  });

  it('GIVEN typed changes THEN each is parsed; mistakes get the usage', () => {
    const topicOf = (name: string): string | undefined => (name === '投诉' ? 'complain' : undefined);
    const ok = (text: string): unknown => {
      const r = parseSettingsText(text, topicOf);
      return r.ok ? r.change : r.error.split('\n')[0];
    };
    expect(ok('mode auto')).toEqual({ key: 'answerMode', value: 'auto' });
    expect(ok('模式 关闭')).toEqual({ key: 'answerMode', value: 'off' });
    expect(ok('threshold 0.75')).toEqual({ key: 'autoThreshold', value: 0.75 });
    expect(ok('阈值 80%')).toEqual({ key: 'autoThreshold', value: 0.8 });
    expect(ok('cooldown 2m')).toEqual({ key: 'cooldownSeconds', value: 120 });
    expect(ok('quiet 22:30-06:00')).toEqual({ key: 'quietWindow', start: 1350, end: 360 });
    expect(ok('免打扰 23点到7点')).toEqual(expect.stringContaining('免打扰'));
    expect(ok('quiet 23-7')).toEqual({ key: 'quietWindow', start: 1380, end: 420 });
    expect(ok('quiet off')).toEqual({ key: 'quietEnabled', value: false });
    expect(ok('timezone Asia/Taipei')).toEqual({ key: 'timezone', value: 'Asia/Taipei' });
    expect(ok('timezone Mars/Olympus')).toEqual(expect.stringContaining('时区'));
    expect(ok('script 繁體')).toEqual({ key: 'script', value: 'traditional' });
    expect(ok('detail concise')).toEqual({ key: 'detail', value: 'concise' });
    expect(ok('topic 投诉 off')).toEqual({ key: 'topic', topicId: 'complain', enabled: false });
    expect(ok('welcome on')).toEqual({ key: 'welcome', value: true });
    expect(ok('threshold 2%')).toEqual(expect.stringContaining('阈值'));
    expect(ok('cooldown 7200')).toEqual(expect.stringContaining('3600'));
    expect(ok('colour blue')).toEqual(expect.stringContaining('不认识'));
  });

  it('GIVEN every menu page in every state THEN it fits Discord (≤ 5 rows × 5, labels ≤ 80, ids ≤ 100) and Telegram (callback data ≤ 64 bytes)', () => {
    const topics = listableTopics(brain);
    const variants = [defaultSettings(), { ...defaultSettings(), answerMode: 'auto' as const, disabledTopics: topics.map((t) => t.id) }];
    for (const s of variants) {
      for (const page of ['main', 'topics'] as const) {
        const view = renderMenu(s, page, topics);
        expect(view.rows.length).toBeLessThanOrEqual(5);
        for (const row of view.rows) {
          expect(row.length).toBeLessThanOrEqual(5);
          for (const b of row) {
            expect(Buffer.byteLength(b.id)).toBeLessThanOrEqual(64);
            expect([...b.label].length).toBeLessThanOrEqual(80);
            expect(parseMenuButton(b.id, s, topics.map((t) => t.id)), b.id).not.toBeNull();
          }
        }
      }
    }
    const toggles = renderMenu(defaultSettings(), 'topics', topics).rows.flat().filter((b) => b.id.startsWith('m:tp:'));
    expect(toggles.map((b) => b.id.split(':')[2])).toEqual(topics.map((t) => t.id).filter((id) => id !== 'crisis'));
  });
});

describe('admin checks', () => {
  it('GIVEN a menu shown to an admin THEN admin status is asked again on every press, and a revoked admin changes nothing', async () => {
    const m = service();
    const admin = { value: true };
    const calls = { n: 0 };
    expect((await m.settingsCommand(actor(admin, calls))).kind).toBe('menu');
    expect((await m.press(actor(admin, calls), 'm:mode:auto')).kind).toBe('updated');
    expect((await m.press(actor(admin, calls), 'm:pg:topics')).kind).toBe('updated');
    expect(calls.n).toBe(3);
    admin.value = false;
    expect(await m.press(actor(admin, calls), 'm:mode:off')).toEqual({ kind: 'refused', text: NOT_ADMIN_TEXT });
    expect(await m.settingsCommand(actor(admin, calls), 'mode off')).toEqual({ kind: 'refused', text: NOT_ADMIN_TEXT });
    expect(await m.unansweredReport(actor(admin, calls))).toEqual({ kind: 'refused', text: NOT_ADMIN_TEXT });
    expect(calls.n).toBe(6);
    expect((await m.settingsOf(GROUP)).answerMode).toBe('auto');
  });

  it('GIVEN a stale id THEN the admin is told to reopen the menu; GIVEN a private chat THEN settings are refused without asking', async () => {
    const m = service();
    expect(await m.press(actor({ value: true }), 'm:mode:sometimes')).toEqual({ kind: 'stale', text: STALE_MENU_TEXT });
    const calls = { n: 0 };
    const dm: Actor = { group: undefined, isAdmin: async () => (calls.n += 1) > 0 };
    expect((await m.settingsCommand(dm)).kind).toBe('notice');
    expect(calls.n).toBe(0);
  });

  it('GIVEN answers off THEN only admins count as allowed (the platform is asked only then)', async () => {
    const m = service();
    const calls = { n: 0 };
    expect(await m.memberAllowed(actor({ value: false }, calls))).toBe(true);
    expect(calls.n).toBe(0);
    await m.press(actor({ value: true }), 'm:mode:off');
    expect(await m.memberAllowed(actor({ value: false }, calls))).toBe(false);
    expect(await m.memberAllowed(actor({ value: true }, calls))).toBe(true);
    expect(calls.n).toBe(2);
  });
});

describe('store failures', () => {
  /** A Keyv whose every call fails. */
  function broken(): Keyv {
    const k = new Keyv();
    const fail = async (): Promise<never> => {
      throw new Error('store down');
    };
    Object.assign(k, { get: fail, set: fail, getMany: fail });
    return k;
  }

  it('GIVEN a failing store THEN reads give the defaults (reported) and changes say they were not saved', async () => {
    const errors: unknown[] = [];
    const m = new Moderation({ brain, settings: new GroupSettingsStore(broken(), { onError: (e) => errors.push(e) }) });
    expect(await m.settingsOf(GROUP)).toEqual(defaultSettings());
    expect(errors).toHaveLength(1);
    expect(await m.press(actor({ value: true }), 'm:mode:auto')).toEqual({ kind: 'failed', text: SAVE_FAILED_TEXT });
    expect(await m.settingsCommand(actor({ value: true }), 'mode auto')).toEqual({ kind: 'notice', text: SAVE_FAILED_TEXT });
    expect((await m.autoAnswer(GROUP, '催收天天打电话给我妈，这合法吗')).kind).toBe('silent');
  });

  it('GIVEN a store that never answers THEN reads give up after the timeout', async () => {
    const k = new Keyv();
    Object.assign(k, { get: () => new Promise(() => undefined) });
    const store = new GroupSettingsStore(k, { timeoutMs: 30 });
    const started = Date.now();
    expect(await store.get(GROUP)).toEqual(defaultSettings());
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(store.fresh(GROUP)).rejects.toThrow(/did not answer/u);
  });

  it('GIVEN the read cache THEN a change by another instance shows within cacheMs', async () => {
    const shared = new Keyv();
    let now = 0;
    const a = new GroupSettingsStore(shared, { cacheMs: 10_000, now: () => now });
    const b = new GroupSettingsStore(shared, { cacheMs: 10_000, now: () => now });
    expect((await a.get(GROUP)).answerMode).toBe('command');
    await b.update(GROUP, (s) => ({ ...s, answerMode: 'auto' }));
    expect((await a.get(GROUP)).answerMode).toBe('command');
    now = 10_001;
    expect((await a.get(GROUP)).answerMode).toBe('auto');
  });
});

describe('persistence across a restart (SQLite)', () => {
  it('GIVEN an admin who turned on auto-answer, 繁體 and quiet hours on the Telegram bot THEN after reopening the SQLite file the group keeps them and a member is auto-answered', async () => {
    const path = temp.file();
    const clock = { now: shanghai('12:00') };
    let stores = await temp.open({ kind: 'sqlite', path }, { sqlite: { sweepIntervalMs: 0 } });
    const first = telegramDriver(brain, clock, stores.settings);
    await first.press('admin', 'm:mode:auto');
    await first.press('admin', 'm:scr:tw');
    await first.command('admin', 'settings', 'quiet 22:00-06:00');
    await first.press('admin', 'm:pg:topics');
    await first.press('admin', 'm:tp:scam:off');
    first.take();
    await temp.close(stores);

    // The raw row is in the `settings` namespace of the file.
    const raw = createSqliteKeyv(path, 'settings');
    expect(await raw.get(settingsKey(first.group))).toMatchObject({ answerMode: 'auto', script: 'traditional', disabledTopics: ['scam'] });
    await raw.disconnect();

    stores = await temp.open({ kind: 'sqlite', path }, { sqlite: { sweepIntervalMs: 0 } });
    const second = telegramDriver(brain, clock, stores.settings);
    expect(await second.service.settingsOf(second.group)).toMatchObject({
      answerMode: 'auto',
      script: 'traditional',
      quietHours: { enabled: true, start: 22 * 60, end: 6 * 60, timezone: 'Asia/Shanghai' },
      disabledTopics: ['scam'],
    });
    await second.chat('member', '催收天天打电话给我妈，这合法吗');
    expect(second.take()).toMatchObject({ answered: ['legality'], traditional: true });
    clock.now = shanghai('23:00');
    await second.chat('member', '怎么投诉催收');
    expect(second.take().answered).toEqual([]);
  });
});
