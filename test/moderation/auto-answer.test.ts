/**
 * The auto-answer decision on its own (pure, with an injected clock): threshold, small talk,
 * clarify and out-of-scope, disabled topics, quiet hours (Asia/Shanghai by default, windows
 * across midnight, other timezones, DST), the per-group cooldown, and crisis words.
 */
import Keyv from 'keyv';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBrain } from '../../src/core/brain.js';
import type { Brain } from '../../src/core/respond.js';
import { CooldownTracker, decideAutoAnswer } from '../../src/moderation/auto-answer.js';
import { defaultSettings, GroupSettingsStore, Moderation, type GroupSettings } from '../../src/moderation/index.js';
import { inQuietHours, isValidTimeZone, localMinutes } from '../../src/moderation/quiet-hours.js';
import type { MatchResult } from '../../src/matcher/matcher.js';
import { shanghai } from './driver.js';

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});

const auto = (patch: Partial<GroupSettings> = {}): GroupSettings => ({ ...defaultSettings(), answerMode: 'auto', ...patch });
const match = (intent: MatchResult['intent'], confidence: number, decision: MatchResult['decision'] = 'answer'): MatchResult => ({
  intent,
  confidence,
  decision,
  alternatives: intent ? [{ intent, confidence }] : [],
  question: null,
  questions: [],
});
const NOON = shanghai('12:00');

describe('decideAutoAnswer', () => {
  const base = { topicId: 'legality', crisis: false, now: NOON, lastAnsweredAt: undefined, contentChars: 20 };

  it('GIVEN a clear match at or above the threshold THEN answer; below it, or when not in auto mode, THEN skip with the reason', () => {
    expect(decideAutoAnswer({ ...base, settings: auto(), match: match('legality', 0.6) })).toMatchObject({ answer: true, topicId: 'legality' });
    expect(decideAutoAnswer({ ...base, settings: auto(), match: match('legality', 0.59) })).toMatchObject({ answer: false, reason: 'below-threshold' });
    expect(decideAutoAnswer({ ...base, settings: auto({ autoThreshold: 0.9 }), match: match('legality', 0.85) })).toMatchObject({ reason: 'below-threshold' });
    for (const mode of ['command', 'off'] as const) {
      expect(decideAutoAnswer({ ...base, settings: auto({ answerMode: mode }), match: match('legality', 0.99) })).toMatchObject({ reason: 'mode' });
    }
  });

  it('GIVEN a message of one or two words (e.g. 「催收」) THEN skip it as too short to be a question', () => {
    expect(decideAutoAnswer({ ...base, contentChars: 2, settings: auto(), match: match('legality', 0.99) })).toMatchObject({ answer: false, reason: 'too-short' });
    expect(decideAutoAnswer({ ...base, contentChars: 4, settings: auto(), match: match('legality', 0.99) })).toMatchObject({ answer: true });
  });

  it('GIVEN small talk, a clarifying question or out of scope THEN never answer', () => {
    for (const intent of ['greeting', 'thanks', 'help'] as const) {
      expect(decideAutoAnswer({ ...base, topicId: intent, settings: auto(), match: match(intent, 0.99) })).toMatchObject({ reason: 'small-talk' });
    }
    expect(decideAutoAnswer({ ...base, settings: auto(), match: match('legality', 0.9, 'clarify') })).toMatchObject({ reason: 'no-match' });
    expect(decideAutoAnswer({ ...base, topicId: null, settings: auto(), match: match(null, 0.1, 'reject') })).toMatchObject({ reason: 'no-match' });
  });

  it('GIVEN a disabled topic, quiet hours or the cooldown THEN skip with that reason', () => {
    expect(decideAutoAnswer({ ...base, settings: auto({ disabledTopics: ['legality'] }), match: match('legality', 0.9) })).toMatchObject({ reason: 'topic-disabled' });
    expect(decideAutoAnswer({ ...base, now: shanghai('23:00'), settings: auto(), match: match('legality', 0.9) })).toMatchObject({ reason: 'quiet-hours' });
    const cooled = { ...base, settings: auto({ cooldownSeconds: 120 }), match: match('legality', 0.9) };
    expect(decideAutoAnswer({ ...cooled, lastAnsweredAt: NOON - 119_999 })).toMatchObject({ reason: 'cooldown' });
    expect(decideAutoAnswer({ ...cooled, lastAnsweredAt: NOON - 120_000 })).toMatchObject({ answer: true });
    expect(decideAutoAnswer({ ...cooled, settings: auto({ cooldownSeconds: 0 }), lastAnsweredAt: NOON })).toMatchObject({ answer: true });
  });

  it('GIVEN crisis words THEN answer with the crisis topic in auto mode whatever the threshold, quiet hours and cooldown; never outside auto mode', () => {
    const crisis = { topicId: 'crisis', crisis: true, now: shanghai('03:00'), lastAnsweredAt: shanghai('02:59'), match: match('crisis', 1), contentChars: 2 };
    expect(decideAutoAnswer({ ...crisis, settings: auto({ autoThreshold: 0.95, cooldownSeconds: 3600 }) })).toMatchObject({ answer: true, crisis: true });
    expect(decideAutoAnswer({ ...crisis, settings: auto({ answerMode: 'command' }) })).toMatchObject({ answer: false, reason: 'mode' });
    // A low-confidence "crisis" guess without crisis words is an ordinary guess.
    expect(decideAutoAnswer({ ...crisis, crisis: false, match: match('crisis', 0.24), settings: auto() })).toMatchObject({ answer: false });
  });
});

describe('quiet hours', () => {
  const q = (start: string, end: string, timezone = 'Asia/Shanghai') => {
    const m = (t: string): number => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
    return { enabled: true, start: m(start), end: m(end), timezone };
  };

  it('GIVEN 23:00–07:00 Asia/Shanghai THEN 23:00 and 06:59 are quiet, 07:00 and 22:59 are not', () => {
    expect(inQuietHours(q('23:00', '07:00'), shanghai('23:00'))).toBe(true);
    expect(inQuietHours(q('23:00', '07:00'), shanghai('00:00'))).toBe(true);
    expect(inQuietHours(q('23:00', '07:00'), shanghai('06:59'))).toBe(true);
    expect(inQuietHours(q('23:00', '07:00'), shanghai('07:00'))).toBe(false);
    expect(inQuietHours(q('23:00', '07:00'), shanghai('22:59'))).toBe(false);
  });

  it('GIVEN a daytime window, an empty window or quiet hours off THEN those apply', () => {
    expect(inQuietHours(q('12:00', '14:00'), shanghai('13:00'))).toBe(true);
    expect(inQuietHours(q('12:00', '14:00'), shanghai('14:00'))).toBe(false);
    expect(inQuietHours(q('12:00', '12:00'), shanghai('12:00'))).toBe(false);
    expect(inQuietHours({ ...q('00:00', '23:59'), enabled: false }, shanghai('12:00'))).toBe(false);
  });

  it('GIVEN another timezone THEN local time there counts, across DST too', () => {
    expect(localMinutes(shanghai('12:00'), 'Asia/Shanghai')).toBe(12 * 60);
    expect(localMinutes(shanghai('12:00'), 'Asia/Tokyo')).toBe(13 * 60);
    expect(localMinutes(shanghai('12:00'), 'UTC')).toBe(4 * 60);
    // New York: UTC−5 in winter, UTC−4 in summer.
    expect(localMinutes(Date.UTC(2026, 0, 15, 4, 30), 'America/New_York')).toBe(23 * 60 + 30);
    expect(localMinutes(Date.UTC(2026, 6, 15, 4, 30), 'America/New_York')).toBe(30);
    expect(inQuietHours(q('23:00', '07:00', 'America/New_York'), Date.UTC(2026, 0, 15, 4, 30))).toBe(true);
    expect(isValidTimeZone('Asia/Taipei')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('../etc/passwd')).toBe(false);
  });
});

describe('Moderation.autoAnswer (matcher + settings + cooldown)', () => {
  it('GIVEN two groups THEN each has its own cooldown; two messages at the same moment get one answer', async () => {
    let now = NOON;
    const store = new GroupSettingsStore(new Keyv(), { cacheMs: 0 });
    const m = new Moderation({ brain, settings: store, now: () => now });
    for (const g of ['tg:-1', 'dc:2']) await store.set(g, auto({ cooldownSeconds: 300 }));
    const q = '催收天天打电话给我妈，这合法吗';
    const [a, b] = await Promise.all([m.autoAnswer('tg:-1', q), m.autoAnswer('tg:-1', q)]);
    expect([a.kind, b.kind].sort()).toEqual(['answer', 'silent']);
    expect((await m.autoAnswer('dc:2', q)).kind).toBe('answer');
    now += 299_000;
    expect(await m.autoAnswer('tg:-1', q)).toEqual({ kind: 'silent', reason: 'cooldown' });
    now += 1_000;
    expect((await m.autoAnswer('tg:-1', q)).kind).toBe('answer');
  });

  it('GIVEN an auto-answer THEN it names the topic and carries the "automatic answer" note in the group script', async () => {
    const store = new GroupSettingsStore(new Keyv(), { cacheMs: 0 });
    const m = new Moderation({ brain, settings: store, now: () => NOON });
    await store.set('tg:-1', auto({ script: 'traditional' }));
    const out = await m.autoAnswer('tg:-1', '怎么投诉催收');
    // The question entry when one fits (answered like its button), a complaint question here.
    expect(out.kind).toBe('answer');
    const id = out.kind === 'answer' ? out.topicId : '';
    expect(brain.questions.get(id)?.topic.id ?? id).toBe('complain');
    expect(out.kind === 'answer' && out.intro).toContain('自動回答');
    expect(await m.autoAnswer('tg:-1', '/start')).toEqual({ kind: 'silent', reason: 'no-text' });
  });

  it('GIVEN a lender or a collector asking in the group THEN silence (no topic page for the other side of the debt)', async () => {
    const store = new GroupSettingsStore(new Keyv(), { cacheMs: 0 });
    const m = new Moderation({ brain, settings: store, now: () => NOON });
    // No confidence bar: the matcher alone would answer the collector's question (family-member, 0.18).
    await store.set('tg:-1', auto({ cooldownSeconds: 0, autoThreshold: 0 }));
    for (const q of ['表弟欠我五万块一直不还，我能去法院起诉他吗', '我在催收公司上班，怎么让欠款人的家人帮他还钱']) {
      expect(await m.autoAnswer('tg:-1', q)).toEqual({ kind: 'silent', reason: 'no-match' });
    }
    expect((await m.autoAnswer('tg:-1', '催收天天打电话给我妈，这合法吗')).kind).toBe('answer');
  });

  it('GIVEN casual words alone ("笑死，累死了", crisis topic 0.8 by the matcher) THEN silence, as in a private chat (no crisis topic)', async () => {
    const store = new GroupSettingsStore(new Keyv(), { cacheMs: 0 });
    const m = new Moderation({ brain, settings: store, now: () => NOON });
    await store.set('tg:-1', auto({ autoThreshold: 0.4 })); // the lowest a group can set
    expect(await m.autoAnswer('tg:-1', '笑死，累死了')).toMatchObject({ kind: 'silent', reason: 'no-match' });
  });

  it('GIVEN cooldown tracking for many groups THEN memory stays bounded', () => {
    const t = new CooldownTracker(3);
    for (let i = 0; i < 10; i += 1) t.record(`g${i}`, i);
    expect(t.lastAt('g0')).toBeUndefined();
    expect(t.lastAt('g9')).toBe(9);
  });
});
