/**
 * One interface over the Telegram and Discord harnesses, so the same table of cases runs on
 * both platforms and their observable decisions can be compared: which topics were answered
 * publicly, whether the actor was refused, whether a settings menu was shown, which topics were
 * offered, the unanswered report, the welcome message and its pin.
 */
import Keyv from 'keyv';
import type { Brain } from '../../src/core/respond.js';
import { GroupSettingsStore, Moderation } from '../../src/moderation/index.js';
import { UnansweredLog } from '../../src/store/unanswered-log.js';

/** Who acts. `admin` administers the group (until revoked), `member` never does. */
export type Who = 'admin' | 'member';

/** Commands both platforms have. */
export type Command = 'settings' | 'faq' | 'unanswered' | 'topics' | 'ask';

/** What one action visibly caused. */
export interface Observation {
  /** Topics answered publicly in the group, in order. */
  answered: string[];
  /** Some public answer was written in Traditional characters. */
  traditional: boolean;
  /** The actor got the "admins only" refusal. */
  refused: boolean;
  /** A settings menu was shown or updated. */
  menu: boolean;
  /** Topic ids offered as buttons outside a public answer (topic lists). */
  listed: string[];
  /** The unanswered report shown to the actor (privately). */
  report: string | undefined;
  /** The "what this bot can do" message was posted in the group. */
  welcomePosted: boolean;
  /** It was pinned. */
  pinned: boolean;
  /** Every other text shown (notices, toasts, menu notes). */
  texts: string[];
}

/** A platform under test. */
export interface Driver {
  readonly platform: 'telegram' | 'discord';
  /** The group id as the toolkit sees it (`tg:…`, `dc:…`). */
  readonly group: string;
  readonly service: Moderation;
  readonly log: UnansweredLog;
  /** A message in the group that does not address the bot. */
  chat(who: Who, text: string): Promise<void>;
  /** A message in the group that @-mentions the bot. */
  mention(who: Who, text: string): Promise<void>;
  /** A command in the group. */
  command(who: Who, name: Command, arg?: string): Promise<void>;
  /** A press on a settings button (`m:…`) or follow-up (`f:…`) in the group. */
  press(who: Who, id: string): Promise<void>;
  /** The admin stops being an admin (Telegram: member status; Discord: permissions). */
  revokeAdmin(): void;
  /** The bot lacks the right to pin. */
  denyPin(): void;
  /** What happened since the last call (and forgets it). */
  take(): Observation;
  close(): Promise<void>;
}

/** A mutable clock shared by a driver's toolkit. */
export interface Clock {
  now: number;
}

/** Epoch ms of `HH:MM` Shanghai time (UTC+8, no DST) on 2026-03-02. */
export function shanghai(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return Date.UTC(2026, 2, 2, h - 8, m);
}

/** A toolkit over in-memory stores with the given clock. */
export function moderationFor(brain: Brain, clock: Clock, settingsStore: Keyv = new Keyv()): { service: Moderation; log: UnansweredLog } {
  const log = new UnansweredLog(new Keyv());
  const service = new Moderation({
    brain,
    settings: new GroupSettingsStore(settingsStore, { cacheMs: 0 }),
    unanswered: log,
    now: () => clock.now,
  });
  return { service, log };
}

/** An empty observation. */
export function emptyObservation(): Observation {
  return { answered: [], traditional: false, refused: false, menu: false, listed: [], report: undefined, welcomePosted: false, pinned: false, texts: [] };
}

/**
 * Topic id by displayed title — a topic's title, or the question of one of its entries —
 * Simplified or Traditional (`traditional` tells which).
 */
export function titleIndex(brain: Brain, toTraditional: (s: string) => string): Map<string, { id: string; traditional: boolean }> {
  const index = new Map<string, { id: string; traditional: boolean }>();
  const add = (title: string, id: string): void => {
    index.set(title, { id, traditional: false });
    const t = toTraditional(title);
    if (t !== title) index.set(t, { id, traditional: true });
  };
  for (const topic of brain.kb.topics.values()) {
    add(topic.title, topic.id);
    for (const q of topic.questions) add(q.ask, topic.id);
  }
  return index;
}
