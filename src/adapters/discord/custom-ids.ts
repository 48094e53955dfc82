/**
 * Button custom ids. They carry everything needed to answer after a restart (no server-side
 * lookup): `f:<topicId>` for a follow-up, `mod:<topicId>:<channelId>:<messageId>:<authorId>`
 * for a moderator's pick in the "Answer with bot" flow. Both stay within Discord's 100 characters.
 */
import { LIMITS } from './limits.js';

/** A follow-up button: answer `topicId` for whoever pressed it. */
export interface FollowUpId {
  kind: 'follow-up';
  topicId: string;
}

/** A moderator picked `topicId` as the answer to a member's message. */
export interface ModeratorPickId {
  kind: 'mod';
  topicId: string;
  channelId: string;
  messageId: string;
  authorId: string;
}

/** Any button id this adapter understands. */
export type ParsedCustomId = FollowUpId | ModeratorPickId;

const TOPIC = /^[a-z][a-z0-9-]*$/u;
const SNOWFLAKE = /^\d{1,25}$/u;

/** `f:<topicId>`, or null when it would not be a valid custom id. */
export function followUpCustomId(topicId: string): string | null {
  const id = `f:${topicId}`;
  return TOPIC.test(topicId) && id.length <= LIMITS.customId ? id : null;
}

/** `mod:<topicId>:<channelId>:<messageId>:<authorId>`, or null when invalid or too long. */
export function moderatorCustomId(pick: Omit<ModeratorPickId, 'kind'>): string | null {
  const { topicId, channelId, messageId, authorId } = pick;
  if (!TOPIC.test(topicId) || ![channelId, messageId, authorId].every((s) => SNOWFLAKE.test(s))) return null;
  const id = `mod:${topicId}:${channelId}:${messageId}:${authorId}`;
  return id.length <= LIMITS.customId ? id : null;
}

/** Parses a custom id; null for anything unknown or malformed. */
export function parseCustomId(customId: string): ParsedCustomId | null {
  const parts = customId.split(':');
  if (parts[0] === 'f' && parts.length === 2 && TOPIC.test(parts[1])) {
    return { kind: 'follow-up', topicId: parts[1] };
  }
  if (parts[0] === 'mod' && parts.length === 5) {
    const [, topicId, channelId, messageId, authorId] = parts;
    if (TOPIC.test(topicId) && [channelId, messageId, authorId].every((s) => SNOWFLAKE.test(s))) {
      return { kind: 'mod', topicId, channelId, messageId, authorId };
    }
  }
  return null;
}
