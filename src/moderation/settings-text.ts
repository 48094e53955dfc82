/**
 * The text side of `/settings`: the summary shown above the menu buttons, and changes typed
 * after the command (`/settings quiet 22:30-07:00`, `/settings timezone Asia/Taipei`), for
 * values the buttons only step through.
 */
import type { FollowUp } from '../kb/schema.js';
import { canonicalTimeZone } from './quiet-hours.js';
import { modeName, quietText, type SettingsChange } from './settings-change.js';
import { formatCooldown, MAX_COOLDOWN_SECONDS, THRESHOLD, type GroupSettings } from './settings.js';
import { isTopicEnabled } from './topics.js';

/** Usage of the typed form, shown after a typo. */
export const SETTINGS_USAGE = [
  '用法（也可以直接点按钮）：',
  '/settings mode command|auto|off',
  '/settings threshold 0.7（40%–95%）',
  '/settings cooldown 120（秒，0–3600）',
  '/settings quiet 23:00-07:00 或 quiet off',
  '/settings timezone Asia/Shanghai',
  '/settings script 简体|繁體 · /settings detail full|concise',
  '/settings topic legality off · /settings welcome on',
].join('\n');

/** The summary above the menu buttons. */
export function describeMenuText(s: GroupSettings, topics: readonly FollowUp[]): string {
  const off = topics.filter((t) => !isTopicEnabled(s, t.id));
  return [
    '本群机器人设置（只有群管理员可以修改）',
    `• 回答方式：${modeName(s.answerMode)}`,
    `• 自动回答阈值：${Math.round(s.autoThreshold * 100)}%（越高越少误答）`,
    `• 冷却时间：${formatCooldown(s.cooldownSeconds)}（两次自动回答的最短间隔）`,
    `• 免打扰：${quietText(s)}，期间不自动回答`,
    `• 回答文字：${s.script === 'traditional' ? '繁體' : '简体'} · ${s.detail === 'concise' ? '简洁' : '完整'}`,
    `• 置顶介绍：${s.welcome.enabled ? '开' : '关'}`,
    `• 话题：${topics.length - off.length} 个开放${off.length > 0 ? `，已关闭：${off.map((t) => t.label).join('、')}` : ''}`,
    '更多：/settings quiet 22:30-07:00 · /settings timezone Asia/Taipei · /settings threshold 0.7',
  ].join('\n');
}

/** The result of parsing typed settings. */
export type ParsedSettingsText = { ok: true; change: SettingsChange } | { ok: false; error: string };

const ON = new Set(['on', 'yes', 'true', '1', '开', '開', '打开', '打開', '开启', '開啟']);
const OFF = new Set(['off', 'no', 'false', '0', '关', '關', '关闭', '關閉']);

function onOff(word: string | undefined): boolean | undefined {
  if (word === undefined) return undefined;
  const w = word.toLowerCase();
  return ON.has(w) ? true : OFF.has(w) ? false : undefined;
}

/** `HH:MM` or `H` → minutes since midnight. */
function clock(text: string): number | undefined {
  const m = /^(\d{1,2})(?:[:：](\d{2}))?$/u.exec(text);
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2] ?? 0);
  if (h > 24 || min > 59 || (h === 24 && min > 0)) return undefined;
  return (h % 24) * 60 + min;
}

/** One setting's parser: the change, or why the value is wrong. */
type ValueParser = (value: string, words: readonly string[], topicOf: (name: string) => string | undefined) => SettingsChange | string;

const pick = <T>(v: string, choices: ReadonlyArray<[T, readonly string[]]>): T | undefined => choices.find(([, names]) => names.includes(v.toLowerCase()))?.[0];

function parseMode(value: string): SettingsChange | string {
  const mode = pick(value, [
    ['command', ['command', 'mention', '命令', '仅命令', '僅命令']],
    ['auto', ['auto', '自动', '自動']],
    ['off', ['off', '关闭', '關閉', '关', '關']],
  ] as const);
  return mode ? { key: 'answerMode', value: mode } : '回答方式只能是 command、auto 或 off。';
}

function parseThreshold(value: string): SettingsChange | string {
  const m = /^(\d+(?:\.\d+)?)\s*(%?)$/u.exec(value);
  if (!m) return '阈值请写成 0.7 或 70%。';
  let n = Number(m[1]);
  if (m[2] === '%' || n > 1) n /= 100;
  if (n < THRESHOLD.min || n > THRESHOLD.max) return `阈值要在 ${THRESHOLD.min * 100}% 到 ${THRESHOLD.max * 100}% 之间。`;
  return { key: 'autoThreshold', value: n };
}

function parseCooldown(value: string): SettingsChange | string {
  const m = /^(\d+)\s*(s|秒|m|分|分钟|分鐘|h|小时|小時)?$/u.exec(value.toLowerCase());
  if (!m) return '冷却时间请写成秒数，例如 120。';
  const unit = m[2] ?? 's';
  const seconds = Number(m[1]) * (/^(m|分)/u.test(unit) ? 60 : /^(h|小)/u.test(unit) ? 3600 : 1);
  if (seconds > MAX_COOLDOWN_SECONDS) return '冷却时间最长 3600 秒（1 小时）。';
  return { key: 'cooldownSeconds', value: seconds };
}

function parseQuiet(value: string): SettingsChange | string {
  const flag = onOff(value);
  if (flag !== undefined) return { key: 'quietEnabled', value: flag };
  const m = /^(\S+)\s*[-–—~～到至]\s*(\S+)$/u.exec(value);
  const start = m ? clock(m[1]) : undefined;
  const end = m ? clock(m[2]) : undefined;
  if (start === undefined || end === undefined) return '免打扰请写成 23:00-07:00，或 on / off。';
  if (start === end) return '免打扰的开始和结束不能相同。';
  return { key: 'quietWindow', start, end };
}

function parseTimezone(value: string): SettingsChange | string {
  const zone = canonicalTimeZone(value);
  return zone === undefined ? '时区请写 IANA 名称，例如 Asia/Shanghai、Asia/Taipei、Asia/Hong_Kong。' : { key: 'timezone', value: zone };
}

function parseScript(value: string): SettingsChange | string {
  const script = pick(value, [
    ['simplified', ['simplified', 'cn', '简体', '簡體', '简', '簡']],
    ['traditional', ['traditional', 'tw', '繁体', '繁體', '繁']],
  ] as const);
  return script ? { key: 'script', value: script } : '文字只能是 简体 或 繁體。';
}

function parseDetail(value: string): SettingsChange | string {
  const detail = pick(value, [
    ['full', ['full', '完整']],
    ['concise', ['concise', 'short', '简洁', '簡潔']],
  ] as const);
  return detail ? { key: 'detail', value: detail } : '回答长度只能是 full（完整）或 concise（简洁）。';
}

function parseTopic(_value: string, words: readonly string[], topicOf: (name: string) => string | undefined): SettingsChange | string {
  const flag = onOff(words[words.length - 1]);
  const name = words.slice(0, -1).join(' ');
  const topicId = name === '' ? undefined : topicOf(name);
  if (flag === undefined || topicId === undefined) return '请写成 /settings topic 话题名 on 或 off。';
  return { key: 'topic', topicId, enabled: flag };
}

function parseWelcome(value: string): SettingsChange | string {
  const flag = onOff(value);
  return flag === undefined ? '置顶介绍请写 on 或 off。' : { key: 'welcome', value: flag };
}

/** Each setting's names (English, Simplified, Traditional) and parser. */
const SETTINGS: ReadonlyArray<[readonly string[], ValueParser]> = [
  [['mode', '模式'], parseMode],
  [['threshold', '阈值', '閾值'], parseThreshold],
  [['cooldown', '冷却', '冷卻'], parseCooldown],
  [['quiet', '免打扰', '免打擾'], parseQuiet],
  [['timezone', 'tz', '时区', '時區'], parseTimezone],
  [['script', '文字'], parseScript],
  [['detail', '长度', '長度'], parseDetail],
  [['topic', '话题', '話題'], parseTopic],
  [['welcome', '置顶', '置頂'], parseWelcome],
];

/**
 * Parses the words after `/settings` into one change. `topicOf` resolves a topic name (id,
 * label, fuzzy) to a topic id.
 */
export function parseSettingsText(args: string, topicOf: (name: string) => string | undefined): ParsedSettingsText {
  const words = args.trim().split(/\s+/u).filter((w) => w !== '');
  const [keyWord, ...rest] = words;
  const key = (keyWord ?? '').toLowerCase();
  const fail = (why: string): ParsedSettingsText => ({ ok: false, error: `${why}\n\n${SETTINGS_USAGE}` });
  const parser = SETTINGS.find(([names]) => names.includes(key))?.[1];
  if (!parser) return fail(key === '' ? '没有要修改的设置。' : `不认识的设置「${keyWord}」。`);
  const result = parser(rest.join(' '), rest, topicOf);
  return typeof result === 'string' ? fail(result) : { ok: true, change: result };
}
