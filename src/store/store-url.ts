/**
 * `STORE_URL` parsing. Pure (no I/O), so `src/config.ts` can validate the value at start-up.
 *
 * | `STORE_URL`                   | Store                                                     |
 * | ----------------------------- | --------------------------------------------------------- |
 * | empty / unset                 | embedded SQLite file `data/bot.sqlite` (one bot process)  |
 * | `memory`                      | in memory, lost on restart (console, tests)               |
 * | `sqlite:///abs/path/x.sqlite` | that SQLite file (`sqlite://rel/x.sqlite`: relative to cwd) |
 * | `redis://[user:pass@]host:port[/db]`, `rediss://…` | Redis, shared by several bot processes |
 */
import { isAbsolute, join, resolve } from 'node:path';
import { ROOT } from '../root.js';
import { StoreError } from './errors.js';

/** The project root (`src/store/` → two levels up). */

/** Where the embedded default keeps its file (`data/` is git-ignored). */
export const DEFAULT_SQLITE_PATH = join(ROOT, 'data', 'bot.sqlite');

/** A parsed `STORE_URL`. */
export type StoreTarget =
  | { kind: 'memory' }
  | { kind: 'sqlite'; path: string }
  | { kind: 'redis'; url: string };

/** What `STORE_URL` may be, for error messages (never echoes the value: it may hold a password). */
export const STORE_URL_HELP =
  'must be empty (embedded SQLite file data/bot.sqlite), "memory", "sqlite:///absolute/path/file.sqlite" ' +
  'or "redis://[user:password@]host:port[/db]" (rediss:// for TLS)';

/**
 * Parses `STORE_URL`. `undefined` or blank selects the embedded SQLite default.
 * Throws {@link StoreError} (`STORE_URL_INVALID`) for anything else it does not understand.
 */
export function parseStoreUrl(value: string | undefined, cwd: string = process.cwd()): StoreTarget {
  const result = parse(value, cwd);
  if (typeof result === 'string') throw new StoreError('STORE_URL_INVALID', `STORE_URL ${result}`);
  return result;
}

/** Why `value` is not a valid `STORE_URL` (for config validation), or undefined when it is. */
export function storeUrlProblem(value: string | undefined): string | undefined {
  const result = parse(value, process.cwd());
  return typeof result === 'string' ? result : undefined;
}

function parse(value: string | undefined, cwd: string): StoreTarget | string {
  const v = value?.trim() ?? '';
  if (v === '') return { kind: 'sqlite', path: DEFAULT_SQLITE_PATH };
  if (v === 'memory' || v === 'memory://') return { kind: 'memory' };
  if (v.startsWith('sqlite://')) {
    const path = decodePath(v.slice('sqlite://'.length).split(/[?#]/u)[0] ?? '');
    if (path === undefined) return invalid('the sqlite:// path is not valid percent-encoding (write % as %25)');
    if (path === '' || path.endsWith('/')) return invalid('the sqlite:// URL names no file');
    return { kind: 'sqlite', path: isAbsolute(path) ? path : resolve(cwd, path) };
  }
  if (/^rediss?:\/\//iu.test(v)) {
    let url: URL;
    try {
      url = new URL(v);
    } catch {
      return invalid('the redis:// URL is malformed');
    }
    if (url.hostname === '') return invalid('the redis:// URL names no host');
    if (url.pathname !== '' && url.pathname !== '/' && !/^\/\d{1,2}$/u.test(url.pathname)) {
      return invalid('the redis:// database must be a number, e.g. redis://host:6379/0');
    }
    return { kind: 'redis', url: v };
  }
  return invalid('unknown scheme');
}

/** A short description of the target for logs: path or host:port, never credentials. */
export function describeStoreTarget(target: StoreTarget): string {
  switch (target.kind) {
    case 'memory':
      return 'memory';
    case 'sqlite':
      return `sqlite:${target.path}`;
    case 'redis': {
      const url = new URL(target.url);
      return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
    }
  }
}

/** `%xx`-decoded `path`, or undefined when its percent-encoding is broken (e.g. `%ZZ`). */
function decodePath(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

function invalid(reason: string): string {
  return `${STORE_URL_HELP} (${reason})`;
}
