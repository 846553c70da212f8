import { IANAZone } from 'luxon';
import { z } from 'zod';
import { LOCALES, MUST_BE_LOCALE } from '../core/roster/team.js';

const optionalString = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

const optionalUrl = (what: string) =>
  optionalString.pipe(z.url({ message: `must be an absolute URL (${what})` }).optional());

const boolFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''], { message: 'must be true or false' })
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : ['true', '1', 'yes'].includes(v)));

/**
 * The operator's contract: every environment variable Baton reads and its format, validated once
 * at start by `loadConfig` (src/config.ts), the one reader of the environment. Which go together is decided
 * after it, one section at a time (database, Slack, Telegram), each into the run mode it names.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  MONGODB_URI: optionalString.pipe(
    z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
      .optional(),
  ),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  EMBEDDED_DB_BIN: optionalString,
  DATABASE_BACKEND: optionalString.pipe(
    z.enum(['sqlite', 'postgres'], { message: 'must be sqlite or postgres' }).optional(),
  ),
  POSTGRES_URL: optionalString.pipe(
    z
      .string()
      .regex(
        /^postgres(ql)?:\/\/[^/?#]*\/[^/?#]+/,
        'must be a postgres:// URL naming the database, e.g. postgres://baton@db.internal:5432/baton',
      )
      .optional(),
  ),
  PORT: z.coerce
    .number({ message: 'must be a TCP port number (0-65535)' })
    .int('must be a whole number')
    .min(0, 'must be 0-65535')
    .max(65535, 'must be 0-65535')
    .default(3000),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEFAULT_TIMEZONE: z
    .string()
    .trim()
    .default('UTC')
    .refine((tz) => IANAZone.isValidZone(tz), 'must be an IANA time zone such as Europe/Moscow'),
  DEFAULT_LOCALE: z.enum(LOCALES, { message: MUST_BE_LOCALE }).default('en'),
  SLACK_BOT_TOKEN: optionalString.pipe(
    z.string().startsWith('xoxb-', 'must be a bot token starting with xoxb-').optional(),
  ),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString.pipe(
    z.string().startsWith('xapp-', 'must be an app-level token starting with xapp-').optional(),
  ),
  SLACK_API_URL: optionalUrl('Slack Web API base, e.g. https://slack.com/api/'),
  TELEGRAM_BOT_TOKEN: optionalString.pipe(
    z
      .string()
      .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'must look like 123456:ABC-DEF… (from @BotFather)')
      .optional(),
  ),
  TELEGRAM_WEBHOOK_URL: optionalUrl('public https URL Telegram posts updates to'),
  TELEGRAM_WEBHOOK_SECRET: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, 'must be 1-256 characters of A-Z, a-z, 0-9, _ and -')
      .optional(),
  ),
  TELEGRAM_WEBHOOK_PATH: z
    .string()
    .trim()
    .regex(/^\/[\w/-]*$/, 'must be a path starting with /')
    .default('/telegram/webhook'),
  TELEGRAM_API_ROOT: optionalUrl('Bot API server root, e.g. https://api.telegram.org'),
  API_RATE_PER_MINUTE: z.coerce
    .number({ message: 'must be a whole number of requests per minute' })
    .int('must be a whole number of requests per minute')
    .min(1, 'must be at least 1')
    .max(1_000_000, 'must be at most 1000000')
    .default(60),
  RUN_JOBS: boolFlag.transform((v) => v ?? true),
  CONSOLE: boolFlag,
  WEBHOOKS_ALLOW_PRIVATE: boolFlag.transform((v) => v ?? false),
  WEBHOOKS_TIMEOUT_MS: z.coerce
    .number({ message: 'must be a number of milliseconds (1000-60000)' })
    .int('must be a whole number')
    .min(1000, 'must be 1000-60000')
    .max(60_000, 'must be 1000-60000')
    .default(10_000),
});

export type Env = z.infer<typeof envSchema>;
