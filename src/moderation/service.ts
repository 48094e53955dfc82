/**
 * The moderator toolkit, platform-neutral: every decision (who may change what, whether to
 * auto-answer, which topic `/faq` means, what `/unanswered` shows) is made here and returned
 * as an outcome; the Telegram and Discord glue only ask the platform who is an admin and
 * render the outcome. So both platforms behave the same by construction.
 *
 * Admin status is asked through {@link Actor.isAdmin} at the moment of every admin action
 * (showing the menu, every button press, `/unanswered`), never cached.
 */
import type { Logger } from 'pino';
import { matchText, type Brain } from '../core/respond.js';
import type { Reply } from '../core/types.js';
import type { FollowUp } from '../kb/schema.js';
import { echoText } from '../echo-text.js';
import type { UnansweredLog } from '../store/unanswered-log.js';
import { CooldownTracker, decideAutoAnswer, type AutoSkipReason } from './auto-answer.js';
import { clusterQuestions } from './cluster.js';
import { inScript, presentReply } from './present.js';
import { applyChange, describeChange, type SettingsChange } from './settings-change.js';
import { parseMenuButton, renderMenu, type MenuPage, type MenuView } from './settings-menu.js';
import type { GroupSettingsStore } from './settings-store.js';
import { parseSettingsText } from './settings-text.js';
import type { GroupSettings, WelcomeMessage } from './settings.js';
import {
  ANSWERS_OFF_TEXT,
  AUTO_NOTE,
  FAQ_LIST_TEXT,
  faqAmbiguousText,
  faqNotFoundText,
  GROUP_ONLY_TEXT,
  NOT_ADMIN_TEXT,
  REPORT_FAILED_TEXT,
  SAVE_FAILED_TEXT,
  STALE_MENU_TEXT,
  welcomeText,
  type Platform,
  type WelcomeResult,
} from './texts.js';
import { enabledTopics, findTopic, isTopicEnabled, listableTopics } from './topics.js';
import { formatUnansweredReport } from './unanswered-report.js';

/** Who acts, and where. */
export interface Actor {
  /** The group (`tg:<chat id>`, `dc:<guild id>`); undefined in private chats and DMs. */
  group: string | undefined;
  /** Asks the platform, now, whether the actor administers the group. Never cached. */
  isAdmin: () => Promise<boolean>;
}

/** What a command or message leads to; the glue renders it. */
export type Outcome =
  /** Do nothing visible. */
  | { kind: 'silent'; reason: string }
  /** Tell the actor something (usage, an error). */
  | { kind: 'notice'; text: string }
  /** The actor may not do this (not an admin). */
  | { kind: 'refused'; text: string }
  /** Show the settings menu (with an optional confirmation above it). */
  | { kind: 'menu'; view: MenuView; note?: string }
  /** Answer topic `topicId` publicly (through the assistant, so the answer is styled and remembered). */
  | { kind: 'answer'; topicId: string; intro?: string }
  /** Offer `topics` as buttons under `text`. */
  | { kind: 'topics'; text: string; topics: FollowUp[] }
  /** The unanswered report, for the admin's eyes only. */
  | { kind: 'report'; text: string };

/** What a settings button press leads to. */
export type PressOutcome =
  | { kind: 'refused'; text: string }
  | { kind: 'stale'; text: string }
  | { kind: 'failed'; text: string }
  | {
      kind: 'updated';
      view: MenuView;
      /** A short confirmation of the change (absent for page changes). */
      toast?: string;
      /** The welcome message must be posted and pinned, or unpinned (`message` if known). */
      welcome?: { action: 'post' } | { action: 'remove'; message: WelcomeMessage | undefined };
    };

/** Options for {@link Moderation}. */
export interface ModerationOptions {
  brain: Brain;
  settings: GroupSettingsStore;
  /** The redacted unanswered log (for `/unanswered`). */
  unanswered?: UnansweredLog;
  /** Clock for quiet hours and cooldowns (ms since epoch; tests). */
  now?: () => number;
  logger?: Logger;
  /** Entries read for `/unanswered` (default 200). */
  reportEntries?: number;
}

/** The shared moderator toolkit. One instance serves every platform. */
export class Moderation {
  readonly brain: Brain;
  readonly settings: GroupSettingsStore;
  private readonly unanswered: UnansweredLog | undefined;
  private readonly now: () => number;
  private readonly logger: Logger | undefined;
  private readonly cooldowns = new CooldownTracker();
  private readonly reportEntries: number;

  constructor(options: ModerationOptions) {
    this.brain = options.brain;
    this.settings = options.settings;
    this.unanswered = options.unanswered;
    this.now = options.now ?? Date.now;
    this.logger = options.logger;
    this.reportEntries = options.reportEntries ?? 200;
  }

  /** The settings of `group` (defaults when the store fails). */
  settingsOf(group: string): Promise<GroupSettings> {
    return this.settings.get(group);
  }

  /** A reply styled for its group (disabled follow-ups removed, concise, 繁體). Private chats: unchanged. */
  async present(reply: Reply, group: string | undefined): Promise<Reply> {
    if (group === undefined) return reply;
    return presentReply(reply, await this.settings.get(group));
  }

  /** `text` in the group's script (for member-facing notices). */
  async localize(group: string | undefined, text: string): Promise<string> {
    return group === undefined ? text : inScript(await this.settings.get(group), text);
  }

  /**
   * May the actor get answers in this group? Always, except when admins turned answers off:
   * then only admins (the platform is asked only in that case).
   */
  async memberAllowed(actor: Actor): Promise<boolean> {
    if (actor.group === undefined) return true;
    const settings = await this.settings.get(actor.group);
    if (settings.answerMode !== 'off') return true;
    return actor.isAdmin();
  }

  /** The polite note for a member in a group with answers off (where a private note is possible). */
  async answersOffText(group: string | undefined): Promise<string> {
    return this.localize(group, ANSWERS_OFF_TEXT);
  }

  /** The topics a group offers (labels in its script). Private chats: every listable topic. */
  async topicsFor(group: string | undefined): Promise<FollowUp[]> {
    if (group === undefined) return listableTopics(this.brain);
    const settings = await this.settings.get(group);
    return enabledTopics(this.brain, settings).map((t) => ({ ...t, label: inScript(settings, t.label) }));
  }

  /** `topics` without the ones `group` disabled (labels in its script). */
  async filterTopics(group: string | undefined, topics: readonly FollowUp[]): Promise<FollowUp[]> {
    if (group === undefined) return [...topics];
    const settings = await this.settings.get(group);
    return topics.filter((t) => isTopicEnabled(settings, t.id)).map((t) => ({ ...t, label: inScript(settings, t.label) }));
  }

  /**
   * An unaddressed member message in `group`: auto-answer it or stay silent. The cooldown is
   * taken at the moment of deciding, so two messages arriving together get one answer.
   */
  async autoAnswer(group: string, text: string): Promise<Outcome> {
    if (text.trim() === '' || text.trimStart().startsWith('/')) return { kind: 'silent', reason: 'no-text' };
    const settings = await this.settings.get(group);
    if (settings.answerMode !== 'auto') return { kind: 'silent', reason: 'mode' };
    const { matcher, kb, safety } = this.brain;
    const normalized = matcher.normalized(text);
    const match = matchText(this.brain, normalized);
    const topicId = match.intent === null ? null : (kb.intents.find((i) => i.id === match.intent)?.topic ?? null);
    const now = this.now();
    const decision = decideAutoAnswer({
      settings,
      match,
      topicId,
      crisis: safety.assess(normalized).level === 'crisis',
      contentChars: (text.match(/[\p{L}\p{N}]/gu) ?? []).length,
      now,
      lastAnsweredAt: this.cooldowns.lastAt(group),
    });
    if (!decision.answer) {
      this.logger?.debug({ event: 'auto-skip', reason: decision.reason, confidence: decision.confidence }, 'auto-answer skipped');
      return { kind: 'silent', reason: decision.reason satisfies AutoSkipReason };
    }
    this.cooldowns.record(group, now);
    this.logger?.info({ event: 'auto-answer', topicId: decision.topicId, confidence: decision.confidence, crisis: decision.crisis }, 'auto-answer');
    return { kind: 'answer', topicId: decision.topicId, intro: inScript(settings, AUTO_NOTE) };
  }

  /**
   * What every settings action needs, checked in order: a group, an admin (asked now, on every
   * call), and the group's current settings read fresh from the store.
   */
  private async adminContext(
    actor: Actor,
  ): Promise<
    | { kind: 'ok'; group: string; topics: ReturnType<typeof listableTopics>; current: GroupSettings }
    | { kind: 'no-group' | 'not-admin' | 'store-failed' }
  > {
    const group = actor.group;
    if (group === undefined) return { kind: 'no-group' };
    if (!(await actor.isAdmin())) return { kind: 'not-admin' };
    try {
      return { kind: 'ok', group, topics: listableTopics(this.brain), current: await this.settings.fresh(group) };
    } catch (error) {
      this.logger?.warn({ err: error }, 'settings store failed');
      return { kind: 'store-failed' };
    }
  }

  /** `/settings [change]`: the menu for an admin (after applying a typed change), a refusal otherwise. */
  async settingsCommand(actor: Actor, args = ''): Promise<Outcome> {
    const ctx = await this.adminContext(actor);
    if (ctx.kind !== 'ok') {
      if (ctx.kind === 'not-admin') return { kind: 'refused', text: NOT_ADMIN_TEXT };
      return { kind: 'notice', text: ctx.kind === 'no-group' ? GROUP_ONLY_TEXT : SAVE_FAILED_TEXT };
    }
    const { group, topics, current } = ctx;
    if (args.trim() === '') return { kind: 'menu', view: renderMenu(current, 'main', topics) };
    const parsed = parseSettingsText(args, (name) => {
      const found = findTopic(this.brain, name, topics.map((t) => t.id));
      return found.kind === 'found' ? found.topicId : undefined;
    });
    if (!parsed.ok) return { kind: 'notice', text: parsed.error };
    if (parsed.change.key === 'welcome') {
      // Posting and pinning needs the button flow's platform glue; point there.
      return { kind: 'menu', view: renderMenu(current, 'main', topics), note: '置顶介绍请点下面的「置顶介绍」按钮开关。' };
    }
    const { change } = parsed;
    const saved = await this.save(group, () => change);
    if (!saved) return { kind: 'notice', text: SAVE_FAILED_TEXT };
    return { kind: 'menu', view: renderMenu(saved, 'main', topics), note: `已更新：${this.describe(parsed.change, saved)}` };
  }

  /** A press on a settings button `id` (`m:…`): admin status is checked first, on every press. */
  async press(actor: Actor, id: string): Promise<PressOutcome> {
    const ctx = await this.adminContext(actor);
    if (ctx.kind !== 'ok') {
      if (ctx.kind === 'not-admin') return { kind: 'refused', text: NOT_ADMIN_TEXT };
      return ctx.kind === 'no-group' ? { kind: 'stale', text: GROUP_ONLY_TEXT } : { kind: 'failed', text: SAVE_FAILED_TEXT };
    }
    const { group, topics, current } = ctx;
    const topicIds = topics.map((t) => t.id);
    const action = parseMenuButton(id, current, topicIds);
    if (action === null) return { kind: 'stale', text: STALE_MENU_TEXT };
    if (!action.change) return { kind: 'updated', view: this.view(current, action.page) };
    // Steps (+/−, quiet hours) apply to the settings as saved at that moment, not as the menu showed
    // them: two admins pressing at once both get their step.
    let change = action.change;
    let was = current.welcome;
    const saved = await this.save(group, (fresh) => {
      was = fresh.welcome;
      change = parseMenuButton(id, fresh, topicIds)?.change ?? change;
      return change;
    });
    if (!saved) return { kind: 'failed', text: SAVE_FAILED_TEXT };
    const out: PressOutcome = { kind: 'updated', view: this.view(saved, action.page), toast: this.describe(change, saved) };
    if (change.key === 'welcome') {
      if (change.value && !(was.enabled && was.message)) out.welcome = { action: 'post' };
      if (!change.value && was.enabled) out.welcome = { action: 'remove', message: was.message };
    }
    return out;
  }

  /**
   * Records what became of the welcome message: posted (with or without the pin) keeps it on
   * and remembers where it is; not posted turns the setting back off; removed forgets it.
   */
  async welcomeDone(group: string, result: WelcomeResult, message?: WelcomeMessage): Promise<MenuView | undefined> {
    try {
      const saved = await this.settings.update(group, (s) => ({
        ...s,
        welcome:
          result === 'pinned' || result === 'not-pinned'
            ? { enabled: true, ...(message ? { message } : {}) }
            : { enabled: false },
      }));
      return this.view(saved, 'main');
    } catch (error) {
      this.logger?.warn({ err: error }, 'could not record the welcome message');
      return undefined;
    }
  }

  /** The welcome ("what this bot can do") text for `group`, in its script. */
  async welcomeFor(group: string, platform: Platform): Promise<string> {
    return this.localize(group, welcomeText(platform));
  }

  /**
   * `/faq [topic]`: the topic's canonical answer, or the list of the group's topics (no
   * argument, not found, or ambiguous). In a group with answers off, members get nothing.
   */
  async faq(actor: Actor, query: string): Promise<Outcome> {
    if (!(await this.memberAllowed(actor))) return { kind: 'silent', reason: 'answers-off' };
    const topics = await this.topicsFor(actor.group);
    const q = query.trim();
    const list = async (text: string, ids?: readonly string[]): Promise<Outcome> => ({
      kind: 'topics',
      text: await this.localize(actor.group, text),
      topics: ids ? topics.filter((t) => ids.includes(t.id)) : topics,
    });
    if (q === '') return list(FAQ_LIST_TEXT);
    const found = findTopic(this.brain, q, topics.map((t) => t.id));
    if (found.kind === 'found') return { kind: 'answer', topicId: found.topicId };
    if (found.kind === 'ambiguous') return list(faqAmbiguousText(clip(q)), found.topicIds);
    return list(faqNotFoundText(clip(q)));
  }

  /** `/unanswered`: the group's recent unanswered questions, clustered; admins only. */
  async unansweredReport(actor: Actor): Promise<Outcome> {
    const group = actor.group;
    if (group === undefined) return { kind: 'notice', text: GROUP_ONLY_TEXT };
    if (!(await actor.isAdmin())) return { kind: 'refused', text: NOT_ADMIN_TEXT };
    if (!this.unanswered) return { kind: 'notice', text: REPORT_FAILED_TEXT };
    try {
      const entries = await this.unanswered.recent(group, this.reportEntries);
      const clusters = await clusterQuestions(entries, (t) => this.brain.matcher.normalized(t));
      const text = formatUnansweredReport(clusters, { total: entries.length, labelOf: (intent) => this.labelOfIntent(intent) });
      return { kind: 'report', text };
    } catch (error) {
      this.logger?.warn({ err: error }, 'unanswered log unreadable');
      return { kind: 'notice', text: REPORT_FAILED_TEXT };
    }
  }

  private labelOfIntent(intent: string): string | undefined {
    const topicId = this.brain.kb.intents.find((i) => i.id === intent)?.topic;
    return topicId === undefined ? undefined : this.label(topicId);
  }

  private label(topicId: string): string {
    return listableTopics(this.brain).find((t) => t.id === topicId)?.label ?? this.brain.kb.common.labels[topicId] ?? topicId;
  }

  private describe(change: SettingsChange, after: GroupSettings): string {
    return describeChange(change, after, (id) => this.label(id));
  }

  private view(settings: GroupSettings, page: MenuPage): MenuView {
    return renderMenu(settings, page, listableTopics(this.brain));
  }

  /** Saves the change `changeOf` makes to the group's settings as stored now; undefined when the store failed. */
  private async save(group: string, changeOf: (fresh: GroupSettings) => SettingsChange): Promise<GroupSettings | undefined> {
    try {
      return await this.settings.update(group, (s) => applyChange(s, changeOf(s)));
    } catch (error) {
      this.logger?.warn({ err: error }, 'settings store failed; change not saved');
      return undefined;
    }
  }
}

/** User text for a notice the whole group sees: made safe to echo ({@link echoText}), one line, at most 30 characters. */
function clip(text: string): string {
  const chars = [...echoText(text).replace(/\s+/gu, ' ')];
  return chars.length <= 30 ? chars.join('') : `${chars.slice(0, 29).join('')}…`;
}
