import type { Locale } from './core/roster/team.js';
import { envSchema, type Env } from './config/env.js';
import {
  databaseSection,
  slackSection,
  telegramSection,
  type Problem,
  type SlackConfig,
  type TelegramConfig,
} from './config/run-modes.js';

export { envSchema, type Env } from './config/env.js';
export type {
  SlackConfig,
  SlackHttpConfig,
  SlackSocketConfig,
  TelegramConfig,
  TelegramPollingConfig,
  TelegramWebhookConfig,
} from './config/run-modes.js';

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


function pickKnown(source: Record<string, string | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const key of Object.keys(envSchema.shape)) out[key] = source[key];
  return out;
}
