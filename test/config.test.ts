import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../src/config.js';

function problemsOf(env: Record<string, string>) {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected ConfigError');
}

describe('loadConfig', () => {
  it('gives working defaults for an empty environment: embedded database, console workspace', () => {
    const c = loadConfig({});
    expect(c.mongodbUri).toBeUndefined();
    expect(c.http.port).toBe(3000);
    expect(c.defaults).toEqual({ timezone: 'UTC', locale: 'en' });
    expect(c.slack).toBeUndefined();
    expect(c.telegram).toBeUndefined();
    expect(c.console).toBe(true);
    expect(c.runJobs).toBe(true);
  });

  it('treats empty strings as unset (as .env files write them)', () => {
    const c = loadConfig({ MONGODB_URI: '', SLACK_BOT_TOKEN: '', PORT: '8080' });
    expect(c.mongodbUri).toBeUndefined();
    expect(c.slack).toBeUndefined();
    expect(c.http.port).toBe(8080);
  });

  it.each([
    ['PORT', 'abc', /port/i],
    ['PORT', '70000', /0-65535/],
    ['PORT', '1.5', /whole/],
    ['LOG_LEVEL', 'loud', /expected one of/i],
    ['DEFAULT_TIMEZONE', 'Mars/Olympus', /IANA/],
    ['DEFAULT_LOCALE', 'de', /en or ru/],
    ['MONGODB_URI', 'postgres://x', /mongodb:\/\//],
    ['SLACK_API_URL', 'not a url', /URL/],
    ['TELEGRAM_BOT_TOKEN', 'nonsense', /BotFather/],
    ['RUN_JOBS', 'maybe', /true or false/],
  ])('names %s when it is %p', (variable, value, message) => {
    const problems = problemsOf({ [variable]: value });
    expect(problems).toEqual([{ variable, message: expect.stringMatching(message) }]);
  });

  it('requires the signing secret for Slack HTTP mode and picks Socket Mode with an app token', () => {
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([
      { variable: 'SLACK_SIGNING_SECRET', message: expect.stringContaining('HTTP mode') },
    ]);
    const http = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' });
    expect(http.slack?.mode).toBe('http');
    expect(http.console).toBe(false);
    const socket = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' });
    expect(socket.slack?.mode).toBe('socket');
  });

  it('requires a webhook secret with a Telegram webhook, and polls without one', () => {
    const token = '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    expect(
      problemsOf({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_URL: 'https://bot.example.com/tg' }),
    ).toEqual([{ variable: 'TELEGRAM_WEBHOOK_SECRET', message: expect.stringContaining('required') }]);
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: token }).telegram?.mode).toBe('polling');
    const hook = loadConfig({
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.com/tg',
      TELEGRAM_WEBHOOK_SECRET: 's3cret',
    });
    expect(hook.telegram).toMatchObject({ mode: 'webhook', webhookPath: '/telegram/webhook' });
  });

  it('keeps the embedded database in PostgreSQL when asked, and refuses mixed or half signals', () => {
    const url = 'postgres://baton:pw@db.internal:5432/baton';
    const pg = loadConfig({ DATABASE_BACKEND: 'postgres', POSTGRES_URL: url });
    expect(pg).toMatchObject({ postgresUrl: url, mongodbUri: undefined });
    expect(loadConfig({ DATABASE_BACKEND: 'sqlite' }).postgresUrl).toBeUndefined();
    // A platform's own POSTGRES_URL is ignored once the backend is said; it is not guessed.
    expect(loadConfig({ DATABASE_BACKEND: 'sqlite', POSTGRES_URL: url }).postgresUrl).toBeUndefined();
    expect(problemsOf({ POSTGRES_URL: url })).toEqual([
      { variable: 'DATABASE_BACKEND', message: expect.stringContaining('postgres') },
    ]);
    expect(problemsOf({ DATABASE_BACKEND: 'postgres' })).toEqual([
      { variable: 'POSTGRES_URL', message: expect.stringContaining('required') },
    ]);
    expect(problemsOf({ DATABASE_BACKEND: 'mysql' })).toEqual([
      { variable: 'DATABASE_BACKEND', message: 'must be sqlite or postgres' },
    ]);
    expect(problemsOf({ DATABASE_BACKEND: 'postgres', POSTGRES_URL: 'db.internal:5432' })).toEqual([
      { variable: 'POSTGRES_URL', message: expect.stringContaining('postgres://') },
    ]);
    expect(problemsOf({ DATABASE_BACKEND: 'postgres', POSTGRES_URL: 'postgres://db.internal:5432' })).toEqual(
      [{ variable: 'POSTGRES_URL', message: expect.stringContaining('naming the database') }],
    );
    expect(
      problemsOf({ MONGODB_URI: 'mongodb://m/baton', DATABASE_BACKEND: 'postgres', POSTGRES_URL: url }),
    ).toEqual([{ variable: 'DATABASE_BACKEND', message: expect.stringContaining('MONGODB_URI') }]);
  });

  it('reports every bad variable at once, naming each', () => {
    const problems = problemsOf({ PORT: 'x', DEFAULT_LOCALE: 'fr' });
    expect(problems.map((p) => p.variable).sort()).toEqual(['DEFAULT_LOCALE', 'PORT']);
  });

  it('documents every variable of the schema in .env.example', async () => {
    const { readFileSync } = await import('node:fs');
    const { envSchema } = await import('../src/config.js');
    const example = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
    for (const key of Object.keys(envSchema.shape)) expect(example).toMatch(new RegExp(`^#? ?${key}=`, 'm'));
  });
});
