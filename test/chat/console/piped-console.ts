import { spawn, type ChildProcess } from 'node:child_process';
import { repoRoot } from '../../support/spawn-bot.js';

/**
 * `npm start` with no chat platform configured opens the console workspace; this drives it
 * through piped stdin (no TTY) the way a script would, one step at a time: each step's lines are
 * followed by `echo <mark>`, and the step's output is what was printed before the mark.
 */
export class PipedConsole {
  readonly child: ChildProcess;
  private out = '';
  private err = '';
  private marks = 0;
  private readonly waiters: (() => void)[] = [];
  readonly exited: Promise<number | null>;
  /** Resolves when every process of the session has closed its output (the bot itself has exited). */
  readonly closed: Promise<void>;

  constructor(env: Record<string, string>) {
    this.child = spawn('npm', ['start'], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    this.child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      this.out += d;
      for (const w of [...this.waiters]) w();
    });
    this.child.stderr!.setEncoding('utf8').on('data', (d: string) => (this.err += d));
    this.exited = new Promise((res) => this.child.once('exit', (code) => res(code)));
    this.closed = new Promise((res) => this.child.once('close', () => res()));
  }

  /**
   * Sends the lines, then waits for everything they printed (up to `timeoutMs`): until an
   * `echo` mark, or until `until` shows up (a form is open: every line is an answer then).
   */
  async step(lines: string[], timeoutMs = 60_000, until?: RegExp): Promise<string> {
    const mark = `~~ step ${++this.marks} done ~~`;
    const from = this.out.length;
    this.child.stdin!.write([...lines, ...(until ? [] : [`echo ${mark}`])].join('\n') + '\n');
    const end = () => (until ? this.out.length : this.out.indexOf(mark, from));
    await new Promise<void>((res, rej) => {
      const check = () => {
        if (until ? !until.test(this.out.slice(from)) : !this.out.includes(mark, from)) return;
        clearTimeout(timer);
        this.waiters.splice(this.waiters.indexOf(check), 1);
        res();
      };
      const timer = setTimeout(
        () => rej(new Error(`no "${mark}" after ${lines.join(' | ')}:\n${this.out}\nstderr:\n${this.err}`)),
        timeoutMs,
      );
      this.waiters.push(check);
      check();
    });
    return this.out.slice(from, end());
  }

  /** Closes stdin (end of the script) and resolves with the exit code. */
  end(): Promise<number | null> {
    this.child.stdin!.end();
    return this.exited;
  }

  /** Ctrl-C in the terminal that ran `npm start`: SIGINT to its whole process group. */
  interrupt(): void {
    if (this.child.pid) process.kill(-this.child.pid, 'SIGINT');
  }

  /** Resolves once `pattern` has been printed (after the first `from` characters of the session). */
  async waitFor(pattern: RegExp, timeoutMs = 60_000, from = 0): Promise<void> {
    await new Promise<void>((res, rej) => {
      const check = () => {
        if (!pattern.test(this.out.slice(from))) return;
        clearTimeout(timer);
        this.waiters.splice(this.waiters.indexOf(check), 1);
        res();
      };
      const timer = setTimeout(
        () => rej(new Error(`no ${String(pattern)} in:\n${this.out}\nstderr:\n${this.err}`)),
        timeoutMs,
      );
      this.waiters.push(check);
      check();
    });
  }

  get stderr(): string {
    return this.err;
  }

  kill(): void {
    try {
      if (this.child.pid) process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      /* the group is gone */
    }
  }

  get stdout(): string {
    return this.out;
  }
}
