import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';

export type Logger = PinoLogger;

/**
 * Paths that may carry a lead's contact data. They are censored wherever they appear in a log
 * record, so a careless `log.info({ lead })` still leaks nothing.
 */
export const REDACTED_PATHS = [
  '*.email',
  '*.phone',
  '*.contact',
  '*.contactName',
  '*.contact.email',
  '*.contact.phone',
  '*.contact.name',
  '*.*.email',
  '*.*.phone',
  'email',
  'phone',
  'contact',
  'text',
  '*.text',
  'token',
  '*.token',
  '*.botToken',
];

/** Creates the process logger (JSON lines on stdout, or on `destination` in tests). */
export function createLogger(opts: { level: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: opts.level,
      base: { app: 'baton' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    opts.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
