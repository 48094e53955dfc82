/**
 * The stateful wrapper adapters call: loads the conversation state from keyv, runs the pure
 * {@link respond}, saves the new state with a TTL. A failing or slow store never stops an
 * answer: the turn is answered without context instead.
 *
 * Conversations are addressed by {@link ConversationRef}: the user (`tg:42`, `dc:1234`) and a
 * scope (`private`, `chat:-100123:thread:7`, `guild:1:channel:2`), so two members of one group
 * never share state and `/forget` can delete everything stored about one user.
 *
 * Questions the bot could not answer (out of scope, or too unsure) are handed to the optional
 * `onUnanswered` hook (the redacted unanswered log), within the same bounded wait.
 */
import Keyv from 'keyv';
import type { MatchResult } from '../matcher/matcher.js';
import { KeyedQueue } from './keyed-queue.js';
import { respond, type Brain, type Turn } from './respond.js';
import { initialState, type ConversationState, type Incoming, type Reply } from './types.js';
import { withTimeout } from './with-timeout.js';

/** Who is talking, and where. */
export interface ConversationRef {
  /** Platform-qualified user id, e.g. `tg:42`. */
  user: string;
  /** Where the conversation happens, e.g. `private` or `chat:-100123:thread:7`. */
  scope: string;
}

/** Options for {@link Assistant}. */
export interface AssistantOptions {
  /** Where conversation state lives (default: in memory). */
  store?: Keyv;
  /** How long a conversation is remembered (default 24 h). */
  ttlMs?: number;
  /**
   * Longest total wait for the store in one turn (reads, writes and `onUnanswered` together),
   * after which the turn goes on without it (default 1500 ms).
   */
  storeTimeoutMs?: number;
  /** Called when the store fails; must not throw. */
  onStoreError?: (error: unknown) => void;
  /**
   * Called for each text question the bot could not answer (see {@link isUnanswered}); awaited
   * within the store timeout, failures go to `onStoreError`. Receives the raw text: redact it.
   */
  onUnanswered?: (event: UnansweredEvent) => Promise<void> | void;
}

/** A question the bot could not answer, for {@link AssistantOptions.onUnanswered}. */
export interface UnansweredEvent {
  ref: ConversationRef;
  /** The user's raw text (not redacted). */
  text: string;
  match: MatchResult;
  reply: Reply;
}

/**
 * True when a turn left a typed question unanswered: the matcher rejected it (out of scope) or
 * was too unsure and asked to clarify. Nothing said in crisis or distress is ever counted (nor
 * logged): crisis and supportive replies, and replies carrying the help line on top.
 */
export function isUnanswered(turn: Turn): turn is Turn & { match: MatchResult } {
  const r = turn.reply;
  if (turn.match === undefined || r.kind === 'crisis' || r.kind === 'support' || r.banner !== undefined) return false;
  return turn.match.decision !== 'answer' || turn.reply.kind === 'out-of-scope' || turn.reply.kind === 'clarify';
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The storage key of one conversation. */
export function conversationKey(ref: ConversationRef): string {
  return `conv:${ref.user}|${ref.scope}`;
}

const indexKey = (user: string): string => `scopes:${user}`;

/** Scopes remembered per user (most recent last); older ones simply expire with their TTL. */
const MAX_SCOPES = 200;

/** Answers messages per conversation. */
export class Assistant {
  readonly store: Keyv;
  private readonly ttlMs: number;
  private readonly timeoutMs: number;
  private readonly onStoreError: (error: unknown) => void;
  private readonly onUnanswered: AssistantOptions['onUnanswered'];
  /** One user's turns and `/forget` run one after another (they read-modify-write the same keys). */
  private readonly perUser = new KeyedQueue();

  constructor(
    readonly brain: Brain,
    options: AssistantOptions = {},
  ) {
    this.store = options.store ?? new Keyv();
    this.ttlMs = options.ttlMs ?? DAY_MS;
    this.timeoutMs = options.storeTimeoutMs ?? 1500;
    this.onStoreError = options.onStoreError ?? (() => undefined);
    this.onUnanswered = options.onUnanswered;
  }

  /**
   * Answers one input in the conversation `ref`. Never rejects because of the store.
   *
   * The user's scope index is rewritten with the conversation's TTL on every turn, so it always
   * outlives the conversations it lists and `/forget` finds them all. Turns of one user run one
   * after another (in this process), so none reads state another is about to replace.
   */
  handle(ref: ConversationRef, input: Incoming): Promise<Turn> {
    return this.perUser.run(ref.user, () => this.turn(ref, input));
  }

  private async turn(ref: ConversationRef, input: Incoming): Promise<Turn> {
    const key = conversationKey(ref);
    const deadline = Date.now() + this.timeoutMs;
    const [saved, scopes] = await Promise.all([
      this.attempt(() => this.store.get<ConversationState>(key), deadline),
      this.attempt(() => this.store.get<string[]>(indexKey(ref.user)), deadline),
    ]);
    const turn = respond(this.brain, input, (saved.ok ? saved.value : undefined) ?? initialState());
    const writes: Array<Promise<unknown>> = [this.attempt(() => this.store.set(key, turn.state, this.ttlMs), deadline)];
    // Only extend an index that was read: rewriting it after a failed read would drop scopes.
    if (scopes.ok) {
      const listed = [...(scopes.value ?? []).filter((s) => s !== ref.scope), ref.scope].slice(-MAX_SCOPES);
      writes.push(this.attempt(() => this.store.set(indexKey(ref.user), listed, this.ttlMs), deadline));
    }
    if (this.onUnanswered && input.type === 'text' && isUnanswered(turn)) {
      const hook = this.onUnanswered;
      const event: UnansweredEvent = { ref, text: input.text, match: turn.match, reply: turn.reply };
      writes.push(this.attempt(async () => hook(event), deadline));
    }
    await Promise.all(writes);
    return turn;
  }

  /**
   * Deletes every conversation stored for `user` (all scopes). Resolves false if the store
   * failed, so the caller can say so instead of claiming success. Runs after the user's turns in
   * flight, so none of them writes its state back afterwards.
   */
  forgetUser(user: string): Promise<boolean> {
    return this.perUser.run(user, () => this.forget(user));
  }

  private async forget(user: string): Promise<boolean> {
    const scopes = await this.attempt(() => this.store.get<string[]>(indexKey(user)), Date.now() + this.timeoutMs);
    if (!scopes.ok) return false;
    const keys = [...new Set(scopes.value ?? [])].map((scope) => conversationKey({ user, scope }));
    const done = await this.attempt(
      () => Promise.all([...keys, indexKey(user)].map((k) => this.store.delete(k))),
      Date.now() + this.timeoutMs,
    );
    return done.ok;
  }

  /**
   * Runs one store operation until `deadline` (ms since epoch); failures and timeouts are
   * reported through `onStoreError`, never thrown. Past the deadline the operation is skipped.
   */
  private async attempt<T>(op: () => Promise<T>, deadline: number): Promise<{ ok: true; value: T } | { ok: false }> {
    const left = deadline - Date.now();
    if (left <= 0) {
      this.onStoreError(new StoreTimeoutError(this.timeoutMs));
      return { ok: false };
    }
    try {
      return { ok: true, value: await withTimeout(op, left, () => new StoreTimeoutError(this.timeoutMs)) };
    } catch (error) {
      this.onStoreError(error);
      return { ok: false };
    }
  }
}

/** The store did not answer in time; the turn went on without it. */
export class StoreTimeoutError extends Error {
  override readonly name = 'StoreTimeoutError';
  readonly code = 'STORE_TIMEOUT';
  constructor(readonly timeoutMs: number) {
    super(`store did not answer within ${timeoutMs} ms`);
  }
}
