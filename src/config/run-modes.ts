/**
 * Which run mode each section of the environment (database, Slack, Telegram) asks for, decided
 * from variables `env.ts` has already read, with what keeps a section from having one.
 */
import type { Env } from './env.js';

/** A problem with a variable that only shows against its partners (reported with the format ones). */
export type Problem = { variable: string; message: string };

/**
 * The database: MongoDB at `mongodbUri`, or else the embedded FerretDB, keeping its data in SQLite
 * files in DATA_DIR or, when `postgresUrl` is set, in that PostgreSQL database.
 */
export type DatabaseConfig = { mongodbUri?: string; postgresUrl?: string };

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

/** MONGODB_URI, or the embedded database on SQLite (DATA_DIR) or on PostgreSQL (POSTGRES_URL). */
export function databaseSection(e: Env, problems: Problem[]): DatabaseConfig {
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
export function slackSection(e: Env, problems: Problem[]): SlackConfig | undefined {
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
export function telegramSection(e: Env, problems: Problem[]): TelegramConfig | undefined {
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

