/**
 * The unanswered log: questions the bot could not answer (out of scope, or too unsure and
 * asked to clarify), so the knowledge base can grow where people actually need it.
 *
 * Privacy: only the question with phone, ID and bank-card numbers masked (`redactText`), cut to
 * {@link MAX_TEXT} characters, is stored, with the platform, the group (a Telegram group chat
 * or Discord server, never a private chat) and the best guess. No user id is stored, so an
 * entry cannot be traced back to a person by id; entries expire after 30 days.
 *
 * Layout (in its Keyv namespace): a ring of at most `perGroup` slots per group, plus one ring
 * `*` across all chats; `ring:<g>:head` counts entries written and `ring:<g>:<n>` holds the
 * entry in slot n. Each write refreshes the head's TTL, and each slot expires on its own.
 */
import type Keyv from 'keyv';
import type { UnansweredEvent } from '../core/assistant.js';
import { redactText } from '../redact.js';

/** Longest stored question, in characters. */
export const MAX_TEXT = 500;
/** Default number of entries kept per group (and across all chats). */
export const DEFAULT_PER_GROUP = 1000;
/** Default retention: 30 days. */
export const DEFAULT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

const ALL = '*';

/** One question to record. `text` is the raw user text: it is redacted before storage. */
export interface UnansweredRecord {
  /** `telegram`, `discord`, `console`, … */
  platform: string;
  /** The group it was asked in (`tg:<chat id>`, `dc:<guild id>`); absent for private chats. */
  group?: string;
  text: string;
  /** The matcher's best in-scope guess, if any. */
  bestGuess: string | null;
  /** The matcher's confidence in that guess, 0..1. */
  confidence: number;
  at: Date;
}

/** A stored entry (its `text` already redacted). */
export type UnansweredEntry = UnansweredRecord;

interface Stored {
  platform: string;
  group?: string;
  text: string;
  bestGuess: string | null;
  confidence: number;
  /** ms since epoch */
  at: number;
  seq: number;
}

/** Options for {@link UnansweredLog}. */
export interface UnansweredLogOptions {
  /** Entries kept per group and across all chats (default 1000). */
  perGroup?: number;
  /** How long an entry is kept, in ms (default 30 days). */
  retentionMs?: number;
}

/** The redacted, bounded log of unanswered questions. */
export class UnansweredLog {
  private readonly perGroup: number;
  private readonly retentionMs: number;

  constructor(
    readonly store: Keyv,
    options: UnansweredLogOptions = {},
  ) {
    this.perGroup = Math.max(1, Math.floor(options.perGroup ?? DEFAULT_PER_GROUP));
    this.retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
  }

  /** Records one question (redacted) in its group's ring and in the all-chats ring. */
  async record(record: UnansweredRecord): Promise<void> {
    const entry = {
      platform: record.platform,
      ...(record.group === undefined ? {} : { group: record.group }),
      text: [...redactText(record.text)].slice(0, MAX_TEXT).join(''),
      bestGuess: record.bestGuess,
      confidence: Math.round(record.confidence * 1000) / 1000,
      at: record.at.getTime(),
    };
    const rings = record.group === undefined ? [ALL] : [ALL, record.group];
    await Promise.all(rings.map((ring) => this.append(ring, entry)));
  }

  /**
   * The latest entries, newest first: of `group`, or across all chats when `group` is
   * undefined. At most `limit` (and at most the ring size).
   */
  async recent(group?: string, limit = 50): Promise<UnansweredEntry[]> {
    const ring = group ?? ALL;
    const head = (await this.store.get<number>(headKey(ring))) ?? 0;
    const n = Math.min(Math.max(0, Math.floor(limit)), this.perGroup, head);
    if (n === 0) return [];
    const keys = Array.from({ length: n }, (_, i) => slotKey(ring, (head - 1 - i) % this.perGroup));
    const values = await this.store.getMany<Stored>(keys);
    return values
      .filter((v): v is Stored => v !== undefined && v !== null)
      .sort((a, b) => b.seq - a.seq || b.at - a.at)
      .map(({ seq: _seq, at, ...rest }) => ({ ...rest, at: new Date(at) }));
  }

  /** Deletes every entry (all groups). */
  async clear(): Promise<void> {
    await this.store.clear();
  }

  private async append(ring: string, entry: Omit<Stored, 'seq'>): Promise<void> {
    // Two bot processes appending at the same moment may pick the same slot; one entry is
    // then lost, which is acceptable for a log that only guides knowledge-base work.
    const seq = (await this.store.get<number>(headKey(ring))) ?? 0;
    await this.store.set(slotKey(ring, seq % this.perGroup), { ...entry, seq }, this.retentionMs);
    await this.store.set(headKey(ring), seq + 1, this.retentionMs);
  }
}

const headKey = (ring: string): string => `ring:${ring}:head`;
const slotKey = (ring: string, slot: number): string => `ring:${ring}:${slot}`;

/** The platform of a user reference (`tg:42` → `telegram`). */
export function platformOf(user: string): string {
  const prefix = user.split(':', 1)[0] ?? '';
  return { tg: 'telegram', dc: 'discord' }[prefix] ?? prefix;
}

/**
 * The group of a conversation scope: `chat:<id>[:thread:<t>]` → `tg:<id>`,
 * `guild:<g>:channel:<c>` → `dc:<g>`; private chats, DMs and the console have none.
 */
export function groupOf(scope: string): string | undefined {
  const tg = /^chat:(-?\d+)(?::|$)/u.exec(scope);
  if (tg) return `tg:${tg[1]}`;
  const dc = /^guild:(\d+):/u.exec(scope);
  if (dc) return `dc:${dc[1]}`;
  return undefined;
}

/**
 * The Assistant's `onUnanswered` hook writing to `log` (no user id is recorded).
 * `now` is for tests.
 */
export function unansweredRecorder(
  log: UnansweredLog,
  now: () => Date = () => new Date(),
): (event: UnansweredEvent) => Promise<void> {
  return (event) =>
    log.record({
      platform: platformOf(event.ref.user),
      group: groupOf(event.ref.scope),
      text: event.text,
      bestGuess: event.match.intent ?? event.match.alternatives[0]?.intent ?? null,
      confidence: event.match.confidence,
      at: now(),
    });
}
