/**
 * Per-chat limits on what the bot sends, under Telegram's documented flood limits: about 20
 * messages per minute in one group, and about one message per second in one private chat
 * (short bursts tolerated). Each message chunk counts, not each answer.
 */
import type { Chat } from 'grammy/types';
import { SendBudget, type SendWindow } from '../../core/send-budget.js';

/** Groups and supergroups: 18 messages per minute (Telegram allows ~20; two spare for retries). */
export const GROUP_WINDOWS: readonly SendWindow[] = [{ limit: 18, ms: 60_000 }];

/** Private chats: 30 messages per 30 s (a burst of answers is fine, a sustained flood is not). */
export const PRIVATE_WINDOWS: readonly SendWindow[] = [{ limit: 30, ms: 30_000 }];

/** Options for {@link ChatBudget}; both default to the windows above. */
export interface ChatBudgetOptions {
  group?: SendBudget;
  private?: SendBudget;
  /** Clock for both default budgets (tests). */
  now?: () => number;
}

/** The send budgets of every chat, keyed by chat id. */
export class ChatBudget {
  readonly group: SendBudget;
  readonly private: SendBudget;

  constructor(options: ChatBudgetOptions = {}) {
    this.group = options.group ?? new SendBudget({ windows: GROUP_WINDOWS, now: options.now });
    this.private = options.private ?? new SendBudget({ windows: PRIVATE_WINDOWS, now: options.now });
  }

  private of(chat: Pick<Chat, 'type'>): SendBudget {
    return chat.type === 'private' ? this.private : this.group;
  }

  /** Records `messages` sends to `chat` if they all fit; false (nothing recorded) otherwise. */
  tryTake(chat: Pick<Chat, 'id' | 'type'>, messages: number): boolean {
    return this.of(chat).tryTake(String(chat.id), messages);
  }

  /** How many messages `chat` could receive now. */
  remaining(chat: Pick<Chat, 'id' | 'type'>): number {
    return this.of(chat).remaining(String(chat.id));
  }
}
