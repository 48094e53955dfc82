/** Building blocks shared by every part of the core that produces a {@link Reply}. */
import type { Common, IntentId } from '../kb/schema.js';
import type { Reply, ReplyKind } from './types.js';

/** An empty reply of the given kind, carrying the shared disclaimer. */
export function emptyReply(
  common: Common,
  kind: ReplyKind,
  intent: IntentId | null,
  confidence: number,
  topicId: string | null,
): Reply {
  return {
    kind,
    intent,
    confidence,
    topicId,
    question: null,
    title: '',
    summary: '',
    next: [],
    steps: [],
    legal: [],
    contacts: [],
    cautions: [],
    followUps: [],
    disclaimer: common.disclaimer,
  };
}

/** Replaces `{name}` placeholders; unknown names are left as they are. */
export function fill(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/gu, (whole, name: string) => vars[name] ?? whole);
}
