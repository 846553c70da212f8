import type { EventEmitter } from 'node:events';
import type { Logger } from './logger.js';

/**
 * The last line of defence: a promise rejected with nobody listening, or an exception thrown
 * outside any handler (a library's stray callback), is logged with its stack instead of ending
 * the process — and with it every Slack and Telegram request in flight. Each one found in the
 * log is a bug to fix where it started.
 */
export function guardProcess(log: Logger, proc: EventEmitter = process): void {
  proc.on('unhandledRejection', (reason: unknown) => {
    log.error({ err: reason, origin: 'unhandledRejection' }, 'unhandled promise rejection; still running');
  });
  proc.on('uncaughtException', (err: Error, origin: string) => {
    log.error({ err, origin }, 'uncaught exception; still running');
  });
}
