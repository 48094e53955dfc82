import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { DEFAULT_SQLITE_PATH, describeStoreTarget, parseStoreUrl, throttleReports } from '../../src/store/index.js';

describe('STORE_URL', () => {
  it('GIVEN each documented value THEN it selects the matching store', () => {
    expect(parseStoreUrl(undefined)).toEqual({ kind: 'sqlite', path: DEFAULT_SQLITE_PATH });
    expect(parseStoreUrl('  ')).toEqual({ kind: 'sqlite', path: DEFAULT_SQLITE_PATH });
    expect(DEFAULT_SQLITE_PATH).toMatch(/[/\\]data[/\\]bot\.sqlite$/);
    expect(parseStoreUrl('memory')).toEqual({ kind: 'memory' });
    expect(parseStoreUrl('sqlite:///var/lib/bot/bot.sqlite')).toEqual({ kind: 'sqlite', path: '/var/lib/bot/bot.sqlite' });
    expect(parseStoreUrl('sqlite://data/x.sqlite', '/srv/bot')).toEqual({ kind: 'sqlite', path: '/srv/bot/data/x.sqlite' });
    expect(parseStoreUrl('redis://:pw@10.0.0.5:6380/2')).toEqual({ kind: 'redis', url: 'redis://:pw@10.0.0.5:6380/2' });
    expect(parseStoreUrl('rediss://cache.example.org')).toMatchObject({ kind: 'redis' });
  });

  it('GIVEN a Redis URL with a password THEN the description for logs omits it', () => {
    expect(describeStoreTarget(parseStoreUrl('redis://bot:s3cret@10.0.0.5:6380/2'))).toBe('redis://10.0.0.5:6380/2');
  });

  it.each(['postgres://u:s3cret@h/db', 'redis://', 'redis://h:1/abc', 'sqlite://', 'sqlite:///tmp/', 'mem'])(
    'GIVEN STORE_URL=%s THEN configuration fails naming STORE_URL, without echoing the value',
    (value) => {
      const run = (): unknown => loadConfig({}, { STORE_URL: value });
      expect(run).toThrow(ConfigError);
      expect(run).toThrow(/STORE_URL: must be empty/);
      expect(run).not.toThrow(/s3cret/);
      expect(() => parseStoreUrl(value)).toThrow(expect.objectContaining({ code: 'STORE_URL_INVALID' }));
    },
  );

  it('GIVEN valid values THEN configuration accepts them', () => {
    for (const value of ['', 'memory', 'redis://127.0.0.1:6379', 'sqlite:///tmp/bot.sqlite']) {
      expect(() => loadConfig({}, { STORE_URL: value })).not.toThrow();
    }
  });
});

describe('throttleReports', () => {
  it('GIVEN a burst of errors THEN the first is reported at once and the rest once per interval with a count', () => {
    let t = 0;
    const seen: Array<[unknown, number]> = [];
    const report = throttleReports((e, n) => seen.push([e, n]), 1000, () => t);
    for (let i = 0; i < 5; i++) report(i);
    t = 1000;
    report('later');
    expect(seen).toEqual([
      [0, 0],
      ['later', 4],
    ]);
  });
});
