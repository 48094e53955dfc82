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
