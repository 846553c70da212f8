import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Another live process holds DATA_DIR: two embedded databases on the same SQLite files would corrupt them. */
export class DataDirLockedError extends Error {
  readonly code = 'DATA_DIR_LOCKED';
  constructor(
    readonly dir: string,
    readonly pid: number,
    readonly file: string,
  ) {
    super(
      `DATA_DIR ${dir} is in use by another Baton process (pid ${pid}): is Baton already running? ` +
        `Stop that one first, or give this one its own DATA_DIR. If no process ${pid} is Baton, delete ${file}.`,
    );
    this.name = 'DataDirLockedError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims `dir` for this process with `dir/baton.lock` holding its pid; throws
 * {@link DataDirLockedError} naming the holder while that process lives. A lock left by a process
 * that died (kill -9, a crash) is taken over. Released by `release()` and at exit.
 */
export function lockDataDir(dir: string): { file: string; release(): void } {
  mkdirSync(dir, { recursive: true });
  const file = join(resolve(dir), 'baton.lock');
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 5) throw err;
    }
    let holder: number;
    try {
      holder = Number.parseInt(readFileSync(file, 'utf8'), 10);
    } catch {
      continue; // released meanwhile
    }
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder))
      throw new DataDirLockedError(dir, holder, file);
    // Stale (or being written this instant: then the retry finds the writer's pid). Moved aside
    // rather than deleted, so of two processes taking over at once only one removes it.
    try {
      renameSync(file, `${file}.stale-${process.pid}`);
      rmSync(`${file}.stale-${process.pid}`, { force: true });
    } catch {
      /* another process took it over first; try again */
    }
  }
  const release = () => {
    try {
      if (Number.parseInt(readFileSync(file, 'utf8'), 10) === process.pid) rmSync(file, { force: true });
    } catch {
      /* already gone */
    }
    process.off('exit', release);
  };
  process.on('exit', release);
  return { file, release };
}
