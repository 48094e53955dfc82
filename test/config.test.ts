import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('GIVEN an empty environment THEN defaults apply and no platform is enabled', () => {
    const c = loadConfig({}, {});
    expect(c.TELEGRAM_BOT_TOKEN).toBeUndefined();
    expect(c.DISCORD_TOKEN).toBeUndefined();
    expect(c.CONVERSATION_TTL_HOURS).toBe(24);
  });

  it('GIVEN a bad value THEN it fails fast naming the variable but not echoing secrets', () => {
    const run = (): unknown =>
      loadConfig({}, { TELEGRAM_BOT_TOKEN: '123:SECRET', TELEGRAM_WEBHOOK_URL: 'not a url', TELEGRAM_WEBHOOK_SECRET: 'ok' });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(/TELEGRAM_WEBHOOK_URL/);
    expect(run).not.toThrow(/SECRET/);
  });

  it('GIVEN a webhook URL without a secret THEN it names TELEGRAM_WEBHOOK_SECRET', () => {
    expect(() => loadConfig({}, { TELEGRAM_WEBHOOK_URL: 'https://example.org/hook' })).toThrow(/TELEGRAM_WEBHOOK_SECRET/);
  });

  it('GIVEN explicit overrides THEN they win over the environment', () => {
    expect(loadConfig({ LOG_LEVEL: 'debug' }, { LOG_LEVEL: 'error' }).LOG_LEVEL).toBe('debug');
  });
});

describe('loadConfig: URLs and store paths', () => {
  it('GIVEN STORE_URL=sqlite://%ZZ (broken percent-encoding) THEN a ConfigError names STORE_URL instead of a raw URIError', () => {
    const run = (): unknown => loadConfig({}, { STORE_URL: 'sqlite://%ZZ' });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(/STORE_URL: .*percent-encoding/u);
  });

  it('GIVEN javascript:, file: or ftp: URLs for the URL variables THEN each is refused naming the variable; http(s) is accepted', () => {
    const bad: Array<[string, string]> = [
      ['TELEGRAM_WEBHOOK_URL', 'javascript:alert(1)'],
      ['TELEGRAM_WEBHOOK_URL', 'file:///etc/passwd'],
      ['TELEGRAM_API_ROOT', 'file:///var/run/bot-api.sock'],
      ['TELEGRAM_API_ROOT', 'javascript:void(0)'],
      ['DISCORD_API_ROOT', 'ftp://proxy.local/api'],
      ['DISCORD_API_ROOT', 'not a url'],
    ];
    for (const [name, value] of bad) {
      const run = (): unknown => loadConfig({}, { [name]: value, TELEGRAM_WEBHOOK_SECRET: 'secret_ok' });
      expect(run, `${name}=${value}`).toThrow(ConfigError);
      expect(run, `${name}=${value}`).toThrow(new RegExp(`${name}: must be an http\\(s\\) URL`, 'u'));
    }
    const ok = loadConfig(
      {},
      { TELEGRAM_API_ROOT: 'http://127.0.0.1:8081', DISCORD_API_ROOT: 'http://nirn:8080/api/', TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/t', TELEGRAM_WEBHOOK_SECRET: 's' },
    );
    expect(ok.TELEGRAM_API_ROOT).toBe('http://127.0.0.1:8081');
    expect(ok.DISCORD_API_ROOT).toBe('http://nirn:8080/api');
    expect(loadConfig({}, {}).DISCORD_API_ROOT).toBeUndefined();
  });
});
