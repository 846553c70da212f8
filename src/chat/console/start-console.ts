import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { pino, type DestinationStream } from 'pino';
import type { Config } from '../../config.js';
import { ManualClock } from '../../core/clock.js';
import type { ChatAdapter } from '../adapter.js';
import type { OutboxDeps } from '../outbox/outbox.js';
import { ButtonBoard } from './button-board.js';
import { consoleBusinessTime, saveConsoleClock } from './console-clock.js';
import { ConsoleSender } from './console-sender.js';
import { streamScreen } from './screen.js';
import { createWorkspace, type Workspace } from './workspace.js';
import type { ConsoleApp } from './workspace-deps.js';

/** The app as the console session runs on it (src/app.ts builds it with `appOptions`). */
export type ConsoleSessionApp = ConsoleApp & {
  persistence: { lastEventAt(): Promise<Date | undefined> };
};

/** What main.ts needs to run the console workspace: where logs go, how to build the app, the session. */
export type ConsoleMode = {
  /** Logs go to `<DATA_DIR>/baton.log` (or to stderr at warn), never onto the console. */
  logger: { level: string; destination: DestinationStream; where: string };
  /** Business time on the console's clock, jobs run only when it moves, one message at a time. */
  appOptions: {
    config: Config;
    clock: ManualClock;
    senders: ConsoleSender[];
    outbox: Partial<Pick<OutboxDeps, 'concurrency'>>;
  };
  /**
   * Runs the workspace on stdin until end of input; resolves with the exit code. Business time
   * starts no earlier than the last event stored in the app's database.
   */
  run(app: ConsoleSessionApp): Promise<number>;
  /** The console as one of main.ts's chat adapters: `start` opens the session on `app`. */
  adapter(app: ConsoleSessionApp): ChatAdapter;
  /**
   * Ends the session for a shutdown (SIGINT/SIGTERM), before the app stops: no more input is
   * read, a clock move stops at its next stop, and it resolves once the session has ended.
   */
  stop(): Promise<void>;
};

const QUIETER = new Set(['info', 'debug', 'trace']);

function logDestination(config: Config): ConsoleMode['logger'] {
  const file = join(config.dataDir, 'baton.log');
  try {
    mkdirSync(config.dataDir, { recursive: true });
    return { level: config.logLevel, destination: pino.destination({ dest: file, sync: true }), where: file };
  } catch {
    const level = QUIETER.has(config.logLevel) ? 'warn' : config.logLevel;
    return { level, destination: pino.destination({ dest: 2, sync: false }), where: 'stderr (warnings)' };
  }
}

/** Business time survives a restart: it never goes back behind what the last session reached. */
function clockFile(config: Config): { start: Date; save(at: Date): void } {
  return {
    start: consoleBusinessTime(config.dataDir).at,
    save: (at) => saveConsoleClock(config.dataDir, at),
  };
}

/**
 * Prepares the console workspace for main.ts (before the database opens, so its first words
 * come at once): the log destination, the app options (a ManualClock, jobs driven by the
 * console instead of Agenda's polling, the console sender, one delivery at a time so messages
 * print in a stable order) and the session to run on stdin/stdout. Piped input works: a prompt
 * is shown only on a terminal, and end of input ends the session after everything is delivered.
 */
export function prepareConsole(
  config: Config,
  io: { input: Readable; output: Writable; tty: boolean } = {
    input: process.stdin,
    output: process.stdout,
    tty: Boolean(process.stdin.isTTY && process.stdout.isTTY),
  },
): ConsoleMode {
  const logger = logDestination(config);
  const screen = streamScreen(io.output, io.tty);
  const board = new ButtonBoard();
  const imagesDir = join(config.dataDir, 'console-images');
  let images = 0;
  const saveImage = (png: Uint8Array) => {
    const file = join(imagesDir, `image-${++images}.png`);
    try {
      mkdirSync(imagesDir, { recursive: true });
      writeFileSync(file, png);
      return file;
    } catch {
      return undefined;
    }
  };
  const sender = new ConsoleSender(screen, { board, saveImage }, join(config.dataDir, 'console-files'));
  const clockState = clockFile(config);
  const clock = new ManualClock(clockState.start);
  screen.print(screen.style.dim(`Starting Baton's console workspace (logs: ${logger.where})…`));
  let stopping = false;
  let session: { ws: Workspace; rl: Interface; ended: Promise<unknown> } | undefined;
  const mode: ConsoleMode = {
    logger,
    appOptions: {
      config: { ...config, runJobs: false },
      clock,
      senders: [sender],
      outbox: { concurrency: 1 },
    },
    async stop() {
      stopping = true;
      if (!session) return;
      session.ws.interrupt();
      session.rl.close();
      await session.ended;
    },
    async run(app) {
      // A clock saved before the last events were written (a crash mid-move) must not run time back.
      const last = await app.persistence.lastEventAt();
      if (last && last.getTime() > clock.now().getTime()) {
        clock.set(new Date(Math.ceil(last.getTime() / 60_000) * 60_000));
        clockState.save(clock.now());
      }
      const ws = createWorkspace({
        app,
        clock,
        screen,
        sender,
        board,
        defaults: config.defaults,
        onClockMoved: (at) => clockState.save(at),
        saveImage,
      });
      await ws.settle();
      await ws.greet();
      const rl = createInterface({
        input: io.input,
        ...(io.tty ? { output: io.output } : {}),
        terminal: io.tty,
      });
      // Ctrl-C on a terminal: stops a clock move in progress; otherwise ends the session.
      rl.on('SIGINT', () => {
        if (!ws.interrupt()) rl.close();
      });
      const prompt = () => {
        if (!io.tty) return;
        rl.setPrompt(ws.prompt());
        rl.prompt();
      };
      const loop = async () => {
        prompt();
        for await (const line of rl) {
          if (stopping) break;
          try {
            if ((await ws.handle(line)) === 'quit') break;
          } catch (err) {
            // The bot's own failures are answered inside the interaction layer; this is the console's.
            screen.print(screen.style.red(`✗ ${err instanceof Error ? err.message : String(err)}`));
          }
          if (stopping) break;
          prompt();
        }
        rl.close();
        await ws.settle();
      };
      const ended = loop();
      session = { ws, rl, ended: ended.catch(() => undefined) };
      if (stopping) {
        ws.interrupt();
        rl.close();
      }
      await ended;
      return 0;
    },
    adapter(app) {
      let finish!: (code: number) => void;
      let fail!: (err: unknown) => void;
      const ended = new Promise<number>((resolve, reject) => {
        finish = resolve;
        fail = reject;
      });
      return {
        platform: 'console',
        mode: 'terminal',
        sender,
        start() {
          mode.run(app).then(finish, fail);
          return Promise.resolve();
        },
        stop: () => mode.stop(),
        health: () => undefined,
        ended,
      };
    },
  };
  return mode;
}
