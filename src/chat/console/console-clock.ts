import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the console workspace keeps its business time between sessions. */
export function consoleClockPath(dataDir: string): string {
  return join(dataDir, 'console-clock.json');
}

/** The business time the console workspace last saved in `dataDir`, if any. */
export function readConsoleClock(dataDir: string): Date | undefined {
  const file = consoleClockPath(dataDir);
  try {
    if (!existsSync(file)) return undefined;
    const at = Date.parse((JSON.parse(readFileSync(file, 'utf8')) as { at: string }).at);
    return Number.isFinite(at) ? new Date(at) : undefined;
  } catch {
    return undefined;
  }
}

/** Saves the console's business time; a read-only DATA_DIR only costs its memory across restarts. */
export function saveConsoleClock(dataDir: string, at: Date): void {
  try {
    writeFileSync(consoleClockPath(dataDir), JSON.stringify({ at: at.toISOString() }));
  } catch {
    /* see above */
  }
}

/**
 * The console deployment's business time: where its clock was moved to, or the current minute
 * when that is later (business time never goes back).
 */
export function consoleBusinessTime(dataDir: string, wall = new Date()): { at: Date; moved: boolean } {
  const saved = readConsoleClock(dataDir)?.getTime() ?? 0;
  const minute = Math.floor(wall.getTime() / 60_000) * 60_000;
  return saved > minute ? { at: new Date(saved), moved: true } : { at: new Date(minute), moved: false };
}
