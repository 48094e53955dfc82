/**
 * Runs an npm script as an operator would (`npm start`, `npm run start:prod`), in its own
 * process group, capturing its output; whatever it started is killed after the test if still
 * running. Signals in tests go to the npm process alone unless a test signals the group.
 */
import { spawn } from 'node:child_process';
import { ROOT } from '../../src/kb/load.js';
import { alive, descendants } from './processes.js';
import { waitFor } from './wait.js';

/** A running npm script. */
export interface NpmProcess {
  readonly pid: number;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves to npm's exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  /** Waits until the output contains `text`, then remembers every process npm started. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  /** The processes npm had started (at the last {@link waitFor}) that are still running. */
  left(): number[];
  /** Closes the reading end of npm's stdout: writes to it fail with EPIPE from then on. */
  breakStdout(): void;
  /** Sends `signal` to the npm process alone. */
  kill(signal: NodeJS.Signals): void;
}

/** Variables of the test's own environment that would change what the bot does. */
const INHERITED_OUT = /^(TELEGRAM_|DISCORD_|STORE_URL|LOG_LEVEL|npm_)/u;

/** Starts `npm <args>` in the repository with `env` over a cleaned copy of the test's environment. */
export function startNpm(args: string[], env: Record<string, string>, cleanups: Array<() => unknown>): NpmProcess {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !INHERITED_OUT.test(k)));
  const child = spawn('npm', args, { cwd: ROOT, detached: true, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const pid = child.pid ?? -1;
  let tree: number[] = [];
  cleanups.push(() => {
    for (const p of [pid, ...tree]) if (alive(p)) process.kill(p, 'SIGKILL');
  });
  return {
    pid,
    output: () => out,
    exited,
    async waitFor(text, timeoutMs = 60_000) {
      await waitFor(() => out.includes(text), timeoutMs, () => `"${text}" from npm ${args.join(' ')}: ${out}`);
      tree = descendants(pid);
    },
    left: () => tree.filter(alive),
    breakStdout: () => child.stdout.destroy(),
    kill: (signal) => child.kill(signal),
  };
}
