/**
 * The SQLite store holds conversations and questions from frightened people: its directory and
 * files (the database and its WAL and shared-memory files) are the bot user's alone.
 */
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteFile } from '../../src/store/index.js';
import { useTempStores } from '../support/temp-stores.js';

const temp = useTempStores('sqlite-modes');
const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8);

describe('SQLite file permissions', () => {
  it('GIVEN a new store in a directory that does not exist yet THEN the directory is 0700 and the database, -wal and -shm files 0600', async () => {
    const path = join(dirname(temp.file()), 'data', 'bot.sqlite');
    const stores = await temp.open({ kind: 'sqlite', path });
    await stores.conversations.set('conv:tg:1|private', { turns: 1 });
    expect(mode(dirname(path))).toBe('700');
    for (const file of [path, `${path}-wal`, `${path}-shm`]) {
      expect(existsSync(file), file).toBe(true);
      expect(mode(file), file).toBe('600');
    }
  });

  it('GIVEN an existing database readable by others (0644, from an older version) THEN opening it makes it 0600', () => {
    const path = join(dirname(temp.file()), 'old', 'bot.sqlite');
    mkdirSync(dirname(path), { mode: 0o755 });
    new SqliteFile(path).close();
    chmodSync(path, 0o644);
    const file = new SqliteFile(path);
    try {
      expect(mode(path)).toBe('600');
    } finally {
      file.close();
    }
  });
});
