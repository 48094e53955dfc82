/**
 * Runs the bot as a child process, as an operator would (`src/main.ts` under tsx, or the
 * bundle in `dist/`), capturing its output; killed after the test if it is still running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT } from '../../src/kb/load.js';

/** A running bot process. */
export interface BotProcess {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves to the exit code. */
  exited: Promise<number | null>;
}

/** Starts `node <args>` in the repository with `env` over the test's environment. */
export function startBotProcess(args: string[], env: Record<string, string>, cleanups: Array<() => unknown>): BotProcess {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, output: () => out, exited };
}
