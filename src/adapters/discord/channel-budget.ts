/**
 * The per-channel limit on what the bot posts publicly on Discord, so a busy channel (or a
 * crowd pressing buttons) can never make the bot exceed Discord's per-channel rate limit.
 */
import { SendBudget, type SendWindow } from '../../core/send-budget.js';

/**
 * Default per-channel budget: Discord allows 5 messages per 5 s in one channel; 20 a minute
 * keeps a busy server channel readable.
 */
export const CHANNEL_WINDOWS: readonly SendWindow[] = [
  { limit: 5, ms: 5_000 },
  { limit: 20, ms: 60_000 },
];

/** A new per-channel budget with {@link CHANNEL_WINDOWS}. */
export function defaultChannelBudget(now?: () => number): SendBudget {
  return new SendBudget({ windows: CHANNEL_WINDOWS, now });
}
