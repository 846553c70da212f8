import type { Writable } from 'node:stream';
import { pino } from 'pino';
import { createApp, type App } from '../app.js';
import type { PlatformSender } from '../chat/ports.js';
import { consoleBusinessTime, consoleClockPath } from '../chat/console/console-clock.js';
import type { Config } from '../config.js';
import { ManualClock, systemClock, type Clock } from '../core/clock.js';
import type { Platform } from '../core/roster/person.js';
import type { Team } from '../core/roster/team.js';
import { createLogger, type Logger } from '../logger.js';
import { terminalBuildProgress } from '../store/build-progress.js';
import { openDatabase, type Database } from '../store/database.js';

/** A problem the operator must fix: printed as is, exit code 1 (2 for a wrong command line). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Where the CLI writes: results on stdout, messages on stderr; `envFile` is the `.env` read at start, if any. */
export type CliIo = { stdout: Writable; stderr: Writable; envFile?: string };

/** One CLI run: config, the database, and the app built on it the way main.ts builds it. */
export type CliContext = CliIo & {
  config: Config;
  db: Database;
  app: App;
  log: Logger;
  /** Which business time the commands use: "real time", or the console workspace's moved clock. */
  businessTime: string;
  /** A line for the operator (stderr, so stdout stays clean for CSV). */
  say(line: string): void;
  close(): Promise<void>;
};

/**
 * Records messages for a platform without sending them: the CLI never talks to Slack or
 * Telegram itself. Its notices (digests, welcomes) are stored in the outbox for the platforms
 * this deployment has, and the running bot delivers them (its `outbox.sweep` job picks up pending
 * entries within 30 s; a bot that starts later does so at start).
 */
function queueOnly(platform: Platform): PlatformSender {
  const refuse = () => Promise.reject(new Error('the operator CLI only queues messages'));
  return { platform, send: refuse, update: refuse, sendFile: refuse };
}

/** The platforms the deployment sends on, as its bots will (the console when it is on). */
export function deliveryPlatforms(config: Config): Platform[] {
  return [
    ...(config.slack ? (['slack'] as const) : []),
    ...(config.telegram ? (['telegram'] as const) : []),
    ...(config.console ? (['console'] as const) : []),
  ];
}

/**
 * The deployment's business clock. A console deployment keeps business time in DATA_DIR, moved
 * by its `clock` command: the CLI answers at that time (fixed, as the console's clock is until
 * moved) so its digests and routing agree with the console. Otherwise real time.
 */
function businessClock(config: Config): { clock: Clock; description: string } {
  if (config.console) {
    const { at, moved } = consoleBusinessTime(config.dataDir);
    if (moved)
      return {
        clock: new ManualClock(at),
        description: `the console workspace's business time (moved by its clock command; ${consoleClockPath(config.dataDir)})`,
      };
  }
  return { clock: systemClock, description: 'real time' };
}

/**
 * Opens the database like main.ts does (MONGODB_URI, else the embedded FerretDB in DATA_DIR) and
 * builds the app on it without starting delivery or jobs. Logs go to stderr (errors only, unless
 * LOG_LEVEL is debug or trace) so they never mix with the output, and never carry contact data.
 */
export async function openCliContext(config: Config, io: CliIo): Promise<CliContext> {
  // The CLI says what went wrong itself; its log shows only errors unless LOG_LEVEL asks for detail.
  const level = ['info', 'warn'].includes(config.logLevel) ? 'error' : config.logLevel;
  const log = createLogger({ level, destination: pino.destination({ dest: 2, sync: true }) });
  // Never says schemaReady: on a shared PostgreSQL database, bots starting meanwhile wait for
  // this command to end (it may still build the outbox's indexes when it queues messages).
  const db = await openDatabase({
    mongodbUri: config.mongodbUri,
    postgresUrl: config.postgresUrl,
    dataDir: config.dataDir,
    log,
    ...(config.embeddedDbBinary ? { embeddedDbBinary: config.embeddedDbBinary } : {}),
    progress: terminalBuildProgress(io.stderr),
  });
  const business = businessClock(config);
  const app = await createApp({
    config: { ...config, runJobs: false },
    log,
    connection: db.connection,
    senders: deliveryPlatforms(config).map(queueOnly),
    clock: business.clock,
  });
  return {
    ...io,
    config,
    db,
    app,
    log,
    businessTime: business.description,
    say: (line) => io.stderr.write(line + '\n'),
    async close() {
      // Agenda sets itself up in the background; closing under it would interrupt that.
      await app.scheduler.agenda.ready.catch(() => undefined);
      await db.close();
    },
  };
}

/** The team a command is about: `--team` by name (any case) or id, or the only team there is. */
export async function pickTeam(app: App, name: string | undefined): Promise<Team> {
  const teams = await app.core.stores.teams.list();
  if (!teams.length) throw new CliError('There is no team yet: import a roster first (import-roster).');
  if (name) {
    const wanted = name.trim().toLowerCase();
    const team = teams.find((t) => t.id === name || t.name.toLowerCase() === wanted);
    if (team) return team;
    throw new CliError(`No team "${name}". Teams here: ${teams.map((t) => `"${t.name}"`).join(', ')}.`);
  }
  if (teams.length > 1)
    throw new CliError(
      `There are ${teams.length} teams; say which with --team: ${teams.map((t) => `"${t.name}"`).join(', ')}.`,
    );
  return teams[0]!;
}
