/**
 * A group's answer style applied to a structured reply before any platform renders it, so
 * Telegram and Discord show the same text: disabled topics removed from the follow-up
 * buttons, `concise` answers (summary, the first steps and contacts), and 繁體 output
 * (OpenCC `cn` → `tw`, character conversion only; digits, URLs and phone numbers are untouched).
 */
import * as OpenCC from 'opencc-js';
import type { Reply } from '../core/types.js';
import type { GroupSettings } from './settings.js';
import { isTopicEnabled } from './topics.js';

const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });

/** Steps kept in a concise answer. */
export const CONCISE_STEPS = 3;
/** Contacts kept in a concise answer. */
export const CONCISE_CONTACTS = 2;
/** Added to a concise answer: where the rest is. */
export const CONCISE_NOTE = '本群设置为简洁回答。完整内容（法律依据、注意事项、模板）可以私聊我，或发送 /faq 话题名 查看。';

/** `text` in Traditional characters when the group chose 繁體, else unchanged. */
export function inScript(settings: Pick<GroupSettings, 'script'>, text: string): string {
  return settings.script === 'traditional' ? toTraditional(text) : text;
}

/**
 * Converts the visible text of a reply to Traditional characters — except the statute quotes,
 * which stay the statute's own words (verbatim, Simplified), and the text read from a
 * screenshot, which stays as read.
 */
export function traditionalReply(reply: Reply): Reply {
  const t = toTraditional;
  return {
    ...reply,
    ...(reply.banner === undefined ? {} : { banner: t(reply.banner) }),
    title: t(reply.title),
    ...(reply.context === undefined ? {} : { context: t(reply.context) }),
    summary: t(reply.summary),
    next: reply.next.map(t),
    steps: reply.steps.map(t),
    legal: reply.legal.map((l) => ({ ...l, label: t(l.label), summary: t(l.summary), ...(l.binds ? { binds: t(l.binds) } : {}) })),
    contacts: reply.contacts.map((c) => ({ name: t(c.name), contact: t(c.contact), handles: t(c.handles) })),
    cautions: reply.cautions.map(t),
    ...(reply.template ? { template: { title: t(reply.template.title), body: t(reply.template.body) } } : {}),
    followUps: reply.followUps.map((f) => ({ ...f, label: t(f.label) })),
    disclaimer: t(reply.disclaimer),
  };
}

/**
 * The details of a topic or question shortened: the first {@link CONCISE_STEPS} steps and
 * {@link CONCISE_CONTACTS} contacts, plus a note on where the full answer is. Short answers
 * (already short), crisis replies, clarifying questions, menus and the guided flows are never
 * shortened.
 */
export function conciseReply(reply: Reply): Reply {
  if (reply.kind !== 'answer' || reply.flow !== undefined || reply.detail !== true || reply.template !== undefined) return reply;
  const { template: _template, ...rest } = reply;
  return {
    ...rest,
    steps: reply.steps.slice(0, CONCISE_STEPS),
    contacts: reply.contacts.slice(0, CONCISE_CONTACTS),
    cautions: [CONCISE_NOTE],
  };
}

/** The reply as the group wants it shown. Pure. */
export function presentReply(reply: Reply, settings: GroupSettings): Reply {
  let out: Reply = { ...reply, followUps: reply.followUps.filter((f) => isTopicEnabled(settings, f.id)) };
  if (settings.detail === 'concise') out = conciseReply(out);
  if (settings.script === 'traditional') out = traditionalReply(out);
  return out;
}
