import mongoose, { type Connection } from 'mongoose';
import type { Logger } from '../logger.js';
import { ensureCollections } from './collections.js';
import type { BuildProgress } from './build-progress.js';
import { startEmbeddedDb, type EmbeddedDb } from './embedded-db.js';

export type Database = {
  connection: Connection;
  /** Where the data lives, for logs and /healthz (never includes credentials). */
  description: string;
  /** True when the database answers a ping within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<boolean>;
  /**
   * Call once this process has built every index it uses (after the app started): on FerretDB
   * over a shared PostgreSQL database, the next process's start-up waits for it (see
   * collections.ts). Elsewhere a no-op.
   */
  schemaReady(): void;
  /** Closes the connection and stops the embedded server, if we started one. */
  close(): Promise<void>;
};

/**
 * Connects mongoose to `uri` on its own connection (no mongoose globals). `monitorCommands`
 * makes the driver emit `commandStarted` for every command (the round-trip budget counts them).
 */
export async function connectDatabase(
  uri: string,
  opts: { dbName?: string; monitorCommands?: boolean } = {},
): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    dbName: opts.dbName,
    ...(opts.monitorCommands ? { monitorCommands: true } : {}),
    serverSelectionTimeoutMS: 5000,
    // Commands fail fast while disconnected instead of piling up in memory.
    bufferCommands: false,
    autoIndex: true,
  });
  await connection.asPromise();
  return connection;
}

/**
 * Opens the database Baton runs on: `MONGODB_URI` when given, otherwise an embedded FerretDB
 * with its data in the PostgreSQL database at `postgresUrl`, or else in SQLite files in `dataDir`.
 * Every collection exists once it resolves.
 */
export async function openDatabase(opts: {
  mongodbUri?: string;
  postgresUrl?: string;
  dataDir: string;
  log: Logger;
  /** Where the embedded server's binary is built and kept (default .tools/bin). */
  embeddedDbBinary?: string;
  /** Shown the steps of building the embedded server, when it must be built first. */
  progress?: BuildProgress;
}): Promise<Database> {
  let embedded: EmbeddedDb | undefined;
  let uri = opts.mongodbUri;
  let dbName: string | undefined;
  if (!uri) {
    const log = (m: string) => opts.log.info(m);
    const build = {
      log,
      ...(opts.embeddedDbBinary ? { binary: opts.embeddedDbBinary } : {}),
      ...(opts.progress ? { progress: opts.progress } : {}),
    };
    embedded = await startEmbeddedDb(
      opts.postgresUrl ? { postgresUrl: opts.postgresUrl, ...build } : { dir: opts.dataDir, ...build },
    );
    uri = embedded.uri;
    dbName = 'baton';
    opts.log.info(
      opts.postgresUrl
        ? { postgres: redactUri(opts.postgresUrl), pid: embedded.pid }
        : { dataDir: opts.dataDir, pid: embedded.pid },
      `embedded database (FerretDB/${opts.postgresUrl ? 'PostgreSQL' : 'SQLite'}) started`,
    );
  } else if (!new URL(uri.replace(/^mongodb(\+srv)?:/, 'http:')).pathname.replace('/', '')) {
    dbName = 'baton';
  }
  let connection: Connection;
  try {
    connection = await connectDatabase(uri, { dbName });
    await ensureCollections(connection.db!);
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  const description = !embedded
    ? redactUri(uri)
    : opts.postgresUrl
      ? `embedded FerretDB on PostgreSQL ${redactUri(opts.postgresUrl)}`
      : `embedded FerretDB in ${opts.dataDir}`;
  connection.on('disconnected', () => opts.log.warn('database disconnected'));
  connection.on('reconnected', () => opts.log.info('database reconnected'));
  return {
    connection,
    description,
    async ping(timeoutMs = 1500) {
      if (connection.readyState !== mongoose.ConnectionStates.connected || !connection.db) return false;
      try {
        await withTimeout(connection.db.admin().command({ ping: 1 }), timeoutMs);
        return true;
      } catch {
        return false;
      }
    },
    schemaReady() {
      embedded?.schemaReady();
    },
    async close() {
      await connection.close();
      await embedded?.stop();
    },
  };
}

function redactUri(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@').replace(/([?&]password=)[^&]*/i, '$1***');
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((res, rej) => {
    const t = setTimeout(() => rej(new Error('timeout')), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        res(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        rej(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
