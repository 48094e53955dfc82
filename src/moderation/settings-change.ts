/**
 * Changes an admin can make to a group's settings, as data: from a menu button
 * (`m:…` ids, see settings-menu.ts) or from text (`/settings quiet 23:00-07:00`). One
 * {@link applyChange} for both, so both platforms and both ways change settings identically.
 */
import {
  clampThreshold,
  DAY_MINUTES,
  formatCooldown,
  formatMinutes,
  MAX_COOLDOWN_SECONDS,
  type AnswerMode,
  type Detail,
  type GroupSettings,
  type Script,
} from './settings.js';
import { ALWAYS_ENABLED } from './topics.js';

/** One change to a group's settings. */
export type SettingsChange =
  | { key: 'answerMode'; value: AnswerMode }
  | { key: 'autoThreshold'; value: number }
  | { key: 'cooldownSeconds'; value: number }
  | { key: 'script'; value: Script }
  | { key: 'detail'; value: Detail }
  | { key: 'quietEnabled'; value: boolean }
  | { key: 'quietWindow'; start: number; end: number }
  | { key: 'timezone'; value: string }
  | { key: 'topic'; topicId: string; enabled: boolean }
  | { key: 'welcome'; value: boolean };

/** `settings` with `change` applied (a new object; values clamped to their ranges). Pure. */
export function applyChange(settings: GroupSettings, change: SettingsChange): GroupSettings {
  const s = structuredClone(settings);
  switch (change.key) {
    case 'answerMode':
      s.answerMode = change.value;
      break;
    case 'autoThreshold':
      s.autoThreshold = clampThreshold(change.value);
      break;
    case 'cooldownSeconds':
      s.cooldownSeconds = Math.min(MAX_COOLDOWN_SECONDS, Math.max(0, Math.round(change.value)));
      break;
    case 'script':
      s.script = change.value;
      break;
    case 'detail':
      s.detail = change.value;
      break;
    case 'quietEnabled':
      s.quietHours.enabled = change.value;
      break;
    case 'quietWindow':
      s.quietHours.start = wrapMinutes(change.start);
      s.quietHours.end = wrapMinutes(change.end);
      s.quietHours.enabled = true;
      break;
    case 'timezone':
      s.quietHours.timezone = change.value;
      break;
    case 'topic': {
      if (ALWAYS_ENABLED.has(change.topicId)) break;
      const others = s.disabledTopics.filter((t) => t !== change.topicId);
      s.disabledTopics = change.enabled ? others : [...others, change.topicId];
      break;
    }
    case 'welcome':
      s.welcome = { ...s.welcome, enabled: change.value };
      break;
  }
  return s;
}

function wrapMinutes(m: number): number {
  return ((Math.round(m) % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
}

const MODE_NAMES: Record<AnswerMode, string> = {
  command: '仅在 @我、回复我或使用命令时回答',
  auto: '自动回答（明确匹配话题时）',
  off: '关闭（不回答成员）',
};

/** A short description of an answer mode. */
export function modeName(mode: AnswerMode): string {
  return MODE_NAMES[mode];
}

/** A one-line confirmation of `change` as applied in `after` (for a toast or a note). */
export function describeChange(change: SettingsChange, after: GroupSettings, label: (topicId: string) => string): string {
  switch (change.key) {
    case 'answerMode':
      return `回答方式：${modeName(after.answerMode)}`;
    case 'autoThreshold':
      return `自动回答阈值：${Math.round(after.autoThreshold * 100)}%`;
    case 'cooldownSeconds':
      return `冷却时间：${formatCooldown(after.cooldownSeconds)}`;
    case 'script':
      return after.script === 'traditional' ? '回答文字：繁體' : '回答文字：简体';
    case 'detail':
      return after.detail === 'concise' ? '回答长度：简洁' : '回答长度：完整';
    case 'quietEnabled':
    case 'quietWindow':
    case 'timezone':
      return `免打扰：${quietText(after)}`;
    case 'topic':
      if (ALWAYS_ENABLED.has(change.topicId)) return `「${label(change.topicId)}」始终开放，不能关闭`;
      return `「${label(change.topicId)}」已${change.enabled ? '开放' : '关闭'}`;
    case 'welcome':
      return after.welcome.enabled ? '置顶介绍：开' : '置顶介绍：关';
  }
}

/** `23:00–07:00（Asia/Shanghai）` or `关`. */
export function quietText(settings: GroupSettings): string {
  const q = settings.quietHours;
  if (!q.enabled) return '关';
  return `${formatMinutes(q.start)}–${formatMinutes(q.end)}（${q.timezone}）`;
}
