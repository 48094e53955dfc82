/**
 * The `/settings` menu as platform-neutral data: a text and rows of buttons whose ids start
 * with `m:`. Telegram renders them as an inline keyboard (callback data ≤ 64 bytes), Discord
 * as button rows (≤ 5 rows of ≤ 5 buttons, custom ids ≤ 100), so every page stays within both.
 *
 * Button ids name a target value, not a toggle (`m:mode:auto`, `m:qh:off`), so a double
 * press or a press on an old menu never flips a setting back.
 */
import type { FollowUp } from '../kb/schema.js';
import { describeMenuText } from './settings-text.js';
import { applyChange, type SettingsChange } from './settings-change.js';
import { DAY_MINUTES, stepCooldown, THRESHOLD, type GroupSettings } from './settings.js';
import { ALWAYS_ENABLED, isTopicEnabled } from './topics.js';

/** Prefix of every settings button id. */
export const MENU_PREFIX = 'm:';

/** The pages of the menu. */
export type MenuPage = 'main' | 'topics';

/** One button. */
export interface MenuButton {
  /** `m:…`, at most 40 ASCII characters. */
  id: string;
  label: string;
  /** Shows the current choice. */
  selected?: boolean;
}

/** A rendered menu page. */
export interface MenuView {
  page: MenuPage;
  text: string;
  rows: MenuButton[][];
}

/** Most buttons per row and rows per page (Discord's limits; Telegram allows more). */
const ROW = 5;
const ROWS = 5;

const mark = (selected: boolean, label: string): string => (selected ? `✅ ${label}` : label);

/** Renders one page of the menu for `settings`. `topics` are the listable topics with labels. */
export function renderMenu(settings: GroupSettings, page: MenuPage, topics: readonly FollowUp[]): MenuView {
  if (page === 'topics') return topicsPage(settings, topics);
  const s = settings;
  const b = (id: string, label: string, selected = false): MenuButton => ({ id: MENU_PREFIX + id, label: mark(selected, label), selected });
  const rows: MenuButton[][] = [
    [b('mode:command', '仅@/命令', s.answerMode === 'command'), b('mode:auto', '自动回答', s.answerMode === 'auto'), b('mode:off', '关闭', s.answerMode === 'off')],
    [b('thr:-', '阈值 −'), b('thr:+', '阈值 +'), b('cd:-', '冷却 −'), b('cd:+', '冷却 +')],
    [b('scr:cn', '简体', s.script === 'simplified'), b('scr:tw', '繁體', s.script === 'traditional'), b('det:full', '完整', s.detail === 'full'), b('det:short', '简洁', s.detail === 'concise')],
    [
      s.quietHours.enabled ? b('qh:off', '免打扰：开', true) : b('qh:on', '免打扰：关'),
      b('qs:-', '开始 −1h'),
      b('qs:+', '开始 +1h'),
      b('qe:-', '结束 −1h'),
      b('qe:+', '结束 +1h'),
    ],
    [s.welcome.enabled ? b('wel:off', '置顶介绍：开', true) : b('wel:on', '置顶介绍：关'), b('pg:topics', '话题开关 ›'), b('pg:main', '刷新')],
  ];
  return { page: 'main', text: describeMenuText(settings, topics), rows };
}

function topicsPage(settings: GroupSettings, topics: readonly FollowUp[]): MenuView {
  const buttons: MenuButton[] = [];
  for (const t of topics) {
    if (ALWAYS_ENABLED.has(t.id)) continue;
    const on = isTopicEnabled(settings, t.id);
    buttons.push({ id: `${MENU_PREFIX}tp:${t.id}:${on ? 'off' : 'on'}`, label: `${on ? '✅' : '⛔'} ${t.label}`, selected: on });
  }
  const capacity = ROW * ROWS - 1;
  const rows: MenuButton[][] = [];
  const shown = buttons.slice(0, capacity);
  for (let i = 0; i < shown.length; i += ROW) rows.push(shown.slice(i, i + ROW));
  const back = { id: `${MENU_PREFIX}pg:main`, label: '‹ 返回' };
  if (rows.length > 0 && rows[rows.length - 1].length < ROW) rows[rows.length - 1].push(back);
  else rows.push([back]);
  const always = topics.filter((t) => ALWAYS_ENABLED.has(t.id)).map((t) => `「${t.label}」`);
  const text = [
    '话题开关：✅ 开放（会被自动回答，出现在 /topics、/faq 列表和回答下面的按钮里）；⛔ 关闭。',
    '点一下切换。成员直接 @我 提问时，关闭的话题仍会回答。',
    ...(always.length > 0 ? [`${always.join('、')}始终开放，不能关闭。`] : []),
  ].join('\n');
  return { page: 'topics', text, rows };
}

/** What a menu button does: show a page, possibly after a change. */
export interface MenuAction {
  page: MenuPage;
  change?: SettingsChange;
}

/**
 * The action of button `id` for the current settings (steps are computed from them), or
 * null for an unknown or malformed id. `topicIds` are the topics that may be toggled.
 */
export function parseMenuButton(id: string, current: GroupSettings, topicIds: readonly string[]): MenuAction | null {
  if (!id.startsWith(MENU_PREFIX) || id.length > 64) return null;
  const [what, arg, extra] = id.slice(MENU_PREFIX.length).split(':');
  const main = (change: SettingsChange): MenuAction => ({ page: 'main', change });
  const q = current.quietHours;
  switch (what) {
    case 'pg':
      return arg === 'main' || arg === 'topics' ? { page: arg } : null;
    case 'mode':
      return arg === 'command' || arg === 'auto' || arg === 'off' ? main({ key: 'answerMode', value: arg }) : null;
    case 'thr':
      return arg === '+' || arg === '-' ? main({ key: 'autoThreshold', value: current.autoThreshold + (arg === '+' ? THRESHOLD.step : -THRESHOLD.step) }) : null;
    case 'cd':
      return arg === '+' || arg === '-' ? main({ key: 'cooldownSeconds', value: stepCooldown(current.cooldownSeconds, arg === '+' ? 1 : -1) }) : null;
    case 'scr':
      return arg === 'cn' || arg === 'tw' ? main({ key: 'script', value: arg === 'tw' ? 'traditional' : 'simplified' }) : null;
    case 'det':
      return arg === 'full' || arg === 'short' ? main({ key: 'detail', value: arg === 'short' ? 'concise' : 'full' }) : null;
    case 'qh':
      return arg === 'on' || arg === 'off' ? main({ key: 'quietEnabled', value: arg === 'on' }) : null;
    case 'qs':
    case 'qe': {
      if (arg !== '+' && arg !== '-') return null;
      const delta = arg === '+' ? 60 : -60;
      const start = what === 'qs' ? q.start + delta : q.start;
      const end = what === 'qe' ? q.end + delta : q.end;
      return main({ key: 'quietWindow', start: (start + DAY_MINUTES) % DAY_MINUTES, end: (end + DAY_MINUTES) % DAY_MINUTES });
    }
    case 'wel':
      return arg === 'on' || arg === 'off' ? main({ key: 'welcome', value: arg === 'on' }) : null;
    case 'tp':
      if (arg === undefined || !topicIds.includes(arg) || (extra !== 'on' && extra !== 'off')) return null;
      return { page: 'topics', change: { key: 'topic', topicId: arg, enabled: extra === 'on' } };
    default:
      return null;
  }
}

/** Convenience for tests and previews: the settings after pressing `id`, or null if unknown. */
export function pressMenuButton(id: string, current: GroupSettings, topicIds: readonly string[]): GroupSettings | null {
  const action = parseMenuButton(id, current, topicIds);
  if (!action) return null;
  return action.change ? applyChange(current, action.change) : current;
}
