import type { Platform } from '../core/roster/person.js';
import type { PlatformSender } from './ports.js';
import type { Replayer } from './recovery.js';

/**
 * One chat platform as the composition root (main.ts) runs it: Slack, Telegram and the console
 * workspace each implement it, and main.ts treats them alike — registers the sender with the
 * outbox, starts each on its own, hands the replayer to journal recovery once it is connected,
 * reports its health and stops it on shutdown.
 */
export interface ChatAdapter {
  /** The platform; people's addresses on it are `<platform>:…` (`slack:T1:U2`, `telegram:123`). */
  readonly platform: Platform;
  /** How it runs: Slack `http` or `socket`, Telegram `polling` or `webhook`, the console `terminal`. */
  readonly mode: string;
  /** The outbox's way out to this platform. */
  readonly sender: PlatformSender;
  /** Finishes requests recorded but never finished (journal recovery); none where none are recorded. */
  readonly replayer?: Replayer;
  /**
   * Connects (retrying what does not answer yet) and resolves once connected; rejects only for
   * what must stop Baton (a refused credential).
   */
  start(): Promise<void>;
  /** Stops taking requests; what was taken finishes. */
  stop(): Promise<void>;
  /**
   * What `/healthz` says of it: `connecting` until `start` resolved, then its mode; `undefined`
   * for an adapter that is not a connection (the console workspace).
   */
  health(): string | undefined;
  /** Resolves with an exit code when its session ends by itself (the console at end of input). */
  readonly ended?: Promise<number>;
}
