/**
 * A keyv 5 storage adapter over better-sqlite3: one table `keyv(namespace, key, value, expires)`
 * in one file shared by every namespace. Entries with a TTL carry an absolute `expires` time
 * (ms since epoch): reads skip and delete them (lazy expiry) and a timer sweeps the rest.
 *
 * better-sqlite3 is synchronous; each call takes microseconds on a local file, which is why the
 * embedded store suits one bot process. Several processes should share Redis instead.
 */
import { EventEmitter } from 'node:events';
import Database from 'better-sqlite3';
import Keyv, { type KeyvStoreAdapter, type StoredData } from 'keyv';
import { StoreError } from './errors.js';
import { preparePrivateFile } from './private-file.js';

/** The schema version written to `PRAGMA user_version`. */
const SCHEMA_VERSION = 1;

/** Default interval of the sweep that deletes expired rows (10 minutes). */
export const DEFAULT_SWEEP_MS = 10 * 60 * 1000;

/** Rows read per page by {@link SqliteKeyvStore.iterator}. */
const PAGE = 200;

/** Options for {@link SqliteFile}. */
export interface SqliteFileOptions {
  /** The clock, in ms since epoch (tests inject one). Default `Date.now`. */
  now?: () => number;
  /** Interval of the expired-row sweep in ms; 0 disables it. Default 10 minutes. */
  sweepIntervalMs?: number;
  /** Called when a background sweep fails; must not throw. */
  onSweepError?: (error: unknown) => void;
}

interface Row {
  key: string;
  value: string;
  expires: number | null;
}

/**
 * One SQLite database (a file, or `:memory:`) holding any number of namespaces. Create
 * adapters with {@link SqliteFile.store}; the file closes when the last adapter disconnects
 * or on {@link SqliteFile.close}.
 */
export class SqliteFile {
  /** The clock used for TTLs. */
  readonly now: () => number;
  private readonly db: Database.Database;
  private readonly timer: NodeJS.Timeout | undefined;
  private users = 0;
  private readonly sql: {
    get: Database.Statement<[string, string], Row>;
    getMany: Database.Statement<[string, string], Row>;
    set: Database.Statement<[string, string, string, number | null]>;
    delete: Database.Statement<[string, string]>;
    deleteMany: Database.Statement<[string, string]>;
    deleteExpired: Database.Statement<[string, string, number]>;
    clear: Database.Statement<[string]>;
    page: Database.Statement<[string, string, number, number], Row>;
    sweep: Database.Statement<[number]>;
  };

  /**
   * Opens (creating if needed, with its directory) the database at `path`.
   * Throws {@link StoreError} `STORE_OPEN_FAILED` when the file cannot be opened or is not ours.
   */
  constructor(
    readonly path: string,
    options: SqliteFileOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    try {
      // Directory 0700, database (and so its -wal/-shm files) 0600: the bot user's alone.
      if (path !== ':memory:') preparePrivateFile(path);
      this.db = new Database(path);
    } catch (error) {
      throw new StoreError('STORE_OPEN_FAILED', `cannot open the SQLite store at ${path}: ${message(error)}`, { cause: error });
    }
    try {
      this.migrate();
      this.sql = {
        get: this.db.prepare('SELECT key, value, expires FROM keyv WHERE namespace = ? AND key = ?'),
        getMany: this.db.prepare(
          'SELECT key, value, expires FROM keyv WHERE namespace = ? AND key IN (SELECT value FROM json_each(?))',
        ),
        set: this.db.prepare(
          'INSERT INTO keyv (namespace, key, value, expires) VALUES (?, ?, ?, ?) ' +
            'ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, expires = excluded.expires',
        ),
        delete: this.db.prepare('DELETE FROM keyv WHERE namespace = ? AND key = ?'),
        deleteMany: this.db.prepare('DELETE FROM keyv WHERE namespace = ? AND key IN (SELECT value FROM json_each(?))'),
        deleteExpired: this.db.prepare('DELETE FROM keyv WHERE namespace = ? AND key = ? AND expires <= ?'),
        clear: this.db.prepare('DELETE FROM keyv WHERE namespace = ?'),
        page: this.db.prepare(
          'SELECT key, value, expires FROM keyv WHERE namespace = ? AND key > ? AND (expires IS NULL OR expires > ?) ' +
            'ORDER BY key LIMIT ?',
        ),
        sweep: this.db.prepare('DELETE FROM keyv WHERE expires IS NOT NULL AND expires <= ?'),
      };
    } catch (error) {
      this.db.close();
      throw new StoreError('STORE_OPEN_FAILED', `cannot use the SQLite store at ${path}: ${message(error)}`, { cause: error });
    }
    this.sweep();
    const every = options.sweepIntervalMs ?? DEFAULT_SWEEP_MS;
    if (every > 0) {
      const onError = options.onSweepError ?? (() => undefined);
      this.timer = setInterval(() => {
        try {
          this.sweep();
        } catch (error) {
          onError(error);
        }
      }, every);
      this.timer.unref();
    }
  }

  /** True until {@link close}. */
  get open(): boolean {
    return this.db.open;
  }

  /** An adapter for `namespace` (Keyv sets the namespace too; both must agree). */
  store(namespace?: string): SqliteKeyvStore {
    this.users += 1;
    return new SqliteKeyvStore(this, namespace);
  }

  /** Deletes every expired row now; returns how many. */
  sweep(): number {
    return this.use(() => this.sql.sweep.run(this.now()).changes);
  }

  /** Closes the database (idempotent); later calls fail with `STORE_CLOSED`. */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.db.open) this.db.close();
  }

  /** @internal An adapter is done with the file; the last one closes it. */
  release(): void {
    this.users -= 1;
    if (this.users <= 0) this.close();
  }

  /** @internal Reads one live entry, deleting it if expired. */
  get(namespace: string, key: string): string | undefined {
    return this.use(() => {
      const row = this.sql.get.get(namespace, key);
      if (row === undefined) return undefined;
      if (this.expired(row)) {
        this.sql.deleteExpired.run(namespace, key, this.now());
        return undefined;
      }
      return row.value;
    });
  }

  /** @internal Reads several live entries, in the order of `keys`. */
  getMany(namespace: string, keys: readonly string[]): Array<string | undefined> {
    if (keys.length === 0) return [];
    return this.use(() => {
      const found = new Map<string, string>();
      for (const row of this.sql.getMany.all(namespace, JSON.stringify(keys))) {
        if (!this.expired(row)) found.set(row.key, row.value);
      }
      return keys.map((k) => found.get(k));
    });
  }

  /** @internal Writes entries in one transaction. */
  set(namespace: string, entries: ReadonlyArray<{ key: string; value: unknown; ttl?: number }>): void {
    this.use(() => {
      const now = this.now();
      this.db.transaction(() => {
        for (const e of entries) {
          const expires = typeof e.ttl === 'number' && Number.isFinite(e.ttl) && e.ttl > 0 ? now + e.ttl : null;
          this.sql.set.run(namespace, e.key, text(e.value), expires);
        }
      })();
    });
  }

  /** @internal Deletes keys; true if any existed. */
  delete(namespace: string, keys: readonly string[]): boolean {
    return this.use(() =>
      keys.length === 1
        ? this.sql.delete.run(namespace, keys[0] as string).changes > 0
        : this.sql.deleteMany.run(namespace, JSON.stringify(keys)).changes > 0,
    );
  }

  /** @internal Deletes the whole namespace. */
  clear(namespace: string): void {
    this.use(() => this.sql.clear.run(namespace));
  }

  /** @internal One page of live rows after `after`, by key. */
  page(namespace: string, after: string): Row[] {
    return this.use(() => this.sql.page.all(namespace, after, this.now(), PAGE));
  }

  private expired(row: Row): boolean {
    return row.expires !== null && row.expires <= this.now();
  }

  private use<T>(fn: () => T): T {
    if (!this.db.open) throw new StoreError('STORE_CLOSED', `the SQLite store at ${this.path} is closed`);
    return fn();
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(`the file was written by a newer version (schema ${version}, this build knows ${SCHEMA_VERSION})`);
    }
    if (this.path !== ':memory:') this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 1000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS keyv (
        namespace TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        expires INTEGER,
        PRIMARY KEY (namespace, key)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS keyv_expires ON keyv (expires) WHERE expires IS NOT NULL;
    `);
    this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }
}

/**
 * The keyv storage adapter for one namespace of a {@link SqliteFile}. Keyv stores its
 * serialized `{ value, expires }` string here; the adapter keeps its own `expires` column so
 * expired rows are never returned and can be swept without parsing values.
 */
export class SqliteKeyvStore extends EventEmitter implements KeyvStoreAdapter {
  /** Keyv reads `opts.dialect` to know the adapter can iterate. */
  readonly opts: { dialect: 'sqlite'; url: string };
  private released = false;

  constructor(
    readonly file: SqliteFile,
    /** Set by Keyv to its own namespace; `undefined` is the empty namespace. */
    public namespace?: string,
  ) {
    super();
    this.opts = { dialect: 'sqlite', url: `sqlite://${file.path}` };
  }

  private get ns(): string {
    return this.namespace ?? '';
  }

  /** The stored (serialized) value, or undefined if absent or expired. */
  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    return this.file.get(this.ns, key) as StoredData<Value> | undefined;
  }

  /** Stored values for `keys`, in order; undefined where absent or expired. */
  async getMany<Value>(keys: string[]): Promise<Array<StoredData<Value | undefined>>> {
    return this.file.getMany(this.ns, keys) as Array<StoredData<Value | undefined>>;
  }

  /** Stores `value`; `ttl` in ms (absent or 0: no expiry). */
  async set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    this.file.set(this.ns, [{ key, value, ttl }]);
    return true;
  }

  /** Stores several entries in one transaction. */
  async setMany(entries: Array<{ key: string; value: unknown; ttl?: number }>): Promise<void> {
    this.file.set(this.ns, entries);
  }

  /** Deletes `key`; true if it existed. */
  async delete(key: string): Promise<boolean> {
    return this.file.delete(this.ns, [key]);
  }

  /** Deletes `keys`; true if any existed. */
  async deleteMany(keys: string[]): Promise<boolean> {
    return keys.length === 0 ? false : this.file.delete(this.ns, keys);
  }

  /** Deletes every entry of this namespace (other namespaces are untouched). */
  async clear(): Promise<void> {
    this.file.clear(this.ns);
  }

  /** True if `key` holds a live entry. */
  async has(key: string): Promise<boolean> {
    return this.file.get(this.ns, key) !== undefined;
  }

  /** For each key, whether it holds a live entry. */
  async hasMany(keys: string[]): Promise<boolean[]> {
    return this.file.getMany(this.ns, keys).map((v) => v !== undefined);
  }

  /** Live `[key, serialized value]` pairs of `namespace` (default: this one), by key. */
  async *iterator<Value>(namespace?: string): AsyncGenerator<Array<string | Awaited<Value> | undefined>, void> {
    const ns = namespace ?? this.ns;
    let after = '';
    for (;;) {
      const rows = this.file.page(ns, after);
      for (const row of rows) yield [row.key, row.value as Awaited<Value>];
      if (rows.length < PAGE) return;
      after = (rows[rows.length - 1] as Row).key;
    }
  }

  /** Releases the file; the last adapter of a file closes it. Idempotent. */
  async disconnect(): Promise<void> {
    if (this.released) return;
    this.released = true;
    this.file.release();
  }
}

/** A Keyv over `namespace` of `file`, throwing on store errors (callers bound and report them). */
export function sqliteKeyv(file: SqliteFile, namespace: string): Keyv {
  return new Keyv(file.store(namespace), { namespace, useKeyPrefix: false, throwOnErrors: true });
}

/**
 * A Keyv over `namespace` of the SQLite file at `path` (opened for this Keyv alone; its
 * `disconnect()` closes the file). Used by the bench; the bot uses `openStore`.
 */
export function createSqliteKeyv(path: string, namespace: string): Keyv {
  return sqliteKeyv(new SqliteFile(path), namespace);
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('the SQLite store can only hold serializable values');
  return json;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
