import type { ManualClock } from '../../core/clock.js';
import type { Locale } from '../../core/roster/team.js';
import type { CoreDeps } from '../../core/shared/deps.js';
import type { Jobs } from '../../jobs/jobs.js';
import type { Scheduler } from '../../jobs/scheduler.js';
import type { Interactions } from '../interactions/interactions.js';
import type { Outbox } from '../outbox/outbox.js';
import type { ButtonBoard } from './button-board.js';
import type { ConsoleSender } from './console-sender.js';
import type { Screen } from './screen.js';

/** The parts of the app (src/app.ts) the console drives: it is handed them, it never builds them. */
export type ConsoleApp = {
  interactions: Interactions;
  jobs: Jobs;
  outbox: Outbox;
  core: CoreDeps;
  scheduler: Scheduler;
};

/** Everything the workspace drives: the app (as main.ts built it), its clock, and the screen. */
export type WorkspaceDeps = {
  app: ConsoleApp;
  clock: ManualClock;
  screen: Screen;
  sender: ConsoleSender;
  board: ButtonBoard;
  defaults: { timezone: string; locale: Locale };
  /** Told after each clock move (the console keeps business time across restarts). */
  onClockMoved?: (at: Date) => void;
  /**
   * The display name of the person at the terminal, for the console's default identity (`@you`):
   * the one who sets a team up gets a name, not "you". Defaults to the OS account's name.
   */
  operatorName?: string;
  /** Saves a PNG (digest charts) and says where. */
  saveImage?: (png: Uint8Array) => string | undefined;
};
