/**
 * Files only the bot's user may read: the SQLite store holds conversations and questions from
 * people in distress, so its directory is created 0700 and the database 0600 (SQLite creates the
 * `-wal` and `-shm` files with the database's permissions). A database left readable by an older
 * version is tightened when opened.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/** Owner-only permissions of the store's directory and files. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates `path`'s directory (0700, if missing) and the file itself (0600, if missing), and makes
 * an existing file and its SQLite companions 0600. A file the process may not chmod (someone
 * else's) is left as it is: opening it then decides.
 */
export function preparePrivateFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: PRIVATE_DIR_MODE });
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      if (existsSync(file)) chmodSync(file, PRIVATE_FILE_MODE);
    } catch {
      // not ours to change
    }
  }
}
