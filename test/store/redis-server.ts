/**
 * A private redis-server for tests: started on a free loopback port with persistence off, so
 * tests never depend on (or touch) a system Redis. Without redis-server on PATH the Redis tests are
 * skipped (one line says how to enable them), except in CI (`CI=true`), where that is an error.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { freePort } from '../support/net.js';

/** A running test redis-server. */
export interface TestRedis {
  readonly port: number;
  readonly url: string;
  /** Kills the server at once (SIGKILL), like a crash. */
  kill(): Promise<void>;
  /** Starts a fresh (empty) server on the same port. */
  restart(): Promise<void>;
  /** Freezes (SIGSTOP) or thaws (SIGCONT) the server: connections stay open, nothing answers. */
  freeze(frozen: boolean): void;
}

/** How to get the Redis tests to run (printed when they are skipped, thrown in CI). */
export const REDIS_HOW_TO =
  'install redis-server (Debian/Ubuntu: `apt-get update && apt-get install -y redis-server`; .ci/run does this) ' +
  'or put it on PATH, then run `npm test` again';

let available: boolean | undefined;

/** True when a `redis-server` binary is on PATH (checked once per process). */
export function redisServerAvailable(): boolean {
  if (available === undefined) {
    const r = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
    available = r.error === undefined && r.status === 0;
  }
  return available;
}

/** Throws a clear error when redis-server is not installed (CI installs it in `.ci/run`). */
export function requireRedisServer(): void {
  if (!redisServerAvailable()) throw new Error(`redis-server is not installed; test/store/redis.test.ts needs it: ${REDIS_HOW_TO}.`);
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/** Servers still running; killed when the test worker exits, whatever happened to the hooks. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of running) c.kill('SIGKILL');
});

async function launch(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (e) => reject(new Error(`cannot start redis-server: ${e.message}`)));
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${stderr}`)));
  });
  failed.catch(() => undefined);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const up = await Promise.race([ping(port), failed]);
    if (up) return child;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not answer on port ${port}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts a redis-server on a free loopback port. Stop it with `kill()`. */
export async function startRedis(): Promise<TestRedis> {
  requireRedisServer();
  const port = await freePort();
  let child: ChildProcess | undefined = await launch(port);
  const redis: TestRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async kill() {
      const c = child;
      child = undefined;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await exited;
    },
    async restart() {
      await redis.kill();
      child = await launch(port);
    },
    freeze(frozen) {
      child?.kill(frozen ? 'SIGSTOP' : 'SIGCONT');
    },
  };
  return redis;
}
