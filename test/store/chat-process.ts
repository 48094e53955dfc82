/**
 * A `npm run --silent chat -- --json` child process driven line by line: a stand-in for one
 * bot process in the multi-instance tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ROOT } from '../../src/kb/load.js';

/** One JSON line of the chat CLI. */
export interface ChatLine {
  intent: string | null;
  confidence: number;
  text: string;
  followUps: Array<{ id: string; label: string }>;
  error?: string;
}

/** A running chat CLI. */
export class ChatProcess {
  /** Everything written to stderr so far (the store error logs). */
  stderr = '';
  private readonly child: ChildProcess;
  private readonly pending: Array<(line: string) => void> = [];
  private readonly lines: string[] = [];
  readonly exited: Promise<number | null>;

  constructor(env: Record<string, string>) {
    // Own process group, so a failed test can stop npm, tsx and node together.
    this.child = spawn('npm', ['run', '--silent', 'chat', '--', '--json'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    this.child.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    const rl = createInterface({ input: this.child.stdout! });
    rl.on('line', (line) => {
      const waiter = this.pending.shift();
      if (waiter) waiter(line);
      else this.lines.push(line);
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  /** True while the process runs. */
  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Sends one line and waits (at most `timeoutMs`) for its JSON answer. */
  async ask(text: string, timeoutMs = 20_000): Promise<ChatLine> {
    const next = this.lines.length > 0
      ? Promise.resolve(this.lines.shift() as string)
      : new Promise<string>((resolve) => this.pending.push(resolve));
    this.child.stdin!.write(`${text}\n`);
    let timer: NodeJS.Timeout | undefined;
    const line = await Promise.race([
      next,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer to "${text}" within ${timeoutMs} ms; stderr: ${this.stderr}`)), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
    return JSON.parse(line) as ChatLine;
  }

  /** Waits until stderr contains `text`. */
  async waitForStderr(text: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.stderr.includes(text)) {
      if (Date.now() > deadline) throw new Error(`stderr never contained "${text}": ${this.stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Closes stdin (EOF) and waits for the exit code. */
  async end(): Promise<number | null> {
    this.child.stdin!.end();
    return this.exited;
  }

  /** Kills the whole process group (cleanup after a failure). */
  kill(): void {
    if (this.alive && this.child.pid !== undefined) {
      try {
        process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}
