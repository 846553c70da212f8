import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';

export type Logger = PinoLogger;

/**
 * Keys whose values may be contact data, message text or secrets. They are censored at any depth
 * of a log record, so a careless `log.info({ lead })` or `log.info({ input })` leaks nothing.
 */
export const SECRET_KEYS = new Set([
  'email',
  'phone',
  'contact',
  'contactName',
  'contactTitle',
  'text',
  'notes',
  'note',
  'handoffNote',
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'webhookSecret',
  'password',
  'authorization',
  'cookie',
]);

const CENSOR = '[redacted]';

/** A copy of `value` with every secret key censored (depth-limited, cycle-safe). */
export function scrub(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (value instanceof Error) return value; // pino's error serializer handles it
  if (depth > 8 || seen.has(value)) return '[…]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = SECRET_KEYS.has(k) && v !== undefined && v !== null ? CENSOR : scrub(v, depth + 1, seen);
  }
  return out;
}

/** Creates the process logger (JSON lines on stdout, or on `destination` in tests). */
export function createLogger(opts: { level: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: opts.level,
      base: { app: 'baton' },
      formatters: { log: (obj) => scrub(obj) as Record<string, unknown> },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    opts.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
