// The console workspace in-process, on the real app (stores, outbox, Agenda jobs) and database.
import { createApp, type App } from '../../../src/app.js';
import { ButtonBoard } from '../../../src/chat/console/button-board.js';
import { ConsoleSender } from '../../../src/chat/console/console-sender.js';
import { memoryScreen } from '../../../src/chat/console/screen.js';
import { createWorkspace, type Workspace } from '../../../src/chat/console/workspace.js';
import { ManualClock } from '../../../src/core/clock.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../../src/logger.js';
import { dropAndClose, openTestConnection } from '../../support/db.js';

export type ConsoleHarness = {
  app: App;
  /** The database's name on the test server (to point the operator CLI at the same data). */
  dbName: string;
  clock: ManualClock;
  ws: Workspace;
  /** The console's file folder (`DATA_DIR/console-files` in `npm start`): files sent with messages. */
  filesDir: string;
  /** Types lines into the workspace and returns what it printed meanwhile. */
  type(...lines: string[]): Promise<string>;
  close(): Promise<void>;
};

/** A workspace on a database of its own, starting at `start` (a Monday 08:00 UTC by default). */
export async function createConsoleHarness(
  start = '2027-09-06T08:00:00Z',
  opts: { operatorName?: string; onClockMoved?: (at: Date) => void } = {},
): Promise<ConsoleHarness> {
  const connection = await openTestConnection();
  const clock = new ManualClock(start);
  const screen = memoryScreen();
  const board = new ButtonBoard();
  const filesDir = mkdtempSync(join(tmpdir(), 'baton-console-files-'));
  const sender = new ConsoleSender(screen, { board }, filesDir);
  const defaults = { timezone: 'UTC', locale: 'en' as const };
  const app = await createApp({
    config: { defaults, runJobs: false },
    log: createLogger({ level: 'silent' }),
    connection,
    clock,
    senders: [sender],
    outbox: { concurrency: 1 },
  });
  await app.start();
  const ws = createWorkspace({ app, clock, screen, sender, board, defaults, ...opts });
  await ws.greet();
  screen.take();
  return {
    app,
    dbName: connection.name,
    clock,
    ws,
    filesDir,
    async type(...lines) {
      for (const line of lines) await ws.handle(line);
      return screen.take();
    },
    async close() {
      await app.stop();
      await dropAndClose(connection);
      rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

/** The number of the button labelled `label` in the last message printed to `where` ("@anna (DM)", "#team", or "" for a reply). */
export function button(out: string, label: string, where?: string): number {
  let text = out;
  if (where) {
    const at = out.lastIndexOf(`→ ${where}:`);
    if (at < 0) throw new Error(`nothing was sent to ${where} in:\n${out}`);
    text = out.slice(at).split(/\n(?=→ |↻ |⏱ )/)[0]!;
  }
  const m = new RegExp(`\\[(\\d+) ${label}\\]`).exec(text);
  if (!m) throw new Error(`no [${label}] button${where ? ` for ${where}` : ''} in:\n${out}`);
  return Number(m[1]);
}
