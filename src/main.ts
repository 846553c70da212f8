import { ConfigError, loadConfig, loadEnvFile, type Config } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { openDatabase, type Database } from './store/database.js';
import { DataDirLockedError, lockDataDir } from './store/data-dir-lock.js';
import { terminalBuildProgress } from './store/build-progress.js';
import { createHttpServer, type HttpServer } from './http/server.js';
import { createHealthHandler } from './http/healthz.js';
import { mountLeadsApi } from './http/api/leads-api.js';
import { createApp } from './app.js';
import { createSlackApp } from './chat/slack/create-slack-app.js';
import { createTelegramBot } from './chat/telegram/create-telegram-bot.js';
import { moveTeamChannel } from './core/roster/index.js';
import { prepareConsole } from './chat/console/start-console.js';
import { guardProcess } from './process-guards.js';
import type { ChatAdapter } from './chat/adapter.js';

/**
 * The composition root: config → logger → database → scheduler → adapters → HTTP server.
 * It alone owns start-up order and shutdown.
 */
export async function main(): Promise<void> {
  let config: Config;
  let envFile: string | undefined;
  try {
    envFile = loadEnvFile();
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`baton: ${err.message}\nSee .env.example for every variable and its format.\n`);
      process.exit(1);
    }
    throw err;
  }
  // One bot per embedded database on SQLite: its files in DATA_DIR must have one server.
  const dataDirLock = config.mongodbUri || config.postgresUrl ? undefined : claimDataDir(config.dataDir);
  // The console workspace owns stdout: its logs go to a file (see start-console.ts).
  const consoleMode = config.console ? prepareConsole(config) : undefined;
  const log = createLogger(consoleMode?.logger ?? { level: config.logLevel });
  if (envFile) log.info({ file: envFile }, `read ${envFile} (variables set in the environment win over it)`);
  guardProcess(log);
  const startedAt = new Date();
  const stops: { name: string; stop: () => Promise<void> }[] = [];
  let stopping = false;

  const shutdown = async (signal: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    for (const step of stops.reverse()) {
      try {
        await step.stop();
      } catch (err) {
        log.error({ err, step: step.name }, 'shutdown step failed');
        code = 1;
      }
    }
    log.info('stopped');
    log.flush();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  let db: Database;
  try {
    db = await openDatabase({
      mongodbUri: config.mongodbUri,
      postgresUrl: config.postgresUrl,
      dataDir: config.dataDir,
      log,
      ...(config.embeddedDbBinary ? { embeddedDbBinary: config.embeddedDbBinary } : {}),
      // On the terminal (stderr): the first start builds the embedded database, for minutes.
      progress: terminalBuildProgress(process.stderr),
    });
  } catch (err) {
    log.fatal({ err }, 'cannot open the database');
    process.stderr.write(`baton: ${(err as Error).message}\n`);
    log.flush();
    process.exit(1);
  }
  if (dataDirLock) stops.push({ name: 'DATA_DIR lock', stop: () => Promise.resolve(dataDirLock.release()) });
  stops.push({ name: 'database', stop: () => db.close() });
  log.info({ database: db.description }, 'database connected');

  const app = await createApp({ config, log, connection: db.connection, ...consoleMode?.appOptions });
  if (!config.slack && !config.telegram) {
    log.info('no chat platform configured (set SLACK_BOT_TOKEN or TELEGRAM_BOT_TOKEN to connect one)');
  }

  // Every chat platform behind one contract; their senders are registered before the outbox
  // starts, so its start-up sweep can deliver.
  const http: HttpServer = createHttpServer({ log });
  const adapters: ChatAdapter[] = [];
  if (config.slack) {
    adapters.push(
      createSlackApp({
        config: config.slack,
        interactions: app.interactions,
        journal: app.journal,
        log,
        http,
        defaultLocale: config.defaults.locale,
      }),
    );
  }
  if (config.telegram) {
    adapters.push(
      createTelegramBot({
        config: config.telegram,
        interactions: app.interactions,
        journal: app.journal,
        stores: app.persistence.telegram,
        log,
        http,
        defaultLocale: config.defaults.locale,
        onChatMoved: async (from, to) => {
          await moveTeamChannel(app.core, { platform: 'telegram', from, to });
        },
      }),
    );
  }
  if (consoleMode) adapters.push(consoleMode.adapter(app));
  for (const adapter of adapters) app.outbox.addSender(adapter.sender);

  await app.start();
  stops.push({ name: 'jobs and outbox', stop: () => app.stop() });
  // Every collection and index now exists (Agenda builds its index in the background).
  await app.scheduler.agenda.ready;
  db.schemaReady();

  http.route(
    'GET',
    '/healthz',
    createHealthHandler({
      database: db,
      scheduler: app.scheduler,
      platforms: () => healthOf(adapters),
      startedAt,
    }),
  );
  mountLeadsApi(http, { core: app.core, log, ratePerMinute: config.api.ratePerMinute });
  let port: number;
  try {
    port = await http.listen(config.http.port, config.http.host);
  } catch (err) {
    const message = listenProblem(err, config.http.port);
    if (!message) throw err;
    log.fatal({ err }, message);
    process.stderr.write(`baton: ${message}\n`);
    return shutdown('cannot listen', 1);
  }
  stops.push({ name: 'http', stop: () => http.close() });
  log.info({ port }, `listening on http://${config.http.host}:${port} (GET /healthz)`);
  // Periodic recovery on job workers (a process that died for good, requests hit by an outage);
  // each platform's unfinished requests are finished once it is connected (a restart after a crash).
  const warnRecovery = (err: unknown) => log.warn({ err }, 'journal recovery pass failed');
  let recovering = app.startRecovery().catch(warnRecovery);
  const recoverNow = () => {
    recovering = recovering.then(() => app.recovery.runOnce()).then(() => undefined, warnRecovery);
  };
  // Each platform connects on its own: one that cannot be reached yet (it retries, /healthz says
  // "connecting") never holds up the other. Only a refused credential stops Baton. Stopped in
  // reverse order: the console first, so a clock move ends at a consistent stop while jobs and
  // the outbox still run.
  for (const adapter of adapters) {
    const name = adapter.platform;
    stops.push({ name, stop: () => adapter.stop() });
    adapter.start().then(
      () => {
        if (stopping) return;
        log.info({ mode: adapter.mode }, `${name} connected`);
        if (!adapter.replayer) return;
        app.addReplayer(adapter.replayer);
        recoverNow();
      },
      (err: unknown) => {
        log.fatal({ err }, `${name} cannot start`);
        process.stderr.write(`baton: ${err instanceof Error ? err.message : String(err)}\n`);
        void shutdown(`${name} cannot start`, 1);
      },
    );
    // A session that ends by itself (the console at end of input) ends Baton.
    adapter.ended?.then(
      (code) => shutdown(`end of ${name} input`, code),
      (err: unknown) => {
        log.error({ err }, `${name} session failed`);
        return shutdown(`${name} session failed`, 1);
      },
    );
  }
}

/** What /healthz says of each platform that is a connection: `connecting`, then its mode. */
function healthOf(adapters: readonly ChatAdapter[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const adapter of adapters) {
    const health = adapter.health();
    if (health !== undefined) out[adapter.platform] = health;
  }
  return out;
}

/** DATA_DIR for this process alone, or a plain message and exit 1 naming the process that has it. */
function claimDataDir(dir: string): { release(): void } {
  try {
    return lockDataDir(dir);
  } catch (err) {
    if (!(err instanceof DataDirLockedError)) throw err;
    process.stderr.write(`baton: ${err.message}\n`);
    process.exit(1);
  }
}

/** What to tell the operator when the HTTP port cannot be opened (undefined: an unexpected error). */
function listenProblem(err: unknown, port: number): string | undefined {
  switch ((err as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE':
      return `port ${port} is in use — is Baton already running? Stop it, or set PORT to a free port (e.g. PORT=${port < 65535 ? port + 1 : 3000}).`;
    case 'EACCES':
      return `port ${port} needs privileges this process does not have: set PORT to 1024 or above.`;
    case 'EADDRNOTAVAIL':
      return `HOST is not an address of this machine: set HOST (0.0.0.0 listens on all of them).`;
    default:
      return undefined;
  }
}

function fatal(err: unknown, log?: Logger) {
  if (log) log.fatal({ err }, 'fatal error');
  process.stderr.write(`baton: fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
}

main().catch((err: unknown) => fatal(err));
