/**
 * vitest global set-up: the Redis tests need a `redis-server` binary. Without one they are
 * skipped and this prints one line saying how to enable them; in CI (`CI=true`) a missing
 * redis-server is an error, so CI can never pass without having run them.
 */
import { REDIS_HOW_TO, redisServerAvailable } from '../store/redis-server.js';

/** True when the environment says this is a CI run. */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = (env.CI ?? '').trim().toLowerCase();
  return ci !== '' && ci !== 'false' && ci !== '0';
}

export default function setup(): void {
  if (redisServerAvailable()) return;
  if (inCi()) throw new Error(`CI=${process.env.CI} but redis-server is not installed: the Redis tests cannot run; ${REDIS_HOW_TO}.`);
  process.stdout.write(`redis-server not found: the Redis tests (test/store/redis.test.ts) are skipped; to run them, ${REDIS_HOW_TO}.\n`);
}
