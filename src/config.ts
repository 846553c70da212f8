import { IANAZone } from 'luxon';
import { z } from 'zod';
import { LOCALES, MUST_BE_LOCALE, type Locale } from './core/roster/team.js';

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
 * at start. Nothing else in `src/` reads `process.env`. Which variables go together is decided
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

/** Slack over HTTP: Slack posts to `POST /slack/events` on our server, signed with the secret. */
export type SlackHttpConfig = { mode: 'http'; botToken: string; signingSecret: string; apiUrl?: string };

/** Slack in Socket Mode: Baton opens the connection with the app-level token (no public URL). */
export type SlackSocketConfig = { mode: 'socket'; botToken: string; appToken: string; apiUrl?: string };

/** Slack in one of its run modes; the adapter is handed the mode's whole configuration. */
export type SlackConfig = SlackHttpConfig | SlackSocketConfig;

/** Telegram by long polling (the default: no public URL needed). */
export type TelegramPollingConfig = { mode: 'polling'; botToken: string; apiRoot?: string };

/** Telegram by webhook: Telegram posts to `webhookPath` on our server, with the secret. */
export type TelegramWebhookConfig = {
  mode: 'webhook';
  botToken: string;
  apiRoot?: string;
  /** The public URL registered with Telegram (it ends at `webhookPath` behind the proxy). */
  webhookUrl: string;
  webhookSecret: string;
  webhookPath: string;
};

/** Telegram in one of its run modes; the adapter is handed the mode's whole configuration. */
export type TelegramConfig = TelegramPollingConfig | TelegramWebhookConfig;

export type Config = {
  env: Env['NODE_ENV'];
  mongodbUri?: string;
  /**
   * Without `mongodbUri`, the embedded FerretDB stores its data in SQLite files in `dataDir`, or,
   * when this is set, in this PostgreSQL database (DATABASE_BACKEND=postgres, POSTGRES_URL).
   */
  postgresUrl?: string;
  dataDir: string;
  /**
   * Where the embedded FerretDB server is built (once, with Go) and kept; unset → .tools/bin in
   * the project. For installs whose project directory is read-only.
   */
  embeddedDbBinary?: string;
  http: { port: number; host: string };
  /** The lead intake API (src/http/api): requests per minute each API key may make. */
  api: { ratePerMinute: number };
  logLevel: Env['LOG_LEVEL'];
  defaults: { timezone: string; locale: Locale };
  slack?: SlackConfig;
  telegram?: TelegramConfig;
  runJobs: boolean;
  /** Open the console workspace: explicitly, or when no chat platform is configured. */
  console: boolean;
  /** Outgoing webhooks: may they reach private/loopback addresses; how long one POST may take. */
  webhooks: { allowPrivate: boolean; timeoutMs: number };
};

/** A configuration problem that must stop start-up; the message names every bad variable. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: { variable: string; message: string }[]) {
    super('Invalid configuration:\n' + problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

/**
 * Reads `.env` from the working directory into the process environment, as `npm start` and
 * `npm run baton` do before parsing it: a variable already set in the environment wins over the
 * file. Returns the file's path when one was read.
 */
export function loadEnvFile(file = '.env'): string | undefined {
  try {
    process.loadEnvFile(file);
    return file;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError([{ variable: file, message: `cannot be read: ${(err as Error).message}` }]);
  }
}

/** Parses the environment once; throws {@link ConfigError} naming each invalid variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const parsed = checkedEnv.safeParse(pickKnown(source));
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(environment)'),
        message: issue.message,
      })),
    );
  }
  const e = parsed.data;
  const { database, slack, telegram } = sections(e);
  return {
    env: e.NODE_ENV,
    ...database,
    dataDir: e.DATA_DIR,
    ...(e.EMBEDDED_DB_BIN ? { embeddedDbBinary: e.EMBEDDED_DB_BIN } : {}),
    http: { port: e.PORT, host: e.HOST },
    api: { ratePerMinute: e.API_RATE_PER_MINUTE },
    logLevel: e.LOG_LEVEL,
    defaults: { timezone: e.DEFAULT_TIMEZONE, locale: e.DEFAULT_LOCALE },
    slack,
    telegram,
    runJobs: e.RUN_JOBS,
    console: e.CONSOLE ?? (!slack && !telegram),
    webhooks: { allowPrivate: e.WEBHOOKS_ALLOW_PRIVATE, timeoutMs: e.WEBHOOKS_TIMEOUT_MS },
  };
}

/**
 * Each section's run mode, and what keeps a section from having one. Zod asks it once the
 * variables are read (so a bad format and a missing partner are reported together).
 */
function sections(e: Env) {
  const problems: Problem[] = [];
  const database = databaseSection(e, problems);
  const slack = slackSection(e, problems);
  const telegram = telegramSection(e, problems);
  return { problems, database, slack, telegram };
}

const checkedEnv = envSchema.superRefine((e, ctx) => {
  for (const p of sections(e).problems)
    ctx.addIssue({ code: 'custom', path: [p.variable], message: p.message });
});

type Problem = { variable: string; message: string };

/** MONGODB_URI, or the embedded database on SQLite (DATA_DIR) or on PostgreSQL (POSTGRES_URL). */
function databaseSection(e: Env, problems: Problem[]): Pick<Config, 'mongodbUri' | 'postgresUrl'> {
  if (e.MONGODB_URI && e.DATABASE_BACKEND) {
    problems.push({
      variable: 'DATABASE_BACKEND',
      message:
        'chooses where the embedded database keeps its data, which is not used with MONGODB_URI: unset one of them',
    });
  }
  if (e.DATABASE_BACKEND === 'postgres' && !e.POSTGRES_URL) {
    problems.push({
      variable: 'POSTGRES_URL',
      message: 'is required with DATABASE_BACKEND=postgres (e.g. postgres://baton@db.internal:5432/baton)',
    });
  }
  if (!e.DATABASE_BACKEND && e.POSTGRES_URL && !e.MONGODB_URI) {
    // Asked rather than guessed: hosting platforms set POSTGRES_URL for their own uses.
    problems.push({
      variable: 'DATABASE_BACKEND',
      message:
        'must say where the embedded database keeps its data when POSTGRES_URL is set: postgres (in that database) or sqlite (in DATA_DIR)',
    });
  }
  return {
    mongodbUri: e.MONGODB_URI,
    ...(e.DATABASE_BACKEND === 'postgres' ? { postgresUrl: e.POSTGRES_URL } : {}),
  };
}

/** Slack's run mode: Socket Mode with an app token, HTTP with a signing secret, off without a bot token. */
function slackSection(e: Env, problems: Problem[]): SlackConfig | undefined {
  const { SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: signingSecret, SLACK_APP_TOKEN: appToken } = e;
  const api = e.SLACK_API_URL ? { apiUrl: e.SLACK_API_URL } : {};
  if (!botToken) {
    if (signingSecret || appToken)
      problems.push({
        variable: 'SLACK_BOT_TOKEN',
        message: 'is required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set',
      });
    return undefined;
  }
  if (appToken) return { mode: 'socket', botToken, appToken, ...api };
  if (signingSecret) return { mode: 'http', botToken, signingSecret, ...api };
  problems.push({
    variable: 'SLACK_SIGNING_SECRET',
    message: 'is required with SLACK_BOT_TOKEN in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)',
  });
  return undefined;
}

/** Telegram's run mode: a webhook when its URL is set (with a secret), long polling otherwise. */
function telegramSection(e: Env, problems: Problem[]): TelegramConfig | undefined {
  const { TELEGRAM_BOT_TOKEN: botToken, TELEGRAM_WEBHOOK_URL: webhookUrl } = e;
  const webhookSecret = e.TELEGRAM_WEBHOOK_SECRET;
  const api = e.TELEGRAM_API_ROOT ? { apiRoot: e.TELEGRAM_API_ROOT } : {};
  if (webhookUrl && !webhookSecret) {
    problems.push({
      variable: 'TELEGRAM_WEBHOOK_SECRET',
      message: 'is required with TELEGRAM_WEBHOOK_URL (Telegram sends it back so forged updates are refused)',
    });
  }
  if (!botToken) {
    if (webhookUrl || e.TELEGRAM_API_ROOT)
      problems.push({
        variable: 'TELEGRAM_BOT_TOKEN',
        message: 'is required when TELEGRAM_WEBHOOK_URL or TELEGRAM_API_ROOT is set',
      });
    return undefined;
  }
  if (!webhookUrl) return { mode: 'polling', botToken, ...api };
  if (!webhookSecret) return undefined;
  return {
    mode: 'webhook',
    botToken,
    ...api,
    webhookUrl,
    webhookSecret,
    webhookPath: e.TELEGRAM_WEBHOOK_PATH,
  };
}

function pickKnown(source: Record<string, string | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const key of Object.keys(envSchema.shape)) out[key] = source[key];
  return out;
}
