// The real side of the month test: the console workspace on the real app and database, with a
// sender and a button board that remember everything the bot sent (to whom, when, what).
import { createApp, type App } from '../../../src/app.js';
import { ButtonBoard } from '../../../src/chat/console/button-board.js';
import { ConsoleSender, targetLabel } from '../../../src/chat/console/console-sender.js';
import { memoryScreen, type Screen } from '../../../src/chat/console/screen.js';
import { createWorkspace, type Workspace } from '../../../src/chat/console/workspace.js';
import { messageToPlain, type Button, type Message } from '../../../src/chat/message.js';
import type { SentRef, Target } from '../../../src/chat/ports.js';
import { ManualClock } from '../../../src/core/clock.js';
import { createLogger } from '../../../src/logger.js';
import { dropAndClose, openTestConnection } from '../../support/db.js';

/** One message the bot sent or edited: `to` is "@anna (DM)" or "#team". */
export type Sent = { at: Date; kind: 'send' | 'edit'; to: string; id: string; text: string };

/** Every button the console numbered, with the DM it was in. */
class RecordingBoard extends ButtonBoard {
  readonly shown: { n: number; button: Button; dmOf: string | undefined }[] = [];
  override add(button: Button, dmOf?: string): number {
    const n = super.add(button, dmOf);
    this.shown.push({ n, button, dmOf });
    return n;
  }
}

/** The console's sender, remembering each delivery at business time. */
class RecordingSender extends ConsoleSender {
  readonly log: Sent[] = [];
  constructor(
    screen: Screen,
    board: ButtonBoard,
    private readonly clock: ManualClock,
  ) {
    super(screen, { board });
  }
  override async send(target: Target, message: Message): Promise<SentRef> {
    const ref = await super.send(target, message);
    const text = messageToPlain(message);
    this.log.push({ at: this.clock.now(), kind: 'send', to: targetLabel(target), id: ref.id, text });
    return ref;
  }
  override async update(ref: SentRef, message: Message): Promise<void> {
    await super.update(ref, message);
    const text = messageToPlain(message);
    this.log.push({ at: this.clock.now(), kind: 'edit', to: ref.channel, id: ref.id, text });
  }
}

export type World = {
  app: App;
  clock: ManualClock;
  ws: Workspace;
  sent: Sent[];
  buttons: RecordingBoard['shown'];
  /** Types lines as `who` and returns what the console printed meanwhile. */
  as(who: string, ...lines: string[]): Promise<string>;
  close(): Promise<void>;
};

/** A fresh deployment (database of its own) with business time at `start`. */
export async function createWorld(start: string): Promise<World> {
  const connection = await openTestConnection();
  const clock = new ManualClock(start);
  const screen = memoryScreen();
  const board = new RecordingBoard();
  const sender = new RecordingSender(screen, board, clock);
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
  const ws = createWorkspace({ app, clock, screen, sender, board, defaults, operatorName: 'Op' });
  await ws.greet();
  screen.take();
  return {
    app,
    clock,
    ws,
    sent: sender.log,
    buttons: board.shown,
    async as(who, ...lines) {
      for (const line of [`as @${who}`, ...lines]) await ws.handle(line);
      return screen.take();
    },
    async close() {
      await app.stop();
      await dropAndClose(connection);
    },
  };
}
