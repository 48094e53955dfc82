/**
 * Group settings in the store's `settings` keyv namespace (key `group:<group>`, no TTL), so
 * they survive restarts (SQLite) and are shared by several instances (Redis).
 *
 * Reads on the hot path (every group message in auto mode, every group answer) go through a
 * short cache and a bounded wait: a failing or slow store gives the defaults (answer only when
 * addressed, 简体, full answers), never an error. Admin changes read fresh and write through,
 * and do report failures, so an admin is never told a change was saved when it was not.
 */
import type Keyv from 'keyv';
import { KeyedQueue } from '../core/keyed-queue.js';
import { withTimeout } from '../core/with-timeout.js';
import { defaultSettings, readSettings, type GroupSettings } from './settings.js';

/** Options for {@link GroupSettingsStore}. */
export interface GroupSettingsStoreOptions {
  /** How long a read is reused, in ms (default 10 s; another instance's change shows up within this). */
  cacheMs?: number;
  /** Longest wait for one store call, in ms (default 1000). */
  timeoutMs?: number;
  /** Store failures on reads (answered with defaults); must not throw. */
  onError?: (error: unknown) => void;
  /** Clock for the cache (tests). */
  now?: () => number;
  /** Most groups cached at once (default 10 000). */
  maxCached?: number;
}

/** The store key of a group's settings. */
export function settingsKey(group: string): string {
  return `group:${group}`;
}

/** Per-group settings with defaults, a read cache and bounded waits. */
export class GroupSettingsStore {
  private readonly cache = new Map<string, { value: GroupSettings; at: number }>();
  private readonly cacheMs: number;
  private readonly timeoutMs: number;
  private readonly onError: (error: unknown) => void;
  private readonly now: () => number;
  private readonly maxCached: number;
  /** One change of a group's settings at a time (read fresh, change, write). */
  private readonly perGroup = new KeyedQueue();

  constructor(
    readonly store: Keyv,
    options: GroupSettingsStoreOptions = {},
  ) {
    this.cacheMs = options.cacheMs ?? 10_000;
    this.timeoutMs = options.timeoutMs ?? 1000;
    this.onError = options.onError ?? (() => undefined);
    this.now = options.now ?? Date.now;
    this.maxCached = options.maxCached ?? 10_000;
  }

  /** The group's settings (cached briefly); the defaults when none are stored or the store fails. */
  async get(group: string): Promise<GroupSettings> {
    const hit = this.cache.get(group);
    if (hit && this.now() - hit.at < this.cacheMs) return structuredClone(hit.value);
    try {
      return structuredClone(await this.fresh(group));
    } catch (error) {
      this.onError(error);
      return defaultSettings();
    }
  }

  /** The stored settings, read now (not cached). Rejects when the store fails. */
  async fresh(group: string): Promise<GroupSettings> {
    const raw = await this.bounded(() => this.store.get<unknown>(settingsKey(group)));
    const value = readSettings(raw);
    this.remember(group, value);
    return value;
  }

  /** Stores `settings` for `group`. Rejects when the store fails (nothing is cached then). */
  async set(group: string, settings: GroupSettings): Promise<void> {
    const value = readSettings(settings);
    await this.bounded(() => this.store.set(settingsKey(group), value));
    this.remember(group, value);
  }

  /**
   * Reads fresh, applies `change`, stores the result and returns it; changes of one group run one
   * after another (in this process), so two admins at once both keep theirs. Rejects when the
   * store fails.
   */
  update(group: string, change: (current: GroupSettings) => GroupSettings): Promise<GroupSettings> {
    return this.perGroup.run(group, async () => {
      const next = readSettings(change(await this.fresh(group)));
      await this.set(group, next);
      return next;
    });
  }

  private remember(group: string, value: GroupSettings): void {
    this.cache.delete(group);
    this.cache.set(group, { value: structuredClone(value), at: this.now() });
    if (this.cache.size > this.maxCached) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }

  private bounded<T>(op: () => Promise<T>): Promise<T> {
    return withTimeout(op, this.timeoutMs, () => new SettingsTimeoutError(this.timeoutMs));
  }
}

/** The settings store did not answer in time. */
export class SettingsTimeoutError extends Error {
  override readonly name = 'SettingsTimeoutError';
  readonly code = 'SETTINGS_TIMEOUT';
  constructor(readonly timeoutMs: number) {
    super(`settings store did not answer within ${timeoutMs} ms`);
  }
}
