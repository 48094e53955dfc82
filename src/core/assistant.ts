/**
 * The stateful wrapper adapters call: loads the conversation state from keyv, runs the pure
 * {@link respond}, saves the new state with a TTL. A failing or slow store never stops an
 * answer: the turn is answered without context instead.
 *
 * Conversations are addressed by {@link ConversationRef}: the user (`tg:42`, `dc:1234`) and a
 * scope (`private`, `chat:-100123:thread:7`, `guild:1:channel:2`), so two members of one group
 * never share state and `/forget` can delete everything stored about one user.
 */
import Keyv from 'keyv';
import { respond, type Brain, type Turn } from './respond.js';
import { initialState, type ConversationState, type Incoming } from './types.js';

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
  /** Longest wait for the store before answering without context (default 1500 ms). */
  storeTimeoutMs?: number;
  /** Called when the store fails; must not throw. */
  onStoreError?: (error: unknown) => void;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The storage key of one conversation. */
export function conversationKey(ref: ConversationRef): string {
  return `conv:${ref.user}|${ref.scope}`;
}

const indexKey = (user: string): string => `scopes:${user}`;

/** Answers messages per conversation. */
export class Assistant {
  readonly store: Keyv;
  private readonly ttlMs: number;
  private readonly timeoutMs: number;
  private readonly onStoreError: (error: unknown) => void;

  constructor(
    readonly brain: Brain,
    options: AssistantOptions = {},
  ) {
    this.store = options.store ?? new Keyv();
    this.ttlMs = options.ttlMs ?? DAY_MS;
    this.timeoutMs = options.storeTimeoutMs ?? 1500;
    this.onStoreError = options.onStoreError ?? (() => undefined);
  }

  /** Answers one input in the conversation `ref`. Never rejects because of the store. */
  async handle(ref: ConversationRef, input: Incoming): Promise<Turn> {
    const key = conversationKey(ref);
    const saved = await this.guard(this.store.get<ConversationState>(key));
    const turn = respond(this.brain, input, saved ?? initialState());
    await this.guard(this.store.set(key, turn.state, this.ttlMs));
    if (saved === undefined) await this.remember(ref);
    return turn;
  }

  /**
   * Deletes every conversation stored for `user` (all scopes). Resolves false if the store
   * failed, so the caller can say so instead of claiming success.
   */
  async forgetUser(user: string): Promise<boolean> {
    const scopes = await this.guard(this.store.get<string[]>(indexKey(user)));
    if (scopes === undefined && !(await this.reachable())) return false;
    const keys = [...new Set(scopes ?? [])].map((scope) => conversationKey({ user, scope }));
    const done = await this.guard(
      Promise.all([...keys, indexKey(user)].map((k) => this.store.delete(k))).then(() => true),
    );
    return done === true;
  }

  private async remember(ref: ConversationRef): Promise<void> {
    const scopes = (await this.guard(this.store.get<string[]>(indexKey(ref.user)))) ?? [];
    if (!scopes.includes(ref.scope)) {
      await this.guard(this.store.set(indexKey(ref.user), [...scopes, ref.scope].slice(-200), this.ttlMs));
    }
  }

  private async reachable(): Promise<boolean> {
    return (await this.guard(this.store.has('__ping__').then(() => true))) === true;
  }

  private async guard<T>(op: Promise<T>): Promise<T | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => {
        this.onStoreError(new Error(`store did not answer within ${this.timeoutMs} ms`));
        resolve(undefined);
      }, this.timeoutMs);
    });
    try {
      return await Promise.race([op, timeout]);
    } catch (error) {
      this.onStoreError(error);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}
