/**
 * ONE table of cases, run through BOTH harnesses (the real grammY bot against a local Bot API,
 * and a real discord.js client against a recording REST), asserting the expected decisions on
 * each platform and then that both platforms made the same decisions step by step: admin vs
 * non-admin (checked on every press), auto-answer threshold, cooldown and quiet hours on an
 * injected clock, enabled topics, `/faq`, answers off, 繁體, typed settings, `/unanswered`
 * and the pinned welcome.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadBrain } from '../../src/core/brain.js';
import type { Brain } from '../../src/core/respond.js';
import { defaultSettings, type GroupSettings } from '../../src/moderation/index.js';
import { listableTopics } from '../../src/moderation/topics.js';
import { discordDriver } from './discord-driver.js';
import { shanghai, type Clock, type Command, type Driver, type Observation, type Who } from './driver.js';
import { telegramDriver } from './telegram-driver.js';

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});
const open: Driver[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close()));
});

/** Questions with known matcher confidences (see the auto-answer unit tests). */
const Q = {
  legal: '网贷催收打给父母，这合法吗', // legality ≈ 0.85 (between the thresholds 0.8 and 0.9 below)
  complain: '催收骚扰家人去哪里投诉', // complain ≈ 0.95
  credit: '会影响征信吗', // credit-report ≈ 0.92
  vague: '催收', // harassment ≈ 0.37
  thanks: '谢谢大家', // thanks (small talk)
  hello: '有人在吗', // greeting (small talk)
  chatter: '今天天气不错', // out of scope
  crisis: '我真的不想活了', // crisis words
} as const;

type Action =
  | { chat: string; who?: Who }
  | { mention: string; who?: Who }
  | { command: Command; arg?: string; who?: Who }
  | { press: string; who?: Who }
  | { revokeAdmin: true }
  | { denyPin: true }
  | { seedUnanswered: true }
  | { at: string }
  | { advance: number };

interface Expect {
  answered?: string[];
  refused?: boolean;
  menu?: boolean;
  traditional?: boolean;
  welcomePosted?: boolean;
  pinned?: boolean;
  listedIncludes?: string[];
  listedExcludes?: string[];
  reportIncludes?: string[];
  reportExcludes?: string[];
  noReport?: boolean;
  textIncludes?: string;
  settings?: Record<string, unknown>;
}

interface Case {
  name: string;
  /** Settings before the first step (merged over the defaults). */
  settings?: Partial<Omit<GroupSettings, 'quietHours'>> & { quietHours?: Partial<GroupSettings['quietHours']> };
  /** Shanghai time of the first step (default 12:00). */
  at?: string;
  steps: Array<[Action, Expect?]>;
}

const noQuiet = { quietHours: { enabled: false } };
const CASES: Case[] = [
  {
    name: 'a member asking for /settings is politely refused; an admin gets the menu',
    steps: [
      [{ command: 'settings', who: 'member' }, { refused: true, menu: false }],
      [{ command: 'settings', who: 'admin' }, { refused: false, menu: true }],
    ],
  },
  {
    name: "a member pressing the admin's menu is refused and nothing changes",
    steps: [
      [{ command: 'settings', who: 'admin' }, { menu: true }],
      [{ press: 'm:mode:auto', who: 'member' }, { refused: true, menu: false, settings: { answerMode: 'command' } }],
      [{ chat: Q.legal, who: 'member' }, { answered: [] }],
    ],
  },
  {
    name: 'an admin switches to auto-answer with a button; a clear question is then answered unprompted',
    steps: [
      [{ chat: Q.legal, who: 'member' }, { answered: [] }],
      [{ press: 'm:mode:auto' }, { menu: true, refused: false, settings: { answerMode: 'auto' } }],
      [{ chat: Q.legal, who: 'member' }, { answered: ['legality'] }],
    ],
  },
  {
    name: 'admin status is checked on every press, not only when the menu was shown',
    steps: [
      [{ command: 'settings' }, { menu: true }],
      [{ press: 'm:mode:auto' }, { menu: true, settings: { answerMode: 'auto' } }],
      [{ revokeAdmin: true }],
      [{ press: 'm:mode:off' }, { refused: true, menu: false, settings: { answerMode: 'auto' } }],
      [{ command: 'settings' }, { refused: true, menu: false }],
    ],
  },
  {
    name: 'auto-answer threshold: below it silence, above it an answer',
    settings: { answerMode: 'auto', autoThreshold: 0.9, cooldownSeconds: 0 },
    steps: [
      [{ chat: Q.legal }, { answered: [] }],
      [{ chat: Q.complain }, { answered: ['complain'] }],
      // Two steps down and up, so a small change of the model's confidence cannot flip the case.
      [{ press: 'm:thr:-' }, { settings: { autoThreshold: 0.85 } }],
      [{ press: 'm:thr:-' }, { settings: { autoThreshold: 0.8 } }],
      [{ chat: Q.legal }, { answered: ['legality'] }],
      [{ press: 'm:thr:+' }, { settings: { autoThreshold: 0.85 } }],
      [{ press: 'm:thr:+' }, { settings: { autoThreshold: 0.9 } }],
      [{ chat: Q.legal }, { answered: [] }],
    ],
  },
  {
    name: 'vague messages, small talk and chatter are never auto-answered, even at the lowest threshold',
    settings: { answerMode: 'auto', autoThreshold: 0.4, cooldownSeconds: 0 },
    steps: [
      [{ chat: Q.vague }, { answered: [] }],
      [{ chat: Q.thanks }, { answered: [] }],
      [{ chat: Q.hello }, { answered: [] }],
      [{ chat: Q.chatter }, { answered: [] }],
      [{ chat: `/${'unknowncommand'}` }, { answered: [] }],
      [{ chat: Q.credit }, { answered: ['credit-report'] }],
    ],
  },
  {
    name: 'cooldown: one auto-answer per 120 s in the group (injected clock)',
    settings: { answerMode: 'auto', cooldownSeconds: 120 },
    steps: [
      [{ chat: Q.legal }, { answered: ['legality'] }],
      [{ advance: 60 }],
      [{ chat: Q.complain, who: 'admin' }, { answered: [] }],
      [{ advance: 59 }],
      [{ chat: Q.complain }, { answered: [] }],
      [{ advance: 2 }],
      [{ chat: Q.complain }, { answered: ['complain'] }],
      [{ mention: Q.credit }, { answered: ['credit-report'] }],
    ],
  },
  {
    name: 'quiet hours 23:00–07:00 Asia/Shanghai: no auto-answers inside, answers again at 07:00; mentions still answered',
    settings: { answerMode: 'auto', cooldownSeconds: 0, quietHours: { enabled: true, start: 23 * 60, end: 7 * 60 } },
    at: '23:30',
    steps: [
      [{ chat: Q.legal }, { answered: [] }],
      [{ mention: Q.legal }, { answered: ['legality'] }],
      [{ at: '06:59' }],
      [{ chat: Q.legal }, { answered: [] }],
      [{ at: '07:00' }],
      [{ chat: Q.legal }, { answered: ['legality'] }],
      [{ at: '22:59' }],
      [{ chat: Q.legal }, { answered: ['legality'] }],
    ],
  },
  {
    name: 'quiet hours follow the timezone an admin types (/settings timezone Asia/Tokyo)',
    settings: { answerMode: 'auto', cooldownSeconds: 0, quietHours: { enabled: true, start: 23 * 60, end: 7 * 60 } },
    at: '22:30',
    steps: [
      [{ chat: Q.legal }, { answered: ['legality'] }],
      [{ command: 'settings', arg: 'timezone Asia/Tokyo' }, { menu: true, settings: { quietHours: { timezone: 'Asia/Tokyo' } } }],
      [{ chat: Q.legal }, { answered: [] }],
      [{ command: 'settings', arg: 'quiet off', who: 'member' }, { refused: true, settings: { quietHours: { enabled: true } } }],
      [{ command: 'settings', arg: 'quiet off' }, { menu: true, settings: { quietHours: { enabled: false } } }],
      [{ chat: Q.legal }, { answered: ['legality'] }],
    ],
  },
  {
    name: 'crisis words get the helplines at once in auto mode, even in quiet hours and the cooldown',
    settings: { answerMode: 'auto', autoThreshold: 0.95, quietHours: { enabled: true, start: 0, end: 8 * 60 } },
    at: '02:00',
    steps: [
      [{ chat: Q.crisis }, { answered: ['crisis'] }],
      [{ chat: Q.crisis }, { answered: ['crisis'] }],
      [{ chat: Q.legal }, { answered: [] }],
    ],
  },
  {
    name: 'default mode: unaddressed messages are left alone, mentions and /ask answered',
    steps: [
      [{ chat: Q.legal }, { answered: [] }],
      [{ mention: Q.legal }, { answered: ['legality'] }],
      [{ command: 'ask', arg: Q.complain }, { answered: ['complain'] }],
    ],
  },
  {
    name: 'a disabled topic is not auto-answered and not offered in /faq or /topics',
    settings: { answerMode: 'auto', cooldownSeconds: 0, disabledTopics: ['legality'], ...noQuiet },
    steps: [
      [{ chat: Q.legal }, { answered: [] }],
      [{ chat: Q.complain }, { answered: ['complain'] }],
      [{ command: 'faq' }, { answered: [], listedIncludes: ['complain', 'crisis'], listedExcludes: ['legality'] }],
      [{ command: 'topics' }, { answered: [], listedIncludes: ['complain'], listedExcludes: ['legality'] }],
      [{ command: 'faq', arg: 'legality' }, { answered: [], listedExcludes: ['legality'] }],
      [{ press: 'm:pg:topics' }, { menu: true }],
      [{ press: 'm:tp:legality:on' }, { menu: true, settings: { disabledTopics: [] } }],
      [{ chat: Q.legal }, { answered: ['legality'] }],
      [{ press: 'm:tp:crisis:off' }, { settings: { disabledTopics: [] } }],
    ],
  },
  {
    name: '/faq finds a topic by id, label, part of a name or a question; lists them without an argument',
    steps: [
      [{ command: 'faq', arg: 'legality', who: 'member' }, { answered: ['legality'] }],
      [{ command: 'faq', arg: '去哪里投诉？' }, { answered: ['complain'] }],
      [{ command: 'faq', arg: '征信' }, { answered: ['credit-report'] }],
      [{ command: 'faq', arg: 'contacts' }, { answered: ['contacts-permission'] }],
      [{ command: 'faq', arg: '催收打给我妈合法吗' }, { answered: ['legality'] }],
      [{ command: 'faq', arg: 'xyzzy' }, { answered: [], listedIncludes: ['legality', 'complain'] }],
      [{ command: 'faq', arg: 'family' }, { answered: [], listedIncludes: ['family-member', 'family-liability'], listedExcludes: ['complain'] }],
    ],
  },
  {
    name: 'answers off: members get nothing (mention, /ask, /faq, /topics), admins still do',
    settings: { answerMode: 'off' },
    steps: [
      [{ mention: Q.legal, who: 'member' }, { answered: [] }],
      [{ command: 'ask', arg: Q.legal, who: 'member' }, { answered: [] }],
      [{ command: 'faq', arg: 'legality', who: 'member' }, { answered: [] }],
      [{ command: 'topics', who: 'member' }, { answered: [], listedExcludes: ['legality', 'complain'] }],
      [{ chat: Q.legal, who: 'member' }, { answered: [] }],
      [{ mention: Q.legal, who: 'admin' }, { answered: ['legality'] }],
      [{ command: 'faq', arg: '投诉', who: 'admin' }, { answered: ['complain'] }],
    ],
  },
  {
    name: '繁體 groups get answers converted with OpenCC (cn → tw)',
    steps: [
      [{ press: 'm:scr:tw' }, { menu: true, settings: { script: 'traditional' } }],
      [{ mention: Q.legal }, { answered: ['legality'], traditional: true }],
      [{ command: 'faq', arg: '投訴' }, { answered: ['complain'], traditional: true }],
      [{ command: 'settings', arg: 'script 简体' }, { settings: { script: 'simplified' } }],
      [{ mention: Q.legal }, { answered: ['legality'], traditional: false }],
    ],
  },
  {
    name: 'typed settings: quiet window, cooldown, threshold; a typo gets the usage',
    steps: [
      [{ command: 'settings', arg: 'quiet 22:30-06:00' }, { menu: true, settings: { quietHours: { enabled: true, start: 22 * 60 + 30, end: 6 * 60 } } }],
      [{ command: 'settings', arg: 'cooldown 45' }, { menu: true, settings: { cooldownSeconds: 45 } }],
      [{ command: 'settings', arg: 'threshold 70%' }, { menu: true, settings: { autoThreshold: 0.7 } }],
      [{ command: 'settings', arg: 'threshold 2%' }, { menu: false, textIncludes: '用法', settings: { autoThreshold: 0.7 } }],
      [{ command: 'settings', arg: 'mode auto' }, { menu: true, settings: { answerMode: 'auto' } }],
    ],
  },
  {
    name: '/unanswered: only admins, clustered, numbers masked',
    steps: [
      [{ seedUnanswered: true }],
      [{ command: 'unanswered', who: 'member' }, { refused: true, noReport: true }],
      [{ command: 'unanswered' }, { refused: false, reportIncludes: ['×2「今天上海天气怎么样', '×1', '****0123', '最接近：联系家人合法吗？'], reportExcludes: ['13812345678', '6222021234567890123'] }],
    ],
  },
  {
    name: 'welcome: turning it on posts and pins "what this bot can do"; off unpins',
    steps: [
      [{ press: 'm:wel:on', who: 'member' }, { refused: true, welcomePosted: false, settings: { welcome: { enabled: false } } }],
      [{ press: 'm:wel:on' }, { welcomePosted: true, pinned: true, textIncludes: '已发送并置顶', settings: { welcome: { enabled: true } } }],
      [{ press: 'm:wel:on' }, { welcomePosted: false }],
      [{ press: 'm:wel:off' }, { textIncludes: '已取消置顶', settings: { welcome: { enabled: false } } }],
    ],
  },
  {
    name: 'welcome without the right to pin: posted, not pinned, and the admin is told how to fix it',
    steps: [
      [{ denyPin: true }],
      [{ press: 'm:wel:on' }, { welcomePosted: true, pinned: false, textIncludes: '没能置顶', settings: { welcome: { enabled: true } } }],
    ],
  },
];

/** What must be equal across platforms for one step. */
interface Decision {
  answered: string[];
  refused: boolean;
  menu: boolean;
  traditional: boolean;
  welcomePosted: boolean;
  pinned: boolean;
  report: boolean;
  settings: GroupSettings;
}

async function act(d: Driver, clock: Clock, action: Action): Promise<void> {
  if ('chat' in action) return d.chat(action.who ?? 'member', action.chat);
  if ('mention' in action) return d.mention(action.who ?? 'member', action.mention);
  if ('command' in action) return d.command(action.who ?? 'admin', action.command, action.arg);
  if ('press' in action) return d.press(action.who ?? 'admin', action.press);
  if ('revokeAdmin' in action) return d.revokeAdmin();
  if ('denyPin' in action) return d.denyPin();
  if ('at' in action) {
    clock.now = shanghai(action.at);
    return;
  }
  if ('advance' in action) {
    clock.now += action.advance * 1000;
    return;
  }
  const at = new Date(clock.now);
  const base = { platform: d.platform, group: d.group, at };
  await d.log.record({ ...base, text: '今天上海天气怎么样？我手机13812345678', bestGuess: null, confidence: 0.04 });
  await d.log.record({ ...base, text: '今天上海天气怎么样', bestGuess: null, confidence: 0.05 });
  await d.log.record({ ...base, text: '催收打给我舅舅，还说要上门，卡号6222021234567890123', bestGuess: 'legality', confidence: 0.3 });
  await d.log.record({ ...base, group: 'tg:-1000000000001', text: '别的群的问题', bestGuess: null, confidence: 0 });
}

function check(o: Observation, e: Expect, settings: GroupSettings, where: string): void {
  if (e.answered) expect(o.answered, `${where}: answered`).toEqual(e.answered);
  if (e.refused !== undefined) expect(o.refused, `${where}: refused`).toBe(e.refused);
  if (e.menu !== undefined) expect(o.menu, `${where}: menu`).toBe(e.menu);
  if (e.traditional !== undefined) expect(o.traditional, `${where}: traditional`).toBe(e.traditional);
  if (e.welcomePosted !== undefined) expect(o.welcomePosted, `${where}: welcome posted`).toBe(e.welcomePosted);
  if (e.pinned !== undefined) expect(o.pinned, `${where}: pinned`).toBe(e.pinned);
  for (const id of e.listedIncludes ?? []) expect(o.listed, `${where}: listed`).toContain(id);
  for (const id of e.listedExcludes ?? []) expect(o.listed, `${where}: not listed`).not.toContain(id);
  for (const s of e.reportIncludes ?? []) expect(o.report ?? '', `${where}: report`).toContain(s);
  for (const s of e.reportExcludes ?? []) expect(o.report ?? '', `${where}: report`).not.toContain(s);
  if (e.reportIncludes) expect(o.report, `${where}: report`).not.toContain('别的群');
  if (e.noReport) expect(o.report, `${where}: no report`).toBeUndefined();
  if (e.textIncludes) expect(o.texts.join('\n'), `${where}: texts`).toContain(e.textIncludes);
  if (e.settings) expect(settings, `${where}: settings`).toMatchObject(e.settings);
}

async function run(d: Driver, clock: Clock, c: Case): Promise<Decision[]> {
  open.push(d);
  const base = defaultSettings();
  await d.service.settings.set(d.group, { ...base, ...c.settings, quietHours: { ...base.quietHours, ...c.settings?.quietHours } } as GroupSettings);
  clock.now = shanghai(c.at ?? '12:00');
  const decisions: Decision[] = [];
  for (const [i, [action, expected]] of c.steps.entries()) {
    await act(d, clock, action);
    const o = d.take();
    const settings = await d.service.settings.fresh(d.group);
    check(o, expected ?? {}, settings, `${d.platform} step ${i + 1} ${JSON.stringify(action)}`);
    decisions.push({
      answered: o.answered,
      refused: o.refused,
      menu: o.menu,
      traditional: o.traditional,
      welcomePosted: o.welcomePosted,
      pinned: o.pinned,
      report: o.report !== undefined,
      settings: { ...settings, welcome: { enabled: settings.welcome.enabled } },
    });
  }
  return decisions;
}

describe('moderator toolkit: the same cases on Telegram and Discord', () => {
  it.each(CASES)('$name', async (c) => {
    const tgClock: Clock = { now: 0 };
    const dcClock: Clock = { now: 0 };
    const telegram = await run(telegramDriver(brain, tgClock), tgClock, c);
    const discord = await run(discordDriver(brain, dcClock), dcClock, c);
    expect(discord).toEqual(telegram);
  });

  it('GIVEN the topic list THEN every listable topic can be toggled except crisis, and the menu fits both platforms', () => {
    const topics = listableTopics(brain);
    expect(topics.map((t) => t.id)).toContain('crisis');
    expect(topics.map((t) => t.id)).not.toContain('greeting');
  });
});
