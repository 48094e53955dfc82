/**
 * Bounds the DM channels discord.js keeps. It caches every DM channel it sees, for the life of the
 * process (its sweepers cover messages, users and threads, not channels; limiting ChannelManager's
 * cache is unsupported and breaks it). The bot needs a DM channel only while it answers there, so
 * channels are tracked by last activity and, beyond {@link DM_CHANNEL_LIMITS.maxChannels}, the
 * oldest one idle for at least `minIdleMs` is removed from `client.channels.cache` (as discord.js
 * does on CHANNEL_DELETE). A later DM simply brings it back.
 */
import { ChannelType, type Client } from 'discord.js';

/** Bounds of the DM channel cache. */
export interface DmCacheOptions {
  /** DM channels kept at most, once idle (default 1,000). */
  maxChannels?: number;
  /** A channel used more recently than this is never dropped (default 60 s: its answer may still be on its way). */
  minIdleMs?: number;
  /** Clock (tests). */
  now?: () => number;
}

/** Default bounds. */
export const DM_CHANNEL_LIMITS = { maxChannels: 1_000, minIdleMs: 60_000 } as const;

/** Tracks DM channel activity and drops the idle ones beyond the bound. */
export class DmChannelCache {
  /** Channel id → last activity, least recent first. */
  private readonly seen = new Map<string, number>();
  private readonly max: number;
  private readonly minIdleMs: number;
  private readonly now: () => number;

  constructor(
    private readonly client: Client,
    options: DmCacheOptions = {},
  ) {
    this.max = options.maxChannels ?? DM_CHANNEL_LIMITS.maxChannels;
    this.minIdleMs = options.minIdleMs ?? DM_CHANNEL_LIMITS.minIdleMs;
    this.now = options.now ?? Date.now;
  }

  /** Records activity in DM channel `channelId`, then drops idle channels beyond the bound. */
  touch(channelId: string): void {
    const now = this.now();
    this.seen.delete(channelId);
    this.seen.set(channelId, now);
    for (const [id, at] of this.seen) {
      if (this.seen.size <= this.max || now - at < this.minIdleMs) break;
      this.seen.delete(id);
      if (this.client.channels.cache.get(id)?.type === ChannelType.DM) this.client.channels.cache.delete(id);
    }
  }

  /** DM channels tracked now. */
  get size(): number {
    return this.seen.size;
  }
}
