/**
 * Stores opened by one test file on temporary SQLite files: every store opened through it is
 * closed, and every temporary directory removed, after each test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { openStore, type OpenStoreOptions, type Stores, type StoreTarget } from '../../src/store/index.js';

/** Temporary files and tracked stores for the tests of one file. */
export interface TempStores {
  /** A fresh SQLite file path in a new temporary directory (`prefix` names the directory). */
  file(): string;
  /** Opens a store that is closed after the test unless closed before. */
  open(target: StoreTarget, options?: OpenStoreOptions): Promise<Stores>;
  /** Closes a store now (a restart within a test). */
  close(stores: Stores): Promise<void>;
}

/** Registers the clean-up and returns the helpers. */
export function useTempStores(prefix: string): TempStores {
  const dirs: string[] = [];
  const opened = new Set<Stores>();
  afterEach(async () => {
    for (const s of opened) await s.close();
    opened.clear();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return {
    file() {
      const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
      dirs.push(dir);
      return join(dir, 'bot.sqlite');
    },
    async open(target, options) {
      const stores = await openStore(target, options);
      opened.add(stores);
      return stores;
    },
    async close(stores) {
      opened.delete(stores);
      await stores.close();
    },
  };
}
