import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export type BotProcess = {
  child: ChildProcess;
  /** Every stdout line so far (JSON log records are parsed into `records`). */
  lines: string[];
  records: Record<string, unknown>[];
  stderr(): string;
  /** Resolves with the first log record (past or future) that matches. */
  waitForRecord(
    match: (r: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /** Resolves with the first stdout line (past or future) that matches. */
  waitForLine(match: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

/** Runs `src/main.ts` through tsx, the way `npm run dev` does, with exactly `env` (plus PATH). */
export function spawnBot(env: Record<string, string>, opts: { stdin?: 'pipe' | 'ignore' } = {}): BotProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: [opts.stdin ?? 'ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const records: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    try {
      const rec = JSON.parse(line) as unknown;
      if (rec && typeof rec === 'object') records.push(rec as Record<string, unknown>);
    } catch {
      /* plain text line */
    }
    for (const w of [...waiters]) w();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.once('exit', (code, signal) => {
      res({ code, signal });
      for (const w of [...waiters]) w();
    }),
  );
  function waitUntil<T>(find: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
    return new Promise((res, rej) => {
      const check = () => {
        const found = find();
        if (found !== undefined) {
          cleanup();
          res(found);
        } else if (child.exitCode !== null || child.signalCode !== null) {
          cleanup();
          rej(new Error(`bot exited before ${what}\nstdout:\n${lines.join('\n')}\nstderr:\n${err}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        rej(new Error(`timed out waiting for ${what}\nstdout:\n${lines.join('\n')}\nstderr:\n${err}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        const i = waiters.indexOf(check);
        if (i >= 0) waiters.splice(i, 1);
      };
      waiters.push(check);
      check();
    });
  }
  return {
    child,
    lines,
    records,
    stderr: () => err,
    exited,
    waitForRecord: (match, timeoutMs = 60_000) =>
      waitUntil(() => records.find(match), 'a log record', timeoutMs),
    waitForLine: (match, timeoutMs = 60_000) =>
      waitUntil(() => lines.find((l) => match.test(l)), String(match), timeoutMs),
  };
}

/** True while a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls until `pid` is gone; rejects after `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`process ${pid} still alive after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
