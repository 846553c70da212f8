// The database engine this test run is on (chosen in global-setup.js), and what differs between
// engines. The store contract suite (test/store/contract) runs unchanged on each of them.
import type { Connection } from 'mongoose';
import { connectDatabase } from '../../src/store/database.js';
import { startEmbeddedDb, type EmbeddedDb } from '../../src/store/embedded-db.js';
import { testMongoUri } from './db.js';

export type EngineName = 'ferretdb-sqlite' | 'ferretdb-postgres' | 'mongodb';

/** Another Baton process on the same data: its own connections (and its own server, where one runs per process). */
export type EngineProcess = {
  /** A connection of this process to database `dbName`. */
  connect(dbName: string): Promise<Connection>;
  /** This process has its collections and indexes (see Database.schemaReady). */
  schemaReady(): void;
  close(): Promise<void>;
};

export type Engine = {
  name: EngineName;
  /**
   * Whether racing conditional updates (`findOneAndUpdate({_id, owner: null}, …)`) have one
   * winner. True on MongoDB only — which is why no race in Baton is decided by one.
   */
  atomicConditionalUpdates: boolean;
  /** Whether two documents that both lack a uniquely indexed field collide (MongoDB: yes). */
  missingFieldsCollide: boolean;
  /**
   * Starts another process on the run's data. On FerretDB/PostgreSQL that is a second FerretDB
   * server on the same PostgreSQL database (as on a second host); it takes its start-up turn,
   * so unless `holdTurn` it says schemaReady at once. On SQLite, where one server owns the
   * files, and on MongoDB it is a second client of the same server.
   */
  openProcess(opts?: { holdTurn?: boolean; log?: (msg: string) => void }): Promise<EngineProcess>;
};

function clientProcess(uri: string): EngineProcess {
  const conns: Connection[] = [];
  return {
    async connect(dbName) {
      const conn = await connectDatabase(uri, { dbName });
      conns.push(conn);
      return conn;
    },
    schemaReady() {},
    async close() {
      await Promise.all(conns.map((c) => c.close()));
    },
  };
}

async function serverProcess(
  postgresUrl: string,
  opts: { holdTurn?: boolean; log?: (msg: string) => void },
): Promise<EngineProcess> {
  const server: EmbeddedDb = await startEmbeddedDb({
    postgresUrl,
    timeoutMs: 60_000,
    ...(opts.log ? { log: opts.log } : {}),
  });
  if (!opts.holdTurn) server.schemaReady();
  const clients = clientProcess(server.uri);
  return {
    connect: (dbName) => clients.connect(dbName),
    schemaReady: () => server.schemaReady(),
    async close() {
      await clients.close();
      await server.stop();
    },
  };
}

/** The engine of this run. */
export function currentEngine(): Engine {
  const name = (process.env.BATON_TEST_ENGINE ?? 'ferretdb-sqlite') as EngineName;
  const postgresUrl = process.env.BATON_TEST_POSTGRES_URL;
  return {
    name,
    atomicConditionalUpdates: name === 'mongodb',
    missingFieldsCollide: name === 'mongodb',
    openProcess: async (opts = {}) =>
      name === 'ferretdb-postgres' && postgresUrl
        ? serverProcess(postgresUrl, opts)
        : clientProcess(testMongoUri()),
  };
}
